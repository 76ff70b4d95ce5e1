// A point-in-time image of the whole data set as RESP commands (SELECT, MSET, SET ... PXAT,
// HSET in batches then PEXPIREAT), made without fork() and without copying the data: the
// image is cut slot by slot from the event loop, and a write to a slot the image has not reached
// yet first cuts that slot (copy on write at slot granularity). So the image is the data set as it
// was when the snapshot began, whatever is written meanwhile. Used by AOF rewrites and replicas'
// full syncs; no I/O here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "server/keyspace/keyspace.h"

namespace slotcache::server {

class KeyspaceSnapshot {
 public:
  // Keys already expired at `now_ms` are left out. The keyspace must outlive the snapshot.
  KeyspaceSnapshot(const Keyspace& keyspace, int64_t now_ms);

  // Cuts whole slots, database by database, until `budget_bytes` more output exist or all are.
  void Step(size_t budget_bytes);
  // Must run before anything changes keys of `slot` (in any database); cuts it if still due.
  void BeforeSlotWrite(int slot);
  // Must run before a change to every slot (FLUSHALL, FLUSHDB, SWAPDB): cuts all that remain.
  void BeforeKeyspaceWrite();
  bool done() const { return pending_ == 0; }

  // The image's bytes not yet taken; the consumer moves them out (swap, clear).
  std::string& output() { return output_; }
  uint64_t keys_written() const { return keys_written_; }

 private:
  static constexpr int kSlots = 16384;
  // Cuts `slot` of database `db` unless already cut.
  void Cut(int db, int slot);
  void FlushMSet();

  const Keyspace& keyspace_;
  int64_t now_ms_;
  std::vector<bool> cut_;  // by db * kSlots + slot
  size_t next_ = 0;        // Step's position in cut_; everything below it is cut
  size_t pending_;         // (db, slot) pairs not cut yet
  int selected_db_ = -1;
  std::vector<const Entry*> mset_batch_;  // keys without TTL, sent as one MSET
  std::string output_;
  uint64_t keys_written_ = 0;
};

}  // namespace slotcache::server
