#include "redis-tests/test_clients.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "redis-tests/subprocess.h"

namespace slotcache::blackbox {

bool RawClient::Connect(int port, int timeout_ms) {
  Close();
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  int rc = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  if (rc != 0 && errno != EINPROGRESS) {
    Close();
    return false;
  }
  pollfd p = {fd_, POLLOUT, 0};
  int error = 0;
  socklen_t len = sizeof(error);
  if (poll(&p, 1, timeout_ms) != 1 || getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &len) != 0 ||
      error != 0) {
    Close();
    return false;
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return true;
}

bool RawClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EAGAIN) {
      pollfd p = {fd_, POLLOUT, 0};
      if (poll(&p, 1, 10000) != 1) return false;
      continue;
    }
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

size_t RawClient::SendSome(std::string_view bytes) {
  ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  return n > 0 ? static_cast<size_t>(n) : 0;
}

bool RawClient::Fill(int timeout_ms) {
  if (fd_ < 0 || eof_) return false;
  pollfd p = {fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) != 1) return false;
  char buf[65536];
  ssize_t n = recv(fd_, buf, sizeof(buf), 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<size_t>(n));
  return true;
}

std::string RawClient::ReadLine(int timeout_ms) {
  int64_t deadline = NowMs() + timeout_ms;
  while (buffer_.find("\r\n") == std::string::npos) {
    if (!Fill(static_cast<int>(std::max<int64_t>(0, deadline - NowMs())))) return "";
  }
  size_t end = buffer_.find("\r\n") + 2;
  std::string line = buffer_.substr(0, end);
  buffer_.erase(0, end);
  return line;
}

std::string RawClient::ReadExactly(size_t n, int timeout_ms) {
  int64_t deadline = NowMs() + timeout_ms;
  while (buffer_.size() < n) {
    if (!Fill(static_cast<int>(std::max<int64_t>(0, deadline - NowMs())))) break;
  }
  std::string out = buffer_.substr(0, std::min(n, buffer_.size()));
  buffer_.erase(0, out.size());
  return out;
}

std::string RawClient::ReadUntilClose(int timeout_ms, bool* closed) {
  int64_t deadline = NowMs() + timeout_ms;
  while (!eof_ && NowMs() < deadline) {
    Fill(static_cast<int>(std::max<int64_t>(0, deadline - NowMs())));
  }
  *closed = eof_;
  std::string out;
  out.swap(buffer_);
  return out;
}

bool RawClient::WaitClosed(int timeout_ms) {
  bool closed = false;
  ReadUntilClose(timeout_ms, &closed);
  return closed;
}

void RawClient::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  buffer_.clear();
  eof_ = false;
}

void RawClient::Abort() {
  if (fd_ < 0) return;
  linger l = {1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  Close();
}

Context ConnectHiredis(int port) {
  timeval timeout = {5, 0};
  Context c(redisConnectWithTimeout("127.0.0.1", port, timeout));
  if (!c || c->err) return nullptr;
  redisSetTimeout(c.get(), timeout);
  return c;
}

Reply Command(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  return Reply(static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(args.size()), argv.data(), lens.data())));
}

std::string Describe(const redisReply* r) {
  switch (r->type) {
    case REDIS_REPLY_STATUS:
      return "+" + std::string(r->str, r->len);
    case REDIS_REPLY_ERROR:
      return "-" + std::string(r->str, r->len);
    case REDIS_REPLY_INTEGER:
      return ":" + std::to_string(r->integer);
    case REDIS_REPLY_STRING:
      return "$" + std::string(r->str, r->len);
    case REDIS_REPLY_NIL:
      return "(nil)";
    case REDIS_REPLY_ARRAY: {
      std::string out = "*[";
      for (size_t i = 0; i < r->elements; ++i)
        out += (i ? ", " : "") + Describe(r->element[i]);
      return out + "]";
    }
    default:
      return "?type" + std::to_string(r->type);
  }
}

std::string InfoField(redisContext* c, const std::string& section, const std::string& field) {
  Reply r = Command(c, {"INFO", section});
  if (!r || r->type != REDIS_REPLY_STRING) return "";
  std::string text(r->str, r->len);
  size_t at = text.find("\r\n" + field + ":");
  if (at == std::string::npos) return "";
  at += field.size() + 3;
  return text.substr(at, text.find("\r\n", at) - at);
}

}  // namespace slotcache::blackbox
