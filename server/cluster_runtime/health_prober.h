// Health probes: PINGs every other member's client port and keeps this node's own view of them
// (ClusterView's health: ping/pong times, link state, fail?); on the leader, proposes the failure
// flags that view implies. Never applies an entry to the configuration and never reads the clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "cluster/cluster_config.h"
#include "server/core/cluster_view.h"

namespace slotcache::server {

// How often one member is PINGed, for a given cluster-node-timeout.
int64_t ProbeIntervalMs(int64_t node_timeout_ms);
// How long a PING may go unanswered before it counts as failed.
int64_t ProbeTimeoutMs(int64_t node_timeout_ms);

class HealthProber {
 public:
  // What the prober needs of the node that owns it. Everything runs on the loop thread.
  class Host {
   public:
    // Sends PING to `member`'s client port. `done` runs exactly once, on the loop (possibly inside
    // this call), with whether a reply (any reply) came within `timeout_ms` and the loop's clock
    // then; unanswered when the node stops.
    virtual void Ping(const cluster::Member& member, int64_t timeout_ms,
                      std::function<void(bool answered, int64_t now_ms)> done) = 0;
    // Whether a configuration entry this node proposed is still pending.
    virtual bool ProposalInFlight() const = 0;
    // Proposes `mark` to the Raft group this node leads.
    virtual void ProposeFailure(const cluster::MarkFailed& mark) = 0;

   protected:
    ~Host() = default;
  };

  // Reads `view`'s configuration and self id, writes its health and probe counters. `view` and
  // `host` must outlive the prober, and PINGs still pending must finish before it is destroyed.
  HealthProber(ClusterView& view, Host& host) : view_(view), host_(host) {}
  HealthProber(const HealthProber&) = delete;
  HealthProber& operator=(const HealthProber&) = delete;

  // Once per tick, with the loop's clock: forgets members that left the configuration, PINGs each
  // other member whose interval has passed (one PING in flight per member), and flags fail? those
  // unanswered for longer than `node_timeout_ms`. A member first seen gets a full timeout.
  void ProbePeers(int64_t now_ms, int64_t node_timeout_ms);
  // Leader only: proposes MarkFailed for each member whose committed flag differs from this node's
  // fail? view (set or cleared), one entry at a time: nothing while a proposal is in flight.
  void CommitFailures();

 private:
  // Local probe state of one member (monotonic loop times).
  struct Probe {
    int64_t last_answer_ms = 0;  // or when probing started, which grants a full timeout
    int64_t next_probe_ms = 0;
    bool in_flight = false;
  };

  void SendProbe(const cluster::Member& member, int64_t now_ms, int64_t node_timeout_ms);
  void OnProbeDone(const std::string& id, bool answered, int64_t now_ms);

  ClusterView& view_;
  Host& host_;
  absl::flat_hash_map<std::string, Probe> probes_;  // by member id
};

}  // namespace slotcache::server
