// Slot placement: 256 blocks of 64 contiguous slots, each owned by one primary, chosen by
// rendezvous (highest random weight) hashing with bounded loads. Pure and deterministic: the same
// inputs give the same map on every node (no clock, no randomness, no unordered iteration).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "cluster/key_slot.h"

namespace slotcache::cluster {

constexpr int kBlockCount = 256;
constexpr int kSlotsPerBlock = kSlotCount / kBlockCount;  // block b = slots [64b, 64b + 63]
// Every primary owns at least one block, so a cluster has at most this many primaries.
constexpr int kMaxPrimaries = kBlockCount;

// Block → owning primary's node id; "" means unowned (only before Bootstrap).
struct Placement {
  std::array<std::string, kBlockCount> owners;
  bool operator==(const Placement&) const = default;
};

inline int BlockOfSlot(SlotId slot) {
  return slot / kSlotsPerBlock;
}

// The rendezvous weight of `node_id` for `block`: XXH3_64bits_withSeed(id bytes, seed = block).
// Ties (practically never) go to the smaller node id, then the lower block index.
uint64_t BlockScore(std::string_view node_id, int block);

// The map of a fresh cluster. Order and duplicates in `primaries` do not matter. With N primaries
// each ends with ⌊256/N⌋ or ⌈256/N⌉ blocks; (block, node) pairs are granted in descending score
// order while the node has room, so most blocks go to their top-scoring node.
// Precondition: 1 <= distinct primaries <= kMaxPrimaries.
Placement InitialPlacement(std::span<const std::string> primaries);

// `joiner` takes exactly ⌊256/(N+1)⌋ blocks: the ones scoring highest for it among blocks whose
// owner can give one away and stay balanced. No other block moves. Precondition: `prev` is a
// balanced, fully owned map of N < kMaxPrimaries primaries, not including `joiner`.
Placement PlacementAfterJoin(const Placement& prev, std::string_view joiner);

// Only `leaver`'s blocks move, each (in descending score order over all (block, member) pairs)
// to the highest-scoring remaining primary with room. Precondition: `prev` is balanced, fully
// owned, and has at least one primary besides `leaver`.
Placement PlacementAfterLeave(const Placement& prev, std::string_view leaver);

// Every block of `from` now belongs to `to` (failover: the promoted replica takes over).
Placement PlacementAfterHandover(const Placement& prev, std::string_view from, std::string_view to);

// Blocks per owner, ordered by node id. Unowned blocks are not counted.
std::map<std::string, int> BlockCounts(const Placement& placement);

}  // namespace slotcache::cluster
