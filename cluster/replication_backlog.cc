#include "cluster/replication_backlog.h"

#include <algorithm>

namespace slotcache::cluster {

ReplicationBacklog::ReplicationBacklog(size_t capacity, uint64_t offset)
    : buffer_(std::max<size_t>(capacity, 1), '\0'), offset_(offset) {}

void ReplicationBacklog::Append(std::string_view bytes) {
  offset_ += bytes.size();
  size_t cap = buffer_.size();
  // Only the newest `cap` bytes can survive: skip the rest of a huge append.
  if (bytes.size() > cap) bytes.remove_prefix(bytes.size() - cap);
  while (!bytes.empty()) {
    size_t n = std::min(bytes.size(), cap - head_);
    buffer_.replace(head_, n, bytes.data(), n);
    head_ = (head_ + n) % cap;
    bytes.remove_prefix(n);
    histlen_ = std::min(cap, histlen_ + n);
  }
}

void ReplicationBacklog::Reset(uint64_t offset) {
  head_ = 0;
  histlen_ = 0;
  offset_ = offset;
}

void ReplicationBacklog::Resize(size_t capacity) {
  capacity = std::max<size_t>(capacity, 1);
  if (capacity == buffer_.size()) return;
  std::string kept;
  uint64_t keep = std::min(histlen_, capacity);
  CopyFrom(offset_ + 1 - keep, &kept);
  uint64_t end = offset_;
  buffer_.assign(capacity, '\0');
  Reset(end - kept.size());
  Append(kept);
}

void ReplicationBacklog::CopyFrom(uint64_t from, std::string* out) const {
  size_t n = static_cast<size_t>(offset_ + 1 - from);
  size_t cap = buffer_.size();
  size_t start = (head_ + cap - n % cap) % cap;
  size_t first = std::min(n, cap - start);
  out->append(buffer_, start, first);
  out->append(buffer_, 0, n - first);
}

}  // namespace slotcache::cluster
