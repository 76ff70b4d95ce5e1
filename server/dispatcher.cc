#include "server/dispatcher.h"

#include "server/command_context.h"
#include "server/errors.h"

namespace slotcache::server {
namespace {

bool ArityOk(int arity, size_t argc) {
  return arity >= 0 ? argc == static_cast<size_t>(arity) : argc >= static_cast<size_t>(-arity);
}

bool AuthRequired(ServerState& server, const ClientSession& client) {
  return !client.authenticated && !server.config().requirepass.empty();
}

// Inside MULTI, a command is queued instead of run; a command that can't be queued flags the
// transaction so EXEC fails with EXECABORT, as in Redis.
void Queue(ClientSession& client, std::span<const std::string_view> args) {
  QueuedCommand queued;
  queued.args.assign(args.begin(), args.end());
  client.queued.push_back(std::move(queued));
  resp::ReplyWriter(&client.output, client.protocol).SimpleString("QUEUED");
}

void Reject(ServerState& server, ClientSession& client, std::string_view error) {
  ++server.stats().total_error_replies;
  if (client.in_multi) client.multi_error = true;
  resp::ReplyWriter(&client.output, client.protocol).Error(error);
}

}  // namespace

const CommandSpec* ResolveCommand(std::span<const std::string_view> args, std::string* error) {
  const CommandSpec* spec = FindCommand(args[0]);
  if (spec == nullptr) {
    *error = UnknownCommandError(args[0], args.subspan(1));
    return nullptr;
  }
  if (!spec->subcommands.empty() && args.size() >= 2) {
    const CommandSpec* sub = FindSubcommand(*spec, args[1]);
    if (sub == nullptr) {
      *error = UnknownSubcommandError(args[1], spec->name);
      return nullptr;
    }
    spec = sub;
  }
  if (!ArityOk(spec->arity, args.size())) {
    *error = ArityError(spec->name);
    return nullptr;
  }
  return spec;
}

void Dispatch(ServerState& server, ClientSession& client, std::span<const std::string_view> args,
              int64_t now_ms) {
  std::string error;
  const CommandSpec* spec = ResolveCommand(args, &error);
  if (spec == nullptr) return Reject(server, client, error);
  if (AuthRequired(server, client) && !(spec->flags & kNoAuth)) {
    return Reject(server, client, kErrNoAuth);
  }
  if (client.in_multi && !(spec->flags & kTxControl)) {
    if (spec->flags & kNoMulti)
      return Reject(server, client, "ERR Command not allowed inside a transaction");
    return Queue(client, args);
  }
  Execute(server, client, *spec, args, now_ms);
}

void Execute(ServerState& server, ClientSession& client, const CommandSpec& spec,
             std::span<const std::string_view> args, int64_t now_ms) {
  // CLIENT REPLY OFF/SKIP: the command runs, its reply goes nowhere.
  bool silent = client.reply_mode == ReplyMode::kOff || client.reply_mode == ReplyMode::kSkipThis;
  std::string discarded;
  resp::ReplyWriter reply(silent ? &discarded : &client.output, client.protocol);
  CommandContext ctx(server, client, spec, args, reply, now_ms);
  spec.handler(ctx);
  ++server.stats().total_commands_processed;
  client.last_command = &spec;
  if (client.reply_mode == ReplyMode::kSkipThis) client.reply_mode = ReplyMode::kOn;
  if (client.reply_mode == ReplyMode::kSkipNext) client.reply_mode = ReplyMode::kSkipThis;
  if (ctx.propagated() && !server.watches().empty()) {
    std::vector<std::string_view> keys;
    CommandKeys(spec, args, &keys);
    for (std::string_view key : keys)
      server.watches().KeyModified(client.db, key);
  }
}

}  // namespace slotcache::server
