// Health probes: every node PINGs every other member's client port once per probe interval. The
// answers are this node's own view (Redis's ping-sent/pong-recv columns, link state and PFAIL
// "fail?"); the leader turns a view that lasts longer than cluster-node-timeout into a committed
// MarkFailed, so that the flag every node shows is the same.
#include "server/cluster_runtime/health_prober.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "server/base/clock.h"

namespace slotcache::server {

// Like Redis, which pings every node at least every node_timeout/2: often enough to notice a
// failure well within the timeout, rarely enough that N nodes probing N-1 peers stay cheap.
int64_t ProbeIntervalMs(int64_t node_timeout_ms) {
  return std::clamp<int64_t>(node_timeout_ms / 4, 200, 1000);
}

int64_t ProbeTimeoutMs(int64_t node_timeout_ms) {
  return std::max<int64_t>(node_timeout_ms / 2, 100);
}

void HealthProber::ProbePeers(int64_t now_ms, int64_t node_timeout_ms) {
  // Forget members that left the configuration.
  absl::erase_if(probes_,
                 [&](const auto& p) { return !cluster::FindMember(view_.config, p.first); });
  absl::erase_if(view_.health,
                 [&](const auto& h) { return !cluster::FindMember(view_.config, h.first); });
  for (const cluster::Member& m : view_.config.members) {
    if (m.id == view_.self_id) continue;
    auto [probe, added] = probes_.try_emplace(m.id);
    if (added) probe->second.last_answer_ms = now_ms;  // a full timeout before judging it
    if (!probe->second.in_flight && now_ms >= probe->second.next_probe_ms) {
      SendProbe(m, now_ms, node_timeout_ms);
    }
    view_.health[m.id].pfail = now_ms - probe->second.last_answer_ms > node_timeout_ms;
  }
}

void HealthProber::SendProbe(const cluster::Member& member, int64_t now_ms,
                             int64_t node_timeout_ms) {
  Probe& probe = probes_[member.id];
  probe.in_flight = true;
  probe.next_probe_ms = now_ms + ProbeIntervalMs(node_timeout_ms);
  PeerHealth& health = view_.health[member.id];
  if (health.ping_sent_ms == 0) health.ping_sent_ms = WallClockMs();
  ++view_.probes_sent;
  host_.Ping(member, ProbeTimeoutMs(node_timeout_ms),
             [this, id = member.id](bool answered, int64_t done_ms) {
               OnProbeDone(id, answered, done_ms);
             });
}

// Any reply counts as an answer (a node that is loading still answers); a connection failure
// or a timeout does not. Also runs with `answered` false when the node stops.
void HealthProber::OnProbeDone(const std::string& id, bool answered, int64_t now_ms) {
  auto probe = probes_.find(id);
  if (probe == probes_.end()) return;  // the member left meanwhile
  probe->second.in_flight = false;
  PeerHealth& health = view_.health[id];
  health.link_up = answered;
  if (!answered) return;
  probe->second.last_answer_ms = now_ms;
  health.ping_sent_ms = 0;
  health.pong_recv_ms = WallClockMs();
  health.pfail = false;
  ++view_.probes_answered;
}

// Commits the failure flag of a member this node has not heard from for longer than
// cluster-node-timeout, and clears it once the member answers again.
void HealthProber::CommitFailures() {
  for (const cluster::Member& m : view_.config.members) {
    if (m.id == view_.self_id || host_.ProposalInFlight()) continue;
    bool unreachable = view_.HealthOf(m.id).pfail;
    if (unreachable == m.failed) continue;
    spdlog::info("Node {} ({}:{}) is {}", m.id, m.ip, m.port,
                 unreachable ? "unreachable: flagging it as failed" : "reachable again");
    host_.ProposeFailure(cluster::MarkFailed{m.id, unreachable});
  }
}

}  // namespace slotcache::server
