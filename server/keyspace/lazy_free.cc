#include "server/keyspace/lazy_free.h"

#include <utility>

namespace slotcache::server {

LazyFree::~LazyFree() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void LazyFree::Submit(std::function<void()> job) {
  pending_.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  }
  wake_.notify_one();
}

void LazyFree::FreeEntry(Entry* entry) {
  if (entry->is_external() && entry->external()->FreeEffort() > kThreshold) {
    Collection* collection = entry->release_external();
    Submit([collection] { delete collection; });
  }
  Entry::Destroy(entry);
}

void LazyFree::Drain() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [this] { return pending_.load(std::memory_order_relaxed) == 0; });
}

// Jobs run in order; the destructor lets the queue empty before the thread ends, so nothing
// submitted leaks.
void LazyFree::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stop_ and nothing left
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    job = nullptr;  // whatever the job captured is freed here, off the loop
    lock.lock();
    pending_.fetch_sub(1, std::memory_order_relaxed);
    idle_.notify_all();
  }
}

}  // namespace slotcache::server
