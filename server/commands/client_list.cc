// CLIENT LIST and CLIENT INFO, and the per-client line they print.
#include "server/commands/client_list.h"

#include <string>
#include <vector>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// Redis's flag letters, in its order; those for features slotcache lacks (replicas, pub/sub,
// blocking, tracking, unix sockets, READONLY) never appear. 'T' (NO-TOUCH) is Redis 7.2's.
std::string Flags(const ClientSession& client) {
  std::string flags;
  if (client.replica_link) flags += 'S';
  if (client.in_multi) flags += 'x';
  if (client.watch_dirty) flags += 'd';
  if (client.close_after_reply) flags += 'c';
  if (client.no_evict) flags += 'e';
  if (client.no_touch) flags += 'T';
  if (flags.empty()) flags.push_back('N');
  return flags;
}

// Redis counts each queued command's argument bytes plus one object pointer per argument.
size_t MultiMemory(const ClientSession& client) {
  size_t bytes = 0;
  for (const QueuedCommand& queued : client.queued) {
    for (const std::string& arg : queued.args)
      bytes += arg.size() + sizeof(void*);
  }
  return bytes;
}

size_t ArgBytes(std::span<const std::string_view> args) {
  size_t bytes = 0;
  for (std::string_view arg : args)
    bytes += arg.size();
  return bytes;
}

// The line for `client`, with the caller's own running command counted in argv-mem.
std::string LineFor(CommandContext& ctx, const ClientSession& client) {
  size_t argv_bytes = &client == &ctx.client() ? ArgBytes(ctx.args()) : 0;
  return FormatClientInfo(client, ctx.now_ms(), argv_bytes);
}

// CLIENT LIST ID id...: lines in argument order; unknown ids are skipped. False (error sent)
// on an id that is not an integer.
bool ListByIds(CommandContext& ctx, std::string* out) {
  auto& clients = ctx.server().clients();
  for (size_t i = 3; i < ctx.argc(); ++i) {
    int64_t id = 0;
    if (!resp::ParseInt64(ctx.arg(i), &id)) {
      ctx.reply().Error(kErrInvalidClientId);
      return false;
    }
    auto it = clients.find(static_cast<uint64_t>(id));
    if (it == clients.end() || it->second->kill_requested) continue;
    *out += LineFor(ctx, *it->second);
  }
  return true;
}

}  // namespace

bool ParseClientType(std::string_view name, ClientType* type) {
  if (EqualsIgnoreCase(name, "normal")) {
    *type = ClientType::kNormal;
  } else if (EqualsIgnoreCase(name, "replica") || EqualsIgnoreCase(name, "slave")) {
    *type = ClientType::kReplica;
  } else if (EqualsIgnoreCase(name, "pubsub")) {
    *type = ClientType::kPubSub;
  } else if (EqualsIgnoreCase(name, "master")) {
    *type = ClientType::kMaster;
  } else {
    return false;
  }
  return true;
}

ClientType TypeOf(const ClientSession& client) {
  return client.replica_link ? ClientType::kReplica : ClientType::kNormal;
}

// Memory fields map to slotcache's buffers: obl = replies not yet handed to the socket,
// omem = bytes being written, rbs/rbp = the reply buffer's capacity and current use.
std::string FormatClientInfo(const ClientSession& client, int64_t now_ms, size_t argv_bytes) {
  size_t multi_mem = MultiMemory(client);
  size_t tot_mem = sizeof(ClientSession) + client.query_buffer_bytes + client.query_buffer_free +
                   argv_bytes + multi_mem + client.output.capacity() + client.output_list_bytes;
  return fmt::format(
      "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub=0 psub=0 ssub=0 "
      "multi={} qbuf={} qbuf-free={} argv-mem={} multi-mem={} rbs={} rbp={} obl={} oll={} "
      "omem={} tot-mem={} events={} cmd={} user=default redir=-1 resp={}\n",
      client.id, client.addr, client.laddr, client.fd, client.name,
      now_ms / 1000 - client.created_ms / 1000, (now_ms - client.last_interaction_ms) / 1000,
      Flags(client), client.db, client.in_multi ? static_cast<int64_t>(client.queued.size()) : -1,
      client.query_buffer_bytes, client.query_buffer_free, argv_bytes, multi_mem,
      client.output.capacity(), client.output.size(), client.output.size(),
      client.output_list_bytes > 0 ? 1 : 0, client.output_list_bytes, tot_mem,
      client.output_list_bytes > 0 ? "rw" : "r",
      client.last_command != nullptr ? client.last_command->name : std::string_view("NULL"),
      client.protocol);
}

// CLIENT LIST [TYPE type | ID id...]: one filter at most, as in Redis 7.0.
void CmdClientList(CommandContext& ctx) {
  std::string out;
  if (ctx.argc() == 4 && EqualsIgnoreCase(ctx.arg(2), "type")) {
    ClientType type;
    if (!ParseClientType(ctx.arg(3), &type)) {
      return ctx.reply().Error(fmt::format(fmt::runtime(kErrUnknownClientType), ctx.arg(3)));
    }
    for (const auto& [id, client] : ctx.server().clients()) {
      if (!client->kill_requested && TypeOf(*client) == type) out += LineFor(ctx, *client);
    }
  } else if (ctx.argc() > 3 && EqualsIgnoreCase(ctx.arg(2), "id")) {
    if (!ListByIds(ctx, &out)) return;
  } else if (ctx.argc() != 2) {
    return ctx.reply().Error(kErrSyntax);
  } else {
    for (const auto& [id, client] : ctx.server().clients()) {
      if (!client->kill_requested) out += LineFor(ctx, *client);
    }
  }
  ctx.reply().Verbatim(out);
}

void CmdClientInfo(CommandContext& ctx) {
  ctx.reply().Verbatim(LineFor(ctx, ctx.client()));
}

}  // namespace slotcache::server
