// TEMPORARY: placeholders until the connection family is implemented; delete this file then.
#include "server/commands/commands.h"

namespace slotcache::server {

void CmdPing(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdEcho(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdQuit(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdReset(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdHello(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdAuth(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientId(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientSetName(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientGetName(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientSetInfo(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientList(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientInfo(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientKill(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientNoEvict(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientNoTouch(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientReply(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdClientHelp(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}

}  // namespace slotcache::server
