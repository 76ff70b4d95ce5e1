// TEMPORARY: placeholders until the transaction family is implemented; delete this file then.
#include "server/commands/commands.h"

namespace slotcache::server {

void CmdMulti(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdExec(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdDiscard(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdWatch(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdUnwatch(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}

}  // namespace slotcache::server
