#include "server/cluster_runtime/cluster_node.h"

#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cluster/config_codec.h"
#include "cluster/seed_address.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/cluster_runtime/node_identity.h"

namespace slotcache::server {
namespace {

constexpr uint64_t kTickMs = 200;

std::string Address(const std::string& ip, int port) {
  return fmt::format("{}:{}", ip, port);
}

// The address other nodes reach this one at: the announced ip, else the first specific IPv4
// bind address. With wildcard binds only, nothing says which of the host's addresses peers can
// reach: loopback, which suits one host (a multi-host cluster sets cluster-announce-ip).
std::string AnnouncedIp(const Config& config) {
  if (!config.cluster_announce_ip.empty()) return config.cluster_announce_ip;
  for (std::string address : config.bind) {
    if (!address.empty() && address[0] == '-') address.erase(0, 1);
    if (address != "*" && address != "0.0.0.0" && address.find(':') == std::string::npos) {
      return address;
    }
  }
  return "127.0.0.1";
}

// Where the bus listens: the first IPv4 bind address ("*": all of them; libraft's transport
// takes IPv4 only) and the local bus port, whatever address and port are announced.
std::string BusBindAddress(const Config& config) {
  std::string ip;
  for (std::string address : config.bind) {
    if (!address.empty() && address[0] == '-') address.erase(0, 1);
    if (address == "*") address = "0.0.0.0";
    if (address.find(':') == std::string::npos) {
      ip = address;
      break;
    }
  }
  return Address(ip.empty() ? AnnouncedIp(config) : ip, config.ClusterBusPort());
}

}  // namespace

ClusterNode::ClusterNode(uv_loop_t* loop, ServerState& state)
    : loop_(loop), state_(state), view_(state.cluster()), prober_(view_, *this), caller_(loop) {}

ClusterNode::~ClusterNode() = default;

int ClusterNode::SeedIndex(const std::string& address) const {
  const std::vector<std::string>& seeds = state_.config().cluster_seeds;
  for (size_t i = 0; i < seeds.size(); ++i) {
    std::optional<cluster::SeedAddress> seed = cluster::ParseSeedAddress(seeds[i]);
    if (seed && Address(seed->ip, seed->port) == address) return static_cast<int>(i);
  }
  return -1;
}

absl::Status ClusterNode::Start() {
  const Config& config = state_.config();
  absl::StatusOr<std::string> id = LoadOrCreateNodeId(config.cluster_config_file, state_.rng());
  if (!id.ok()) return id.status();
  view_.enabled = true;
  view_.self_id = *id;
  self_.id = *id;
  self_.ip = AnnouncedIp(config);
  self_.port = config.cluster_announce_port != 0 ? config.cluster_announce_port : config.port;
  self_.bus_port = config.cluster_announce_bus_port != 0 ? config.cluster_announce_bus_port
                                                         : config.ClusterBusPort();
  absl::StatusOr<std::vector<RaftPeer>> peers = BootstrapPeers();
  if (!peers.ok()) return peers.status();
  mkdir("raft", 0755);
  RaftOptions options;
  options.node_timeout_ms = config.NodeTimeoutMs();
  std::string bind = BusBindAddress(config);
  if (bind != Address(self_.ip, self_.bus_port)) options.bind_address = bind;
  RaftNode::Callbacks callbacks{[this](std::string_view entry) { Apply(entry); },
                                [this] { return cluster::EncodeConfig(view_.config); },
                                [this](std::string_view data) -> absl::Status {
                                  absl::StatusOr<cluster::ClusterConfig> restored =
                                      cluster::DecodeConfig(data);
                                  if (!restored.ok()) return restored.status();
                                  view_.config = *std::move(restored);
                                  return absl::OkStatus();
                                }};
  raft_ = std::make_unique<RaftNode>(loop_, raft_id_, Address(self_.ip, self_.bus_port), "raft",
                                     std::move(callbacks), options);
  absl::Status started = raft_->Start(*peers);
  if (!started.ok()) return started;
  view_.handle_join = [this](const JoinRequest& request) { return HandleJoin(request); };
  view_.links = [this] { return BusLinks(); };
  view_.raft_group = [this] {
    RaftGroupSize size;
    for (const RaftPeer& peer : raft_->Members()) {
      ++size.members;
      size.voters += peer.voter ? 1 : 0;
    }
    return size;
  };
  uv_timer_init(loop_, &tick_);
  tick_.data = this;
  uv_timer_start(&tick_, OnTick, kTickMs, kTickMs);
  ticking_ = true;
  spdlog::info("Cluster node {} ({}:{}, bus {}, listening on {}) started{}", self_.id, self_.ip,
               self_.port, self_.bus_port, bind, peers->empty() ? "" : " as a seed");
  return absl::OkStatus();
}

// Seeds use fixed Raft ids (their position in cluster-seeds) so that all of them can bootstrap
// the same group, from the seeds' bus addresses, before they know each other's node ids. Sets
// raft_id_; the peers are empty for a node that is not a seed.
absl::StatusOr<std::vector<RaftPeer>> ClusterNode::BootstrapPeers() {
  const std::vector<std::string>& seeds = state_.config().cluster_seeds;
  int seed = SeedIndex(Address(self_.ip, self_.port));
  raft_id_ = seed >= 0 ? static_cast<uint64_t>(seed) + 1 : RaftIdOf(self_.id);
  std::vector<RaftPeer> peers;
  if (seed < 0) return peers;
  for (size_t i = 0; i < seeds.size(); ++i) {
    std::optional<cluster::SeedAddress> address = cluster::ParseSeedAddress(seeds[i]);
    if (!address) return absl::InvalidArgumentError("Invalid seed " + seeds[i]);
    if (static_cast<int>(i) == seed && address->bus_port != self_.bus_port) {
      return absl::InvalidArgumentError(
          fmt::format("cluster-seeds lists this node with bus port {} but it announces bus port {} "
                      "(list it as {}:{}@{})",
                      address->bus_port, self_.bus_port, self_.ip, self_.port, self_.bus_port));
    }
    peers.push_back({i + 1, Address(address->ip, address->bus_port), true});
  }
  return peers;
}

std::vector<BusLink> ClusterNode::BusLinks() {
  std::vector<BusLink> links;
  for (RaftLink& link : raft_->Links()) {
    links.push_back({link.outbound, std::move(link.address), link.create_time_ms, link.reading,
                     link.send_queue});
  }
  return links;
}

void ClusterNode::Stop(std::function<void()> done) {
  view_.handle_join = nullptr;
  view_.links = nullptr;
  view_.raft_group = nullptr;
  if (ticking_) {
    uv_timer_stop(&tick_);
    uv_close(reinterpret_cast<uv_handle_t*>(&tick_), nullptr);
    ticking_ = false;
  }
  caller_.CancelAll();
  if (raft_ == nullptr) return done();
  raft_->Stop(std::move(done));
}

void ClusterNode::OnTick(uv_timer_t* timer) {
  auto* self = static_cast<ClusterNode*>(timer->data);
  self->Tick(static_cast<int64_t>(uv_now(self->loop_)));
}

bool ClusterNode::InConfig() const {
  const cluster::Member* member = view_.Self();
  return member != nullptr && member->ip == self_.ip && member->port == self_.port;
}

void ClusterNode::Tick(int64_t now_ms) {
  if (!InConfig() && !join_in_flight_) SendJoin();
  prober_.ProbePeers(now_ms, state_.config().NodeTimeoutMs());
  if (raft_->IsLeader()) {
    prober_.CommitFailures();
    RemoveStrayRaftMembers(now_ms);
  } else {
    stray_since_.clear();
  }
}

void ClusterNode::Ping(const cluster::Member& member, int64_t timeout_ms,
                       std::function<void(bool answered, int64_t now_ms)> done) {
  caller_.Call(member.ip, member.port, {"PING"}, timeout_ms,
               [this, done = std::move(done)](absl::StatusOr<resp::Reply> reply) {
                 done(reply.ok(), static_cast<int64_t>(uv_now(loop_)));
               });
}

void ClusterNode::ProposeEntry(const cluster::ConfigEntry& entry) {
  proposal_in_flight_ = true;
  raft_->Propose(cluster::Encode(entry), [this](absl::Status status) {
    proposal_in_flight_ = false;
    if (!status.ok()) spdlog::warn("Cluster configuration change failed: {}", status.ToString());
  });
}

void ClusterNode::Apply(std::string_view bytes) {
  absl::StatusOr<cluster::ConfigEntry> entry = cluster::Decode(bytes);
  if (!entry.ok()) {
    spdlog::error("Undecodable cluster configuration entry: {}", entry.status().ToString());
    return;
  }
  absl::Status applied = cluster::Apply(&view_.config, *entry);
  if (!applied.ok()) {
    spdlog::warn("Cluster configuration entry rejected: {}", applied.ToString());
    return;
  }
  spdlog::info("Cluster configuration epoch {}: {} members", view_.config.epoch,
               view_.config.members.size());
}

}  // namespace slotcache::server
