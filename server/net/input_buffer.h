// A growable byte buffer for socket reads: libuv reads into its free tail, the parser consumes
// from its head. Compacts instead of growing when the consumed head is large.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "server/base/memory_counter.h"

namespace slotcache::server {

class InputBuffer {
 public:
  InputBuffer() = default;
  ~InputBuffer() { CountedFree(data_); }
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  std::string_view readable() const { return {data_ + begin_, end_ - begin_}; }
  size_t size() const { return end_ - begin_; }
  size_t capacity() const { return capacity_; }
  void Consume(size_t n) {
    begin_ += n;
    if (begin_ == end_) begin_ = end_ = 0;
  }
  // Makes at least `n` bytes writable at the tail; returns the tail. Invalidates readable() views.
  char* Reserve(size_t n) {
    if (capacity_ - end_ >= n) return data_ + end_;
    if (begin_ > 0) {
      std::memmove(data_, data_ + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (capacity_ - end_ < n) {
      size_t grown = capacity_ * 2 > end_ + n ? capacity_ * 2 : end_ + n;
      data_ = static_cast<char*>(CountedRealloc(data_, grown));
      capacity_ = grown;
    }
    return data_ + end_;
  }
  size_t writable() const { return capacity_ - end_; }
  void Commit(size_t n) { end_ += n; }
  // Gives memory back after a burst (a big value) once the buffer is empty.
  void ShrinkIfIdle(size_t keep) {
    if (begin_ == end_ && capacity_ > keep) {
      CountedFree(data_);
      data_ = nullptr;
      capacity_ = begin_ = end_ = 0;
    }
  }

 private:
  char* data_ = nullptr;
  size_t capacity_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;
};

}  // namespace slotcache::server
