#include "server/net/peer_caller.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

#include "server/server.h"

namespace slotcache::server {
namespace {

// A port nobody listens on right now (bound then released).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class PeerCallerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config;
    config.port = FreePort();
    config.bind = {"127.0.0.1"};
    server_ = std::make_unique<Server>(config);
    ASSERT_TRUE(server_->Start().ok());
    caller_ = std::make_unique<PeerCaller>(server_->loop());
  }
  // Runs one call to completion on the server's loop (which serves the other side too).
  absl::StatusOr<resp::Reply> CallAndWait(int port, std::vector<std::string> args,
                                          int64_t timeout_ms = 2000) {
    std::optional<absl::StatusOr<resp::Reply>> result;
    caller_->Call("127.0.0.1", port, std::move(args), timeout_ms,
                  [&](absl::StatusOr<resp::Reply> r) { result = std::move(r); });
    while (!result)
      uv_run(server_->loop(), UV_RUN_ONCE);
    return *result;
  }
  void TearDown() override {
    caller_.reset();
    server_->state().RequestShutdown();
    server_->Run();
  }
  std::unique_ptr<Server> server_;
  std::unique_ptr<PeerCaller> caller_;
};

TEST_F(PeerCallerTest, GetsTheReply) {
  absl::StatusOr<resp::Reply> reply = CallAndWait(server_->state().config().port, {"ECHO", "hi"});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, "hi");
  EXPECT_EQ(caller_->in_flight(), 0u);
}

TEST_F(PeerCallerTest, ErrorRepliesAreReplies) {
  absl::StatusOr<resp::Reply> reply = CallAndWait(server_->state().config().port, {"NOPE"});
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->type, resp::Reply::Type::kError);
}

TEST_F(PeerCallerTest, RefusedConnectionFails) {
  EXPECT_EQ(CallAndWait(FreePort(), {"PING"}).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(PeerCallerTest, SilentPeerTimesOut) {
  // A listening socket that never answers: the kernel completes the handshake, nobody reads.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  EXPECT_EQ(CallAndWait(ntohs(addr.sin_port), {"PING"}, 100).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  close(fd);
}

TEST_F(PeerCallerTest, CancelAllFailsPendingCalls) {
  std::optional<absl::Status> status;
  caller_->Call("127.0.0.1", server_->state().config().port, {"PING"}, 2000,
                [&](absl::StatusOr<resp::Reply> r) { status = r.status(); });
  caller_->CancelAll();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace slotcache::server
