// PING, ECHO, QUIT, RESET, HELLO and AUTH: per-connection handshake and state commands.
#include <algorithm>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/commands/client_commands.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/core/transaction.h"

namespace slotcache::server {
namespace {

// HELLO's "version": clients parse it to pick features, and slotcache behaves as this Redis
// release (INFO's redis_version and `slotcache-server --version` report the same).
constexpr std::string_view kRedisVersion = "7.0.15";
// The only ACL user: Redis's "default", whose password is requirepass.
constexpr std::string_view kDefaultUser = "default";

// Redis's ACLAuthenticateUser for the default user only. Without requirepass the default user
// is "nopass": any password is accepted.
bool Authenticate(CommandContext& ctx, std::string_view user, std::string_view password) {
  const std::string& requirepass = ctx.server().config().requirepass;
  if (user != kDefaultUser) return false;
  if (!requirepass.empty() && !ConstantTimeEquals(password, requirepass)) return false;
  ctx.client().authenticated = true;
  return true;
}

bool IsAuthenticated(CommandContext& ctx) {
  return ctx.client().authenticated || ctx.server().config().requirepass.empty();
}

struct HelloOptions {
  bool auth = false;
  std::string_view user;
  std::string_view password;
  bool setname = false;
  std::string_view name;
};

// Parses [AUTH user pass] [SETNAME name] from `first`; replies the syntax error on failure.
bool ParseHelloOptions(CommandContext& ctx, size_t first, HelloOptions* options) {
  for (size_t i = first; i < ctx.argc(); ++i) {
    size_t more = ctx.argc() - 1 - i;
    if (EqualsIgnoreCase(ctx.arg(i), "auth") && more >= 2) {
      options->auth = true;
      options->user = ctx.arg(i + 1);
      options->password = ctx.arg(i + 2);
      i += 2;
    } else if (EqualsIgnoreCase(ctx.arg(i), "setname") && more >= 1) {
      options->setname = true;
      options->name = ctx.arg(++i);
    } else {
      ctx.reply().Error(fmt::format(fmt::runtime(kErrHelloSyntax), ctx.arg(i)));
      return false;
    }
  }
  return true;
}

void ReplyHelloMap(CommandContext& ctx) {
  resp::ReplyWriter& reply = ctx.reply();
  reply.MapHeader(7);
  reply.Bulk("server");
  reply.Bulk("redis");
  reply.Bulk("version");
  reply.Bulk(kRedisVersion);
  reply.Bulk("proto");
  reply.Integer(ctx.client().protocol);
  reply.Bulk("id");
  reply.Integer(static_cast<int64_t>(ctx.client().id));
  reply.Bulk("mode");
  reply.Bulk("standalone");
  reply.Bulk("role");
  reply.Bulk(ctx.server().replication().replica() ? "replica" : "master");
  reply.Bulk("modules");
  reply.ArrayHeader(0);
}

}  // namespace

void CmdPing(CommandContext& ctx) {
  if (ctx.argc() > 2) return ctx.reply().Error(ArityError(ctx.spec().name));
  if (ctx.argc() == 1) return ctx.reply().SimpleString("PONG");
  ctx.reply().Bulk(ctx.arg(1));
}

void CmdEcho(CommandContext& ctx) {
  ctx.reply().Bulk(ctx.arg(1));
}

void CmdQuit(CommandContext& ctx) {
  ctx.reply().Ok();
  ctx.client().close_after_reply = true;
}

// Redis's clearClientConnectionState: back to a fresh connection's state, except that the
// connection (and its id, address and library info) stays.
void CmdReset(CommandContext& ctx) {
  ClientSession& client = ctx.client();
  DiscardTransaction(ctx.server(), client);
  client.db = 0;
  client.protocol = 2;
  ctx.reply().set_protocol(2);
  client.authenticated = ctx.server().config().requirepass.empty();
  client.name.clear();
  client.no_evict = false;
  client.no_touch = false;
  // RESET clears CLIENT REPLY OFF (and SKIP for a later command), but a RESET that is itself
  // the skipped command stays silent.
  if (client.reply_mode != ReplyMode::kSkipThis) {
    client.reply_mode = ReplyMode::kOn;
    ResumeReplies(ctx);
  }
  ctx.reply().SimpleString("RESET");
}

void CmdHello(CommandContext& ctx) {
  int64_t version = 0;
  size_t first_option = 1;
  if (ctx.argc() >= 2) {
    if (!resp::ParseInt64(ctx.arg(1), &version)) {
      return ctx.reply().Error(kErrHelloProtoNotInteger);
    }
    if (version < 2 || version > 3) return ctx.reply().Error(kErrNoProto);
    first_option = 2;
  }
  HelloOptions options;
  if (!ParseHelloOptions(ctx, first_option, &options)) return;
  if (options.auth && !Authenticate(ctx, options.user, options.password)) {
    return ctx.reply().Error(kErrWrongPass);
  }
  if (!IsAuthenticated(ctx)) return ctx.reply().Error(kErrHelloNoAuth);
  if (options.setname && !SetClientNameOrReply(ctx, options.name)) return;
  if (version != 0) {
    ctx.client().protocol = static_cast<int>(version);
    ctx.reply().set_protocol(static_cast<int>(version));
  }
  ReplyHelloMap(ctx);
}

void CmdAuth(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.reply().Error(kErrSyntax);
  // The one-argument form keeps its old error when no password is set (ioredis matches it).
  if (ctx.argc() == 2 && ctx.server().config().requirepass.empty()) {
    return ctx.reply().Error(kErrAuthNotConfigured);
  }
  std::string_view user = ctx.argc() == 2 ? kDefaultUser : ctx.arg(1);
  if (!Authenticate(ctx, user, ctx.arg(ctx.argc() - 1))) return ctx.reply().Error(kErrWrongPass);
  ctx.reply().Ok();
}

}  // namespace slotcache::server
