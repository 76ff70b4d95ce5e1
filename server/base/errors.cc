#include "server/base/errors.h"

#include <cstring>

#include "server/base/str_util.h"

namespace slotcache::server {

std::string ArityError(std::string_view command_name) {
  return fmt::format("ERR wrong number of arguments for '{}' command", command_name);
}

namespace {

// Redis formats these names with printf's %s, which stops at the first NUL byte.
std::string_view UpToNul(std::string_view s) {
  return s.substr(0, s.find('\0'));
}

}  // namespace

// Mirrors Redis: the echoed arguments stop once the echo reaches 128 bytes, each one cut to what
// is left of that budget, so that errors stay short.
std::string UnknownCommandError(std::string_view name, std::span<const std::string_view> args) {
  std::string echoed;
  for (std::string_view arg : args) {
    if (echoed.size() >= 128) break;
    echoed += fmt::format("'{}' ", UpToNul(arg.substr(0, 128 - echoed.size())));
  }
  return fmt::format("ERR unknown command '{}', with args beginning with: {}",
                     UpToNul(name.substr(0, 128)), echoed);
}

std::string UnknownSubcommandError(std::string_view sub, std::string_view container) {
  return fmt::format("ERR unknown subcommand '{}'. Try {} HELP.", UpToNul(sub.substr(0, 128)),
                     AsciiUpper(container));
}

std::string SubcommandSyntaxError(std::string_view sub, std::string_view container) {
  return fmt::format("ERR unknown subcommand or wrong number of arguments for '{}'. Try {} HELP.",
                     UpToNul(sub.substr(0, 128)), AsciiUpper(container));
}

std::string InvalidExpireError(std::string_view command_name) {
  return fmt::format("ERR invalid expire time in '{}' command", command_name);
}

std::string ExecAbortError(std::string_view error) {
  if (error.substr(0, 4) == "ERR ") error.remove_prefix(4);
  return fmt::format("EXECABORT Transaction discarded because of: {}", error);
}

std::string ProtocolError(std::string_view parser_error) {
  return fmt::format("ERR {}", parser_error);
}

std::string ConfigSetFailedError(std::string_view name, std::string_view reason) {
  return fmt::format("ERR CONFIG SET failed (possibly related to argument '{}') - {}", name,
                     reason);
}

std::string MovedError(int slot, std::string_view ip, int port) {
  return fmt::format("MOVED {} {}:{}", slot, ip, port);
}

std::string NotInClusterError(std::string_view command_name) {
  return fmt::format("ERR {} is not allowed in cluster mode", AsciiUpper(command_name));
}

std::string MisconfAofError(int err) {
  return fmt::format("MISCONF Errors writing to the AOF file: {}", std::strerror(err));
}

}  // namespace slotcache::server
