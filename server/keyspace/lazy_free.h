// Frees memory off the event loop (Redis's lazyfree): UNLINK of a large collection and
// FLUSHALL/FLUSHDB ASYNC hand what they removed to one background thread, so the loop never
// stalls on millions of free() calls. The thread starts on first use and is joined on
// destruction. The memory counter is atomic, so used_memory falls as the thread frees.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "server/keyspace/entry.h"

namespace slotcache::server {

class LazyFree {
 public:
  // Redis's LAZYFREE_THRESHOLD: values costing more allocations than this go to the thread.
  static constexpr size_t kThreshold = 64;

  LazyFree() = default;
  ~LazyFree();
  LazyFree(const LazyFree&) = delete;
  LazyFree& operator=(const LazyFree&) = delete;

  // Runs `job` (which only frees memory nothing else references) on the background thread.
  void Submit(std::function<void()> job);
  // Frees an entry released from its database: a large collection on the thread, the rest now.
  void FreeEntry(Entry* entry);
  // Jobs submitted and not finished (INFO's lazyfree_pending_objects counts these).
  size_t pending() const { return pending_.load(std::memory_order_relaxed); }
  // Blocks until every submitted job has run (tests, shutdown).
  void Drain();

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
  std::atomic<size_t> pending_{0};
  std::thread thread_;
};

}  // namespace slotcache::server
