// Clients for the black-box tests: a raw TCP socket for byte-exact protocol checks and RAII
// wrappers around hiredis.
#pragma once

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <vector>

namespace slotcache::blackbox {

// A plain loopback TCP client. Reads with deadlines so a silent server fails a test, not hangs it.
class RawClient {
 public:
  RawClient() = default;
  ~RawClient() { Close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool Connect(int port, int timeout_ms = 2000);
  bool Send(std::string_view bytes);  // all of it (blocking)
  // Writes without blocking; returns how many bytes the kernel took (0 when its buffer is full).
  size_t SendSome(std::string_view bytes);
  // One line including "\r\n"; "" on timeout or close.
  std::string ReadLine(int timeout_ms = 5000);
  // Exactly `n` bytes, or fewer on timeout/close.
  std::string ReadExactly(size_t n, int timeout_ms = 5000);
  // Everything until the peer closes or `timeout_ms` passes; `closed` tells which.
  std::string ReadUntilClose(int timeout_ms, bool* closed);
  // True if the peer closed the connection within `timeout_ms` (data before it is discarded).
  bool WaitClosed(int timeout_ms);
  void Close();
  // Close with RST instead of FIN (SO_LINGER 0), like a client that vanishes.
  void Abort();
  int fd() const { return fd_; }

 private:
  // Reads what is available into buffer_; false on close, error or timeout.
  bool Fill(int timeout_ms);
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// A connected hiredis context (5 s timeouts), or null.
Context ConnectHiredis(int port);
// Runs one command given as binary-safe arguments.
Reply Command(redisContext* c, const std::vector<std::string>& args);
// The reply as text, for assertions: "+OK", "-ERR ...", ":1", "$value", "(nil)", "*[a, b]".
std::string Describe(const redisReply* r);
inline std::string Cmd(redisContext* c, const std::vector<std::string>& args) {
  Reply r = Command(c, args);
  return r ? Describe(r.get()) : std::string("<no reply: ") + c->errstr + ">";
}
// The value of `field` in `INFO section`, "" when absent or on error.
std::string InfoField(redisContext* c, const std::string& section, const std::string& field);

}  // namespace slotcache::blackbox
