// TEMPORARY: placeholders until the keys family is implemented; delete this file then.
#include "server/commands/commands.h"

namespace slotcache::server {

void CmdDel(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdExists(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdType(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdExpire(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdPExpire(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdExpireAt(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdPExpireAt(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdTtl(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdPTtl(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdExpireTime(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdPExpireTime(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdPersist(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdRename(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdRenameNx(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdCopy(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdMove(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdKeys(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdScan(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdRandomKey(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdTouch(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdDbSize(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdFlushDb(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdFlushAll(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdSelect(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}
void CmdSwapDb(CommandContext& ctx) {
  ctx.reply().Error("ERR not implemented yet");
}

}  // namespace slotcache::server
