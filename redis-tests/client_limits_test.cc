// Connection limits: maxclients rejects the connection over the limit with Redis's error, and
// `timeout` closes clients that stay idle.
#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

// Connects and waits for +PONG; retries while the server still counts a just-closed connection.
bool ConnectAdmitted(RawClient* client, int port) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (client->Connect(port) && client->Send("*1\r\n$4\r\nPING\r\n") &&
        client->ReadLine() == "+PONG\r\n") {
      return true;
    }
    usleep(20000);
  }
  return false;
}

class MaxClientsTest : public BlackboxTest {
 protected:
  std::vector<std::string> ServerArgs() override { return {"--maxclients", "2"}; }
};

TEST_F(MaxClientsTest, ThirdConnectionIsRejected) {
  RawClient a, b, c;
  ASSERT_TRUE(ConnectAdmitted(&a, port()));
  ASSERT_TRUE(ConnectAdmitted(&b, port()));
  ASSERT_TRUE(c.Connect(port()));
  EXPECT_EQ(c.ReadLine(), "-ERR max number of clients reached\r\n");
  EXPECT_TRUE(c.WaitClosed(2000));
  // The admitted clients are unaffected, and a slot frees up when one leaves.
  ASSERT_TRUE(a.Send("*1\r\n$4\r\nPING\r\n"));
  EXPECT_EQ(a.ReadLine(), "+PONG\r\n");
  b.Close();
  RawClient d;
  EXPECT_TRUE(ConnectAdmitted(&d, port()));
}

class IdleTimeoutTest : public BlackboxTest {
 protected:
  std::vector<std::string> ServerArgs() override { return {"--timeout", "1"}; }
};

TEST_F(IdleTimeoutTest, IdleClientIsClosedActiveClientIsNot) {
  RawClient idle, active;
  ASSERT_TRUE(ConnectAdmitted(&idle, port()));
  ASSERT_TRUE(ConnectAdmitted(&active, port()));
  int64_t start = NowMs();
  bool idle_closed = false;
  while (NowMs() - start < 4000 && !idle_closed) {
    ASSERT_TRUE(active.Send("*1\r\n$4\r\nPING\r\n"));
    ASSERT_EQ(active.ReadLine(), "+PONG\r\n") << "active client closed";
    idle_closed = idle.WaitClosed(250);
  }
  EXPECT_TRUE(idle_closed) << "idle client still open after 4 s with timeout 1";
  EXPECT_GE(NowMs() - start, 900) << "closed before the timeout";
}

}  // namespace
}  // namespace slotcache::blackbox
