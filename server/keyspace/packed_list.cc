#include "server/keyspace/packed_list.h"

namespace slotcache::server::packed {

size_t CountElements(std::string_view run) {
  size_t count = 0;
  ForEachElement(run, [&](std::string_view) { ++count; });
  return count;
}

bool FindPair(std::string_view run, std::string_view first, Pair* found) {
  std::string_view a;
  std::string_view b;
  for (size_t pos = 0; pos < run.size();) {
    size_t start = pos;
    pos = ReadElement(run, pos, &a);
    pos = ReadElement(run, pos, &b);
    if (a == first) {
      *found = {start, pos - start, a, b};
      return true;
    }
  }
  return false;
}

Pair PairAt(std::string_view run, size_t index) {
  Pair pair;
  size_t pos = 0;
  for (size_t i = 0; i <= index; ++i) {
    pair.offset = pos;
    pos = ReadElement(run, pos, &pair.first);
    pos = ReadElement(run, pos, &pair.second);
  }
  pair.size = pos - pair.offset;
  return pair;
}

}  // namespace slotcache::server::packed
