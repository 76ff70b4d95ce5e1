// The AOF on a really full disk: a 5 MB tmpfs (a loop-mounted ext2 image where tmpfs can't be
// mounted) nearly filled by a filler file. Every write must get a reply within a bounded time;
// everysec answers the write that meets the full disk +OK and refuses later ones with MISCONF
// until the disk has room again; always never acknowledges an unpersisted write and exits, like
// Redis. After a restart every acknowledged write is there. A rewrite that runs out of space
// fails without harming the AOF.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <filesystem>

#include "redis-tests/aof_fixture.h"

namespace slotcache::blackbox {
namespace {

constexpr size_t kValueBytes = 8 * 1024;
const char* const kMisconf = "-MISCONF Errors writing to the AOF file: No space left on device";

int64_t FreeBytes(const std::string& dir) {
  struct statvfs st {};
  if (statvfs(dir.c_str(), &st) != 0) return -1;
  return static_cast<int64_t>(st.f_bavail) * static_cast<int64_t>(st.f_frsize);
}

// Fills `dir` up to `leave` free bytes with the file `path`; true if it got there.
bool Fill(const std::string& dir, const std::string& path, int64_t leave) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::string chunk(4096, 'f');
  while (FreeBytes(dir) > leave + 4096) {
    if (write(fd, chunk.data(), chunk.size()) <= 0) break;
  }
  close(fd);
  return FreeBytes(dir) <= leave + 4096;
}

class AofFullDiskTest : public AofTest {
 protected:
  void SetUp() override {
    AofTest::SetUp();
    if (IsSkipped()) return;
    disk_ = server_.dir() + "/disk";
    std::filesystem::create_directory(disk_);
    if (mount("tmpfs", disk_.c_str(), "tmpfs", 0, "size=5m") == 0) {
      mounted_ = true;
    } else if (MountLoopImage()) {
      mounted_ = true;
    } else {
      GTEST_SKIP() << "needs a small file system: neither a tmpfs nor a loop-mounted ext2 image "
                      "could be mounted (run as root)";
    }
    extra_ = {"--dir", disk_};
  }
  void TearDown() override {
    AofTest::TearDown();  // the server stops first: it holds files in the mount
    if (mounted_) umount2(disk_.c_str(), MNT_DETACH);
  }

  // Where tmpfs can't be mounted (a user namespace without it): a 5 MB ext2 image.
  bool MountLoopImage() {
    std::string image = server_.dir() + "/disk.img";
    if (RunProcess({"truncate", "-s", "5M", image}).exit_code != 0) return false;
    if (RunProcess({"mkfs.ext2", "-q", "-F", image}).exit_code != 0) return false;
    return RunProcess({"mount", "-o", "loop", image, disk_}).exit_code == 0;
  }

  std::string Filler() const { return disk_ + "/filler"; }
  std::string Key(int i) const { return "key:" + std::to_string(i); }
  std::string Value(int i) const {
    return std::string(kValueBytes, static_cast<char>('a' + i % 26));
  }

  // SETs key:0, key:1... (8 KB each) until one is refused; every SET must be answered (hiredis
  // times out after 5 s). Returns the index of the first one not answered +OK (`reply` holds its
  // reply), or -1 if the disk never filled.
  int WriteUntilRefused(redisContext* c, std::string* reply) {
    for (int i = 0; i < 2000; ++i) {
      *reply = Cmd(c, {"set", Key(i), Value(i)});
      if (*reply != "+OK") return i;
    }
    return -1;
  }

  // Every key below `acked` holds its value.
  void ExpectAcknowledgedKeys(redisContext* c, int acked) {
    for (int i = 0; i < acked; ++i) {
      ASSERT_EQ(Cmd(c, {"strlen", Key(i)}), ":" + std::to_string(kValueBytes)) << Key(i);
      ASSERT_EQ(Cmd(c, {"getrange", Key(i), "0", "0"}), "$" + Value(i).substr(0, 1)) << Key(i);
    }
  }

