// Many hostile clients at once: random bytes, half commands then a disconnect, huge declared
// lengths, deep pipelines, and slowloris readers that never read. Throughout, clients old and new
// must get PONG promptly and no client's buffers may grow past a few MB; afterwards the memory
// is given back and data written before the storm is intact.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

// A PING's round trip on a connected socket. `net_ms` leaves out the time the server's main
// thread and the probing thread spent runnable but waiting for a CPU, which on a 2-core machine
// busy with compilers can pass a second; what remains is the server working for other clients,
// or blocked.
struct PingTime {
  bool answered = false;
  int64_t wall_ms = 0;
  int64_t net_ms = 0;
};

struct PingStats {
  int pings = 0;
  int slow = 0;  // over 1 s net of waits for a CPU
  int unanswered = 0;
  PingTime slowest;

  void Add(const PingTime& ping) {
    ++pings;
    unanswered += ping.answered ? 0 : 1;
    slow += ping.net_ms > 1000 ? 1 : 0;
    if (ping.net_ms >= slowest.net_ms) slowest = ping;
  }
};

std::ostream& operator<<(std::ostream& out, const PingStats& stats) {
  return out << stats.pings << " PINGs, " << stats.unanswered << " unanswered, " << stats.slow
             << " slow; slowest " << stats.slowest.net_ms << " ms net of waits for a CPU ("
             << stats.slowest.wall_ms << " ms wall)";
}

class ChaosTest : public BlackboxTest {
 protected:
  // Redis's default leaves normal clients' output unlimited; bound it like a deployment would.
  std::vector<std::string> ServerArgs() override {
    return {"--client-output-buffer-limit", "normal 64mb 32mb 10"};
  }

  PingTime TimePing(RawClient& client, int timeout_ms) {
    int64_t server_delay = server_.RunDelayNs();
    int64_t own_delay = ThisThreadRunDelayNs();
    int64_t start = NowMs();
    PingTime ping;
    ping.answered =
        client.Send("*1\r\n$4\r\nPING\r\n") && client.ReadLine(timeout_ms) == "+PONG\r\n";
    ping.wall_ms = NowMs() - start;
    int64_t waited_ns = 0;
    if (server_delay >= 0 && own_delay >= 0) {  // else (no schedstat) the wall time stands
      waited_ns = (server_.RunDelayNs() - server_delay) + (ThisThreadRunDelayNs() - own_delay);
    }
    ping.net_ms = std::max<int64_t>(0, ping.wall_ms - waited_ns / 1000000);
    return ping;
  }
};

// A client that never reads: slotcache stops reading a client with 1 MB of replies pending, so
// one more 100 KB reply, the reply string's doubling and the input buffers stay under 4 MB
// (Redis 7.0, which has no such pause, fills one to ~40 MB here).
constexpr int64_t kClientMemoryLimit = 4 << 20;

// RSS only catches gross growth: it keeps what the floods' piled-up connections read at once
// (glibc does not give it back; 60-259 MB seen on 2 cores, depending on how many pile up), so
// the server's own accounting is the real bound. 10000 clients (maxclients) reading a 16 KB chunk
// each, fragmented, stay well under 1 GB; ASan's quarantine keeps up to 256 MB of freed blocks
// more.
#ifdef SLOTCACHE_SANITIZED_SERVER
constexpr int64_t kMaxGrowthKb = (1024 + 256) * 1024;
#else
constexpr int64_t kMaxGrowthKb = 1024 * 1024;
#endif

