#include "server/aof/aof_manifest.h"

#include <gtest/gtest.h>

namespace slotcache::server {
namespace {

TEST(AofManifestTest, NamesFollowRedis7) {
  EXPECT_EQ(AofBaseName("appendonly.aof", 3), "appendonly.aof.3.base.aof");
  EXPECT_EQ(AofIncrName("appendonly.aof", 7), "appendonly.aof.7.incr.aof");
  EXPECT_EQ(AofManifestName("appendonly.aof"), "appendonly.aof.manifest");
}

TEST(AofManifestTest, FormatsBaseHistoryThenIncrsAndParsesItBack) {
  AofManifest m;
  m.base = AofFileEntry{"a.aof.2.base.aof", 2, AofFileType::kBase};
  m.history = {{"a.aof.1.base.aof", 1, AofFileType::kHistory}};
  m.incrs = {{"a.aof.3.incr.aof", 3, AofFileType::kIncr}, {"a.aof.4.incr.aof", 4}};
  std::string text = FormatAofManifest(m);
  EXPECT_EQ(text,
            "file a.aof.2.base.aof seq 2 type b\n"
            "file a.aof.1.base.aof seq 1 type h\n"
            "file a.aof.3.incr.aof seq 3 type i\n"
            "file a.aof.4.incr.aof seq 4 type i\n");
  absl::StatusOr<AofManifest> parsed = ParseAofManifest(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->LoadOrder(),
            (std::vector<std::string>{"a.aof.2.base.aof", "a.aof.3.incr.aof", "a.aof.4.incr.aof"}));
  EXPECT_EQ(parsed->base_seq(), 2);
  EXPECT_EQ(parsed->last_incr_seq(), 4);
  EXPECT_EQ(parsed->history.size(), 1u);
}

TEST(AofManifestTest, ReadsRedisWrittenManifests) {
  // As redis-server 7.0 writes it (keys in any order are accepted, comments skipped).
  absl::StatusOr<AofManifest> parsed = ParseAofManifest(
      "# comment\nfile appendonly.aof.1.base.rdb seq 1 type b\n"
      "seq 1 type i file appendonly.aof.1.incr.aof\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->base->name, "appendonly.aof.1.base.rdb");
  EXPECT_EQ(parsed->incrs.at(0).name, "appendonly.aof.1.incr.aof");
}

TEST(AofManifestTest, RejectsBrokenManifests) {
  EXPECT_FALSE(ParseAofManifest("").ok());
  EXPECT_FALSE(ParseAofManifest("file a seq 1\n").ok());            // no type
  EXPECT_FALSE(ParseAofManifest("file a seq x type b\n").ok());     // seq not a number
  EXPECT_FALSE(ParseAofManifest("file a seq 1 type z\n").ok());     // unknown type
  EXPECT_FALSE(ParseAofManifest("file ../a seq 1 type b\n").ok());  // a path
  EXPECT_FALSE(ParseAofManifest("file a seq 1 type b\nfile b seq 2 type b\n").ok());
  EXPECT_FALSE(ParseAofManifest("file a seq 2 type i\nfile b seq 1 type i\n").ok());
  absl::StatusOr<AofManifest> odd = ParseAofManifest("file a seq 1 type\n");
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.status().message().find("line 1"), std::string_view::npos);
}

}  // namespace
}  // namespace slotcache::server
