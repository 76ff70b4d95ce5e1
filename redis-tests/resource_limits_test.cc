// Clients that misbehave with resources: one that pipelines without reading its replies, and
// clients that vanish while a big reply is being written. The server's memory stays bounded and
// other clients keep being served.
#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

constexpr int64_t kMaxGrowthKb = 200 * 1024;

class SlowReaderTest : public BlackboxTest {
 protected:
  // Redis's default leaves normal clients' output unlimited; with this limit the oracle closes
  // the hog instead of buffering gigabytes. slotcache stops reading such a client long before.
  std::vector<std::string> ServerArgs() override {
    return {"--client-output-buffer-limit", "normal", "64mb", "32mb", "10"};
  }

  // Expects a fresh connection to get +PONG within a second.
  void ExpectPromptPing() {
    int64_t start = NowMs();
    EXPECT_TRUE(AnswersPing(2000)) << "PING not answered while a client hogs output";
    EXPECT_LT(NowMs() - start, 1000);
  }

  // Writes up to 200k GETs of `v` (2 GB of replies) on `hog` as fast as the server takes them,
  // never reading; stops once the server has taken nothing for 1.5 s. Pings meanwhile.
  size_t PipelineWithoutReading(RawClient* hog) {
    std::string get = "*2\r\n$3\r\nGET\r\n$1\r\nv\r\n";
    std::string batch;
    for (int i = 0; i < 1000; ++i)
      batch += get;
    size_t sent = 0, offset = 0;
    int64_t stalled_since = NowMs(), last_ping = 0;
    while (sent < 200000 * get.size() && NowMs() - stalled_since < 1500) {
      size_t n = hog->SendSome(std::string_view(batch).substr(offset));
      sent += n;
      offset = (offset + n) % batch.size();
      if (n > 0) stalled_since = NowMs();
      if (n == 0) usleep(1000);
      if (NowMs() - last_ping > 250) {
        last_ping = NowMs();
        ExpectPromptPing();
      }
    }
    return sent;
  }
};

TEST_F(SlowReaderTest, PipelinedGetsWithoutReadingKeepMemoryBounded) {
  Context c = Connect();
  ASSERT_TRUE(c);
  ASSERT_EQ(Cmd(c.get(), {"SET", "v", std::string(10 * 1024, 'x')}), "+OK");
  int64_t baseline_kb = server_.RssKb();
  ASSERT_GT(baseline_kb, 0);
  RawClient hog;
  ASSERT_TRUE(hog.Connect(port()));
  size_t sent = PipelineWithoutReading(&hog);
  // Let the server work through what it did read, still answering others.
  for (int i = 0; i < 4; ++i) {
    usleep(250000);
    ExpectPromptPing();
  }
  int64_t peak_kb = server_.PeakRssKb();
  EXPECT_LT(peak_kb - baseline_kb, kMaxGrowthKb)
      << "baseline " << baseline_kb << " KB, peak " << peak_kb << " KB, sent " << sent;
  hog.Abort();
  EXPECT_TRUE(AnswersPing());
}

class VanishingClientTest : public BlackboxTest {};

TEST_F(VanishingClientTest, ClientsCloseWhileABigReplyIsWritten) {
  Context c = Connect();
  ASSERT_TRUE(c);
  std::string value(20 * 1024 * 1024, 'b');
  ASSERT_EQ(Cmd(c.get(), {"SET", "big", value}), "+OK");
  std::string get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n";
  for (int i = 0; i < 20; ++i) {
    RawClient client;
    ASSERT_TRUE(client.Connect(port()));
    ASSERT_TRUE(client.Send(i % 4 == 0 ? get + get + get + get : get));
    if (i % 2 == 0) client.ReadExactly(64 * 1024, 2000);  // a part of the reply, then gone
    if (i % 3 == 0) {
      client.Abort();
    } else {
      client.Close();
    }
  }
  EXPECT_TRUE(AnswersPing());
  Reply r = Command(c.get(), {"GET", "big"});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->type, REDIS_REPLY_STRING);
  EXPECT_EQ(r->len, value.size());
  EXPECT_EQ(Cmd(c.get(), {"STRLEN", "big"}), ":20971520");
}

}  // namespace
}  // namespace slotcache::blackbox
