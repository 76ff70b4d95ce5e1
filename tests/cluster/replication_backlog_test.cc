#include "cluster/replication_backlog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace slotcache::cluster {
namespace {

std::string From(const ReplicationBacklog& backlog, uint64_t from) {
  std::string out;
  backlog.CopyFrom(from, &out);
  return out;
}

constexpr size_t kChunk = ReplicationBacklog::kChunkSize;

// A stream whose every byte depends on its offset, so a misplaced byte shows.
std::string Stream(size_t n, size_t salt = 0) {
  std::string out;
  for (size_t i = 0; i < n; ++i)
    out.push_back(static_cast<char>('a' + (i * 7 + salt) % 26));
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

TEST(ReplicationBacklogTest, AllocatesNothingUntilBytesArrive) {
  ReplicationBacklog backlog(size_t{1} << 30);
  EXPECT_EQ(backlog.allocated(), 0u);
  EXPECT_EQ(backlog.capacity(), size_t{1} << 30);
  backlog.Append("abc");
  EXPECT_EQ(backlog.allocated(), kChunk);
}

// repl-backlog-size accepts LLONG_MAX: such a capacity costs what the stream wrote, no more.
TEST(ReplicationBacklogTest, HugeCapacityWithSmallAppendsAllocatesLittle) {
  ReplicationBacklog backlog(static_cast<size_t>(INT64_MAX));
  std::string stream = Stream(3 * kChunk + 100);
  for (size_t i = 0; i < stream.size(); i += 1000)
    backlog.Append(std::string_view(stream).substr(i, 1000));
  EXPECT_EQ(backlog.allocated(), 4 * kChunk);
  EXPECT_EQ(backlog.histlen(), stream.size());
  EXPECT_EQ(From(backlog, 1), stream);
  backlog.Resize(SIZE_MAX);
  EXPECT_EQ(backlog.allocated(), 4 * kChunk);
  EXPECT_EQ(From(backlog, 1), stream);
}

TEST(ReplicationBacklogTest, GrowsOnDemandUpToItsCapacityThenWraps) {
  const size_t capacity = 3 * kChunk + 123;
  ReplicationBacklog backlog(capacity);
  std::string stream = Stream(10 * kChunk);
  size_t max_allocated = 0;
  for (size_t i = 0; i < stream.size(); i += 777) {
    backlog.Append(std::string_view(stream).substr(i, 777));
    max_allocated = std::max(max_allocated, backlog.allocated());
    uint64_t end = backlog.offset();
    ASSERT_EQ(backlog.histlen(), std::min<size_t>(end, capacity));
    // Below the capacity the ring holds whole chunks for what was written, no more.
    if (end < capacity) {
      ASSERT_EQ(backlog.allocated(), (end + kChunk - 1) / kChunk * kChunk);
    }
    for (uint64_t from : {backlog.first_offset(), end - 500, end + 1}) {
      ASSERT_EQ(From(backlog, from), stream.substr(from - 1, end - from + 1)) << "at " << end;
    }
  }
  EXPECT_FALSE(backlog.Covers(backlog.first_offset() - 1));
  // The capacity plus a partly dropped front chunk, a partly written last one and one emptied
  // chunk kept for reuse.
  EXPECT_LE(max_allocated, capacity + 3 * kChunk);
}

TEST(ReplicationBacklogTest, CopyFromEveryOffsetAcrossChunkBoundaries) {
  ReplicationBacklog backlog(2 * kChunk + 10);
  std::string stream = Stream(5 * kChunk + 17);
  backlog.Append(std::string_view(stream).substr(0, kChunk - 3));
  backlog.Append(std::string_view(stream).substr(kChunk - 3, 4 * kChunk));
  backlog.Append(std::string_view(stream).substr(5 * kChunk - 3));
  uint64_t end = backlog.offset();
  ASSERT_EQ(end, stream.size());
  ASSERT_EQ(backlog.histlen(), 2 * kChunk + 10);
  for (uint64_t from = backlog.first_offset(); from <= end + 1; from += 97)
    ASSERT_EQ(From(backlog, from), stream.substr(from - 1)) << from;
  EXPECT_TRUE(backlog.Covers(end - 2 * kChunk - 9));
  EXPECT_FALSE(backlog.Covers(end - 2 * kChunk - 10));
}

TEST(ReplicationBacklogTest, ShrinkKeepsTheNewestBytesAndFreesChunks) {
  ReplicationBacklog backlog(8 * kChunk);
  std::string stream = Stream(6 * kChunk + 5);
  backlog.Append(stream);
  EXPECT_EQ(backlog.allocated(), 7 * kChunk);
  backlog.Resize(kChunk + 1);
  EXPECT_EQ(backlog.histlen(), kChunk + 1);
  EXPECT_LE(backlog.allocated(), 3 * kChunk);
  EXPECT_EQ(From(backlog, backlog.first_offset()), stream.substr(stream.size() - kChunk - 1));
  // Growing again keeps what is held and appends after it.
  backlog.Resize(4 * kChunk);
  std::string more = Stream(2 * kChunk, 3);
  backlog.Append(more);
  EXPECT_EQ(backlog.histlen(), 3 * kChunk + 1);
  EXPECT_EQ(From(backlog, backlog.first_offset()),
            stream.substr(stream.size() - kChunk - 1) + more);
}

TEST(ReplicationBacklogTest, ResetFreesEveryChunk) {
  ReplicationBacklog backlog(4 * kChunk);
  backlog.Append(Stream(3 * kChunk));
  backlog.Reset(7);
  EXPECT_EQ(backlog.allocated(), 0u);
  EXPECT_EQ(backlog.histlen(), 0u);
  EXPECT_TRUE(backlog.Covers(8));
}

// An allocation that fails stops the growth: the newest bytes stay readable and the offsets
// stay right, nothing aborts.
TEST(ReplicationBacklogTest, AFailedAllocationKeepsTheNewestBytesHeld) {
  ReplicationBacklog backlog(static_cast<size_t>(INT64_MAX));
  int budget = 2;
  backlog.set_allocator([&](size_t size) -> char* {
    if (budget == 0) return nullptr;
    --budget;
    return new char[size];
  });
  std::string stream = Stream(5 * kChunk + 9);
  for (size_t i = 0; i < stream.size(); i += 4000)
    backlog.Append(std::string_view(stream).substr(i, 4000));
  EXPECT_EQ(backlog.offset(), stream.size());
  EXPECT_EQ(backlog.allocated(), 2 * kChunk);
  EXPECT_GE(backlog.allocation_failures(), 3u);
  EXPECT_EQ(backlog.histlen(), kChunk + 9);
  EXPECT_EQ(From(backlog, backlog.first_offset()), stream.substr(4 * kChunk));
  EXPECT_FALSE(backlog.Covers(backlog.first_offset() - 1));
}

TEST(ReplicationBacklogTest, NoMemoryAtAllHoldsNothingButKeepsTheOffset) {
  ReplicationBacklog backlog(1 << 20);
  backlog.set_allocator([](size_t) -> char* { return nullptr; });
  backlog.Append("hello");
  EXPECT_EQ(backlog.offset(), 5u);
  EXPECT_EQ(backlog.histlen(), 0u);
  EXPECT_EQ(backlog.allocation_failures(), 1u);
  EXPECT_TRUE(backlog.Covers(6));
  EXPECT_FALSE(backlog.Covers(5));
}

}  // namespace
}  // namespace slotcache::cluster
