// The replication backlog: a fixed-size ring holding the last bytes of the replication stream,
// addressed by stream offset, so a replica that reconnects can continue from its offset instead
// of a full sync. Offsets follow Redis: the stream's first byte has offset 1, offset() is the
// last byte written (master_repl_offset). Pure data structure: no I/O, no clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace slotcache::cluster {

class ReplicationBacklog {
 public:
  // An empty backlog whose next byte will have offset `offset + 1`.
  explicit ReplicationBacklog(size_t capacity, uint64_t offset = 0);

  void Append(std::string_view bytes);
  // Forgets the history; the next byte appended has offset `offset + 1`.
  void Reset(uint64_t offset);
  // Keeps the newest min(histlen, capacity) bytes.
  void Resize(size_t capacity);

  uint64_t offset() const { return offset_; }
  size_t capacity() const { return buffer_.size(); }
  size_t histlen() const { return histlen_; }
  // repl_backlog_first_byte_offset: the offset of the oldest byte held (offset() + 1 if none).
  uint64_t first_offset() const { return offset_ + 1 - histlen_; }
  // True when every byte from `from` on is held (from == offset() + 1: nothing to send).
  bool Covers(uint64_t from) const { return from >= first_offset() && from <= offset_ + 1; }
  // Appends the bytes from offset `from` to the end to `out`. Requires Covers(from).
  void CopyFrom(uint64_t from, std::string* out) const;

 private:
  std::string buffer_;
  size_t head_ = 0;  // where the next byte goes
  size_t histlen_ = 0;
  uint64_t offset_;
};

}  // namespace slotcache::cluster
