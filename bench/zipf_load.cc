// Load generator for bench/eviction.py: a Zipf (s=0.99) GET / SET-on-miss cache workload over
// pipelined connections, one thread per connection. It exists because Python clients could not
// keep a server busy: everything that is not socket I/O or reply parsing (key picks, the GET
// batches' bytes) is generated before the clock starts, so the server, not this program, is the
// bottleneck. POSIX sockets only: it must measure redis-server and slotcache-server alike.
//
// Output: one JSON line {"hits":..,"misses":..,"seconds":..,"server_cpu_seconds":..} where the
// server CPU is utime + stime of --server-pid over the timed phase (null without --server-pid).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
  int64_t port = 0;
  int64_t keys = 200000;
  int64_t requests = 800000;
  int64_t warmup = -1;  // -1: requests / 2
  int64_t connections = 4;
  int64_t batch = 200;
  int64_t value_size = 100;
  int64_t seed = 1;
  int64_t server_pid = 0;  // 0: no server CPU measurement
};

// One pipelined batch: the key numbers (to SET the misses) and the GETs' bytes, ready to send.
struct Batch {
  std::vector<uint32_t> keys;
  std::string gets;
};

struct Totals {
  int64_t hits = 0;
  int64_t misses = 0;
};

[[noreturn]] void Die(std::string_view what) {
  std::fprintf(stderr, "zipf_load: %.*s\n", static_cast<int>(what.size()), what.data());
  std::fflush(stderr);
  std::_Exit(1);  // from any thread: nothing to unwind, the others' sockets close with us
}

// Aborts on a reply the workload does not expect (e.g. -OOM), showing it without its CRLF.
[[noreturn]] void Unexpected(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  Die("unexpected reply: " + std::string(line));
}

bool ParseInt(const char* text, int64_t* out) {
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, *out);
  return ec == std::errc() && ptr == end;
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  const std::pair<const char*, int64_t*> names[] = {{"--port", &o.port},
                                                    {"--keys", &o.keys},
                                                    {"--requests", &o.requests},
                                                    {"--warmup", &o.warmup},
                                                    {"--connections", &o.connections},
                                                    {"--batch", &o.batch},
                                                    {"--value-size", &o.value_size},
                                                    {"--seed", &o.seed},
                                                    {"--server-pid", &o.server_pid}};
  for (int i = 1; i < argc; i += 2) {
    int64_t* slot = nullptr;
    for (const auto& [name, field] : names) {
      if (std::strcmp(argv[i], name) == 0) slot = field;
    }
    if (slot == nullptr || i + 1 >= argc || !ParseInt(argv[i + 1], slot)) {
      Die(std::string("bad argument: ") + argv[i]);
    }
  }
  if (o.warmup < 0) o.warmup = o.requests / 2;
  if (o.port <= 0 || o.keys <= 0 || o.connections <= 0 || o.batch <= 0 || o.requests < 0 ||
      o.warmup < 0 || o.value_size < 0) {
    Die("need --port; --keys, --connections, --batch > 0; the others >= 0");
  }
  return o;
}

// Appends one RESP bulk-string argument "key:<n>".
void AppendKeyArg(std::string* out, uint32_t n) {
  char digits[16];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), n);
  const size_t len = static_cast<size_t>(end - digits);
  out->append("$").append(std::to_string(4 + len)).append("\r\nkey:");
  out->append(digits, len).append("\r\n");
}

// Cumulative weights 1/i^0.99 for ranks 1..keys (the same distribution as the Python version).
std::vector<double> ZipfCdf(int64_t keys) {
  std::vector<double> cdf(static_cast<size_t>(keys));
  double total = 0;
  for (int64_t i = 1; i <= keys; ++i) {
    total += 1.0 / std::pow(static_cast<double>(i), 0.99);
    cdf[static_cast<size_t>(i - 1)] = total;
  }
  return cdf;
}

