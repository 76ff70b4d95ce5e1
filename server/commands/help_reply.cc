#include "server/commands/help_reply.h"

namespace slotcache::server {

void ReplyHelp(CommandContext& ctx, std::span<const std::string_view> lines) {
  ctx.reply().ArrayHeader(lines.size() + 2);
  for (std::string_view line : lines)
    ctx.reply().SimpleString(line);
  ctx.reply().SimpleString("HELP");
  ctx.reply().SimpleString("    Prints this help.");
}

}  // namespace slotcache::server
