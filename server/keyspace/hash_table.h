// The large encoding of a hash (Redis's "hashtable"): field -> value in a chained table with
// power-of-two buckets. Each pair is one malloc block [next][varint field len][field][varint
// value len][value], so a pair costs its bytes, a pointer and a bucket slot. Owned by an entry
// through its value bytes (see entry.h). Pure data structure: no entry, config or reply here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string_view>

#include "server/keyspace/collection.h"

namespace slotcache::server {

class HashTable final : public Collection {
 public:
  // `expected` pairs fit without a resize.
  explicit HashTable(size_t expected = 0);
  ~HashTable() override;
  HashTable(const HashTable&) = delete;
  HashTable& operator=(const HashTable&) = delete;

  size_t size() const { return size_; }
  // The value of `field`; false if absent. The view lives until the next change of the table.
  bool Get(std::string_view field, std::string_view* value) const;
  // Sets `field` to `value`; true if the field is new.
  bool Set(std::string_view field, std::string_view value);
  // Removes `field`; true if it was there. Shrinks the table below 10% fill, like Redis.
  bool Erase(std::string_view field);

  // Calls visit(field, value) for every pair, in table order. The visitor must not mutate.
  void ForEach(const std::function<void(std::string_view, std::string_view)>& visit) const;
  // A uniformly random bucket's random pair: Redis's dictGetFairRandomKey idea (the table is
  // kept at least 10% full, so this ends quickly). Requires size() > 0.
  void Random(std::mt19937_64& rng, std::string_view* field, std::string_view* value) const;
  // HSCAN: visits the pairs of one bucket (Redis's dictScan, reverse-binary cursor: a pair
  // present during a whole iteration is returned at least once, even if the table is resized
  // between calls). Returns the next cursor, 0 when the iteration is complete.
  uint64_t Scan(uint64_t cursor,
                const std::function<void(std::string_view, std::string_view)>& visit) const;

  size_t AllocatedBytes() const override;
  Collection* Clone() const override;
  size_t FreeEffort() const override { return size_; }

 private:
  struct Node;
  static Node* NewNode(std::string_view field, std::string_view value);
  static void ReadNode(const Node* node, std::string_view* field, std::string_view* value);
  static size_t Hash(std::string_view field);
  // The link that points at `field`'s node, or at the null ending its chain if absent.
  Node** FindLink(std::string_view field) const;
  void Rehash(size_t buckets);
  void FreeNodes();

  Node** buckets_ = nullptr;
  size_t mask_ = 0;  // bucket count - 1
  size_t size_ = 0;
  size_t node_bytes_ = 0;  // malloc_usable_size of every node
};

}  // namespace slotcache::server
