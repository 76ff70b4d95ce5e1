#include "server/aof/aof_background.h"

namespace slotcache::server {

void AofBackground::Start() {
  if (running_) return;
  async_ = new uv_async_t;
  uv_async_init(loop_, async_, OnAsync);
  async_->data = this;
  stopping_ = false;
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void AofBackground::Stop() {
  if (!running_) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  running_ = false;
  uv_close(reinterpret_cast<uv_handle_t*>(async_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_async_t*>(h); });
  async_ = nullptr;
  finished_.clear();
}

void AofBackground::Post(std::function<void()> work, std::function<void()> done) {
  if (!running_) {
    work();
    if (done) done();
    return;
  }
  ++pending_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back({std::move(work), std::move(done)});
  }
  wake_.notify_one();
}

void AofBackground::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything ran
    Job job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    job.work();
    lock.lock();
    if (job.done) finished_.push_back(std::move(job.done));
    --pending_;
    uv_async_send(async_);
  }
}

void AofBackground::OnAsync(uv_async_t* async) {
  auto* self = static_cast<AofBackground*>(async->data);
  std::deque<std::function<void()>> finished;
  {
    std::lock_guard<std::mutex> lock(self->mutex_);
    finished.swap(self->finished_);
  }
  for (auto& done : finished)
    done();
}

}  // namespace slotcache::server
