// Shared helpers for cluster/ tests: deterministic 40-hex node ids and members.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "cluster/cluster_config.h"

namespace slotcache::cluster::test_support {

// A stable, valid node id for test node `n` (40 lowercase hex chars).
inline std::string NodeId(int n) {
  std::string id;
  for (uint64_t part = 0; id.size() < 40; ++part) {
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016llx",
                  static_cast<unsigned long long>(XXH64(&n, sizeof(n), part)));
    id += buf;
  }
  return id.substr(0, 40);
}

inline std::vector<std::string> NodeIds(int count, int first = 0) {
  std::vector<std::string> ids;
  for (int i = first; i < first + count; ++i)
    ids.push_back(NodeId(i));
  return ids;
}

// Test node `n` at 127.0.0.1:(7000 + n), bus port + 10000.
inline Member NodeMember(int n) {
  Member m;
  m.id = NodeId(n);
  m.ip = "127.0.0.1";
  m.port = 7000 + n;
  m.bus_port = 17000 + n;
  return m;
}

// 3 primaries (nodes 0..2) and node 3 replicating node 0.
inline ClusterConfig ThreePrimariesOneReplica() {
  ClusterConfig config;
  EXPECT_TRUE(Apply(&config, Bootstrap{{NodeMember(0), NodeMember(1), NodeMember(2)}}).ok());
  EXPECT_TRUE(Apply(&config, AddReplica{NodeMember(3), NodeId(0)}).ok());
  return config;
}

}  // namespace slotcache::cluster::test_support
