#include "server/aof/aof_check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "server/aof/aof_files.h"

namespace slotcache::server {
namespace {

const std::string kSet = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
const std::string kMulti = "*1\r\n$5\r\nMULTI\r\n";
const std::string kExec = "*1\r\n$4\r\nEXEC\r\n";

TEST(AofCheckTest, WholeCommandsAndTransactionsAreValid) {
  std::string bytes = kSet + kMulti + kSet + kSet + kExec + kSet;
  AofCheckResult r = CheckAofBytes(bytes);
  EXPECT_EQ(r.status, AofCheckStatus::kOk);
  EXPECT_EQ(r.valid_end, bytes.size());
  EXPECT_EQ(CheckAofBytes("").status, AofCheckStatus::kOk);
}

TEST(AofCheckTest, ACommandCutAtAnyByteIsATruncatedTail) {
  for (size_t cut = 1; cut < kSet.size(); ++cut) {
    AofCheckResult r = CheckAofBytes(kSet + kSet.substr(0, cut));
    EXPECT_EQ(r.status, AofCheckStatus::kTruncated) << cut;
    EXPECT_EQ(r.valid_end, kSet.size()) << cut;
  }
}

TEST(AofCheckTest, AnOpenTransactionAtTheEndIsTruncatedBeforeItsMulti) {
  AofCheckResult r = CheckAofBytes(kSet + kMulti + kSet);
  EXPECT_EQ(r.status, AofCheckStatus::kTruncated);
  EXPECT_EQ(r.valid_end, kSet.size());
  EXPECT_EQ(r.error, "Reached EOF before reading EXEC for MULTI");
}

TEST(AofCheckTest, GarbageAndUnbalancedTransactionsAreCorrupt) {
  AofCheckResult r = CheckAofBytes(kSet + "*3\r\n$3\r\nSET\r\n$x\r\n" + kSet);
  EXPECT_EQ(r.status, AofCheckStatus::kCorrupt);
  EXPECT_EQ(r.valid_end, kSet.size());
  EXPECT_EQ(CheckAofBytes(kExec).status, AofCheckStatus::kCorrupt);
  EXPECT_EQ(CheckAofBytes(kMulti + kMulti + kExec).status, AofCheckStatus::kCorrupt);
}

class AofCheckFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/aof-check-XXXXXX";
    dir_ = mkdtemp(templ);
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(JoinPath(dir_, name), std::ios::binary) << bytes;
  }
  std::string dir_;
};

TEST_F(AofCheckFileTest, FixTruncatesTheLastFileOfAManifest) {
  Write("a.aof.1.base.aof", kSet);
  Write("a.aof.1.incr.aof", kSet + kSet.substr(0, 7));
  Write("a.aof.manifest",
        "file a.aof.1.base.aof seq 1 type b\nfile a.aof.1.incr.aof seq 1 type i\n");
  std::string report;
  EXPECT_EQ(RunCheckAof(JoinPath(dir_, "a.aof.manifest"), false, &report), 1);
  EXPECT_NE(report.find("is not valid"), std::string::npos) << report;
  EXPECT_EQ(FileSize(JoinPath(dir_, "a.aof.1.incr.aof")), int64_t(kSet.size() + 7));
  report.clear();
  EXPECT_EQ(RunCheckAof(JoinPath(dir_, "a.aof.manifest"), true, &report), 0);
  EXPECT_NE(report.find("Successfully truncated AOF"), std::string::npos) << report;
  EXPECT_EQ(FileSize(JoinPath(dir_, "a.aof.1.incr.aof")), int64_t(kSet.size()));
  report.clear();
  EXPECT_EQ(RunCheckAof(JoinPath(dir_, "a.aof.1.incr.aof"), false, &report), 0);
  EXPECT_NE(report.find("is valid"), std::string::npos) << report;
}

TEST_F(AofCheckFileTest, ABadBaseIsNotFixedThroughTheManifest) {
  Write("a.aof.1.base.aof", kSet.substr(0, 5));
  Write("a.aof.1.incr.aof", kSet);
  Write("a.aof.manifest",
        "file a.aof.1.base.aof seq 1 type b\nfile a.aof.1.incr.aof seq 1 type i\n");
  std::string report;
  EXPECT_EQ(RunCheckAof(JoinPath(dir_, "a.aof.manifest"), true, &report), 1);
  EXPECT_EQ(FileSize(JoinPath(dir_, "a.aof.1.base.aof")), 5);
}

}  // namespace
}  // namespace slotcache::server
