// In-process cluster fixtures: members with made-up ids, and a harness whose node ('a') is one
// of three bootstrapped primaries (a, b, c on ports 7000-7002), configured by the same state
// machine the Raft log drives.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "cluster/cluster_config.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {

inline std::string Id(char c) {
  return std::string(40, c);
}

inline cluster::Member Node(char c, int port) {
  cluster::Member m;
  m.id = Id(c);
  m.ip = "127.0.0.1";
  m.port = port;
  m.bus_port = port + 10000;
  return m;
}

class ThreePrimaryClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClusterView& view = h_.state().cluster();
    view.enabled = true;
    view.self_id = Id('a');
    ASSERT_TRUE(cluster::Apply(&view.config, cluster::Bootstrap{{Node('a', 7000), Node('b', 7001),
                                                                 Node('c', 7002)}})
                    .ok());
  }
  CommandHarness h_;
};

}  // namespace slotcache::server
