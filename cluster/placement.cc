#include "cluster/placement.h"

#include <algorithm>
#include <vector>

#include <xxhash.h>

namespace slotcache::cluster {
namespace {

// The load bound for `nodes` primaries sharing all blocks: each ends with `floor` blocks and
// exactly `extra` of them with floor + 1. Tracking how many nodes sit at the ceiling lets a greedy
// pass decide locally whether one more grant (or one more giveaway) keeps the end state balanced.
class LoadBound {
 public:
  LoadBound(int nodes, const std::vector<int>& counts)
      : floor_(kBlockCount / nodes), extra_(kBlockCount % nodes) {
    for (int count : counts) {
      if (count > floor_) ++above_floor_;
    }
  }

  int floor() const { return floor_; }

  // A node holding `count` may take one more block.
  bool CanTake(int count) const {
    return count < floor_ || (count == floor_ && above_floor_ < extra_);
  }
  // A node holding `count` may give one block away.
  bool CanGive(int count) const {
    return count > floor_ + 1 || (count == floor_ + 1 && above_floor_ > extra_);
  }
  void Took(int new_count) {
    if (new_count == floor_ + 1) ++above_floor_;
  }
  void Gave(int old_count) {
    if (old_count == floor_ + 1) --above_floor_;
  }

 private:
  int floor_;
  int extra_;
  int above_floor_ = 0;  // nodes holding more than floor_ blocks
};

struct Candidate {
  uint64_t score;
  int block;
  int node;  // index into the sorted node list, so ties break by node id
};

bool HigherFirst(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.node != b.node) return a.node < b.node;
  return a.block < b.block;
}

std::vector<std::string> SortedUnique(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ids.erase(std::remove(ids.begin(), ids.end(), std::string()), ids.end());
  return ids;
}

// Distinct owners of `placement`, sorted by id.
std::vector<std::string> Owners(const Placement& placement) {
  return SortedUnique({placement.owners.begin(), placement.owners.end()});
}

int IndexOf(const std::vector<std::string>& sorted, std::string_view id) {
  return static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(), id) - sorted.begin());
}

std::vector<int> CountsFor(const std::vector<std::string>& nodes, const Placement& placement) {
  std::vector<int> counts(nodes.size(), 0);
  for (const std::string& owner : placement.owners) {
    if (!owner.empty()) ++counts[IndexOf(nodes, owner)];
  }
  return counts;
}

// Gives every unowned block of `placement` to one of `nodes` (sorted, non-empty). Granting
// (block, node) pairs in globally descending score order is rendezvous hashing; the load bound
// turns away full nodes. Every block ends owned: a block left over would mean some node ended
// below its bound, yet that node had room when the pair was considered.
void FillUnowned(const std::vector<std::string>& nodes, Placement* placement) {
  std::vector<Candidate> candidates;
  for (int block = 0; block < kBlockCount; ++block) {
    if (!placement->owners[block].empty()) continue;
    for (int node = 0; node < static_cast<int>(nodes.size()); ++node) {
      candidates.push_back({BlockScore(nodes[node], block), block, node});
    }
  }
  std::sort(candidates.begin(), candidates.end(), HigherFirst);
  std::vector<int> counts = CountsFor(nodes, *placement);
  LoadBound bound(static_cast<int>(nodes.size()), counts);
  for (const Candidate& c : candidates) {
    if (!placement->owners[c.block].empty() || !bound.CanTake(counts[c.node])) continue;
    placement->owners[c.block] = nodes[c.node];
    bound.Took(++counts[c.node]);
  }
}

}  // namespace

uint64_t BlockScore(std::string_view node_id, int block) {
  return XXH3_64bits_withSeed(node_id.data(), node_id.size(), static_cast<uint64_t>(block));
}

Placement InitialPlacement(std::span<const std::string> primaries) {
  Placement placement;
  std::vector<std::string> nodes = SortedUnique({primaries.begin(), primaries.end()});
  if (!nodes.empty()) FillUnowned(nodes, &placement);
  return placement;
}

Placement PlacementAfterJoin(const Placement& prev, std::string_view joiner) {
  std::vector<std::string> nodes = Owners(prev);
  if (nodes.empty()) return InitialPlacement(std::vector<std::string>{std::string(joiner)});
  if (std::binary_search(nodes.begin(), nodes.end(), joiner)) return prev;
  std::vector<int> blocks(kBlockCount);
  for (int block = 0; block < kBlockCount; ++block)
    blocks[block] = block;
  // The joiner's own ranking of all blocks, best first; ties by lower block index.
  std::stable_sort(blocks.begin(), blocks.end(),
                   [&](int a, int b) { return BlockScore(joiner, a) > BlockScore(joiner, b); });
  std::vector<int> counts = CountsFor(nodes, prev);
  LoadBound bound(static_cast<int>(nodes.size()) + 1, counts);
  Placement next = prev;
  int taken = 0;
  for (int block : blocks) {
    if (taken == bound.floor()) break;
    int owner = IndexOf(nodes, prev.owners[block]);
    if (!bound.CanGive(counts[owner])) continue;
    bound.Gave(counts[owner]--);
    next.owners[block] = std::string(joiner);
    ++taken;
  }
  return next;
}

Placement PlacementAfterLeave(const Placement& prev, std::string_view leaver) {
  Placement next = prev;
  for (std::string& owner : next.owners) {
    if (owner == leaver) owner.clear();
  }
  std::vector<std::string> nodes = Owners(next);
  if (!nodes.empty()) FillUnowned(nodes, &next);
  return next;
}

Placement PlacementAfterHandover(const Placement& prev, std::string_view from,
                                 std::string_view to) {
  Placement next = prev;
  for (std::string& owner : next.owners) {
    if (owner == from) owner = std::string(to);
  }
  return next;
}

std::map<std::string, int> BlockCounts(const Placement& placement) {
  std::map<std::string, int> counts;
  for (const std::string& owner : placement.owners) {
    if (!owner.empty()) ++counts[owner];
  }
  return counts;
}

}  // namespace slotcache::cluster
