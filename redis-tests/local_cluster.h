// A real 6-node slotcache cluster for black-box tests: 3 seed primaries and 3 replicas on free
// loopback ports (each port and port+10000, the cluster bus, must be free), each node in its own
// directory. Every process is a ServerProcess: stopped by its own PID only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "redis-tests/port_forwarder.h"
#include "redis-tests/server_process.h"

namespace slotcache::blackbox {

class LocalCluster {
 public:
  static constexpr int kNodes = 6;
  static constexpr int kPrimaries = 3;
  static constexpr int kNodeTimeoutMs = 1000;

  // Starts every node; false with `error` when one does not come up. Behind a NAT, every node
  // announces other ports (client and bus) than it binds, and a PortForwarder relays them.
  bool Start(std::string* error, bool behind_nat = false);
  // Arguments every node gets besides the cluster's own (set before Start).
  void set_extra_args(std::vector<std::string> args) { extra_args_ = std::move(args); }
  // Restarts node `i` on its port and directory (after Stop()).
  bool Restart(int i, std::string* error);
  ServerProcess& node(int i) { return *nodes_[i]; }
  int port(int i) const { return ports_[i]; }
  // The client port node `i` announces (its own port unless behind a NAT).
  int announced_port(int i) const { return announced_[i]; }
  // Polls node `i`'s CLUSTER INFO until it says cluster_state:<state>, at most `timeout_ms`.
  bool WaitForState(int i, const std::string& state, int timeout_ms);
  // Polls until every node reports cluster_state:ok with all kNodes members at the same epoch.
  bool WaitForConvergence(int timeout_ms);
  // Every node's log, for failure reports.
  std::string Logs();

 private:
  std::vector<std::string> NodeArgs(int i) const;
  bool StartNat(std::string* error);
  std::vector<int> ports_;
  std::vector<int> announced_;
  bool behind_nat_ = false;
  std::vector<std::string> extra_args_;
  std::unique_ptr<PortForwarder> nat_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
};

}  // namespace slotcache::blackbox