// The largest tot-mem (a client's buffers, as CLIENT LIST counts them) of all clients; -1 if
// CLIENT LIST got no answer.
int64_t LargestClientMemory(redisContext* c) {
  Reply r = Command(c, {"CLIENT", "LIST"});
  if (!r || r->type != REDIS_REPLY_STRING) return -1;
  std::string_view list(r->str, r->len);
  int64_t largest = 0;
  for (size_t at = list.find(" tot-mem="); at != std::string_view::npos;
       at = list.find(" tot-mem=", at + 1)) {
    largest = std::max<int64_t>(largest, std::strtoll(r->str + at + 9, nullptr, 10));
  }
  return largest;
}

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
  // Real Redis 7.0 meets the PONG bounds, not the memory ones: it keeps reading a client that
  // never reads (~40 MB of replies here, up to the 64 MB limit). Its accept queue also stays full
  // longer: fresh connects took up to 7 s (three dropped SYNs).
  if (ServerProcess::IsRealRedis()) GTEST_SKIP() << "slotcache-only: stops reading such clients";
  Context c = Connect();
  ASSERT_TRUE(c);
  ASSERT_EQ(Cmd(c.get(), {"SET", "big", std::string(100 * 1024, 'x')}), "+OK");
  ASSERT_EQ(Cmd(c.get(), {"SET", "keep", "safe"}), "+OK");
  int64_t baseline_kb = server_.RssKb();
  int64_t baseline_used = std::stoll(InfoField(c.get(), "memory", "used_memory"));
  std::string clients_before = InfoField(c.get(), "clients", "connected_clients");
  timeval patient = {30, 0};  // CLIENT LIST of thousands of clients on a loaded machine
  redisSetTimeout(c.get(), patient);
  std::atomic<bool> stop{false};
  std::vector<std::thread> attackers;
  for (int i = 0; i < 10; ++i) {
    attackers.emplace_back(Attack, port(), i % 5, 1000u + static_cast<unsigned>(i),
                           std::cref(stop));
  }
  // The server answers within 1 s of its own time both a client connected before the storm
  // (probed all along, so no stall of the loop goes unseen) and a fresh connection once it is
  // connected (the server must drain the accept queue up to it). The connect itself is the
  // kernel's: the attackers keep the accept queue full, and a SYN that finds it full is dropped
  // and sent again after 1, 3, 7, 15 s however prompt the server is. 20 s is only where a probe
  // gives up: a server blocked behind a client never answers.
  constexpr int kGiveUpMs = 20000;
  RawClient steady;
  ASSERT_TRUE(steady.Connect(port()));
  PingStats steady_stats;
  std::atomic<bool> stop_steady{false};
  std::thread steady_prober([&] {
    while (!stop_steady && steady_stats.unanswered == 0) {
      steady_stats.Add(TimePing(steady, kGiveUpMs));
      usleep(50 * 1000);
    }
  });
  PingStats fresh_stats;
  int64_t slowest_connect_ms = 0;
  int64_t peak_kb = baseline_kb;
  int64_t largest_client = 0;
  int client_list_failures = 0;
  for (int tick = 0; tick < 40 && fresh_stats.unanswered == 0; ++tick) {  // about 4 s of chaos
    usleep(100 * 1000);
    RawClient fresh;
    int64_t start = NowMs();
    bool connected = fresh.Connect(port(), kGiveUpMs);
    slowest_connect_ms = std::max(slowest_connect_ms, NowMs() - start);
    fresh_stats.Add(connected ? TimePing(fresh, kGiveUpMs) : PingTime{});
    peak_kb = std::max(peak_kb, server_.RssKb());
    int64_t largest = LargestClientMemory(c.get());
    client_list_failures += largest < 0 ? 1 : 0;
    largest_client = std::max(largest_client, largest);
  }
  stop_steady = true;
  steady_prober.join();
  stop = true;
  for (std::thread& t : attackers)
    t.join();
  std::cout << "connected before: " << steady_stats << "\nfresh: " << fresh_stats
            << "; slowest connect " << slowest_connect_ms << " ms\nRSS grew "
            << (peak_kb - baseline_kb) / 1024 << " MB; largest client " << largest_client / 1024
            << " KB\n";
  EXPECT_EQ(steady_stats.unanswered + fresh_stats.unanswered, 0) << "no PONG within 20 s";
  EXPECT_EQ(steady_stats.slow + fresh_stats.slow, 0) << "PONGs over 1 s net of waits for a CPU";
  EXPECT_EQ(client_list_failures, 0) << "CLIENT LIST got no answer within 30 s";
  EXPECT_LE(largest_client, kClientMemoryLimit) << "a client's buffers outgrew the limit";
  // Once the attackers' connections are all closed, so is their memory: used_memory is back to
  // within 2 MB of before the storm (tables that grew stay grown).
  steady.Close();
  int64_t deadline = NowMs() + 10000;
  while (InfoField(c.get(), "clients", "connected_clients") != clients_before &&
         NowMs() < deadline) {
    usleep(20 * 1000);
  }
  ASSERT_EQ(InfoField(c.get(), "clients", "connected_clients"), clients_before);
  int64_t used_after = std::stoll(InfoField(c.get(), "memory", "used_memory"));
  std::cout << "used_memory " << (used_after - baseline_used) / 1024 << " KB over before\n";
  EXPECT_LE(used_after, baseline_used + (2 << 20)) << "used_memory before: " << baseline_used;
  EXPECT_LT(peak_kb - baseline_kb, kMaxGrowthKb) << "RSS grew from " << baseline_kb << " KB";
  EXPECT_TRUE(server_.Running());
  Context after = Connect();
  ASSERT_TRUE(after);
  EXPECT_EQ(Cmd(after.get(), {"GET", "keep"}), "$safe");
}

}  // namespace
}  // namespace slotcache::blackbox