// `count` Zipf picks from a generator seeded by (seed, connection, phase), cut into batches.
std::vector<Batch> MakeBatches(const std::vector<double>& cdf, int64_t count, int64_t batch,
                               std::seed_seq& seeds) {
  std::mt19937_64 rng(seeds);
  std::uniform_real_distribution<double> uniform(0.0, cdf.back());
  std::vector<Batch> out;
  for (int64_t done = 0; done < count; done += batch) {
    Batch& b = out.emplace_back();
    const int64_t n = std::min(batch, count - done);
    b.keys.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const auto rank = std::lower_bound(cdf.begin(), cdf.end(), uniform(rng)) - cdf.begin();
      const auto key = static_cast<uint32_t>(std::min<int64_t>(rank, cdf.size() - 1) + 1);
      b.keys.push_back(key);
      b.gets.append("*2\r\n$3\r\nGET\r\n");
      AppendKeyArg(&b.gets, key);
    }
  }
  return out;
}

int Connect(int64_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die(std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    Die(std::string("connect: ") + std::strerror(errno));
  }
  const int one = 1;  // a batch is one write; don't let Nagle hold the SETs back
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

void SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die(std::string("send: ") + std::strerror(errno));
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Replies off one socket. Parses in place in one buffer; a reply split across reads stays in the
// buffer (moved to the front) until the rest arrives.
class Reader {
 public:
  explicit Reader(int fd) : fd_(fd), buf_(1 << 20) {}

  // Consumes one GET reply; true for a null bulk (a miss). Anything but a bulk string aborts.
  bool NextIsNull() {
    for (;;) {
      const char* nl = FindNewline();
      if (nl != nullptr) {
        const std::string_view head(buf_.data() + pos_, static_cast<size_t>(nl + 1 - Begin()));
        if (head[0] != '$') Unexpected(head);
        if (head[1] == '-') return Consume(head.size(), true);
        int64_t len = 0;
        std::from_chars(head.data() + 1, head.data() + head.size() - 2, len);
        const size_t whole = head.size() + static_cast<size_t>(len) + 2;
        if (end_ - pos_ >= whole) return Consume(whole, false);
      }
      Fill();
    }
  }

  // Consumes one SET reply; anything but +OK (e.g. -OOM) aborts.
  void ExpectOk() {
    const char* nl = nullptr;
    while ((nl = FindNewline()) == nullptr)
      Fill();
    const std::string_view line(Begin(), static_cast<size_t>(nl + 1 - Begin()));
    if (line != "+OK\r\n") Unexpected(line);
    pos_ += line.size();
  }

 private:
  const char* Begin() const { return buf_.data() + pos_; }

  const char* FindNewline() const {
    return static_cast<const char*>(std::memchr(Begin(), '\n', end_ - pos_));
  }

  bool Consume(size_t n, bool result) {
    pos_ += n;
    return result;
  }

  // Reads more bytes: moves the unparsed tail to the front, grows only if a reply is that big.
  void Fill() {
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    ssize_t n;
    do {
      n = ::recv(fd_, buf_.data() + end_, buf_.size() - end_, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) Die(n == 0 ? "connection closed by server" : std::strerror(errno));
    end_ += static_cast<size_t>(n);
  }

  int fd_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
};

// Plays `batches` on one connection: pipelined GETs, then pipelined SETs of that batch's misses.
void Play(int fd, Reader& reader, const std::vector<Batch>& batches, const std::string& value,
          Totals* totals) {
  std::vector<uint32_t> missed;
  std::string sets;
  std::string value_arg = "$";  // appended piecewise: GCC 12 warns (-Wrestrict) on a + chain
  value_arg.append(std::to_string(value.size())).append("\r\n").append(value).append("\r\n");
  for (const Batch& b : batches) {
    SendAll(fd, b.gets);
    missed.clear();
    for (uint32_t key : b.keys) {
      if (reader.NextIsNull()) missed.push_back(key);
    }
    totals->hits += static_cast<int64_t>(b.keys.size() - missed.size());
    if (missed.empty()) continue;
    totals->misses += static_cast<int64_t>(missed.size());
    sets.clear();
    for (uint32_t key : missed) {
      sets.append("*3\r\n$3\r\nSET\r\n");
      AppendKeyArg(&sets, key);
      sets.append(value_arg);
    }
    SendAll(fd, sets);
    for (size_t i = 0; i < missed.size(); ++i)
      reader.ExpectOk();
  }
}

// utime + stime of `pid` in seconds (fields 14 and 15 of /proc/<pid>/stat, counted after the
// ")" that ends the command name, which may itself contain spaces or parentheses).
double ServerCpuSeconds(int64_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) Die("cannot read /proc/<server-pid>/stat");
  std::istringstream fields(stat.substr(paren + 1));
  std::string skip;
  for (int i = 3; i <= 13; ++i)
    fields >> skip;  // state .. cmajflt
  int64_t utime = 0;
  int64_t stime = 0;
  fields >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Connection `index`'s share of `total` GETs (the remainder goes to the first connections).
int64_t ShareOf(int64_t total, int64_t connections, int64_t index) {
  return total / connections + (index < total % connections ? 1 : 0);
}

struct Connection {
  std::vector<Batch> warmup;
  std::vector<Batch> timed;
  Totals totals;
};

// Generates every connection's key picks and GET bytes; distinct seeds per connection and phase.
std::vector<Connection> Plan(const Options& o) {
  const std::vector<double> cdf = ZipfCdf(o.keys);
  std::vector<Connection> conns(static_cast<size_t>(o.connections));
  for (int64_t i = 0; i < o.connections; ++i) {
    Connection& c = conns[static_cast<size_t>(i)];
    std::seed_seq warm_seeds{o.seed, i, int64_t{0}};
    std::seed_seq timed_seeds{o.seed, i, int64_t{1}};
    c.warmup = MakeBatches(cdf, ShareOf(o.warmup, o.connections, i), o.batch, warm_seeds);
    c.timed = MakeBatches(cdf, ShareOf(o.requests, o.connections, i), o.batch, timed_seeds);
  }
  return conns;
}

struct Measurement {
  double seconds = 0;
  double server_cpu_seconds = -1;  // -1: not measured
};

// Runs every connection's warm-up, then (all starting together) its timed batches. Two meeting
// points with this thread: after the warm-up, when it reads the clock and the server's CPU, and
// the start of the timed phase.
Measurement Run(const Options& o, std::vector<Connection>& conns) {
  const std::string value(static_cast<size_t>(o.value_size), 'v');
  std::barrier sync(o.connections + 1);
  std::vector<std::thread> threads;
  for (Connection& c : conns) {
    threads.emplace_back([&c, &o, &value, &sync] {
      const int fd = Connect(o.port);
      Reader reader(fd);
      Totals ignored;
      Play(fd, reader, c.warmup, value, &ignored);
      sync.arrive_and_wait();
      sync.arrive_and_wait();
      Play(fd, reader, c.timed, value, &c.totals);
      ::close(fd);
    });
  }
  sync.arrive_and_wait();
  const double cpu0 = o.server_pid > 0 ? ServerCpuSeconds(o.server_pid) : 0;
  const auto start = std::chrono::steady_clock::now();
  sync.arrive_and_wait();
  for (std::thread& t : threads)
    t.join();
  Measurement m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (o.server_pid > 0) m.server_cpu_seconds = ServerCpuSeconds(o.server_pid) - cpu0;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseArgs(argc, argv);
  std::vector<Connection> conns = Plan(o);
  const Measurement m = Run(o, conns);
  Totals sum;
  for (const Connection& c : conns) {
    sum.hits += c.totals.hits;
    sum.misses += c.totals.misses;
  }
  const std::string cpu = m.server_cpu_seconds >= 0 ? std::to_string(m.server_cpu_seconds) : "null";
  std::printf("{\"hits\":%lld,\"misses\":%lld,\"seconds\":%.6f,\"server_cpu_seconds\":%s}\n",
              static_cast<long long>(sum.hits), static_cast<long long>(sum.misses), m.seconds,
              cpu.c_str());
  return 0;
}
