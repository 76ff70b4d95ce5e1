// A worker thread for the AOF's blocking file work (fsync, the rewrite's writes, renames), so
// the event loop never waits on the disk. Jobs run in the order posted; each job's `done`
// runs afterwards on the loop. The jobs must not touch loop-owned state.
#pragma once

#include <uv.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace slotcache::server {

class AofBackground {
 public:
  explicit AofBackground(uv_loop_t* loop) : loop_(loop) {}
  ~AofBackground() { Stop(); }

  void Start();
  // Runs the jobs still queued, joins the thread and closes the loop handle; the `done`
  // callbacks of jobs not yet reported are dropped.
  void Stop();
  // Without a running thread (unit tests, SAVE) the job and `done` run right away.
  void Post(std::function<void()> work, std::function<void()> done = nullptr);
  // Jobs posted and not finished yet.
  size_t pending() const { return pending_.load(); }

 private:
  struct Job {
    std::function<void()> work;
    std::function<void()> done;
  };
  void Run();
  static void OnAsync(uv_async_t* async);

  uv_loop_t* loop_;
  uv_async_t* async_ = nullptr;  // closed asynchronously, so it outlives this object
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::deque<std::function<void()>> finished_;  // `done`s for the loop
  std::atomic<size_t> pending_{0};
  bool running_ = false;
  bool stopping_ = false;
};

}  // namespace slotcache::server
