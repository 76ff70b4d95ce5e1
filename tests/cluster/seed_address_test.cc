#include "cluster/seed_address.h"

#include <gtest/gtest.h>

namespace slotcache::cluster {
namespace {

TEST(SeedAddressTest, BusPortDefaultsToPortPlus10000) {
  EXPECT_EQ(ParseSeedAddress("127.0.0.1:7000"), (SeedAddress{"127.0.0.1", 7000, 17000}));
  EXPECT_EQ(ParseSeedAddress("10.1.2.3:6379"), (SeedAddress{"10.1.2.3", 6379, 16379}));
}

TEST(SeedAddressTest, ExplicitBusPort) {
  EXPECT_EQ(ParseSeedAddress("203.0.113.5:30001@40001"),
            (SeedAddress{"203.0.113.5", 30001, 40001}));
  // With an explicit bus port, port + 10000 may lie past 65535.
  EXPECT_EQ(ParseSeedAddress("10.0.0.1:60000@7000"), (SeedAddress{"10.0.0.1", 60000, 7000}));
}

TEST(SeedAddressTest, Malformed) {
  for (const char* bad : {"", "7000", ":7000", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                          "127.0.0.1:x", "127.0.0.1:7000@", "127.0.0.1:7000@0",
                          "127.0.0.1:7000@70000", "127.0.0.1:60000", "127.0.0.1@17000"}) {
    EXPECT_FALSE(ParseSeedAddress(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace slotcache::cluster
