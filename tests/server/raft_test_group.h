// A group of RaftNodes on one libuv loop in the test process, each with a toy state machine (the
// list of applied entries), temp dirs and free loopback ports. Every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "server/cluster_runtime/raft_node.h"

namespace slotcache::server {

// A free loopback port: bind port 0 and read back what the kernel chose.
inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ADD_FAILURE() << "no free port";
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// The state machine: entries in applied order; snapshots are length-prefixed entries.
struct AppliedLog {
  std::vector<std::string> entries;
  int restores = 0;

  std::string Serialize() const {
    std::string out;
    for (const std::string& entry : entries) {
      out += fmt::format("{}:", entry.size());
      out += entry;
    }
    return out;
  }

  absl::Status Restore(std::string_view data) {
    std::vector<std::string> parsed;
    while (!data.empty()) {
      size_t colon = data.find(':');
      if (colon == std::string_view::npos) {
        return absl::DataLossError("bad snapshot");
      }
      size_t len = std::stoul(std::string(data.substr(0, colon)));
      if (len > data.size() - colon - 1) {
        return absl::DataLossError("bad snapshot");
      }
      parsed.emplace_back(data.substr(colon + 1, len));
      data.remove_prefix(colon + 1 + len);
    }
    entries = std::move(parsed);
    ++restores;
    return absl::OkStatus();
  }
};

class RaftGroupTest : public ::testing::Test {
 public:
  struct Member {
    RaftPeer peer;
    std::string dir;
    AppliedLog log;
    std::unique_ptr<RaftNode> node;
    std::function<void(std::string_view)> after_apply;  // optional test hook
  };

 protected:
  void SetUp() override {
    signal(SIGPIPE, SIG_IGN);  // as main.cc: a peer that stops must not kill the process
    ASSERT_EQ(uv_loop_init(&loop_), 0);
    std::string pattern = (std::filesystem::temp_directory_path() / "raft_node_test.XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    options_.node_timeout_ms = 1000;  // election 200 ms, heartbeat 20 ms
  }

  void TearDown() override {
    for (auto& member : members_) {
      StopNode(*member);
    }
    EXPECT_EQ(uv_loop_close(&loop_), 0) << "a libuv handle was left open";
    std::filesystem::remove_all(root_);
  }

  // A new member slot: id, free port, its own dir. Not running yet.
  Member& NewMember(bool voter = true) {
    auto member = std::make_unique<Member>();
    uint64_t id = members_.size() + 1;
    member->peer = {id, fmt::format("127.0.0.1:{}", FreeLoopbackPort()), voter};
    member->dir = fmt::format("{}/node{}", root_, id);
    members_.push_back(std::move(member));
    return *members_.back();
  }

  // (Re)creates the node with an empty state machine and starts it.
  absl::Status StartMember(Member& m, std::span<const RaftPeer> bootstrap) {
    m.log = AppliedLog{};
    AppliedLog* log = &m.log;
    Member* member = &m;
    RaftNode::Callbacks cb{
        [log, member](std::string_view entry) {
          log->entries.emplace_back(entry);
          if (member->after_apply) {
            member->after_apply(entry);
          }
        },
        [log] { return log->Serialize(); },
        [log](std::string_view data) { return log->Restore(data); },
    };
    m.node = std::make_unique<RaftNode>(&loop_, m.peer.raft_id, m.peer.address, m.dir,
                                        std::move(cb), options_);
    return m.node->Start(bootstrap);
  }

  // `n` seed voters, all bootstrapped from the same list.
  void StartGroup(int n) {
    for (int i = 0; i < n; ++i) {
      NewMember();
    }
    std::vector<RaftPeer> peers = Peers();
    for (auto& member : members_) {
      ASSERT_TRUE(StartMember(*member, peers).ok());
    }
  }

  std::vector<RaftPeer> Peers() const {
    std::vector<RaftPeer> peers;
    for (const auto& member : members_) {
      peers.push_back(member->peer);
    }
    return peers;
  }

  void StopNode(Member& m) {
    if (m.node == nullptr) {
      return;
    }
    bool stopped = false;
    m.node->Stop([&stopped] { stopped = true; });
    ASSERT_TRUE(RunUntil([&] { return stopped; })) << "Stop never completed";
    m.node.reset();
  }

  // Runs the loop until `done` holds or `timeout_ms` passes (a 5 ms timer keeps it waking up).
  bool RunUntil(const std::function<bool()>& done, uint64_t timeout_ms = 10000) {
    uv_timer_t wake;
    uv_timer_init(&loop_, &wake);
    uv_timer_start(
        &wake, [](uv_timer_t*) {}, 5, 5);
    uv_update_time(&loop_);
    uint64_t deadline = uv_now(&loop_) + timeout_ms;
    bool ok = done();
    while (!ok && uv_now(&loop_) < deadline) {
      uv_run(&loop_, UV_RUN_ONCE);
      ok = done();
    }
    uv_close(reinterpret_cast<uv_handle_t*>(&wake), nullptr);
    uv_run(&loop_, UV_RUN_NOWAIT);  // runs the close so `wake` may leave the stack
    return ok;
  }

  // The one leader, once every running member knows it; null after the timeout.
  Member* WaitForLeader() {
    Member* leader = nullptr;
    bool found = RunUntil([&] {
      leader = nullptr;
      for (auto& member : members_) {
        if (member->node != nullptr && member->node->IsLeader()) {
          if (leader != nullptr) {
            return false;
          }
          leader = member.get();
        }
      }
      return leader != nullptr && AllAgreeOnLeader(leader->peer.raft_id);
    });
    return found ? leader : nullptr;
  }

  bool AllAgreeOnLeader(uint64_t id) const {
    for (const auto& member : members_) {
      if (member->node == nullptr) {
        continue;
      }
      std::optional<RaftPeer> known = member->node->Leader();
      if (!known || known->raft_id != id) {
        return false;
      }
    }
    return true;
  }

  // Proposes on `m` and waits for the result.
  absl::Status ProposeAndWait(Member& m, std::string entry) {
    std::optional<absl::Status> result;
    m.node->Propose(std::move(entry), [&](absl::Status status) { result = status; });
    if (!RunUntil([&] { return result.has_value(); })) {
      return absl::DeadlineExceededError("propose never completed");
    }
    return *result;
  }

  absl::Status ChangeAndWait(const std::function<void(std::function<void(absl::Status)>)>& op) {
    std::optional<absl::Status> result;
    op([&](absl::Status status) { result = status; });
    if (!RunUntil([&] { return result.has_value(); })) {
      return absl::DeadlineExceededError("membership change never completed");
    }
    return *result;
  }

  bool AllApplied(const std::vector<std::string>& expected) {
    return RunUntil([&] {
      for (const auto& member : members_) {
        if (member->node != nullptr && member->log.entries != expected) {
          return false;
        }
      }
      return true;
    });
  }

  // libraft renames a log segment it can not load to corrupt-* and goes on without it.
  static bool HasCorruptSegments(const Member& m) {
    for (const auto& file : std::filesystem::directory_iterator(m.dir)) {
      if (file.path().filename().string().starts_with("corrupt")) {
        return true;
      }
    }
    return false;
  }

  uv_loop_t loop_;
  std::string root_;
  RaftOptions options_;
  std::vector<std::unique_ptr<Member>> members_;  // stable addresses: callbacks point into them
};

}  // namespace slotcache::server
