// Active expiry: keys with a TTL are removed by the background cycle even if nobody reads them
// (DBSIZE counts expired keys that were not removed yet, so it shows the cycle's work).
#include <unistd.h>

#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class ActiveExpiryTest : public BlackboxTest {};

TEST_F(ActiveExpiryTest, UnreadExpiredKeysAreRemoved) {
  Context c = Connect();
  ASSERT_TRUE(c);
  constexpr int kVolatile = 20000;
  constexpr int kPersistent = 100;
  std::string input;
  for (int i = 0; i < kVolatile; ++i) {
    input += "SET volatile:" + std::to_string(i) + " v PX 200\n";
  }
  for (int i = 0; i < kPersistent; ++i)
    input += "SET keep:" + std::to_string(i) + " v\n";
  ProcessResult loaded = Cli({"--pipe"}, input);
  ASSERT_EQ(loaded.exit_code, 0) << loaded.output;
  ASSERT_EQ(Cmd(c.get(), {"DBSIZE"}), ":" + std::to_string(kVolatile + kPersistent));
  std::string size;
  for (int waited_ms = 0; waited_ms < 10000; waited_ms += 100) {
    size = Cmd(c.get(), {"DBSIZE"});
    if (size == ":" + std::to_string(kPersistent)) break;
    usleep(100 * 1000);
  }
  EXPECT_EQ(size, ":" + std::to_string(kPersistent));
  EXPECT_EQ(Cmd(c.get(), {"GET", "keep:7"}), "$v");
}

}  // namespace
}  // namespace slotcache::blackbox
