#include "server/net/busy_poll.h"

#include <algorithm>

namespace slotcache::server {

void BusyPoll::set_max_ns(uint64_t max_ns) {
  max_ns_ = max_ns;
  window_ns_ = std::min(window_ns_, max_ns_);
}

bool BusyPoll::Worked(uint64_t now) {
  if (now < paused_until_) return false;
  if (gave_up_) {
    // The server slept since the last work: was the wait short enough for polling to catch?
    if (now - gave_up_at_ <= max_ns_) {
      window_ns_ = std::min(max_ns_, std::max(kFirstWindowNs, window_ns_ * 2));
    } else {
      window_ns_ /= 2;
      if (window_ns_ < kFirstWindowNs) window_ns_ = 0;
    }
  }
  if (window_ns_ == 0) {
    GiveUp(now);
    return false;
  }
  gave_up_ = false;
  poll_until_ = now + window_ns_;
  return true;
}

bool BusyPoll::KeepPolling(uint64_t now) {
  if (now < poll_until_ && window_ns_ != 0) return true;
  GiveUp(now);
  return false;
}

bool BusyPoll::Yielded(uint64_t now, uint64_t took_ns) {
  if (took_ns < kOtherThreadRanNs) {
    if (++clean_yields_ >= kCleanYieldsPerHalving) {
      clean_yields_ = 0;
      doublings_ = std::max(0, doublings_ - 1);
    }
    return true;
  }
  paused_until_ = now + pause_ns();
  doublings_ = std::min(kMaxPauseDoublings, doublings_ + 1);
  clean_yields_ = 0;
  window_ns_ = 0;
  gave_up_ = false;  // the pause, not a short sleep, is why the next work finds no polling
  return false;
}

void BusyPoll::GiveUp(uint64_t now) {
  gave_up_ = true;
  gave_up_at_ = now;
}

}  // namespace slotcache::server
