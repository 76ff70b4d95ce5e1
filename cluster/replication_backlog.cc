#include "cluster/replication_backlog.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace slotcache::cluster {
namespace {

char* AllocateChunk(size_t size) {
  return new (std::nothrow) char[size];
}

}  // namespace

ReplicationBacklog::ReplicationBacklog(size_t capacity, uint64_t offset)
    : capacity_(std::max<size_t>(capacity, 1)), offset_(offset), allocate_(AllocateChunk) {}

void ReplicationBacklog::Append(std::string_view bytes) {
  offset_ += bytes.size();
  // Only the newest `capacity_` bytes can survive: skip the rest of a huge append.
  if (bytes.size() > capacity_) bytes.remove_prefix(bytes.size() - capacity_);
  while (!bytes.empty()) {
    // Without any chunk nothing is held (histlen 0), which Covers() reports truthfully.
    if ((chunks_.empty() || chunks_.back().used == kChunkSize) && !AddChunk()) return;
    Chunk& last = chunks_.back();
    size_t n = std::min(bytes.size(), kChunkSize - last.used);
    std::memcpy(last.data.get() + last.used, bytes.data(), n);
    last.used += n;
    histlen_ += n;
    bytes.remove_prefix(n);
    // Trimming per chunk keeps the memory within capacity plus a chunk, even for one append
    // as large as the capacity.
    Trim();
  }
}

bool ReplicationBacklog::AddChunk() {
  std::unique_ptr<char[]> data = std::move(spare_);
  if (data == nullptr) data.reset(allocate_(kChunkSize));
  if (data == nullptr) {
    // Out of memory: stop growing. The oldest chunk makes room for the newest bytes, so the
    // backlog keeps the most recent history it can hold.
    ++allocation_failures_;
    if (chunks_.empty()) return false;
    data = TakeFront();
  }
  chunks_.push_back({std::move(data), 0});
  return true;
}

void ReplicationBacklog::Trim() {
  while (histlen_ > capacity_) {
    Chunk& front = chunks_.front();
    size_t drop = std::min(histlen_ - capacity_, front.used - skip_);
    skip_ += drop;
    histlen_ -= drop;
    // capacity_ >= 1 keeps a byte, so a fully dropped front chunk is never the one written.
    if (skip_ < kChunkSize) break;
    std::unique_ptr<char[]> data = TakeFront();
    if (spare_ == nullptr) spare_ = std::move(data);
  }
}

std::unique_ptr<char[]> ReplicationBacklog::TakeFront() {
  Chunk& front = chunks_.front();
  histlen_ -= front.used - skip_;
  std::unique_ptr<char[]> data = std::move(front.data);
  chunks_.pop_front();
  skip_ = 0;
  return data;
}

void ReplicationBacklog::Reset(uint64_t offset) {
  chunks_.clear();
  spare_.reset();
  skip_ = 0;
  histlen_ = 0;
  offset_ = offset;
}

void ReplicationBacklog::Resize(size_t capacity) {
  capacity_ = std::max<size_t>(capacity, 1);
  Trim();
  // A smaller capacity needs no spare chunk kept beyond it.
  if (allocated() > capacity_ + kChunkSize) spare_.reset();
}

void ReplicationBacklog::CopyFrom(uint64_t from, std::string* out) const {
  size_t n = static_cast<size_t>(offset_ + 1 - from);
  // Every chunk but the last is full, so a position in the held bytes maps to a chunk directly.
  size_t pos = skip_ + (histlen_ - n);
  size_t index = pos / kChunkSize;
  size_t within = pos % kChunkSize;
  while (n > 0) {
    const Chunk& chunk = chunks_[index++];
    size_t take = std::min(n, chunk.used - within);
    out->append(chunk.data.get() + within, take);
    n -= take;
    within = 0;
  }
}

}  // namespace slotcache::cluster