  std::string disk_;
  bool mounted_ = false;
};

TEST_F(AofFullDiskTest, EverysecAcknowledgesTheWriteThatMeetsAFullDiskThenRefusesUntilRoom) {
  ASSERT_TRUE(Start("everysec"));
  ASSERT_TRUE(Fill(disk_, Filler(), 256 * 1024));
  Context c = ConnectHiredis(server_.port());
  Context other = ConnectHiredis(server_.port());
  std::string reply;
  int refused = WriteUntilRefused(c.get(), &reply);
  ASSERT_GT(refused, 1) << reply;
  // The write that met the full disk was answered +OK (buffered, like Redis): the next one is
  // the first refused, and so is any other client's write.
  EXPECT_EQ(reply, kMisconf);
  EXPECT_EQ(Cmd(other.get(), {"set", "x", "1"}), kMisconf);
  EXPECT_EQ(Cmd(other.get(), {"strlen", Key(refused - 1)}), ":" + std::to_string(kValueBytes));
  EXPECT_EQ(Cmd(other.get(), {"exists", Key(refused)}), ":0");
  EXPECT_EQ(InfoField(c.get(), "aof_last_write_status"), "err");
  EXPECT_EQ(InfoField(c.get(), "aof_last_bgrewrite_status"), "ok");
  EXPECT_NE(InfoField(c.get(), "aof_buffer_length"), "0");  // kept for the retry

  // Room again: the buffered write goes out at the next retry and MISCONF clears.
  ASSERT_EQ(unlink(Filler().c_str()), 0);
  int64_t deadline = NowMs() + 5000;
  while (InfoField(c.get(), "aof_last_write_status") != "ok" && NowMs() < deadline)
    usleep(20000);
  EXPECT_EQ(InfoField(c.get(), "aof_last_write_status"), "ok");
  EXPECT_EQ(Cmd(c.get(), {"set", Key(refused), Value(refused)}), "+OK");
  EXPECT_TRUE(WaitAofWritten(c.get()));

  server_.Stop();
  std::string error;
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  ExpectAcknowledgedKeys(c.get(), refused + 1);
  EXPECT_EQ(Cmd(c.get(), {"exists", "x"}), ":0");
}

TEST_F(AofFullDiskTest, AlwaysNeverAcknowledgesAnUnpersistedWriteAndExits) {
  ASSERT_TRUE(Start("always"));
  ASSERT_TRUE(Fill(disk_, Filler(), 256 * 1024));
  Context c = ConnectHiredis(server_.port());
  std::string reply;
  int refused = WriteUntilRefused(c.get(), &reply);
  ASSERT_GT(refused, 1) << reply;
  // Its effect can't be rolled back and nothing may read it: the writer is told, then the
  // server exits (Redis exits too, without a reply).
  EXPECT_EQ(reply, kMisconf);
  int64_t deadline = NowMs() + 5000;
  while (server_.Running() && NowMs() < deadline)
    usleep(20000);
  ASSERT_FALSE(server_.Running());
  EXPECT_NE(server_.Log().find("Can't recover from AOF write error when the AOF fsync policy is "
                               "'always'. Exiting..."),
            std::string::npos);

  ASSERT_EQ(unlink(Filler().c_str()), 0);
  std::string error;
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  ExpectAcknowledgedKeys(c.get(), refused);
  EXPECT_EQ(Cmd(c.get(), {"exists", Key(refused)}), ":0");  // cut from the AOF before the exit
  EXPECT_EQ(InfoField(c.get(), "aof_last_write_status"), "ok");
  EXPECT_EQ(Cmd(c.get(), {"set", Key(refused), Value(refused)}), "+OK");
  server_.Stop();
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  ExpectAcknowledgedKeys(c.get(), refused + 1);
}

TEST_F(AofFullDiskTest, ARewriteWithoutRoomFailsAndTheOldAofStaysValid) {
  ASSERT_TRUE(Start("everysec"));
  Context c = ConnectHiredis(server_.port());
  for (int i = 0; i < 64; ++i)
    ASSERT_EQ(Cmd(c.get(), {"set", Key(i), Value(i)}), "+OK");
  ASSERT_TRUE(WaitAofWritten(c.get()));
  // Room for the manifest and a few writes, not for a 512 KB base.
  ASSERT_TRUE(Fill(disk_, Filler(), 64 * 1024));
  EXPECT_EQ(Cmd(c.get(), {"bgrewriteaof"}), "+Background append only file rewriting started");
  ASSERT_TRUE(WaitRewriteDone(c.get()));
  EXPECT_EQ(InfoField(c.get(), "aof_last_bgrewrite_status"), "err");
  EXPECT_EQ(InfoField(c.get(), "aof_rewrites_consecutive_failures"), "1");
  EXPECT_EQ(Cmd(c.get(), {"set", "after", "1"}), "+OK");  // still serving, writes too
  EXPECT_EQ(Cmd(c.get(), {"strlen", Key(63)}), ":" + std::to_string(kValueBytes));
  EXPECT_TRUE(WaitAofWritten(c.get()));
  for (const auto& entry : std::filesystem::directory_iterator(disk_ + "/appendonlydir"))
    EXPECT_EQ(entry.path().filename().string().find("temp-rewriteaof"), std::string::npos);

  server_.Stop();  // the old base and incr files, plus the rewrite's incr, load as they are
  ASSERT_EQ(unlink(Filler().c_str()), 0);
  std::string error;
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  ExpectAcknowledgedKeys(c.get(), 64);
  EXPECT_EQ(Cmd(c.get(), {"get", "after"}), "$1");
  EXPECT_EQ(Cmd(c.get(), {"bgrewriteaof"}), "+Background append only file rewriting started");
  ASSERT_TRUE(WaitRewriteDone(c.get()));
  EXPECT_EQ(InfoField(c.get(), "aof_last_bgrewrite_status"), "ok");
}

}  // namespace
}  // namespace slotcache::blackbox
