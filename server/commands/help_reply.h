// Redis's addReplyHelp: a container command's HELP reply is its lines plus the HELP entry.
#pragma once

#include <span>
#include <string_view>

#include "server/core/command_context.h"

namespace slotcache::server {

// Replies with `lines` as simple strings, then "HELP" / "    Prints this help.".
void ReplyHelp(CommandContext& ctx, std::span<const std::string_view> lines);

}  // namespace slotcache::server
