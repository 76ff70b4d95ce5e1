// The replication backlog: the last bytes of the replication stream, addressed by stream offset,
// so a replica that reconnects can continue from its offset instead of a full sync. Offsets
// follow Redis: the stream's first byte has offset 1, offset() is the last byte written
// (master_repl_offset). Pure data structure: no I/O, no clock.
//
// Memory follows the stream, as Redis 7's block list does: the bytes live in fixed-size chunks
// allocated only as bytes arrive, up to the configured capacity (which may be far beyond what
// the machine holds: repl-backlog-size accepts up to LLONG_MAX). Nothing is reserved up front,
// and a chunk that cannot be allocated makes the backlog hold less history, never abort.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace slotcache::cluster {

class ReplicationBacklog {
 public:
  // Bytes per chunk: Redis's PROTO_REPLY_CHUNK_BYTES, the size of its replication buffer blocks.
  static constexpr size_t kChunkSize = 16 * 1024;
  // Returns a new[]-allocated block of the given size, or nullptr when memory is short.
  using Allocator = std::function<char*(size_t)>;

  // An empty backlog holding at most `capacity` bytes, whose next byte will have offset
  // `offset + 1`. Allocates nothing.
  explicit ReplicationBacklog(size_t capacity, uint64_t offset = 0);

  // Never fails: a chunk that cannot be allocated is replaced by the oldest one held (that
  // history is dropped; counted in allocation_failures()).
  void Append(std::string_view bytes);
  // Forgets the history and frees every chunk; the next byte appended has offset `offset + 1`.
  void Reset(uint64_t offset);
  // Sets the capacity. Allocates nothing; a smaller capacity keeps the newest bytes and frees
  // the chunks that held only older ones.
  void Resize(size_t capacity);
  // Replaces the chunk allocator (the default is nothrow new[]); tests inject failures with it.
  void set_allocator(Allocator allocator) { allocate_ = std::move(allocator); }

  uint64_t offset() const { return offset_; }
  // The configured capacity (repl-backlog-size), not what is allocated.
  size_t capacity() const { return capacity_; }
  // Bytes of the chunks held now (mem_replication_backlog).
  size_t allocated() const { return (chunks_.size() + (spare_ != nullptr ? 1 : 0)) * kChunkSize; }
  size_t histlen() const { return histlen_; }
  // Chunks that could not be allocated (never decreases).
  uint64_t allocation_failures() const { return allocation_failures_; }
  // repl_backlog_first_byte_offset: the offset of the oldest byte held (offset() + 1 if none).
  uint64_t first_offset() const { return offset_ + 1 - histlen_; }
  // True when every byte from `from` on is held (from == offset() + 1: nothing to send).
  bool Covers(uint64_t from) const { return from >= first_offset() && from <= offset_ + 1; }
  // Appends the bytes from offset `from` to the end to `out`. Requires Covers(from).
  void CopyFrom(uint64_t from, std::string* out) const;

 private:
  struct Chunk {
    std::unique_ptr<char[]> data;
    size_t used = 0;  // bytes written; every chunk but the last is full
  };
  bool AddChunk();
  // Drops the oldest bytes beyond the capacity; frees chunks left holding none.
  void Trim();
  // Removes the front chunk with its remaining history; returns its memory.
  std::unique_ptr<char[]> TakeFront();

  std::deque<Chunk> chunks_;
  std::unique_ptr<char[]> spare_;  // one emptied chunk kept for the next, so a full ring
                                   // that keeps turning over does not allocate
  size_t skip_ = 0;                // bytes of the front chunk already dropped
  size_t histlen_ = 0;
  size_t capacity_;
  uint64_t offset_;
  uint64_t allocation_failures_ = 0;
  Allocator allocate_;
};

}  // namespace slotcache::cluster
