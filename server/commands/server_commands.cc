// TIME, LASTSAVE and SHUTDOWN.
#include <spdlog/spdlog.h>
#include <sys/time.h>

#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

struct ShutdownOptions {
  bool save = false;
  bool nosave = false;
  bool force = false;
  bool abort = false;
  bool now = false;
};

bool ParseShutdown(std::span<const std::string_view> args, ShutdownOptions* o) {
  for (std::string_view arg : args) {
    bool* flag = EqualsIgnoreCase(arg, "nosave")  ? &o->nosave
                 : EqualsIgnoreCase(arg, "save")  ? &o->save
                 : EqualsIgnoreCase(arg, "now")   ? &o->now
                 : EqualsIgnoreCase(arg, "force") ? &o->force
                 : EqualsIgnoreCase(arg, "abort") ? &o->abort
                                                  : nullptr;
    if (flag == nullptr) return false;
    *flag = true;
  }
  bool any_other = o->save || o->nosave || o->force || o->now;
  return !(o->abort && any_other) && !(o->save && o->nosave);
}

}  // namespace

// TIME reports the wall clock at the moment of the reply, so it reads the clock itself.
void CmdTime(CommandContext& ctx) {
  timeval tv;
  gettimeofday(&tv, nullptr);
  ctx.reply().ArrayHeader(2);
  ctx.reply().Bulk(fmt::format("{}", tv.tv_sec));
  ctx.reply().Bulk(fmt::format("{}", tv.tv_usec));
}

// slotcache never writes an RDB file, so like a Redis that has not saved yet, LASTSAVE is the
// server's start time (Redis sets lastsave at startup), the same as INFO's rdb_last_save_time.
void CmdLastSave(CommandContext& ctx) {
  ctx.reply().Integer(ctx.server().start_ms() / 1000);
}

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] | SHUTDOWN ABORT. There are no replicas to wait for, so
// a shutdown is never pending; success closes the connection without a reply, as in Redis.
void CmdShutdown(CommandContext& ctx) {
  ShutdownOptions options;
  if (!ParseShutdown(ctx.args().subspan(1), &options)) return ctx.reply().Error(kErrSyntax);
  if (options.abort) return ctx.reply().Error(kErrNoShutdownInProgress);
  // Redis writes an RDB on SAVE even with no save points; slotcache has no RDB, which Redis
  // treats like a failed save: refuse unless FORCE.
  if (options.save) {
    if (!options.force) {
      spdlog::warn(
          "SHUTDOWN SAVE: RDB snapshots are not supported, can't save the DB, can't exit.");
      return ctx.reply().Error(kErrShutdownFailed);
    }
    spdlog::warn("SHUTDOWN SAVE FORCE: RDB snapshots are not supported, exiting without saving.");
  }
  ctx.server().RequestShutdown();
}

}  // namespace slotcache::server
