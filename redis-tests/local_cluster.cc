#include "redis-tests/local_cluster.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {
namespace {

bool PortFree(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// The lowest ephemeral port: outgoing connections (Raft, health checks, clients) take local
// ports from there up, so a listening port chosen in that range could be taken meanwhile.
int EphemeralLow() {
  FILE* f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
  int low = 32768, high = 60999;
  if (f != nullptr) {
    if (fscanf(f, "%d %d", &low, &high) != 2) low = 32768;
    fclose(f);
  }
  return low;
}

// Ports p whose bus port p+10000 is free too, both below the ephemeral range.
std::vector<int> PickPorts(int count) {
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> pick(2000, std::max(2001, EphemeralLow() - 10001));
  std::vector<int> ports;
  while (static_cast<int>(ports.size()) < count) {
    int p = pick(rng);
    bool taken = false;
    for (int q : ports)
      taken = taken || q == p || q + 10000 == p || q == p + 10000;
    if (!taken && PortFree(p) && PortFree(p + 10000)) ports.push_back(p);
  }
  return ports;
}

}  // namespace

// Behind a NAT the seeds are listed with their announced bus ports, in the ip:port@bus-port form.
std::vector<std::string> LocalCluster::NodeArgs(int i) const {
  std::vector<std::string> args = {"--cluster-enabled", "yes", "--cluster-node-timeout",
                                   std::to_string(kNodeTimeoutMs), "--cluster-seeds"};
  for (int s = 0; s < kPrimaries; ++s) {
    std::string seed = "127.0.0.1:" + std::to_string(announced_[s]);
    args.push_back(behind_nat_ ? seed + "@" + std::to_string(announced_[s] + 10000) : seed);
  }
  if (i >= kPrimaries) {
    args.insert(args.end(),
                {"--replicaof", "127.0.0.1", std::to_string(announced_[i - kPrimaries])});
  }
  if (behind_nat_) {
    args.insert(args.end(), {"--cluster-announce-ip", "127.0.0.1", "--cluster-announce-port",
                             std::to_string(announced_[i]), "--cluster-announce-bus-port",
                             std::to_string(announced_[i] + 10000)});
  }
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  return args;
}

// Picks announced ports besides the bound ones and starts the forwarder before any node.
bool LocalCluster::StartNat(std::string* error) {
  std::vector<int> all = PickPorts(2 * kNodes);
  ports_.assign(all.begin(), all.begin() + kNodes);
  announced_.assign(all.begin() + kNodes, all.end());
  std::vector<std::pair<int, int>> routes;
  for (int i = 0; i < kNodes; ++i) {
    routes.emplace_back(announced_[i], ports_[i]);
    routes.emplace_back(announced_[i] + 10000, ports_[i] + 10000);
  }
  nat_ = std::make_unique<PortForwarder>();
  return nat_->Start(routes, error);
}

bool LocalCluster::Start(std::string* error, bool behind_nat) {
  behind_nat_ = behind_nat;
  // Free ports can still be taken by someone else before a node binds them: start over then.
  for (int attempt = 0; attempt < 3; ++attempt) {
    nodes_.clear();
    if (behind_nat_) {
      if (!StartNat(error)) continue;
    } else {
      ports_ = PickPorts(kNodes);
      announced_ = ports_;
    }
    bool started = true;
    for (int i = 0; i < kNodes && started; ++i) {
      nodes_.push_back(std::make_unique<ServerProcess>());
      started = nodes_[i]->StartOnPort(ports_[i], NodeArgs(i), error);
    }
    if (started) return true;
    if (error->find("in use") == std::string::npos) return false;
  }
  return false;
}

bool LocalCluster::Restart(int i, std::string* error) {
  return nodes_[i]->StartOnPort(ports_[i], NodeArgs(i), error);
}

bool LocalCluster::WaitForState(int i, const std::string& state, int timeout_ms) {
  std::string wanted = "cluster_state:" + state + "\r\n";
  for (int waited = 0; waited < timeout_ms; waited += 100) {
    Context c = ConnectHiredis(ports_[i]);
    if (c) {
      Reply r = Command(c.get(), {"CLUSTER", "INFO"});
      if (r && r->type == REDIS_REPLY_STRING && std::string(r->str, r->len).find(wanted) == 0) {
        return true;
      }
    }
    usleep(100 * 1000);
  }
  return false;
}

bool LocalCluster::WaitForConvergence(int timeout_ms) {
  std::string members = "cluster_known_nodes:" + std::to_string(kNodes) + "\r\n";
  for (int waited = 0; waited < timeout_ms; waited += 100) {
    std::set<std::string> epochs;
    bool all = true;
    for (int i = 0; i < kNodes && all; ++i) {
      Context c = ConnectHiredis(ports_[i]);
      Reply r = c ? Command(c.get(), {"CLUSTER", "INFO"}) : nullptr;
      std::string info = r && r->type == REDIS_REPLY_STRING ? std::string(r->str, r->len) : "";
      size_t epoch = info.find("cluster_current_epoch:");
      all = info.find("cluster_state:ok\r\n") == 0 && info.find(members) != std::string::npos &&
            epoch != std::string::npos;
      if (all) epochs.insert(info.substr(epoch, info.find('\r', epoch) - epoch));
    }
    if (all && epochs.size() == 1) return true;
    usleep(100 * 1000);
  }
  return false;
}

std::string LocalCluster::Logs() {
  std::string all;
  for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
    std::string log = nodes_[i]->Log();
    if (log.size() > 3000) log = "...\n" + log.substr(log.size() - 3000);
    all += "---- node " + std::to_string(ports_[i]) + " ----\n" + log;
  }
  return all;
}

}  // namespace slotcache::blackbox
