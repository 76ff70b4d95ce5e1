// Many hostile clients at once: random bytes, half commands then a disconnect, huge declared
// lengths, deep pipelines, and slowloris readers that never read. Throughout, a fresh connection
// must get PONG promptly and the server's memory must stay bounded; afterwards data written
// before the storm is intact.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class ChaosTest : public BlackboxTest {
 protected:
  // Redis's default leaves normal clients' output unlimited; bound it like a deployment would.
  std::vector<std::string> ServerArgs() override {
    return {"--client-output-buffer-limit", "normal 64mb 32mb 10"};
  }
};

// About 25 MB here without sanitizers; ASan's quarantine keeps up to 256 MB of freed blocks.
#ifdef SLOTCACHE_SANITIZED_SERVER
constexpr int64_t kMaxGrowthKb = 768 * 1024;
#else
constexpr int64_t kMaxGrowthKb = 128 * 1024;
#endif

// One hostile client doing `kind` until `stop`.
void Attack(int port, int kind, unsigned seed, const std::atomic<bool>& stop) {
  std::mt19937 rng(seed);
  const std::string get_big = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n";
  while (!stop) {
    RawClient c;
    if (!c.Connect(port, 1000)) continue;
    switch (kind) {
      case 0: {  // random bytes, then RST
        std::string bytes(1 + rng() % 4096, '\0');
        for (char& b : bytes)
          b = static_cast<char>(rng());
        c.SendSome(bytes);
        c.Abort();
        break;
      }
      case 1:  // half a command, then gone
        c.SendSome("*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$100\r\nabc");
        c.Close();
        break;
      case 2:  // huge declared lengths
        c.SendSome(rng() % 2 ? "*2\r\n$3\r\nGET\r\n$999999999999\r\n" : "*2147483647\r\n");
        c.WaitClosed(1000);
        break;
      case 3: {  // a deep pipeline, read back
        std::string pipeline;
        for (int i = 0; i < 5000; ++i)
          pipeline += "*1\r\n$4\r\nPING\r\n";
        c.Send(pipeline);
        c.ReadExactly(5000 * 7, 5000);
        break;
      }
      default: {  // slowloris: asks for big replies, never reads, holds on for a while
        std::string requests;
        for (int i = 0; i < 200; ++i)
          requests += get_big;
        for (int i = 0; i < 20 && !stop; ++i) {
          c.SendSome(requests);
          usleep(50 * 1000);
        }
        c.Abort();
      }
    }
  }
}

TEST_F(ChaosTest, ServerStaysResponsiveAndBoundedUnderHostileClients) {
  // Real Redis 7.0 fails the latency bound here (a fresh PING waited over 1 s behind the
  // slowloris clients' replies), so this is a slotcache-only guarantee.
  if (ServerProcess::IsRealRedis()) GTEST_SKIP() << "slotcache-only latency guarantee";
  Context c = Connect();
  ASSERT_TRUE(c);
  ASSERT_EQ(Cmd(c.get(), {"SET", "big", std::string(100 * 1024, 'x')}), "+OK");
  ASSERT_EQ(Cmd(c.get(), {"SET", "keep", "safe"}), "+OK");
  int64_t baseline_kb = server_.RssKb();
  std::atomic<bool> stop{false};
  std::vector<std::thread> attackers;
  for (int i = 0; i < 10; ++i) {
    attackers.emplace_back(Attack, port(), i % 5, 1000u + static_cast<unsigned>(i),
                           std::cref(stop));
  }
  int64_t peak_kb = baseline_kb;
  // Every fresh connection gets its PONG within 3 s, and all but at most one of the 40 within
  // 1 s: on a 2-core CI machine busy with compilers, one probe can miss 1 s through scheduling
  // alone (the session-1 binary does too, about one run in three, under the same load).
  int slow_pings = 0;
  int unanswered = 0;
  for (int tick = 0; tick < 40; ++tick) {  // about 4 s of chaos
    usleep(100 * 1000);
    auto start = std::chrono::steady_clock::now();
    if (!AnswersPing(3000)) {
      ++unanswered;
    } else if (std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) {
      ++slow_pings;
    }
    peak_kb = std::max(peak_kb, server_.RssKb());
  }
  stop = true;
  for (std::thread& t : attackers)
    t.join();
  EXPECT_EQ(unanswered, 0) << "fresh connections waited over 3 s for PONG";
  EXPECT_LE(slow_pings, 1) << "fresh connections waited over 1 s for PONG";
  EXPECT_LT(peak_kb - baseline_kb, kMaxGrowthKb) << "RSS grew from " << baseline_kb << " KB";
  EXPECT_TRUE(server_.Running());
  Context after = Connect();
  ASSERT_TRUE(after);
  EXPECT_EQ(Cmd(after.get(), {"GET", "keep"}), "$safe");
}

}  // namespace
}  // namespace slotcache::blackbox
