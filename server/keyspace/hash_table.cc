#include "server/keyspace/hash_table.h"

#include <malloc.h>
#include <xxhash.h>

#include <bit>
#include <cstring>

#include "server/base/memory_counter.h"
#include "server/keyspace/packed_list.h"

namespace slotcache::server {
namespace {

constexpr size_t kMinBuckets = 4;  // Redis's DICT_HT_INITIAL_SIZE

uint64_t ReverseBits(uint64_t v) {
  uint64_t r = 0;
  for (int i = 0; i < 64; ++i, v >>= 1)
    r = (r << 1) | (v & 1);
  return r;
}

size_t BucketsFor(size_t pairs) {
  return std::bit_ceil(pairs < kMinBuckets ? kMinBuckets : pairs);
}

}  // namespace

struct HashTable::Node {
  Node* next;
  char* data() { return reinterpret_cast<char*>(this + 1); }
  const char* data() const { return reinterpret_cast<const char*>(this + 1); }
};

HashTable::HashTable(size_t expected) {
  Rehash(BucketsFor(expected));
}

HashTable::~HashTable() {
  FreeNodes();
  delete[] buckets_;
}

void HashTable::FreeNodes() {
  for (size_t b = 0; b <= mask_; ++b) {
    for (Node* node = buckets_[b]; node != nullptr;) {
      Node* next = node->next;
      CountedFree(node);
      node = next;
    }
    buckets_[b] = nullptr;
  }
  size_ = 0;
  node_bytes_ = 0;
}

size_t HashTable::Hash(std::string_view field) {
  return XXH3_64bits(field.data(), field.size());
}

HashTable::Node* HashTable::NewNode(std::string_view field, std::string_view value) {
  size_t size = sizeof(Node) + packed::ElementSize(field) + packed::ElementSize(value);
  Node* node = static_cast<Node*>(CountedMalloc(size));
  node->next = nullptr;
  packed::WriteElement(packed::WriteElement(node->data(), field), value);
  return node;
}

void HashTable::ReadNode(const Node* node, std::string_view* field, std::string_view* value) {
  // The run is read with an unbounded length: ReadElement only reads what the varints say.
  std::string_view run(node->data(), SIZE_MAX / 2);
  size_t pos = packed::ReadElement(run, 0, field);
  packed::ReadElement(run, pos, value);
}

HashTable::Node** HashTable::FindLink(std::string_view field) const {
  Node** link = &buckets_[Hash(field) & mask_];
  std::string_view f;
  std::string_view v;
  for (; *link != nullptr; link = &(*link)->next) {
    ReadNode(*link, &f, &v);
    if (f == field) return link;
  }
  return link;
}

bool HashTable::Get(std::string_view field, std::string_view* value) const {
  Node* node = *FindLink(field);
  if (node == nullptr) return false;
  std::string_view f;
  ReadNode(node, &f, value);
  return true;
}

bool HashTable::Set(std::string_view field, std::string_view value) {
  Node** link = FindLink(field);
  Node* fresh = NewNode(field, value);
  node_bytes_ += malloc_usable_size(fresh);
  if (*link != nullptr) {  // replace the pair where it is in its chain
    Node* old = *link;
    fresh->next = old->next;
    node_bytes_ -= malloc_usable_size(old);
    CountedFree(old);
    *link = fresh;
    return false;
  }
  *link = fresh;
  if (++size_ > mask_ + 1) Rehash((mask_ + 1) * 2);
  return true;
}

bool HashTable::Erase(std::string_view field) {
  Node** link = FindLink(field);
  Node* node = *link;
  if (node == nullptr) return false;
  *link = node->next;
  node_bytes_ -= malloc_usable_size(node);
  CountedFree(node);
  --size_;
  // Redis's htNeedsResize: under 10% full, shrink to the smallest power of two that fits.
  if (mask_ + 1 > kMinBuckets && size_ * 10 < mask_ + 1) Rehash(BucketsFor(size_));
  return true;
}

// All at once: a resize of a huge table is a pause proportional to it (Redis rehashes
// incrementally; see docs/keyspace.md).
void HashTable::Rehash(size_t buckets) {
  Node** fresh = new Node*[buckets]();
  size_t mask = buckets - 1;
  for (size_t b = 0; buckets_ != nullptr && b <= mask_; ++b) {
    for (Node* node = buckets_[b]; node != nullptr;) {
      Node* next = node->next;
      std::string_view f;
      std::string_view v;
      ReadNode(node, &f, &v);
      Node** head = &fresh[Hash(f) & mask];
      node->next = *head;
      *head = node;
      node = next;
    }
  }
  delete[] buckets_;
  buckets_ = fresh;
  mask_ = mask;
}

void HashTable::ForEach(
    const std::function<void(std::string_view, std::string_view)>& visit) const {
  std::string_view f;
  std::string_view v;
  for (size_t b = 0; b <= mask_; ++b) {
    for (const Node* node = buckets_[b]; node != nullptr; node = node->next) {
      ReadNode(node, &f, &v);
      visit(f, v);
    }
  }
}

void HashTable::Random(std::mt19937_64& rng, std::string_view* field,
                       std::string_view* value) const {
  std::uniform_int_distribution<size_t> any_bucket(0, mask_);
  const Node* chain = nullptr;
  while (chain == nullptr)
    chain = buckets_[any_bucket(rng)];
  size_t length = 0;
  for (const Node* node = chain; node != nullptr; node = node->next)
    ++length;
  size_t pick = std::uniform_int_distribution<size_t>(0, length - 1)(rng);
  while (pick-- > 0)
    chain = chain->next;
  ReadNode(chain, field, value);
}

uint64_t HashTable::Scan(
    uint64_t cursor, const std::function<void(std::string_view, std::string_view)>& visit) const {
  std::string_view f;
  std::string_view v;
  for (const Node* node = buckets_[cursor & mask_]; node != nullptr; node = node->next) {
    ReadNode(node, &f, &v);
    visit(f, v);
  }
  // Increment the reversed cursor: the bits above the mask are set so that the carry
  // propagates through the masked bits only (Redis's dictScan).
  uint64_t v_cursor = cursor | ~static_cast<uint64_t>(mask_);
  v_cursor = ReverseBits(v_cursor);
  ++v_cursor;
  return ReverseBits(v_cursor);
}

size_t HashTable::AllocatedBytes() const {
  // The object itself is counted by its size (it may live anywhere, even on a test's stack);
  // malloc adds at most a few bytes to it and to the bucket array.
  return sizeof(*this) + (mask_ + 1) * sizeof(Node*) + node_bytes_;
}

Collection* HashTable::Clone() const {
  auto* copy = new HashTable(size_);
  ForEach([&](std::string_view f, std::string_view v) { copy->Set(f, v); });
  return copy;
}

}  // namespace slotcache::server
