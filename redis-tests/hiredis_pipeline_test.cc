// hiredis pipelining: 10k commands written at once, replies read back in order.
#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class HiredisPipelineTest : public BlackboxTest {};

void Append(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  ASSERT_EQ(redisAppendCommandArgv(c, static_cast<int>(args.size()), argv.data(), lens.data()),
            REDIS_OK);
}

Reply GetReply(redisContext* c) {
  void* reply = nullptr;
  if (redisGetReply(c, &reply) != REDIS_OK) return nullptr;
  return Reply(static_cast<redisReply*>(reply));
}

TEST_F(HiredisPipelineTest, TenThousandCommandsInOneWrite) {
  Context c = Connect();
  ASSERT_TRUE(c);
  constexpr int kCount = 10000;
  for (int i = 0; i < kCount; ++i) {
    std::string n = std::to_string(i);
    switch (i % 4) {
      case 0:
        Append(c.get(), {"SET", "key:" + n, "value:" + n});
        break;
      case 1:
        Append(c.get(), {"GET", "key:" + std::to_string(i - 1)});
        break;
      case 2:
        Append(c.get(), {"INCR", "counter"});
        break;
      default:
        Append(c.get(), {"NOSUCHCMD"});
        break;
    }
  }
  // hiredis keeps the whole pipeline in its output buffer; flush it in as few writes as it can.
  int done = 0;
  while (!done)
    ASSERT_EQ(redisBufferWrite(c.get(), &done), REDIS_OK);
  int64_t counter = 0;
  for (int i = 0; i < kCount; ++i) {
    Reply r = GetReply(c.get());
    ASSERT_TRUE(r) << "reply " << i << ": " << c->errstr;
    std::string expected;
    switch (i % 4) {
      case 0:
        expected = "+OK";
        break;
      case 1:
        expected = "$value:" + std::to_string(i - 1);
        break;
      case 2:
        expected = ":" + std::to_string(++counter);
        break;
      default:
        expected = "-ERR unknown command 'NOSUCHCMD', with args beginning with: ";
        break;
    }
    ASSERT_EQ(Describe(r.get()), expected) << "reply " << i;
  }
  EXPECT_EQ(Cmd(c.get(), {"DBSIZE"}), ":2501");
}

}  // namespace
}  // namespace slotcache::blackbox
