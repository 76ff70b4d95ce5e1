// Fixed-width keys and precomputed random access orders shared by the micro-benchmarks, so the
// timed loops spend nothing on formatting keys or drawing random numbers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace slotcache::bench {

constexpr size_t kKeyLen = 16;
constexpr size_t kKeyCount = 1 << 20;  // 1M keys (a power of two: orders wrap with a mask)
constexpr size_t kMask = kKeyCount - 1;
constexpr int64_t kNow = 1700000000000;  // a fixed clock: nothing expires mid-benchmark

// `count` keys of exactly kKeyLen bytes: `prefix` then a zero-padded number, in one buffer.
class KeySet {
 public:
  KeySet(std::string_view prefix, size_t count) : count_(count) {
    bytes_.resize(count * kKeyLen);
    const int digits = static_cast<int>(kKeyLen - prefix.size());
    for (size_t i = 0; i < count; ++i) {
      char key[kKeyLen + 1];
      std::snprintf(key, sizeof(key), "%.*s%0*zu", static_cast<int>(prefix.size()), prefix.data(),
                    digits, i);
      bytes_.replace(i * kKeyLen, kKeyLen, key, kKeyLen);
    }
  }
  std::string_view operator[](size_t i) const { return {bytes_.data() + i * kKeyLen, kKeyLen}; }
  size_t size() const { return count_; }

 private:
  size_t count_;
  std::string bytes_;
};

// A random permutation of 0..count-1 (fixed seed: every run visits keys in the same order).
inline std::vector<uint32_t> RandomOrder(size_t count, uint64_t seed = 42) {
  std::vector<uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0u);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  return order;
}

// A 64-byte value, the size redis-benchmark's `-d 64` sends.
inline std::string Value64() {
  return std::string(64, 'v');
}

}  // namespace slotcache::bench
