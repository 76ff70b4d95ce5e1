// TEMPORARY: placeholders until the server family is implemented; delete this file then.
#include "server/commands/commands.h"

namespace slotcache::server {

void CmdInfo(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdConfigGet(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdConfigSet(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdConfigResetStat(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdConfigHelp(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdTime(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdShutdown(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCommand(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCommandCount(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCommandInfo(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCommandDocs(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCommandList(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCommandGetKeys(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCommandHelp(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}

}  // namespace slotcache::server
