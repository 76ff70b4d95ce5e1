#include "server/net/request_batch.h"

#include <gtest/gtest.h>

#include <string>

#include "server/keyspace/database.h"

namespace slotcache::server {
namespace {

const resp::ParseLimits kLimits;

TEST(RequestBatchTest, ParsesPipelinedRequestsUpToTheLimit) {
  std::string input;
  for (int i = 0; i < 20; ++i)
    input += "*2\r\n$3\r\nGET\r\n$2\r\nk" + std::to_string(i % 10) + "\r\n";
  RequestBatch batch;
  batch.Parse(input, kLimits);
  ASSERT_EQ(batch.size(), RequestBatch::kMaxRequests);
  EXPECT_EQ(batch.parse_end().status, resp::ParseStatus::kComplete);
  EXPECT_EQ(batch[3].args[1], "k3");
  EXPECT_EQ(batch[3].consumed, 21u);
}

TEST(RequestBatchTest, StopsAtAnIncompleteRequestAndReportsWhatItWants) {
  std::string input = "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$100\r\nabc";
  RequestBatch batch;
  batch.Parse(input, kLimits);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch.parse_end().status, resp::ParseStatus::kIncomplete);
}

TEST(RequestBatchTest, KeepsTheRequestsBeforeAProtocolError) {
  std::string input = "*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n";
  RequestBatch batch;
  batch.Parse(input, kLimits);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch.parse_end().status, resp::ParseStatus::kError);
  EXPECT_FALSE(batch.parse_end().error.empty());
}

// Inline words with escapes live in the batch's one scratch buffer, so an inline request must
// be the last of its batch.
TEST(RequestBatchTest, AnInlineRequestEndsTheBatch) {
  std::string input = "*1\r\n$4\r\nPING\r\nSET \"a\\x41\" b\r\n*1\r\n$4\r\nPING\r\n";
  RequestBatch batch;
  batch.Parse(input, kLimits);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[1].args[1], "aA");
  EXPECT_EQ(batch.parse_end().status, resp::ParseStatus::kComplete);
}

TEST(RequestBatchTest, PrefetchingLeavesTheDataAlone) {
  Database db(0);
  std::string input =
      "*3\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n"
      "*1\r\n$7\r\nUNKNOWN\r\n*2\r\n$4\r\nINFO\r\n$3\r\nall\r\n";
  RequestBatch batch;
  batch.Parse(input, kLimits);
  ASSERT_EQ(batch.size(), 4u);
  batch.PrefetchKeys(db);  // empty database: no tables yet
  db.Set("a", "x", kNoExpire);
  batch.PrefetchKeys(db);
  EXPECT_EQ(db.size(), 1u);
  EXPECT_EQ(db.CheckInvariants(), "");
  ASSERT_NE(db.Find("a", 0), nullptr);
  EXPECT_EQ(db.Find("a", 0)->value(), "x");
}

}  // namespace
}  // namespace slotcache::server
