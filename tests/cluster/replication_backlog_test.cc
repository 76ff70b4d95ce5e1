#include "cluster/replication_backlog.h"

#include <gtest/gtest.h>

#include <string>

namespace slotcache::cluster {
namespace {

std::string From(const ReplicationBacklog& backlog, uint64_t from) {
  std::string out;
  backlog.CopyFrom(from, &out);
  return out;
}

TEST(ReplicationBacklogTest, EmptyBacklogCoversOnlyItsNextByte) {
  ReplicationBacklog backlog(8, 100);
  EXPECT_EQ(backlog.offset(), 100u);
  EXPECT_EQ(backlog.first_offset(), 101u);
  EXPECT_TRUE(backlog.Covers(101));
  EXPECT_FALSE(backlog.Covers(100));
  EXPECT_FALSE(backlog.Covers(102));
  EXPECT_EQ(From(backlog, 101), "");
}

TEST(ReplicationBacklogTest, OffsetsStartAtOneLikeRedis) {
  ReplicationBacklog backlog(16);
  backlog.Append("abc");
  EXPECT_EQ(backlog.offset(), 3u);
  EXPECT_EQ(backlog.first_offset(), 1u);
  EXPECT_EQ(backlog.histlen(), 3u);
  EXPECT_EQ(From(backlog, 1), "abc");
  EXPECT_EQ(From(backlog, 3), "c");
  EXPECT_EQ(From(backlog, 4), "");
}

TEST(ReplicationBacklogTest, WrapsAndKeepsTheNewestBytes) {
  ReplicationBacklog backlog(5);
  backlog.Append("abcd");
  backlog.Append("efg");  // wraps: holds "cdefg"
  EXPECT_EQ(backlog.offset(), 7u);
  EXPECT_EQ(backlog.histlen(), 5u);
  EXPECT_EQ(backlog.first_offset(), 3u);
  EXPECT_FALSE(backlog.Covers(2));
  EXPECT_EQ(From(backlog, 3), "cdefg");
  EXPECT_EQ(From(backlog, 6), "fg");
}

TEST(ReplicationBacklogTest, AnAppendLargerThanTheRingKeepsItsTail) {
  ReplicationBacklog backlog(4);
  backlog.Append("x");
  backlog.Append("0123456789");
  EXPECT_EQ(backlog.offset(), 11u);
  EXPECT_EQ(From(backlog, 8), "6789");
}

TEST(ReplicationBacklogTest, EveryWrapPositionReadsBackExactly) {
  std::string stream;
  for (int i = 0; i < 200; ++i)
    stream.push_back(static_cast<char>('a' + i % 26));
  for (size_t cap = 1; cap < 12; ++cap) {
    ReplicationBacklog backlog(cap);
    for (size_t i = 0; i < stream.size(); i += 3) {
      backlog.Append(std::string_view(stream).substr(i, 3));
      uint64_t end = backlog.offset();
      for (uint64_t from = backlog.first_offset(); from <= end + 1; ++from) {
        ASSERT_EQ(From(backlog, from), stream.substr(from - 1, end - from + 1))
            << "cap " << cap << " from " << from;
      }
    }
  }
}

TEST(ReplicationBacklogTest, ResetAndResizeKeepOffsets) {
  ReplicationBacklog backlog(8);
  backlog.Append("abcdefghij");
  backlog.Resize(4);
  EXPECT_EQ(backlog.offset(), 10u);
  EXPECT_EQ(From(backlog, 7), "ghij");
  backlog.Resize(16);
  EXPECT_EQ(From(backlog, 7), "ghij");
  backlog.Append("k");
  EXPECT_EQ(From(backlog, 7), "ghijk");
  backlog.Reset(50);
  EXPECT_EQ(backlog.offset(), 50u);
  EXPECT_TRUE(backlog.Covers(51));
  EXPECT_FALSE(backlog.Covers(11));
}

}  // namespace
}  // namespace slotcache::cluster
