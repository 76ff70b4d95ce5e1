#include "server/cluster_runtime/node_identity.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace slotcache::server {
namespace {

class NodeIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/slotcache-nodeid-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/nodes.conf";
  }
  void TearDown() override {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  std::string dir_, path_;
  std::mt19937_64 rng_{42};
};

TEST_F(NodeIdentityTest, CreatedOnceThenKept) {
  absl::StatusOr<std::string> first = LoadOrCreateNodeId(path_, rng_);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 40u);
  EXPECT_EQ(first->find_first_not_of("0123456789abcdef"), std::string::npos);
  absl::StatusOr<std::string> again = LoadOrCreateNodeId(path_, rng_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
}

TEST_F(NodeIdentityTest, MalformedFileIsAnErrorNotANewIdentity) {
  std::ofstream(path_) << "myid not-hex\n";
  EXPECT_FALSE(LoadOrCreateNodeId(path_, rng_).ok());
}

TEST_F(NodeIdentityTest, RaftIdComesFromTheNodeId) {
  EXPECT_EQ(RaftIdOf("00000000000000ff" + std::string(24, '0')), 255u);
  EXPECT_EQ(RaftIdOf(std::string(40, '0')), 1u);
  EXPECT_EQ(RaftIdOf(std::string(40, 'f')), 0x7fffffffffffffffULL);  // fits a RESP integer
}

}  // namespace
}  // namespace slotcache::server
