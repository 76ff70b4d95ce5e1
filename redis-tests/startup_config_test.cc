// Startup configuration: bad config files and arguments make the server exit with a message that
// names the directive and the line; command-line options override the file.
#include <fstream>
#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class StartupConfigTest : public ::testing::Test {
 protected:
  std::string WriteConfig(const std::string& text) {
    std::string path = scratch_.dir() + "/test.conf";
    std::ofstream(path) << text;
    return path;
  }
  ProcessResult RunServer(std::vector<std::string> args) {
    args.insert(args.begin(), ServerProcess::Binary());
    return RunProcess(args, "", 10000, scratch_.dir());
  }
  ServerProcess scratch_;  // never started: only its temp dir is used
};

TEST_F(StartupConfigTest, UnknownDirectiveInFile) {
  ProcessResult r = RunServer({WriteConfig("# comment\nport 0\nno-such-directive yes\n")});
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("line 3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no-such-directive"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Bad directive or wrong number of arguments"), std::string::npos);
}

TEST_F(StartupConfigTest, BadValueInFile) {
  ProcessResult r = RunServer({WriteConfig("port 0\n\nmaxclients lots\n")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("line 3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("maxclients lots"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("argument couldn't be parsed into an integer"), std::string::npos);
}

TEST_F(StartupConfigTest, UnknownOptionOnCommandLine) {
  ProcessResult r = RunServer({"--port", "0", "--no-such-option", "1"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("no-such-option"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("FATAL CONFIG FILE ERROR"), std::string::npos) << r.output;
}

TEST_F(StartupConfigTest, MissingConfigFile) {
  ProcessResult r = RunServer({scratch_.dir() + "/absent.conf"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("absent.conf"), std::string::npos) << r.output;
}

TEST_F(StartupConfigTest, CommandLineOverridesTheFile) {
  // The file asks for another port and a single client; --port wins, maxclients still applies.
  int file_port = PickFreePort();
  std::string conf = WriteConfig("port " + std::to_string(file_port) + "\nmaxclients 1\n");
  ServerProcess server;
  std::string error;
  ASSERT_TRUE(server.Start({}, &error, {conf})) << error;
  ASSERT_NE(server.port(), file_port);
  RawClient first, second;
  // The readiness probe may not be reaped yet: retry until the first client is admitted.
  std::string reply;
  for (int attempt = 0; attempt < 50; ++attempt) {
    ASSERT_TRUE(first.Connect(server.port()));
    ASSERT_TRUE(first.Send("*1\r\n$4\r\nPING\r\n"));
    reply = first.ReadLine();
    if (reply == "+PONG\r\n") break;
    usleep(20000);
  }
  EXPECT_EQ(reply, "+PONG\r\n");
  ASSERT_TRUE(second.Connect(server.port()));
  EXPECT_EQ(second.ReadLine(), "-ERR max number of clients reached\r\n");
  EXPECT_TRUE(second.WaitClosed(2000));
  RawClient on_file_port;
  EXPECT_FALSE(on_file_port.Connect(file_port, 500));
}

}  // namespace
}  // namespace slotcache::blackbox
