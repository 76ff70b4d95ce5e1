// A NAT for black-box tests: listens on 127.0.0.1 ports and relays every connection to another
// local port, in one background thread. Nodes announce the forwarded ports, so they are reachable
// only through the addresses they announce, not the ones they bind.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace slotcache::blackbox {

class PortForwarder {
 public:
  PortForwarder() = default;
  ~PortForwarder();  // stops the thread and closes every socket
  PortForwarder(const PortForwarder&) = delete;
  PortForwarder& operator=(const PortForwarder&) = delete;

  // Listens on each `first` port, relaying to `second`. False with `error` when one cannot bind.
  bool Start(const std::vector<std::pair<int, int>>& routes, std::string* error);

 private:
  void Run();
  void Accept(int listener);
  bool Relay(int from);  // false when the pair closed
  void ClosePair(int fd);

  std::map<int, int> listeners_;  // listening fd → target port
  std::map<int, int> peers_;      // relayed fd → the other end of its pair
  int wake_[2] = {-1, -1};        // the destructor writes here to stop Run
  std::thread thread_;
};

}  // namespace slotcache::blackbox
