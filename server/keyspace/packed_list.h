// The packed encoding of small collections (slotcache's listpack): a run of strings stored
// back to back in an entry's value bytes, each as a LEB128 varint length then its bytes. A
// hash is field, value, field, value... Pure byte layout: no allocation, no entry, no table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace slotcache::server::packed {

// Bytes the varint of `n` takes: 1 up to 127, 2 up to 16383, ... (at most 10).
inline size_t VarintSize(size_t n) {
  size_t size = 1;
  while (n >= 0x80) {
    n >>= 7;
    ++size;
  }
  return size;
}

// Bytes one element takes in a run.
inline size_t ElementSize(std::string_view s) {
  return VarintSize(s.size()) + s.size();
}

// Writes `s` as one element at `dst` (ElementSize(s) bytes); returns the byte after it.
inline char* WriteElement(char* dst, std::string_view s) {
  size_t n = s.size();
  while (n >= 0x80) {
    *dst++ = static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  *dst++ = static_cast<char>(n);
  if (!s.empty()) std::memcpy(dst, s.data(), s.size());
  return dst + s.size();
}

// Reads the element starting at `pos` of `run` into `*out`; returns the position after it.
// The run must be well formed (it is only ever written by WriteElement).
inline size_t ReadElement(std::string_view run, size_t pos, std::string_view* out) {
  size_t n = 0;
  int shift = 0;
  while (true) {
    uint8_t byte = static_cast<uint8_t>(run[pos++]);
    n |= static_cast<size_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) break;
    shift += 7;
  }
  *out = run.substr(pos, n);
  return pos + n;
}

// Calls visit(element) for each element, in order.
template <typename Visit>
void ForEachElement(std::string_view run, Visit&& visit) {
  std::string_view element;
  for (size_t pos = 0; pos < run.size();) {
    pos = ReadElement(run, pos, &element);
    visit(element);
  }
}

// Calls visit(first, second) for each pair of elements (a hash's field and value), in order.
template <typename Visit>
void ForEachPair(std::string_view run, Visit&& visit) {
  std::string_view first;
  std::string_view second;
  for (size_t pos = 0; pos < run.size();) {
    pos = ReadElement(run, pos, &first);
    pos = ReadElement(run, pos, &second);
    visit(first, second);
  }
}

size_t CountElements(std::string_view run);

// Where one pair sits in a run: its bytes [offset, offset + size) and its two elements.
struct Pair {
  size_t offset = 0;
  size_t size = 0;
  std::string_view first;
  std::string_view second;
};

// The pair whose first element is `first`; false if there is none. Linear, like a listpack.
bool FindPair(std::string_view run, std::string_view first, Pair* found);
// The pair at position `index` (0-based; index < pairs in the run).
Pair PairAt(std::string_view run, size_t index);

}  // namespace slotcache::server::packed
