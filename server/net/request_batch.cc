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
    if (spec == nullptr || spec->keys.first <= 0) continue;
    int last =
        spec->keys.last < 0 ? static_cast<int>(args.size()) + spec->keys.last : spec->keys.last;
    int step = spec->keys.step > 0 ? spec->keys.step : 1;
    for (int k = spec->keys.first; k <= last && k < static_cast<int>(args.size()); k += step) {
      if (count == kMaxPrefetchedKeys) break;
      keys[count] = args[k];
      slots[count] = cluster::KeySlot(args[k]);
      db.PrefetchSlotTable(slots[count]);
      ++count;
    }
  }
  // Later passes, once the previous loads had time: control bytes and slots, then entries.
  for (size_t i = 0; i < count; ++i)
    db.PrefetchKey(slots[i], keys[i]);
  for (size_t i = 0; i < count; ++i)
    db.PrefetchEntry(slots[i], keys[i]);
}

}  // namespace slotcache::server
