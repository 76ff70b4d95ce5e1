// The 24-bit access field every Entry keeps, read as Redis reads it: under LRU policies the LRU
// clock in seconds; under LFU ones 16 bits of minutes (last decrement) and an 8-bit logarithmic
// counter. Pure arithmetic on that field; the caller supplies clocks and random numbers.
#pragma once

#include <cstdint>

#include "server/keyspace/entry.h"

namespace slotcache::server {

constexpr uint32_t kLruClockMax = (1u << 24) - 1;
constexpr uint32_t kLfuInitVal = 5;  // a new key's counter, so it is not evicted at once

// Redis's LFUGetTimeInMinutes: minutes, wrapped to 16 bits.
constexpr uint32_t LfuMinutes(int64_t now_ms) {
  return static_cast<uint32_t>(now_ms / 60000) & 0xffff;
}

// Redis's estimateObjectIdleTime: ms since the access recorded in `field` (LRU form), allowing
// for one wrap of the 24-bit clock.
constexpr uint64_t LruIdleMs(uint32_t field, uint32_t lru_clock) {
  uint64_t seconds =
      lru_clock >= field ? lru_clock - field : uint64_t{lru_clock} + (kLruClockMax - field);
  return seconds * 1000;
}

// Redis's LFUTimeElapsed: minutes since the field's last decrement time, allowing for a wrap.
constexpr uint32_t LfuElapsedMinutes(uint32_t field, uint32_t now_minutes) {
  uint32_t then = field >> 8;
  return now_minutes >= then ? now_minutes - then : 65535 - then + now_minutes;
}

// Redis's LFUDecrAndReturn: the counter minus one per `decay_time` minutes elapsed (0: never).
constexpr uint32_t LfuDecayedCounter(uint32_t field, uint32_t now_minutes, int64_t decay_time) {
  uint32_t counter = field & 0xff;
  if (decay_time <= 0) return counter;
  uint64_t periods = LfuElapsedMinutes(field, now_minutes) / static_cast<uint64_t>(decay_time);
  return periods >= counter ? 0 : counter - static_cast<uint32_t>(periods);
}

// Redis's LFULogIncr: increments with probability 1 / ((counter - 5) * log_factor + 1), so the
// counter grows with the logarithm of the accesses. `random01` is uniform in [0, 1).
constexpr uint32_t LfuLogIncr(uint32_t counter, int64_t log_factor, double random01) {
  if (counter == 255) return 255;
  double base = counter > kLfuInitVal ? static_cast<double>(counter - kLfuInitVal) : 0.0;
  double p = 1.0 / (base * static_cast<double>(log_factor) + 1.0);
  return random01 < p ? counter + 1 : counter;
}

constexpr uint32_t LfuField(uint32_t now_minutes, uint32_t counter) {
  return (now_minutes << 8) | counter;
}

}  // namespace slotcache::server
