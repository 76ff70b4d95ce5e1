#include "server/keyspace/snapshot.h"

#include <cstdint>
#include <string_view>

#include "resp/reply_writer.h"
#include "server/keyspace/hash_value.h"

namespace slotcache::server {
namespace {

// An MSET of more pairs than this is split: replay then never meets a huge command.
constexpr size_t kMaxMSetPairs = 128;
// A hash goes out as HSETs of at most this many pairs (Redis's AOF_REWRITE_ITEMS_PER_CMD).
constexpr size_t kMaxHSetPairs = 64;

// `key` with its TTL, once its value is written: PEXPIREAT with the absolute time.
void WriteExpiry(resp::ReplyWriter& writer, const Entry& entry) {
  std::string at = std::to_string(entry.expire_at());
  writer.ArrayHeader(3);
  writer.Bulk("PEXPIREAT");
  writer.Bulk(entry.key());
  writer.Bulk(at);
}

// HSET key f v ... in batches; the batch's header needs its size, so pairs are counted first.
void WriteHash(resp::ReplyWriter& writer, const Entry& entry) {
  size_t left = HashLength(entry);
  size_t in_batch = 0;
  HashForEach(entry, [&](std::string_view field, std::string_view value) {
    if (in_batch == 0) {
      size_t batch = left < kMaxHSetPairs ? left : kMaxHSetPairs;
      writer.ArrayHeader(2 + 2 * batch);
      writer.Bulk("HSET");
      writer.Bulk(entry.key());
      in_batch = batch;
      left -= batch;
    }
    writer.Bulk(field);
    writer.Bulk(value);
    --in_batch;
  });
  if (entry.has_expiry()) WriteExpiry(writer, entry);
}

}  // namespace

KeyspaceSnapshot::KeyspaceSnapshot(const Keyspace& keyspace, int64_t now_ms)
    : keyspace_(keyspace),
      now_ms_(now_ms),
      cut_(static_cast<size_t>(keyspace.count()) * kSlots, false),
      pending_(cut_.size()) {}

// Database-major order, so the image switches database (SELECT) only when a write forces a cut.
void KeyspaceSnapshot::Step(size_t budget_bytes) {
  size_t target = output_.size() + budget_bytes;
  for (; next_ < cut_.size() && output_.size() < target; ++next_) {
    Cut(static_cast<int>(next_ / kSlots), static_cast<int>(next_ % kSlots));
  }
}

void KeyspaceSnapshot::BeforeSlotWrite(int slot) {
  for (int db = 0; db < keyspace_.count(); ++db)
    Cut(db, slot);
}

void KeyspaceSnapshot::BeforeKeyspaceWrite() {
  Step(SIZE_MAX / 2);
}

void KeyspaceSnapshot::Cut(int db_index, int slot) {
  size_t index = static_cast<size_t>(db_index) * kSlots + slot;
  if (cut_[index]) return;
  cut_[index] = true;
  --pending_;
  const Database& db = keyspace_.db(db_index);
  if (db.SlotSize(slot) == 0) return;
  resp::ReplyWriter writer(&output_);
  if (db_index != selected_db_) {
    selected_db_ = db_index;
    std::string number = std::to_string(db_index);
    writer.ArrayHeader(2);
    writer.Bulk("SELECT");
    writer.Bulk(number);
  }
  db.ForEachInSlot(slot, [&](const Entry& entry) {
    if (Database::IsExpired(entry, now_ms_)) return;
    ++keys_written_;
    if (entry.type() == ValueType::kHash) return WriteHash(writer, entry);
    if (!entry.has_expiry()) {
      mset_batch_.push_back(&entry);
      if (mset_batch_.size() == kMaxMSetPairs) FlushMSet();
      return;
    }
    std::string at = std::to_string(entry.expire_at());
    writer.ArrayHeader(5);
    writer.Bulk("SET");
    writer.Bulk(entry.key());
    writer.Bulk(entry.value());
    writer.Bulk("PXAT");
    writer.Bulk(at);
  });
  FlushMSet();
}

// One SET is as long as a one-pair MSET; from two pairs on, MSET is shorter.
void KeyspaceSnapshot::FlushMSet() {
  if (mset_batch_.empty()) return;
  resp::ReplyWriter writer(&output_);
  writer.ArrayHeader(1 + 2 * mset_batch_.size());
  writer.Bulk(mset_batch_.size() == 1 ? "SET" : "MSET");
  for (const Entry* entry : mset_batch_) {
    writer.Bulk(entry->key());
    writer.Bulk(entry->value());
  }
  mset_batch_.clear();
}

}  // namespace slotcache::server
