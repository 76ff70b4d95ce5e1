// AofService in-process: a real directory and a real libuv loop, commands through the
// dispatcher. Restart = a fresh ServerState loading the same directory.
#include "server/aof/aof_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "server/aof/aof_files.h"
#include "server/keyspace/keyspace_digest.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

class AofServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/aof-service-XXXXXX";
    dir_ = mkdtemp(templ);
    uv_loop_init(&loop_);
  }
  void TearDown() override {
    aof_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);  // closes the handles Stop() released
    uv_loop_close(&loop_);
    std::system(("rm -rf " + dir_).c_str());
  }
  Config AofConfig(std::string fsync = "always") {
    Config config;
    config.dir = dir_;
    config.appendonly = true;
    config.appendfsync = fsync;
    return config;
  }
  // A "server": a harness plus an AofService started on it.
  void Boot(Config config) {
    aof_.reset();
    h_ = std::make_unique<CommandHarness>(config);
    aof_ = std::make_unique<AofService>(h_->state(), &loop_, [this] { return h_->now_ms(); });
    h_->state().set_aof(aof_.get());
    status_ = aof_->Start();
  }
  // Runs a command and commits the AOF as the loop would before replying.
  std::string Run(std::vector<std::string> args) {
    std::string reply = h_->Run(std::move(args));
    EXPECT_TRUE(aof_->BeforeReplies(h_->now_ms()));
    return reply;
  }
  std::string File(const std::string& name) {
    absl::StatusOr<std::string> bytes = ReadWholeFile(JoinPath(dir_ + "/appendonlydir", name));
    return bytes.ok() ? *bytes : "<missing>";
  }
  void RunLoopUntilRewriteEnds() {
    for (int i = 0; i < 10000 && aof_->info(h_->now_ms()).rewrite_in_progress; ++i)
      uv_run(&loop_, UV_RUN_ONCE);
  }

  std::string dir_;
  uv_loop_t loop_;
  std::unique_ptr<CommandHarness> h_;
  std::unique_ptr<AofService> aof_;
  absl::Status status_;
};

