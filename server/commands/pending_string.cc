// TEMPORARY: placeholders until the string family is implemented; delete this file then.
#include "server/commands/commands.h"

namespace slotcache::server {

void CmdGet(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdSet(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdSetNx(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdSetEx(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdPSetEx(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdGetSet(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdGetDel(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdGetEx(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdMGet(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdMSet(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdMSetNx(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdAppend(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdStrlen(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdGetRange(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdSetRange(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdIncr(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdIncrBy(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdDecr(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdDecrBy(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdIncrByFloat(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}

}  // namespace slotcache::server
