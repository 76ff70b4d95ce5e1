// Helpers shared by the connection and CLIENT command files.
#pragma once

#include <string_view>

#include "server/core/command_context.h"

namespace slotcache::server {

// Redis's validateClientAttr: names and SETINFO values are printable ASCII without spaces.
bool ValidClientAttr(std::string_view value);
// CLIENT SETNAME / HELLO SETNAME: sets (empty: clears) the name, or replies the error and
// returns false.
bool SetClientNameOrReply(CommandContext& ctx, std::string_view name);
// CLIENT REPLY ON and RESET clear OFF before replying, so their own reply is sent: points the
// writer, silenced when the command started, back at the client's output.
void ResumeReplies(CommandContext& ctx);

}  // namespace slotcache::server
