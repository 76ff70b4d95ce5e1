#include "server/net/request_batch.h"

#include <array>

#include "cluster/key_slot.h"
#include "server/core/command_table.h"
#include "server/keyspace/database.h"

namespace slotcache::server {
namespace {

// Keys prefetched per batch: MSET of 10 keys in a 16-deep pipeline is 160.
constexpr size_t kMaxPrefetchedKeys = 256;

}  // namespace

void RequestBatch::Parse(std::string_view input, const resp::ParseLimits& limits) {
  if (requests_.size() < kMaxRequests) requests_.resize(kMaxRequests);
  size_ = 0;
  size_t offset = 0;
  while (size_ < kMaxRequests) {
    std::string_view rest = input.substr(offset);
    Request& request = requests_[size_];
    end_ = resp::ParseRequest(rest, limits, &request.args, &scratch_);
    if (end_.status != resp::ParseStatus::kComplete) return;
    request.consumed = end_.consumed;
    offset += end_.consumed;
    ++size_;
    if (rest[0] != '*') break;  // inline: the next parse could overwrite scratch_
  }
  end_ = resp::ParseResult();
  end_.status = resp::ParseStatus::kComplete;
}

void RequestBatch::PrefetchKeys(const Database& db) const {
  std::array<std::string_view, kMaxPrefetchedKeys> keys;
  std::array<cluster::SlotId, kMaxPrefetchedKeys> slots;
  size_t count = 0;
  for (size_t i = 0; i < size_; ++i) {
    const resp::ArgList& args = requests_[i].args;
    if (args.empty()) continue;
    const CommandSpec* spec = FindCommand(args[0]);
    if (spec == nullptr) continue;
    ForEachKey(*spec, args, [&](std::string_view key) {
      if (count == kMaxPrefetchedKeys) return false;
      keys[count] = key;
      slots[count] = cluster::KeySlot(key);
      db.PrefetchSlotTable(slots[count]);
      ++count;
      return true;
    });
  }
  // Later passes, once the previous loads had time: control bytes and slots, then entries.
  for (size_t i = 0; i < count; ++i)
    db.PrefetchKey(slots[i], keys[i]);
  for (size_t i = 0; i < count; ++i)
    db.PrefetchEntry(slots[i], keys[i]);
}

}  // namespace slotcache::server
