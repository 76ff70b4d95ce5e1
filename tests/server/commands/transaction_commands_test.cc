// MULTI, EXEC, DISCARD, WATCH, UNWATCH. Expected bytes and WATCH outcomes were recorded against
// redis-server 7.0.15. Writes by "other clients" go straight to the keyspace and the watch
// registry, as the dispatcher does after a write command.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/core/command_context.h"
#include "server/core/execute.h"
#include "server/keyspace/entry.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

constexpr char kExecAbort[] = "-EXECABORT Transaction discarded because of previous errors.\r\n";

void ConcurrentSet(CommandHarness& h, int db, const std::string& key,
                   int64_t expire_at = kNoExpire) {
  h.state().keyspace().db(db).Set(key, "v", expire_at);
  h.state().watches().KeyModified(db, key, true);
}

TEST(MultiExecTest, EmptyAndQueuedTransactions) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"multi"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"exec"}), "*0\r\n");
  EXPECT_EQ(h.Run({"multi"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"ping"}), "+QUEUED\r\n");
  EXPECT_EQ(h.Run({"echo", "hello"}), "+QUEUED\r\n");
  EXPECT_EQ(h.Run({"exec"}), "*2\r\n+PONG\r\n$5\r\nhello\r\n");
  EXPECT_FALSE(h.client().in_multi);
  EXPECT_TRUE(h.client().queued.empty());
  EXPECT_EQ(h.Run({"exec"}), "-ERR EXEC without MULTI\r\n");
}

TEST(MultiExecTest, Resp3) {
  CommandHarness h;
  h.Run({"hello", "3"});
  h.Run({"multi"});
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"exec"}), "*1\r\n+PONG\r\n");
}

TEST(MultiExecTest, ErrorsAtRunTimeAreElements) {
  CommandHarness h;
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"ping", "a", "b", "c"}), "+QUEUED\r\n");  // PING checks its count itself
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"exec"}),
            "*2\r\n-ERR wrong number of arguments for 'ping' command\r\n+PONG\r\n");
}

TEST(MultiExecTest, QueueingErrorsAbortTheTransaction) {
  CommandHarness h;
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"foo"}), "-ERR unknown command 'foo', with args beginning with: \r\n");
  EXPECT_EQ(h.Run({"exec"}), kExecAbort);
  EXPECT_FALSE(h.client().in_multi);
  for (std::vector<std::string> bad : std::vector<std::vector<std::string>>{
           {"echo"}, {"discard", "x"}, {"watch"}, {"unwatch", "x"}, {"client", "foo"}}) {
    h.Run({"multi"});
    h.Run({"ping"});
    EXPECT_EQ(h.Run(bad)[0], '-') << bad[0];
    EXPECT_EQ(h.Run({"exec"}), kExecAbort) << bad[0];
  }
}

TEST(MultiExecTest, NestedMultiAndWatchInsideMultiDoNotAbort) {
  CommandHarness h;
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"multi"}), "-ERR MULTI calls can not be nested\r\n");
  EXPECT_EQ(h.Run({"watch", "x"}), "-ERR WATCH inside MULTI is not allowed\r\n");
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"exec"}), "*1\r\n+PONG\r\n");
  EXPECT_TRUE(h.client().watched.empty());
}

TEST(MultiExecTest, RejectedExecDiscardsTheTransaction) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"exec", "foo"}),
            "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
            "command\r\n");
  h.Run({"watch", "k"});
  h.Run({"multi"});
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"exec", "foo"}),
            "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' "
            "command\r\n");
  EXPECT_FALSE(h.client().in_multi);
  EXPECT_TRUE(h.client().watched.empty());
  EXPECT_EQ(h.Run({"exec"}), "-ERR EXEC without MULTI\r\n");
  EXPECT_EQ(h.Run({"multi", "x"}), "-ERR wrong number of arguments for 'multi' command\r\n");
}

TEST(MultiExecTest, UnauthenticatedExec) {
  Config config;
  config.requirepass = "sekret";
  CommandHarness h(config);
  EXPECT_EQ(h.Run({"multi"}), "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(h.Run({"exec"}),
            "-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n");
  EXPECT_EQ(h.Run({"discard"}), "-NOAUTH Authentication required.\r\n");
}

TEST(DiscardTest, DropsTheQueue) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"discard"}), "-ERR DISCARD without MULTI\r\n");
  h.Run({"multi"});
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"discard"}), "+OK\r\n");
  EXPECT_FALSE(h.client().in_multi);
  EXPECT_TRUE(h.client().queued.empty());
  EXPECT_EQ(h.Run({"exec"}), "-ERR EXEC without MULTI\r\n");
  h.Run({"multi"});
  h.Run({"foo"});
  EXPECT_EQ(h.Run({"discard"}), "+OK\r\n");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*0\r\n");  // the error flag went with the queue
}

TEST(ExecTest, RunsInsideTheTransactionState) {
  CommandHarness h;
  h.Run({"multi"});
  h.Run({"client", "info"});
  std::string reply = h.Run({"exec"});
  EXPECT_NE(reply.find(" flags=x "), std::string::npos) << reply;
  EXPECT_NE(reply.find(" multi=1 "), std::string::npos) << reply;
  EXPECT_NE(reply.find(" cmd=exec "), std::string::npos) << reply;
  EXPECT_EQ(h.client().last_command->name, "exec");
}

TEST(WatchTest, ConcurrentWriteFailsExec) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"watch", "k", "other"}), "+OK\r\n");
  ConcurrentSet(h, 0, "k");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"ping"}), "+QUEUED\r\n");
  EXPECT_EQ(h.Run({"exec"}), "*-1\r\n");
  EXPECT_FALSE(h.client().in_multi);
  // EXEC unwatched everything: the next transaction runs.
  EXPECT_TRUE(h.client().watched.empty());
  ConcurrentSet(h, 0, "k");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*0\r\n");
}

