// HealthProber without sockets: a fake host records the PINGs and proposals, and the test answers
// them at chosen loop times. Node 'a' probes primaries 'b' and 'c' (cluster-node-timeout 2000 ms).
#include "server/cluster_runtime/health_prober.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "tests/server/cluster_test_util.h"

namespace slotcache::server {
namespace {

constexpr int64_t kTimeout = 2000;  // cluster-node-timeout: probe every 500 ms, PING timeout 1000

class FakeHost : public HealthProber::Host {
 public:
  struct SentPing {
    std::string id;
    int64_t timeout_ms = 0;
    std::function<void(bool, int64_t)> done;
  };

  void Ping(const cluster::Member& member, int64_t timeout_ms,
            std::function<void(bool answered, int64_t now_ms)> done) override {
    pings.push_back({member.id, timeout_ms, std::move(done)});
  }
  bool ProposalInFlight() const override { return in_flight; }
  void ProposeFailure(const cluster::MarkFailed& mark) override {
    proposed.push_back(mark);
    in_flight = true;
  }

  // Finishes the PINGs sent so far, in order, and forgets them.
  void AnswerAll(bool answered, int64_t now_ms) {
    std::vector<SentPing> sent = std::move(pings);
    pings.clear();
    for (SentPing& ping : sent)
      ping.done(answered, now_ms);
  }

  std::vector<SentPing> pings;
  std::vector<cluster::MarkFailed> proposed;
  bool in_flight = false;
};

class HealthProberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    view_.enabled = true;
    view_.self_id = Id('a');
    ASSERT_TRUE(cluster::Apply(&view_.config, cluster::Bootstrap{{Node('a', 7000), Node('b', 7001),
                                                                  Node('c', 7002)}})
                    .ok());
  }

  std::vector<std::string> PingedIds() const {
    std::vector<std::string> ids;
    for (const FakeHost::SentPing& ping : host_.pings)
      ids.push_back(ping.id);
    return ids;
  }

  ClusterView view_;
  FakeHost host_;
  HealthProber prober_{view_, host_};
};

TEST(ProbeIntervalTest, AQuarterOfTheNodeTimeoutWithinBounds) {
  EXPECT_EQ(ProbeIntervalMs(15000), 1000);  // the default timeout: once a second
  EXPECT_EQ(ProbeIntervalMs(2000), 500);
  EXPECT_EQ(ProbeIntervalMs(400), 200);  // never more often than every 200 ms
  EXPECT_EQ(ProbeTimeoutMs(15000), 7500);
  EXPECT_EQ(ProbeTimeoutMs(100), 100);
}

TEST_F(HealthProberTest, PingsEveryOtherMemberOncePerInterval) {
  prober_.ProbePeers(10000, kTimeout);
  EXPECT_EQ(PingedIds(), (std::vector<std::string>{Id('b'), Id('c')}));
  EXPECT_EQ(host_.pings[0].timeout_ms, 1000);
  EXPECT_EQ(view_.probes_sent, 2u);
  EXPECT_GT(view_.HealthOf(Id('b')).ping_sent_ms, 0);

  prober_.ProbePeers(10600, kTimeout);  // due, but the first PINGs are still in flight
  EXPECT_EQ(host_.pings.size(), 2u);
  host_.AnswerAll(true, 10700);
  EXPECT_EQ(view_.probes_answered, 2u);
  EXPECT_EQ(view_.HealthOf(Id('b')).ping_sent_ms, 0);
  EXPECT_GT(view_.HealthOf(Id('b')).pong_recv_ms, 0);

  prober_.ProbePeers(10800, kTimeout);  // answered and due (10000 + 500): probed again
  EXPECT_EQ(host_.pings.size(), 2u);
  host_.AnswerAll(true, 10800);
  prober_.ProbePeers(11200, kTimeout);  // next at 11300
  EXPECT_EQ(host_.pings.size(), 0u);
  prober_.ProbePeers(11300, kTimeout);
  EXPECT_EQ(host_.pings.size(), 2u);
  EXPECT_EQ(view_.probes_sent, 6u);
}

TEST_F(HealthProberTest, UnansweredForLongerThanTheTimeoutIsFailQuestion) {
  prober_.ProbePeers(10000, kTimeout);  // first seen at 10000: judged from then on
  host_.AnswerAll(false, 11000);
  EXPECT_FALSE(view_.HealthOf(Id('b')).link_up);
  EXPECT_FALSE(view_.HealthOf(Id('b')).pfail);

  prober_.ProbePeers(12000, kTimeout);  // exactly the timeout: not yet
  EXPECT_FALSE(view_.HealthOf(Id('b')).pfail);
  host_.AnswerAll(false, 12000);
  prober_.ProbePeers(12001, kTimeout);
  EXPECT_TRUE(view_.HealthOf(Id('b')).pfail);
  EXPECT_EQ(view_.probes_answered, 0u);

  prober_.ProbePeers(12500, kTimeout);
  host_.AnswerAll(true, 12600);  // any answer clears fail? at once
  PeerHealth b = view_.HealthOf(Id('b'));
  EXPECT_TRUE(b.link_up);
  EXPECT_FALSE(b.pfail);
  EXPECT_EQ(b.ping_sent_ms, 0);
  prober_.ProbePeers(14600, kTimeout);  // the timeout counts from the last answer
  EXPECT_FALSE(view_.HealthOf(Id('b')).pfail);
  prober_.ProbePeers(14601, kTimeout);
  EXPECT_TRUE(view_.HealthOf(Id('b')).pfail);
}

TEST_F(HealthProberTest, ForgetsMembersThatLeft) {
  prober_.ProbePeers(10000, kTimeout);
  ASSERT_TRUE(cluster::Apply(&view_.config, cluster::RemoveMember{Id('c')}).ok());
  prober_.ProbePeers(10100, kTimeout);
  EXPECT_FALSE(view_.health.contains(Id('c')));
  host_.AnswerAll(true, 10200);  // c's late answer is dropped
  EXPECT_FALSE(view_.health.contains(Id('c')));
  EXPECT_EQ(view_.probes_answered, 1u);
}

TEST_F(HealthProberTest, ProposesFailureFlagsOneAtATime) {
  prober_.ProbePeers(10000, kTimeout);
  host_.AnswerAll(false, 11000);
  prober_.CommitFailures();  // nobody is fail? yet
  EXPECT_TRUE(host_.proposed.empty());

  prober_.ProbePeers(12001, kTimeout);
  prober_.CommitFailures();
  prober_.CommitFailures();  // the first proposal is still in flight
  ASSERT_EQ(host_.proposed, (std::vector<cluster::MarkFailed>{{Id('b'), true}}));

  ASSERT_TRUE(cluster::Apply(&view_.config, host_.proposed[0]).ok());
  host_.in_flight = false;
  prober_.CommitFailures();
  ASSERT_EQ(host_.proposed.back(), (cluster::MarkFailed{Id('c'), true}));
  ASSERT_TRUE(cluster::Apply(&view_.config, host_.proposed.back()).ok());
  host_.in_flight = false;
  prober_.CommitFailures();  // the flags match the view: nothing to do
  EXPECT_EQ(host_.proposed.size(), 2u);

  host_.AnswerAll(true, 12100);  // both answer again: the flags are cleared one by one
  prober_.CommitFailures();
  EXPECT_EQ(host_.proposed.back(), (cluster::MarkFailed{Id('b'), false}));
  EXPECT_EQ(host_.proposed.size(), 3u);
}

}  // namespace
}  // namespace slotcache::server
