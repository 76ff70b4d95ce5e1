#include "cluster/config_codec.h"

#include <random>

#include <gtest/gtest.h>

#include "tests/cluster/cluster_test_util.h"

namespace slotcache::cluster {
namespace {

using test_support::NodeId;
using test_support::NodeMember;

std::vector<ConfigEntry> SampleEntries() {
  Member failed_replica = NodeMember(4);
  failed_replica.role = Role::kReplica;
  failed_replica.primary_id = NodeId(1);
  failed_replica.failed = true;
  return {Bootstrap{{NodeMember(0), NodeMember(1), NodeMember(2)}},
          Bootstrap{},
          AddPrimary{NodeMember(3)},
          AddReplica{failed_replica, NodeId(1)},
          RemoveMember{NodeId(2)},
          MarkFailed{NodeId(1), true},
          MarkFailed{NodeId(1), false},
          Promote{NodeId(4)},
          RemoveMember{""}};
}

ClusterConfig SampleConfig() {
  ClusterConfig config;
  EXPECT_TRUE(Apply(&config, Bootstrap{{NodeMember(0), NodeMember(1), NodeMember(2)}}).ok());
  EXPECT_TRUE(Apply(&config, AddReplica{NodeMember(3), NodeId(0)}).ok());
  EXPECT_TRUE(Apply(&config, MarkFailed{NodeId(2), true}).ok());
  return config;
}

TEST(ConfigCodecTest, EntriesRoundTrip) {
  for (const ConfigEntry& entry : SampleEntries()) {
    std::string bytes = Encode(entry);
    EXPECT_EQ(static_cast<uint8_t>(bytes[0]), kCodecVersion);
    EXPECT_EQ(static_cast<size_t>(bytes[1]), entry.index() + 1);
    absl::StatusOr<ConfigEntry> decoded = Decode(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, entry);
  }
}

TEST(ConfigCodecTest, KnownBytesForAPromote) {
  // Pins the wire format: entries are stored in Raft logs and must stay readable.
  std::string expected(
      "\x01\x06\x03\x00\x00\x00"
      "abc",
      9);
  EXPECT_EQ(Encode(Promote{"abc"}), expected);
  std::string failed(
      "\x01\x05\x01\x00\x00\x00"
      "x\x01",
      8);
  EXPECT_EQ(Encode(MarkFailed{"x", true}), failed);
}

TEST(ConfigCodecTest, RejectsBadHeadersAndTrailingBytes) {
  std::string good = Encode(RemoveMember{NodeId(1)});
  EXPECT_FALSE(Decode("").ok());
  EXPECT_FALSE(Decode(std::string_view("\x01", 1)).ok());
  std::string other_version = good;
  other_version[0] = 2;
  EXPECT_FALSE(Decode(other_version).ok());
  std::string unknown_tag = good;
  unknown_tag[1] = 7;
  EXPECT_FALSE(Decode(unknown_tag).ok());
  EXPECT_FALSE(Decode(good + "x").ok());
  std::string bad_bool = Encode(MarkFailed{"x", true});
  bad_bool.back() = 2;
  EXPECT_FALSE(Decode(bad_bool).ok());
}

TEST(ConfigCodecTest, EveryTruncationIsAnError) {
  for (const ConfigEntry& entry : SampleEntries()) {
    std::string bytes = Encode(entry);
    for (size_t len = 0; len < bytes.size(); ++len) {
      EXPECT_FALSE(Decode(std::string_view(bytes).substr(0, len)).ok()) << len;
    }
  }
  std::string snapshot = EncodeConfig(SampleConfig());
  for (size_t len = 0; len < snapshot.size(); ++len) {
    EXPECT_FALSE(DecodeConfig(std::string_view(snapshot).substr(0, len)).ok()) << len;
  }
}

TEST(ConfigCodecTest, RandomAndMutatedBytesNeverCrash) {
  std::mt19937 rng(7);
  std::vector<std::string> seeds;
  for (const ConfigEntry& entry : SampleEntries())
    seeds.push_back(Encode(entry));
  seeds.push_back(EncodeConfig(SampleConfig()));
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = seeds[rng() % seeds.size()];
    if (round % 4 == 0) {  // pure noise, sometimes with a valid header
      bytes.assign(rng() % 64, '\0');
      for (char& c : bytes)
        c = static_cast<char>(rng());
      if (bytes.size() >= 2 && round % 8 == 0) bytes[0] = kCodecVersion;
    } else {  // flip a few bytes of a valid encoding: forged lengths, counts, tags
      for (int flips = 1 + rng() % 3; flips > 0; --flips) {
        bytes[rng() % bytes.size()] = static_cast<char>(rng());
      }
    }
    absl::StatusOr<ConfigEntry> entry = Decode(bytes);
    if (entry.ok()) {
      EXPECT_EQ(Encode(*entry), bytes);  // whatever decodes re-encodes to the same bytes
    }
    absl::StatusOr<ClusterConfig> config = DecodeConfig(bytes);
    if (config.ok()) {
      EXPECT_TRUE(Validate(*config).ok());
    }
  }
}

TEST(ConfigCodecTest, HugeLengthsAndCountsFailWithoutAllocating) {
  std::string huge_string(
      "\x01\x04\xff\xff\xff\xff"
      "abc",
      9);
  EXPECT_FALSE(Decode(huge_string).ok());
  std::string huge_count("\x01\x01\xff\xff\xff\xff", 6);
  EXPECT_FALSE(Decode(huge_count).ok());
}

TEST(ConfigCodecTest, SnapshotRoundTrips) {
  ClusterConfig config = SampleConfig();
  absl::StatusOr<ClusterConfig> decoded = DecodeConfig(EncodeConfig(config));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, config);
  absl::StatusOr<ClusterConfig> empty = DecodeConfig(EncodeConfig(ClusterConfig{}));
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(*empty, ClusterConfig{});
}

TEST(ConfigCodecTest, SnapshotRejectsInconsistentConfigurations) {
  ClusterConfig config = SampleConfig();
  config.placement.owners[3] = config.placement.owners[4] == NodeId(0) ? NodeId(1) : NodeId(0);
  config.placement.owners[9] = NodeId(3);  // a replica owning a block
  EXPECT_FALSE(DecodeConfig(EncodeConfig(config)).ok());
  EXPECT_FALSE(DecodeConfig(Encode(Promote{"abc"})).ok());  // an entry, not a snapshot
}

}  // namespace
}  // namespace slotcache::cluster
