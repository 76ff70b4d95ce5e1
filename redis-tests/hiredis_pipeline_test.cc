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

// Command i of the pipeline: SET, GET of the key just set, INCR, and an unknown command.
std::vector<std::string> Request(int i) {
  switch (i % 4) {
    case 0:
      return {"SET", "key:" + std::to_string(i), "value:" + std::to_string(i)};
    case 1:
      return {"GET", "key:" + std::to_string(i - 1)};
    case 2:
      return {"INCR", "counter"};
    default:
      return {"NOSUCHCMD"};
  }
}

std::string ExpectedReply(int i) {
  switch (i % 4) {
    case 0:
      return "+OK";
    case 1:
      return "$value:" + std::to_string(i - 1);
    case 2:
      return ":" + std::to_string(i / 4 + 1);
    default:
      return "-ERR unknown command 'NOSUCHCMD', with args beginning with: ";
  }
}

TEST_F(HiredisPipelineTest, TenThousandCommandsInOneWrite) {
  Context c = Connect();
  ASSERT_TRUE(c);
  constexpr int kCount = 10000;
  for (int i = 0; i < kCount; ++i)
    Append(c.get(), Request(i));
  // hiredis keeps the whole pipeline in its output buffer; flush it in as few writes as it can.
  int done = 0;
  while (!done)
    ASSERT_EQ(redisBufferWrite(c.get(), &done), REDIS_OK);
  for (int i = 0; i < kCount; ++i) {
    Reply r = GetReply(c.get());
    ASSERT_TRUE(r) << "reply " << i << ": " << c->errstr;
    ASSERT_EQ(Describe(r.get()), ExpectedReply(i)) << "reply " << i;
  }
  EXPECT_EQ(Cmd(c.get(), {"DBSIZE"}), ":2501");
}

}  // namespace
}  // namespace slotcache::blackbox