TEST(WatchTest, NullIsResp3Null) {
  CommandHarness h;
  h.Run({"hello", "3"});
  h.Run({"watch", "k"});
  ConcurrentSet(h, 0, "k");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "_\r\n");
}

TEST(WatchTest, ExecAbortWinsOverADirtyWatch) {
  CommandHarness h;
  h.Run({"watch", "k"});
  ConcurrentSet(h, 0, "k");
  h.Run({"multi"});
  h.Run({"foo"});
  EXPECT_EQ(h.Run({"exec"}), kExecAbort);
}

TEST(WatchTest, UntouchedKeysLetExecRun) {
  CommandHarness h;
  h.Run({"watch", "k"});
  ConcurrentSet(h, 0, "unrelated");
  ConcurrentSet(h, 1, "k");  // same name, other database
  h.Run({"multi"});
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"exec"}), "*1\r\n+PONG\r\n");
}

TEST(WatchTest, WatchesTheSelectedDatabase) {
  CommandHarness h;
  h.client().db = 1;
  h.Run({"watch", "k"});
  h.client().db = 0;
  ConcurrentSet(h, 1, "k");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*-1\r\n");
}

TEST(WatchTest, DiscardAndUnwatchForget) {
  CommandHarness h;
  h.Run({"watch", "k"});
  ConcurrentSet(h, 0, "k");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"discard"}), "+OK\r\n");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*0\r\n");

  h.Run({"watch", "k"});
  ConcurrentSet(h, 0, "k");
  EXPECT_EQ(h.Run({"unwatch"}), "+OK\r\n");
  EXPECT_FALSE(h.client().watch_dirty);
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*0\r\n");
  EXPECT_TRUE(h.state().watches().empty());
}

TEST(WatchTest, UnwatchInsideMultiIsQueued) {
  CommandHarness h;
  h.Run({"watch", "k"});
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"unwatch"}), "+QUEUED\r\n");
  EXPECT_EQ(h.Run({"exec"}), "*1\r\n+OK\r\n");
}

TEST(WatchTest, KeyThatExpiresAfterWatchFailsExec) {
  CommandHarness h;
  h.state().keyspace().db(0).Set("k", "v", h.now_ms() + 50);
  h.Run({"watch", "k"});
  h.AdvanceMs(100);  // nothing touched the key, but it expired
  h.Run({"multi"});
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"exec"}), "*-1\r\n");
}

TEST(WatchTest, LazyDeletionOfAKeyThatExpiredAfterWatchFailsExec) {
  CommandHarness h;
  h.state().keyspace().db(0).Set("k", "v", h.now_ms() + 50);
  h.Run({"watch", "k"});
  h.AdvanceMs(100);
  EXPECT_EQ(h.state().keyspace().db(0).Find("k", h.now_ms()), nullptr);  // deletes, notifies
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*-1\r\n");
}

TEST(WatchTest, DeletingAnAlreadyExpiredKeyIsNoChange) {
  CommandHarness h;
  h.state().keyspace().db(0).Set("k", "v", h.now_ms() - 1);
  h.Run({"watch", "k"});
  EXPECT_EQ(h.state().keyspace().db(0).Find("k", h.now_ms()), nullptr);
  h.Run({"multi"});
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"exec"}), "*1\r\n+PONG\r\n");
}

TEST(WatchTest, WritingAnAlreadyExpiredKeyFailsExec) {
  CommandHarness h;
  h.state().keyspace().db(0).Set("k", "v", h.now_ms() - 1);
  h.Run({"watch", "k"});
  ConcurrentSet(h, 0, "k");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*-1\r\n");
}

TEST(WatchTest, WatchingTwiceAndWhileDirty) {
  CommandHarness h;
  h.Run({"watch", "k", "k"});
  EXPECT_EQ(h.client().watched.size(), 1u);
  ConcurrentSet(h, 0, "k");
  EXPECT_EQ(h.Run({"watch", "j"}), "+OK\r\n");
  EXPECT_TRUE(h.client().watch_dirty);
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*-1\r\n");
}

TEST(WatchTest, ArityErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"watch"}), "-ERR wrong number of arguments for 'watch' command\r\n");
  EXPECT_EQ(h.Run({"unwatch", "k"}), "-ERR wrong number of arguments for 'unwatch' command\r\n");
  EXPECT_EQ(h.Run({"discard", "k"}), "-ERR wrong number of arguments for 'discard' command\r\n");
}

// The dispatcher flags watchers of the keys a propagated write names.
void FakeSet(CommandContext& ctx) {
  ctx.db().Set(ctx.arg(1), ctx.arg(2), kNoExpire);
  ctx.reply().Ok();
  ctx.Propagate();
}

TEST(WatchTest, DispatcherFlagsWatchersAfterAWrite) {
  CommandHarness h;
  ClientSession* writer = h.NewClient();
  h.Run({"watch", "k"});
  const CommandSpec spec{"fakeset", FakeSet, 3, kWrite, {1, 1, 1}, "string", "", ""};
  std::vector<std::string_view> args = {"fakeset", "k", "v"};
  Execute(h.state(), *writer, spec, args, h.now_ms());
  EXPECT_TRUE(h.client().watch_dirty);
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"exec"}), "*-1\r\n");
}

TEST(WatchTest, DisconnectForgetsWatches) {
  CommandHarness h;
  ClientSession* b = h.NewClient();
  h.Run({"watch", "k"}, b);
  h.state().RemoveClient(b);
  EXPECT_TRUE(h.state().watches().empty());
}

}  // namespace
}  // namespace slotcache::server
