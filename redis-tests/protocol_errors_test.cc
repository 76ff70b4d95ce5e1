// Malformed input over real sockets: each protocol error gets Redis's reply and then the
// connection is closed; garbage and half-sent requests never hurt the server.
#include <random>
#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class ProtocolErrorsTest : public BlackboxTest {
 protected:
  // Sends `bytes` on a fresh connection; expects exactly `reply` and then the server's close.
  void ExpectErrorAndClose(const std::string& bytes, const std::string& reply) {
    RawClient client;
    ASSERT_TRUE(client.Connect(port()));
    ASSERT_TRUE(client.Send(bytes));
    bool closed = false;
    EXPECT_EQ(client.ReadUntilClose(5000, &closed), reply) << bytes.substr(0, 40);
    EXPECT_TRUE(closed) << "connection left open after: " << bytes.substr(0, 40);
  }
};

TEST_F(ProtocolErrorsTest, HugeMultibulkCount) {
  ExpectErrorAndClose("*99999999999\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
  ExpectErrorAndClose("*abc\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
  EXPECT_TRUE(AnswersPing());
}

TEST_F(ProtocolErrorsTest, BulkLengthOverProtoMaxBulkLen) {
  ExpectErrorAndClose("*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n");
  ExpectErrorAndClose("*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n");
  EXPECT_TRUE(AnswersPing());
}

TEST_F(ProtocolErrorsTest, ExpectedDollar) {
  ExpectErrorAndClose("*1\r\nxyz\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n");
  // Requests before the bad one in the same packet are answered first.
  ExpectErrorAndClose("PING\r\n*2\r\n$4\r\nECHO\r\n:1\r\n",
                      "+PONG\r\n-ERR Protocol error: expected '$', got ':'\r\n");
}

TEST_F(ProtocolErrorsTest, InlineLineOver64KbWithoutNewline) {
  ExpectErrorAndClose(std::string(70000, 'a'), "-ERR Protocol error: too big inline request\r\n");
  ExpectErrorAndClose("*" + std::string(70000, '1'),
                      "-ERR Protocol error: too big mbulk count string\r\n");
  ExpectErrorAndClose("*1\r\n$" + std::string(70000, '1'),
                      "-ERR Protocol error: too big bulk count string\r\n");
  ExpectErrorAndClose("ECHO \"unbalanced\r\n",
                      "-ERR Protocol error: unbalanced quotes in request\r\n");
  EXPECT_TRUE(AnswersPing());
}

TEST_F(ProtocolErrorsTest, HalfACommandThenDisconnect) {
  for (std::string half : {"*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$5\r\nval", "*3\r\n$3\r\nSET",
                           "SET half value", "*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$10000000\r\n"}) {
    RawClient client;
    ASSERT_TRUE(client.Connect(port()));
    ASSERT_TRUE(client.Send(half));
    if (half.ends_with("$10000000\r\n")) {
      ASSERT_TRUE(client.Send(std::string(1 << 20, 'x')));
    }
    client.Close();
  }
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"EXISTS", "half"}), ":0");
  EXPECT_TRUE(AnswersPing());
}

TEST_F(ProtocolErrorsTest, GarbageBytes) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 20; ++round) {
    std::string garbage(4096, '\0');
    for (char& ch : garbage)
      ch = static_cast<char>(rng());
    RawClient client;
    ASSERT_TRUE(client.Connect(port()));
    client.Send(garbage);  // the server may close early: a failed send is fine
    bool closed = false;
    client.ReadUntilClose(round % 2 ? 50 : 0, &closed);
  }
  EXPECT_TRUE(AnswersPing());
}

TEST_F(ProtocolErrorsTest, ManyConnectionsSendingRandomBytesThenClosing) {
  std::mt19937 rng(99);
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 100; ++i) {
    auto client = std::make_unique<RawClient>();
    ASSERT_TRUE(client->Connect(port()));
    clients.push_back(std::move(client));
  }
  const std::string tokens[] = {"*", "$", "\r\n", "3", "-1", "SET", "PING", "\"", "'", "\0", "99"};
  for (int round = 0; round < 5; ++round) {
    for (auto& client : clients) {
      std::string bytes;
      for (int t = 0; t < 20; ++t)
        bytes += rng() % 3 ? tokens[rng() % std::size(tokens)] : std::string(1, char(rng()));
      client->SendSome(bytes);
    }
  }
  for (size_t i = 0; i < clients.size(); ++i) {
    if (i % 2) {
      clients[i]->Abort();  // RST
    } else {
      clients[i]->Close();
    }
  }
  EXPECT_TRUE(AnswersPing());
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"SET", "still", "works"}), "+OK");
}

}  // namespace
}  // namespace slotcache::blackbox
