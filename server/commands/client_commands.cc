// CLIENT ID, SETNAME, GETNAME, SETINFO, NO-EVICT, NO-TOUCH, REPLY and HELP: the subcommands
// that read or set the calling connection's own state.
#include "server/commands/client_commands.h"
#include "server/commands/help_reply.h"

#include <string>
#include <string_view>

#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// Redis 7.0's CLIENT HELP, restricted to the subcommands slotcache has, plus the SETINFO and
// NO-TOUCH entries of Redis 7.2 (where those subcommands come from).
constexpr std::string_view kClientHelp[] = {
    "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "SETINFO <option> <value>",
    "    Set client meta attr. Options are:",
    "    * LIB-NAME: the client lib name.",
    "    * LIB-VER: the client lib version.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "NO-TOUCH (ON|OFF)",
    "    Will not touch LRU/LFU stats when this mode is on.",
};

// ON/OFF switches (NO-EVICT, NO-TOUCH): anything else is a syntax error.
void SetSwitch(CommandContext& ctx, bool* flag) {
  if (EqualsIgnoreCase(ctx.arg(2), "on")) {
    *flag = true;
  } else if (EqualsIgnoreCase(ctx.arg(2), "off")) {
    *flag = false;
  } else {
    return ctx.reply().Error(kErrSyntax);
  }
  ctx.reply().Ok();
}

}  // namespace

bool ValidClientAttr(std::string_view value) {
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < '!' || byte > '~') return false;
  }
  return true;
}

bool SetClientNameOrReply(CommandContext& ctx, std::string_view name) {
  if (!ValidClientAttr(name)) {
    ctx.reply().Error(kErrClientName);
    return false;
  }
  ctx.client().name.assign(name);
  return true;
}

void ResumeReplies(CommandContext& ctx) {
  ctx.reply().set_buffer(&ctx.client().output);
}

void CmdClientId(CommandContext& ctx) {
  ctx.reply().Integer(static_cast<int64_t>(ctx.client().id));
}

void CmdClientSetName(CommandContext& ctx) {
  if (SetClientNameOrReply(ctx, ctx.arg(2))) ctx.reply().Ok();
}

void CmdClientGetName(CommandContext& ctx) {
  if (ctx.client().name.empty()) return ctx.reply().NullBulk();
  ctx.reply().Bulk(ctx.client().name);
}

// Redis 7.2 semantics (7.0 has no SETINFO): the error echoes the attribute as the client wrote
// it; an empty value clears the attribute.
void CmdClientSetInfo(CommandContext& ctx) {
  std::string_view attr = ctx.arg(2);
  std::string* target = nullptr;
  if (EqualsIgnoreCase(attr, "lib-name")) {
    target = &ctx.client().lib_name;
  } else if (EqualsIgnoreCase(attr, "lib-ver")) {
    target = &ctx.client().lib_ver;
  } else {
    return ctx.reply().Error(fmt::format(fmt::runtime(kErrClientUnrecognizedOption), attr));
  }
  if (!ValidClientAttr(ctx.arg(3))) {
    return ctx.reply().Error(fmt::format(fmt::runtime(kErrClientAttr), attr));
  }
  target->assign(ctx.arg(3));
  ctx.reply().Ok();
}

void CmdClientNoEvict(CommandContext& ctx) {
  SetSwitch(ctx, &ctx.client().no_evict);
}

void CmdClientNoTouch(CommandContext& ctx) {
  SetSwitch(ctx, &ctx.client().no_touch);
}

// ON replies OK (even right after OFF); OFF and SKIP reply nothing. SKIP while OFF changes
// nothing, and ON leaves a pending SKIP of the next request alone, as in Redis.
void CmdClientReply(CommandContext& ctx) {
  ClientSession& client = ctx.client();
  std::string_view mode = ctx.arg(2);
  if (EqualsIgnoreCase(mode, "on")) {
    if (client.reply_mode != ReplyMode::kSkipNext) client.reply_mode = ReplyMode::kOn;
    ResumeReplies(ctx);
    ctx.reply().Ok();
  } else if (EqualsIgnoreCase(mode, "off")) {
    client.reply_mode = ReplyMode::kOff;
  } else if (EqualsIgnoreCase(mode, "skip")) {
    if (client.reply_mode != ReplyMode::kOff) client.reply_mode = ReplyMode::kSkipNext;
  } else {
    ctx.reply().Error(kErrSyntax);
  }
}

void CmdClientHelp(CommandContext& ctx) {
  ReplyHelp(ctx, kClientHelp);
}

}  // namespace slotcache::server
