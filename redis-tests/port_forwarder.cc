#include "redis-tests/port_forwarder.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace slotcache::blackbox {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

}  // namespace

PortForwarder::~PortForwarder() {
  if (thread_.joinable()) {
    char byte = 0;
    (void)!write(wake_[1], &byte, 1);
    thread_.join();
  }
  for (auto& [fd, target] : listeners_)
    close(fd);
  for (auto& [fd, other] : peers_)
    close(fd);
  for (int fd : wake_) {
    if (fd >= 0) close(fd);
  }
}

bool PortForwarder::Start(const std::vector<std::pair<int, int>>& routes, std::string* error) {
  for (auto [from, to] : routes) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr = Loopback(from);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 64) != 0) {
      *error = "forwarder cannot listen on " + std::to_string(from) + ": " + strerror(errno);
      close(fd);
      return false;
    }
    listeners_[fd] = to;
  }
  if (pipe2(wake_, O_CLOEXEC) != 0) {
    *error = "pipe";
    return false;
  }
  thread_ = std::thread([this] { Run(); });
  return true;
}

void PortForwarder::Run() {
  for (;;) {
    std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}};
    for (auto& [fd, target] : listeners_)
      fds.push_back({fd, POLLIN, 0});
    for (auto& [fd, other] : peers_)
      fds.push_back({fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR) return;
    if (fds[0].revents != 0) return;
    // Back to poll after any accept or close: a new socket may reuse a number still in `fds`.
    for (size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      if (listeners_.contains(fds[i].fd)) {
        Accept(fds[i].fd);
        break;
      }
      if (!Relay(fds[i].fd)) {
        ClosePair(fds[i].fd);
        break;
      }
    }
  }
}

// Connects the accepted client to the target port; a refused target drops the client, as a NAT
// in front of a stopped node would.
void PortForwarder::Accept(int listener) {
  int client = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (client < 0) return;
  int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = Loopback(listeners_[listener]);
  if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(client);
    close(server);
    return;
  }
  int one = 1;
  setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  peers_[client] = server;
  peers_[server] = client;
}

// Blocking writes are fine here: the peers are local test processes that keep reading.
bool PortForwarder::Relay(int from) {
  char buf[16384];
  ssize_t n = read(from, buf, sizeof(buf));
  if (n <= 0) return false;
  for (ssize_t sent = 0; sent < n;) {
    ssize_t w = write(peers_[from], buf + sent, n - sent);
    if (w <= 0) return false;
    sent += w;
  }
  return true;
}

void PortForwarder::ClosePair(int fd) {
  int other = peers_[fd];
  peers_.erase(fd);
  peers_.erase(other);
  close(fd);
  close(other);
}

}  // namespace slotcache::blackbox
