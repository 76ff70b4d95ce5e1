// CONFIG GET / SET / RESETSTAT / HELP. The directives live in server/config/config_directives.cc.
#include "server/base/errors.h"
#include "server/commands/help_reply.h"
#include "server/config/config_access.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {

// CONFIG GET pattern [pattern ...]: a map of name → value (flat pairs in RESP2).
void CmdConfigGet(CommandContext& ctx) {
  auto pairs = ConfigGet(ctx.server().config(), ctx.args().subspan(2));
  ctx.reply().MapHeader(pairs.size());
  for (const auto& [name, value] : pairs) {
    ctx.reply().Bulk(name);
    ctx.reply().Bulk(value);
  }
}

// CONFIG SET name value [name value ...]: all or nothing.
void CmdConfigSet(CommandContext& ctx) {
  if (ctx.argc() % 2 != 0) return ctx.reply().Error(kErrSyntax);
  ServerState& server = ctx.server();
  absl::Status status = ConfigSet(&server.config(), ctx.args().subspan(2), server.on_config_change);
  if (!status.ok()) return ctx.reply().Error(std::string(status.message()));
  ctx.reply().Ok();
}

void CmdConfigResetStat(CommandContext& ctx) {
  ctx.server().ResetStats(ctx.now_ms());
  ctx.reply().Ok();
}

void CmdConfigHelp(CommandContext& ctx) {
  // Redis's text without REWRITE, which slotcache doesn't have.
  static constexpr std::string_view kLines[] = {
      "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET <pattern>",
      "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset statistics reported by the INFO command.",
  };
  ReplyHelp(ctx, kLines);
}

}  // namespace slotcache::server
