#include "server/keyspace/snapshot.h"

#include <cstdint>
#include <string_view>

#include "resp/reply_writer.h"

namespace slotcache::server {
namespace {

// An MSET of more pairs than this is split: replay then never meets a huge command.
constexpr size_t kMaxMSetPairs = 128;

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
