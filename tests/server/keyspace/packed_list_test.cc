#include "server/keyspace/packed_list.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace slotcache::server::packed {
namespace {

std::string Pack(const std::vector<std::string>& elements) {
  size_t size = 0;
  for (const std::string& e : elements)
    size += ElementSize(e);
  std::string run(size, '\0');
  char* at = run.data();
  for (const std::string& e : elements)
    at = WriteElement(at, e);
  EXPECT_EQ(at, run.data() + run.size());
  return run;
}

TEST(PackedListTest, VarintSizes) {
  EXPECT_EQ(VarintSize(0), 1u);
  EXPECT_EQ(VarintSize(127), 1u);
  EXPECT_EQ(VarintSize(128), 2u);
  EXPECT_EQ(VarintSize(16383), 2u);
  EXPECT_EQ(VarintSize(16384), 3u);
  EXPECT_EQ(ElementSize("abc"), 4u);  // one length byte: a short field costs its bytes + 1
}

TEST(PackedListTest, RoundTripsElementsOfEveryLengthClass) {
  std::vector<std::string> elements = {"",
                                       "a",
                                       std::string(127, 'x'),
                                       std::string(128, 'y'),
                                       std::string(20000, 'z'),
                                       std::string("\0\r\n", 3)};
  std::string run = Pack(elements);
  std::vector<std::string> read;
  ForEachElement(run, [&](std::string_view e) { read.emplace_back(e); });
  EXPECT_EQ(read, elements);
  EXPECT_EQ(CountElements(run), elements.size());
}

TEST(PackedListTest, FindsPairsByTheirFirstElement) {
  std::string run = Pack({"f1", "v1", "f2", "", "", "v3"});
  Pair pair;
  ASSERT_TRUE(FindPair(run, "f2", &pair));
  EXPECT_EQ(pair.second, "");
  EXPECT_EQ(pair.offset, 6u);
  EXPECT_EQ(pair.size, 4u);
  ASSERT_TRUE(FindPair(run, "", &pair));
  EXPECT_EQ(pair.second, "v3");
  // A value equal to the searched field is not a match: only first elements are compared.
  EXPECT_FALSE(FindPair(run, "v1", &pair));
  EXPECT_EQ(PairAt(run, 0).first, "f1");
  EXPECT_EQ(PairAt(run, 2).second, "v3");
  EXPECT_EQ(PairAt(run, 2).offset + PairAt(run, 2).size, run.size());
}

}  // namespace
}  // namespace slotcache::server::packed
