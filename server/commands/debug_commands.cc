// DEBUG: the introspection subcommands tests need (DIGEST, DIGEST-VALUE, SLEEP, and the
// test-only AOF-FAULT). Off unless
// `enable-debug-command` allows it, as in Redis 7.
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "server/aof/aof_service.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/commands/help_reply.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/keyspace/keyspace_digest.h"

namespace slotcache::server {
namespace {

constexpr std::string_view kHelpLines[] = {
    "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "DIGEST",
    "    Output a hex signature representing the current DB content.",
    "DIGEST-VALUE <key> [<key> ...]",
    "    Output a hex signature of the values of all the specified keys.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
    "AOF-FAULT <ON|OFF>",
    "    slotcache, tests only: make every AOF write fail with ENOSPC (ON) or stop (OFF).",
};

bool IsLoopback(std::string_view addr) {
  return addr.starts_with("127.") || addr.starts_with("::1") || addr.starts_with("[::1]") ||
         addr.starts_with("/");
}

bool DebugAllowed(CommandContext& ctx) {
  const std::string& mode = ctx.server().config().enable_debug_command;
  return mode == "yes" || (mode == "local" && IsLoopback(ctx.client().addr));
}

// An absent key's digest is all zeros, like Redis.
void ReplyValueDigests(CommandContext& ctx) {
  ctx.reply().ArrayHeader(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const Entry* entry = ctx.db().Find(ctx.arg(i), ctx.now_ms());
    ctx.reply().SimpleString(entry != nullptr ? EntryDigest(*entry) : std::string(40, '0'));
  }
}

// Redis parses the seconds with strtod, so a non-number sleeps 0 s.
void Sleep(CommandContext& ctx) {
  std::string text(ctx.arg(2));
  double seconds = std::strtod(text.c_str(), nullptr);
  if (seconds > 0) usleep(static_cast<useconds_t>(seconds * 1e6));
  ctx.reply().Ok();
}

// Test-only fault injection: simulates a full disk under the AOF.
void AofFault(CommandContext& ctx) {
  bool on = EqualsIgnoreCase(ctx.arg(2), "on");
  if (!on && !EqualsIgnoreCase(ctx.arg(2), "off")) return ctx.reply().Error(kErrSyntax);
  if (ctx.server().aof() != nullptr) ctx.server().aof()->SetFailWrites(on);
  ctx.reply().Ok();
}

}  // namespace

void CmdDebug(CommandContext& ctx) {
  if (!DebugAllowed(ctx)) return ctx.reply().Error(kErrDebugNotAllowed);
  std::string_view sub = ctx.arg(1);
  if (EqualsIgnoreCase(sub, "help") && ctx.argc() == 2) return ReplyHelp(ctx, kHelpLines);
  if (EqualsIgnoreCase(sub, "digest") && ctx.argc() == 2) {
    return ctx.reply().SimpleString(KeyspaceDigest(ctx.server().keyspace()));
  }
  if (EqualsIgnoreCase(sub, "digest-value")) return ReplyValueDigests(ctx);
  if (EqualsIgnoreCase(sub, "sleep") && ctx.argc() == 3) return Sleep(ctx);
  if (EqualsIgnoreCase(sub, "aof-fault") && ctx.argc() == 3) return AofFault(ctx);
  ctx.reply().Error(SubcommandSyntaxError(sub, "debug"));
}

}  // namespace slotcache::server
