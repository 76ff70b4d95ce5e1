// The fixture of the black-box cluster tests: a real 6-node LocalCluster started and converged
// for each test, and helpers to read what the nodes say about it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "redis-tests/local_cluster.h"
#include "redis-tests/subprocess.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {

inline std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}

// CLUSTER NODES without what is each node's own view, as in Redis: the "myself," flag and the
// ping-sent/pong-recv columns (5 and 6). The rest comes from the committed configuration.
inline std::string Topology(const std::string& nodes) {
  std::istringstream in(nodes);
  std::string topology;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> words = Words(line);
    if (words.size() < 8) return "<malformed line: " + line + ">";
    if (words[2].rfind("myself,", 0) == 0) words[2].erase(0, 7);
    words[4] = words[5] = "*";
    for (const std::string& word : words)
      topology += word + " ";
    topology += "\n";
  }
  return topology;
}

class ClusterTest : public ::testing::Test {
 protected:
  // Behind a NAT (see LocalCluster::Start) when a derived fixture says so.
  virtual bool BehindNat() const { return false; }
  // Arguments every node gets besides the cluster's own, when a derived fixture says so.
  virtual std::vector<std::string> ExtraArgs() const { return {}; }
  void SetUp() override {
    if (ServerProcess::IsRealRedis()) GTEST_SKIP() << "slotcache's own cluster bootstrap";
    std::string error;
    cluster_.set_extra_args(ExtraArgs());
    ASSERT_TRUE(cluster_.Start(&error, BehindNat())) << error;
    ASSERT_TRUE(cluster_.WaitForConvergence(20000)) << cluster_.Logs();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << cluster_.Logs();
  }
  std::string Bulk(int i, std::vector<std::string> args) {
    Context c = ConnectHiredis(cluster_.port(i));
    if (!c) return "<no connection>";
    Reply r = Command(c.get(), args);
    return r && r->type == REDIS_REPLY_STRING ? std::string(r->str, r->len) : Describe(r.get());
  }
  ProcessResult Cli(int i, std::vector<std::string> args) {
    std::vector<std::string> argv = {"redis-cli", "-c", "-p", std::to_string(cluster_.port(i))};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, "", 30000);
  }
  // Node i's own probes: every other member answered within the last minute (unix ms in the
  // pong-recv column), none is pending for long; its own line says 0 0. Waits up to 3 s for
  // the first answers of members that joined last.
  void ExpectRecentPongs(int i) {
    int64_t now_ms = static_cast<int64_t>(time(nullptr)) * 1000;
    std::string nodes;
    for (int waited = 0; waited < 3000; waited += 100) {
      nodes = Bulk(i, {"CLUSTER", "NODES"});
      if (nodes.find(" 0 0 ") == nodes.rfind(" 0 0 ")) break;  // only myself's line
      usleep(100 * 1000);
    }
    std::istringstream in(nodes);
    for (std::string line; std::getline(in, line);) {
      std::vector<std::string> w = Words(line);
      ASSERT_GE(w.size(), 8u) << line;
      if (w[2].rfind("myself,", 0) == 0) {
        EXPECT_EQ(w[4] + " " + w[5], "0 0") << line;
        continue;
      }
      int64_t ping_sent = std::stoll(w[4]), pong_recv = std::stoll(w[5]);
      EXPECT_GT(pong_recv, now_ms - 60000) << line;
      EXPECT_LT(pong_recv, now_ms + 60000) << line;
      EXPECT_TRUE(ping_sent == 0 || ping_sent > now_ms - 2000) << line;
      EXPECT_EQ(w[7], "connected") << line;
    }
  }
  // CLUSTER LINKS of node i, each link's fields by name (RESP2: flat name/value arrays).
  std::vector<std::map<std::string, std::string>> Links(int i) {
    std::vector<std::map<std::string, std::string>> links;
    Context c = ConnectHiredis(cluster_.port(i));
    Reply r = c ? Command(c.get(), {"CLUSTER", "LINKS"}) : nullptr;
    if (!r || r->type != REDIS_REPLY_ARRAY) return links;
    for (size_t l = 0; l < r->elements; ++l) {
      std::map<std::string, std::string> fields;
      const redisReply* link = r->element[l];
      for (size_t f = 0; f + 1 < link->elements; f += 2) {
        const redisReply* v = link->element[f + 1];
        fields[link->element[f]->str] = v->type == REDIS_REPLY_INTEGER
                                            ? std::to_string(v->integer)
                                            : std::string(v->str, v->len);
      }
      links.push_back(std::move(fields));
    }
    return links;
  }
  LocalCluster cluster_;
};

}  // namespace slotcache::blackbox
