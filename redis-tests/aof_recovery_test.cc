// AOF files with real processes: a torn tail is dropped at start, a corrupt middle stops the
// start (and slotcache-check-aof --fix repairs it), write errors refuse writes with MISCONF
// (aof_full_disk_test.cc fills a real disk, with `always` too),
// and appendonly can be turned on at runtime.
#include <fstream>

#include "redis-tests/aof_fixture.h"

namespace slotcache::blackbox {
namespace {

const char* const kIncr = "/appendonly.aof.1.incr.aof";

void AppendBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::app) << bytes;
}

TEST_F(AofTest, ATornLastCommandIsDroppedWithAWarning) {
  ASSERT_TRUE(Start());
  Context c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"set", "a", "1"}), "+OK");
  server_.Stop();
  AppendBytes(AofDir() + kIncr, "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$3\r\n12");
  std::string error;
  ASSERT_TRUE(Restart(&error)) << error;
  EXPECT_NE(server_.Log().find("short read while loading the AOF file"), std::string::npos);
  c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"get", "a"}), "$1");
  EXPECT_EQ(Cmd(c.get(), {"exists", "b"}), ":0");
  EXPECT_EQ(Cmd(c.get(), {"set", "c", "3"}), "+OK");  // appended after the cut, loadable again
  server_.Stop();
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"mget", "a", "c"}), "*[$1, $3]");
}

TEST_F(AofTest, ACorruptMiddleRefusesToStartUntilCheckAofFixesIt) {
  ASSERT_TRUE(Start());
  Context c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"set", "a", "1"}), "+OK");
  server_.Stop();
  std::string incr = AofDir() + kIncr;
  int64_t good = 0;
  {
    std::ifstream in(incr, std::ios::binary | std::ios::ate);
    good = in.tellg();
  }
  AppendBytes(incr, "*2\r\n$3\r\nGET\r\nxx*3\r\n$3\r\nSET\r\n$1\r\nz\r\n$1\r\n9\r\n");
  std::string error;
  EXPECT_FALSE(Restart(&error));
  std::string offset = "appendonly.aof.1.incr.aof at offset " + std::to_string(good);
  EXPECT_NE(server_.Log().find(offset), std::string::npos) << server_.Log();
  ProcessResult check =
      RunProcess({SLOTCACHE_CHECK_AOF_BIN, AofDir() + "/appendonly.aof.manifest"});
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("is not valid"), std::string::npos) << check.output;
  ProcessResult fix =
      RunProcess({SLOTCACHE_CHECK_AOF_BIN, "--fix", AofDir() + "/appendonly.aof.manifest"});
  EXPECT_EQ(fix.exit_code, 0) << fix.output;
  EXPECT_NE(fix.output.find("Successfully truncated AOF"), std::string::npos) << fix.output;
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"get", "a"}), "$1");
}

TEST_F(AofTest, WriteErrorsRefuseWritesWithMisconfUntilTheDiskRecovers) {
  ASSERT_TRUE(Start("everysec"));
  Context admin = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(admin.get(), {"debug", "aof-fault", "on"}), "+OK");
  RawClient writer;
  ASSERT_TRUE(writer.Connect(server_.port()));
  ASSERT_TRUE(writer.Send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"));
  // everysec promises no durability at the reply: the write that failed is answered (and kept
  // for the retry), the ones after it are refused.
  EXPECT_EQ(writer.ReadLine(2000), "+OK\r\n");
  EXPECT_EQ(Cmd(admin.get(), {"set", "x", "1"}),
            "-MISCONF Errors writing to the AOF file: No space left on device");
  EXPECT_EQ(InfoField(admin.get(), "aof_last_write_status"), "err");
  EXPECT_EQ(Cmd(admin.get(), {"get", "k"}), "$v");  // reads go on
  EXPECT_EQ(Cmd(admin.get(), {"debug", "aof-fault", "off"}), "+OK");
  EXPECT_EQ(Cmd(admin.get(), {"set", "x", "1"}), "+OK");
  EXPECT_EQ(InfoField(admin.get(), "aof_last_write_status"), "ok");
  ASSERT_TRUE(WaitAofWritten(admin.get()));
  Kill9();
  std::string error;
  ASSERT_TRUE(Restart(&error)) << error;
  admin = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(admin.get(), {"mget", "k", "x"}), "*[$v, $1]");
}

TEST_F(AofTest, AppendonlyTurnedOnAtRuntimeLogsFromARewriteOfTheData) {
  std::string error;
  ASSERT_TRUE(server_.Start({"--enable-debug-command", "yes"}, &error)) << error;
  fsync_ = "everysec";
  Context c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"mset", "a", "1", "b", "2"}), "+OK");
  EXPECT_EQ(InfoField(c.get(), "aof_enabled"), "0");
  EXPECT_EQ(Cmd(c.get(), {"config", "set", "appendonly", "yes"}), "+OK");
  ASSERT_TRUE(WaitRewriteDone(c.get()));
  EXPECT_EQ(InfoField(c.get(), "aof_enabled"), "1");
  EXPECT_EQ(Cmd(c.get(), {"incr", "a"}), ":2");
  EXPECT_EQ(Cmd(c.get(), {"bgsave"}), "+Background saving started");
  ASSERT_TRUE(WaitRewriteDone(c.get()));
  EXPECT_EQ(Cmd(c.get(), {"save"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"set", "c", "3"}), "+OK");
  std::string digest = Cmd(c.get(), {"debug", "digest"});
  server_.Stop();
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"debug", "digest"}), digest);
  EXPECT_EQ(Cmd(c.get(), {"mget", "a", "b", "c"}), "*[$2, $2, $3]");
}

}  // namespace
}  // namespace slotcache::blackbox