TEST_F(AofServiceTest, AFreshStartCreatesBaseIncrAndManifest) {
  Boot(AofConfig());
  ASSERT_TRUE(status_.ok()) << status_;
  EXPECT_EQ(File("appendonly.aof.manifest"),
            "file appendonly.aof.1.base.aof seq 1 type b\n"
            "file appendonly.aof.1.incr.aof seq 1 type i\n");
  EXPECT_EQ(Run({"set", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(File("appendonly.aof.1.incr.aof"),
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
  EXPECT_TRUE(aof_->info(h_->now_ms()).enabled);
}

TEST_F(AofServiceTest, ARestartReplaysTheLogIntoTheSameData) {
  Boot(AofConfig());
  Run({"set", "a", "1"});
  Run({"incr", "a"});
  Run({"select", "3"});
  Run({"set", "b", "x", "px", "100000"});
  Run({"incrbyfloat", "f", "1.5"});
  std::string digest = KeyspaceDigest(h_->state().keyspace());
  Boot(AofConfig());
  ASSERT_TRUE(status_.ok()) << status_;
  EXPECT_EQ(KeyspaceDigest(h_->state().keyspace()), digest);
  EXPECT_EQ(h_->Run({"get", "a"}), "$1\r\n2\r\n");
}

TEST_F(AofServiceTest, ATruncatedTailIsDroppedAndACorruptMiddleRefusesToStart) {
  Boot(AofConfig());
  Run({"set", "a", "1"});
  Run({"set", "b", "2"});
  aof_.reset();
  std::string incr = dir_ + "/appendonlydir/appendonly.aof.1.incr.aof";
  int64_t size = FileSize(incr);
  ASSERT_EQ(truncate(incr.c_str(), size - 3), 0);
  Boot(AofConfig());
  ASSERT_TRUE(status_.ok()) << status_;
  EXPECT_EQ(h_->Run({"exists", "a", "b"}), ":1\r\n");
  int64_t fixed = FileSize(incr);
  EXPECT_LT(fixed, size - 3);  // cut back to the last whole command
  aof_.reset();
  std::ofstream(incr, std::ios::app) << "garbage\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n";
  Boot(AofConfig());
  ASSERT_FALSE(status_.ok());
  EXPECT_NE(status_.message().find("appendonly.aof.1.incr.aof at offset " + std::to_string(fixed)),
            std::string_view::npos)
      << status_;
  Config no_truncated = AofConfig();
  no_truncated.aof_load_truncated = false;
  ASSERT_EQ(truncate(incr.c_str(), fixed - 1), 0);
  Boot(no_truncated);
  EXPECT_FALSE(status_.ok());
}

TEST_F(AofServiceTest, ABackgroundRewriteCompactsAndKeepsLaterWrites) {
  Boot(AofConfig("no"));  // the harness's clock stands still: everysec would postpone writes
  for (int i = 0; i < 2000; ++i)
    Run({"set", "key:" + std::to_string(i), "value"});
  for (int i = 0; i < 10000; ++i)
    Run({"incr", "counter"});
  int64_t before = aof_->info(h_->now_ms()).current_size;
  EXPECT_EQ(aof_->RequestRewrite(false), AofService::RewriteRequest::kStarted);
  EXPECT_EQ(aof_->RequestRewrite(false), AofService::RewriteRequest::kAlreadyRunning);
  uv_run(&loop_, UV_RUN_ONCE);  // the new incr file is open: writes from now on go there
  Run({"set", "key:1", "changed"});
  Run({"del", "key:2"});
  RunLoopUntilRewriteEnds();
  AofService::Info info = aof_->info(h_->now_ms());
  EXPECT_TRUE(info.last_bgrewrite_ok);
  EXPECT_EQ(info.rewrites, 1u);
  EXPECT_LT(info.current_size, before / 2);
  EXPECT_EQ(File("appendonly.aof.manifest"),
            "file appendonly.aof.2.base.aof seq 2 type b\n"
            "file appendonly.aof.2.incr.aof seq 2 type i\n");
  EXPECT_EQ(File("appendonly.aof.1.incr.aof"), "<missing>");
  std::string digest = KeyspaceDigest(h_->state().keyspace());
  Boot(AofConfig());
  ASSERT_TRUE(status_.ok()) << status_;
  EXPECT_EQ(KeyspaceDigest(h_->state().keyspace()), digest);
  EXPECT_EQ(h_->Run({"get", "key:1"}), "$7\r\nchanged\r\n");
}

TEST_F(AofServiceTest, SaveRewritesSynchronouslyEvenWithAppendonlyOff) {
  Config config = AofConfig();
  config.appendonly = false;
  Boot(config);
  h_->Run({"set", "k", "v"});
  EXPECT_TRUE(aof_->RewriteNow().ok());
  EXPECT_EQ(File("appendonly.aof.1.base.aof"),
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
  Boot(AofConfig());
  EXPECT_EQ(h_->Run({"get", "k"}), "$1\r\nv\r\n");
}

// everysec and no: the failed write is acknowledged anyway (the policy promises no durability at
// the reply), kept and retried; MISCONF refuses writes until a retry succeeds.
TEST_F(AofServiceTest, AFailedWriteIsKeptRetriedAndReported) {
  Boot(AofConfig("everysec"));
  aof_->SetFailWrites(true);
  h_->Run({"set", "a", "1"});
  EXPECT_TRUE(aof_->BeforeReplies(h_->now_ms()));
  EXPECT_EQ(aof_->WriteError(), ENOSPC);
  EXPECT_FALSE(aof_->info(h_->now_ms()).last_write_ok);
  EXPECT_GT(aof_->info(h_->now_ms()).buffer_length, 0u);
  EXPECT_EQ(h_->Run({"set", "b", "2"}),
            "-MISCONF Errors writing to the AOF file: No space left on device\r\n");
  EXPECT_EQ(h_->Run({"get", "a"}), "$1\r\n1\r\n");
  aof_->SetFailWrites(false);
  EXPECT_TRUE(aof_->BeforeReplies(h_->now_ms()));
  EXPECT_EQ(aof_->WriteError(), 0);
  Boot(AofConfig());
  EXPECT_EQ(h_->Run({"get", "a"}), "$1\r\n1\r\n");
}

// always: the failed write must not be acknowledged (the server then exits); what is dropped
// never reaches the file, what was acknowledged before stays.
TEST_F(AofServiceTest, WithAlwaysAFailedWriteIsNeverAcknowledged) {
  Boot(AofConfig("always"));
  EXPECT_EQ(Run({"set", "a", "1"}), "+OK\r\n");
  aof_->SetFailWrites(true);
  h_->Run({"set", "b", "2"});
  EXPECT_FALSE(aof_->BeforeReplies(h_->now_ms()));
  EXPECT_EQ(aof_->WriteError(), ENOSPC);
  aof_->DropUnacknowledged();
  EXPECT_EQ(aof_->info(h_->now_ms()).buffer_length, 0u);
  aof_->SetFailWrites(false);
  Boot(AofConfig());
  EXPECT_EQ(h_->Run({"mget", "a", "b"}), "*2\r\n$1\r\n1\r\n$-1\r\n");
}

}  // namespace
}  // namespace slotcache::server
