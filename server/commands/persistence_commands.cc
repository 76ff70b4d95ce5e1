// BGREWRITEAOF, BGSAVE and SAVE. slotcache has no RDB: its persistence is the AOF, so BGSAVE
// starts an AOF rewrite and SAVE runs one to the end (blocking, like Redis's SAVE).
#include "server/aof/aof_service.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {

void CmdBgRewriteAof(CommandContext& ctx) {
  AofService* aof = ctx.server().aof();
  if (aof == nullptr) return ctx.reply().Error(kErrSaveFailed);  // no server: no files
  switch (aof->RequestRewrite(false)) {
    case AofService::RewriteRequest::kAlreadyRunning:
      return ctx.reply().Error(kErrRewriteInProgress);
    case AofService::RewriteRequest::kScheduled:
      return ctx.reply().SimpleString(kMsgRewriteScheduled);
    case AofService::RewriteRequest::kStarted:
      return ctx.reply().SimpleString(kMsgRewriteStarted);
  }
}

// BGSAVE [SCHEDULE]: while a rewrite runs, only SCHEDULE queues another.
void CmdBgSave(CommandContext& ctx) {
  bool schedule = false;
  if (ctx.argc() > 1) {
    if (ctx.argc() > 2 || !EqualsIgnoreCase(ctx.arg(1), "schedule")) {
      return ctx.reply().Error(kErrSyntax);
    }
    schedule = true;
  }
  AofService* aof = ctx.server().aof();
  if (aof == nullptr) return ctx.reply().Error(kErrSaveFailed);
  switch (aof->RequestRewrite(schedule)) {
    case AofService::RewriteRequest::kAlreadyRunning:
      return ctx.reply().Error(kErrBgsaveWhileRewriting);
    case AofService::RewriteRequest::kScheduled:
      return ctx.reply().SimpleString(kMsgBgsaveScheduled);
    case AofService::RewriteRequest::kStarted:
      return ctx.reply().SimpleString(kMsgBgsaveStarted);
  }
}

void CmdSave(CommandContext& ctx) {
  AofService* aof = ctx.server().aof();
  if (aof == nullptr) return ctx.reply().Error(kErrSaveFailed);
  absl::Status saved = aof->RewriteNow();
  if (absl::IsFailedPrecondition(saved)) return ctx.reply().Error(kErrSaveInProgress);
  if (!saved.ok()) return ctx.reply().Error(kErrSaveFailed);
  ctx.reply().Ok();
}

}  // namespace slotcache::server
