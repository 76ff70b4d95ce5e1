// Adaptive busy polling: after a loop iteration that answered requests, the server keeps
// polling its sockets without sleeping for a short window, because a client that just got its
// reply usually sends the next request within tens of microseconds. Why: falling asleep in
// epoll_wait and being woken again costs more than the request itself (a context switch, and on
// virtual machines an exit to the hypervisor for the halt and for the waking interrupt); for one
// client doing request/reply that halves the round trip.
//
// The window adapts like Linux's guest halt-poll governor, so that idle or sparse traffic costs
// no CPU: when a request arrives soon after the server gave up polling (within the maximum), a
// longer window would have caught it, so the window doubles; when it arrives after a longer sleep,
// polling was useless and the window halves, down to zero.
//
// Polling must not steal the CPU from another thread, e.g. a client on the same core: each
// polling round yields, and a yield that took long means another thread ran. Polling then pauses,
// for longer each time this repeats (a shared core), shorter again after clean yields (a stray
// kernel thread on an otherwise free core). Pure logic on a nanosecond clock.
#pragma once

#include <cstdint>

namespace slotcache::server {

class BusyPoll {
 public:
  static constexpr uint64_t kFirstWindowNs = 10'000;
  static constexpr uint64_t kOtherThreadRanNs = 20'000;  // a yield this long ran someone else
  static constexpr uint64_t kMinPauseNs = 1'000'000;
  static constexpr int kMaxPauseDoublings = 10;  // about 1 s
  static constexpr int kCleanYieldsPerHalving = 64;

  // max_ns 0 disables polling.
  explicit BusyPoll(uint64_t max_ns = 0) { set_max_ns(max_ns); }
  void set_max_ns(uint64_t max_ns);

  // An iteration answered requests at `now`. True when the server should poll (not sleep) until
  // KeepPolling or Yielded says otherwise.
  bool Worked(uint64_t now);
  // Asked on each polling iteration, before it yields. False once the window has passed: the
  // server may sleep again.
  bool KeepPolling(uint64_t now);
  // The polling iteration's yield returned at `now` after `took_ns`. False when another thread
  // ran meanwhile: polling stops and pauses.
  bool Yielded(uint64_t now, uint64_t took_ns);

  uint64_t window_ns() const { return window_ns_; }
  uint64_t pause_ns() const { return kMinPauseNs << doublings_; }

 private:
  void GiveUp(uint64_t now);

  uint64_t max_ns_ = 0;
  uint64_t window_ns_ = 0;
  uint64_t poll_until_ = 0;
  bool gave_up_ = false;  // polling ended (at gave_up_at_) and no work came since
  uint64_t gave_up_at_ = 0;
  uint64_t paused_until_ = 0;
  int doublings_ = 0;  // of the pause after contention
  int clean_yields_ = 0;
};

}  // namespace slotcache::server
