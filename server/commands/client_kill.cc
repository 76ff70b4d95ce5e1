// CLIENT KILL, old form (addr → OK or error) and filter form (→ number killed).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/commands/client_list.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

struct KillFilter {
  std::optional<std::string_view> addr;  // unset: any
  std::optional<std::string_view> laddr;
  bool has_type = false;
  ClientType type = ClientType::kNormal;
  uint64_t id = 0;  // 0: any
  bool skipme = true;
};

bool Matches(const KillFilter& filter, const ClientSession& client, const ClientSession& self) {
  if (filter.addr && client.addr != *filter.addr) return false;
  if (filter.laddr && client.laddr != *filter.laddr) return false;
  if (filter.has_type && TypeOf(client) != filter.type) return false;
  if (filter.id != 0 && client.id != filter.id) return false;
  return !(filter.skipme && &client == &self);
}

// One "<option> <value>" pair of the filter form; replies the error and returns false if bad.
bool ParseKillOption(CommandContext& ctx, std::string_view option, std::string_view value,
                     KillFilter* filter) {
  if (EqualsIgnoreCase(option, "id")) {
    int64_t id = 0;
    if (!resp::ParseInt64(value, &id) || id < 1) {
      ctx.reply().Error(kErrClientIdRange);
      return false;
    }
    filter->id = static_cast<uint64_t>(id);
  } else if (EqualsIgnoreCase(option, "type")) {
    filter->has_type = true;
    if (!ParseClientType(value, &filter->type)) {
      ctx.reply().Error(fmt::format(fmt::runtime(kErrUnknownClientType), value));
      return false;
    }
  } else if (EqualsIgnoreCase(option, "addr")) {
    filter->addr = value;
  } else if (EqualsIgnoreCase(option, "laddr")) {
    filter->laddr = value;
  } else if (EqualsIgnoreCase(option, "user")) {
    // "default" is the only user, and every client is authenticated as it.
    if (value != "default") {
      ctx.reply().Error(fmt::format(fmt::runtime(kErrNoSuchUser), value));
      return false;
    }
  } else if (EqualsIgnoreCase(option, "skipme") && EqualsIgnoreCase(value, "yes")) {
    filter->skipme = true;
  } else if (EqualsIgnoreCase(option, "skipme") && EqualsIgnoreCase(value, "no")) {
    filter->skipme = false;
  } else {
    ctx.reply().Error(kErrSyntax);
    return false;
  }
  return true;
}

bool ParseKillFilter(CommandContext& ctx, KillFilter* filter) {
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    if (i + 1 >= ctx.argc()) {
      ctx.reply().Error(kErrSyntax);
      return false;
    }
    if (!ParseKillOption(ctx, ctx.arg(i), ctx.arg(i + 1), filter)) return false;
  }
  return true;
}

// Closes every matching client: others at the end of this loop iteration, the caller after its
// reply is sent. Returns how many matched.
int64_t KillMatching(CommandContext& ctx, const KillFilter& filter) {
  int64_t killed = 0;
  for (auto& [id, client] : ctx.server().clients()) {
    if (client->kill_requested || !Matches(filter, *client, ctx.client())) continue;
    if (client == &ctx.client()) {
      client->close_after_reply = true;
    } else {
      client->kill_requested = true;
      ctx.server().RequestClose(id);
    }
    ++killed;
  }
  return killed;
}

}  // namespace

void CmdClientKill(CommandContext& ctx) {
  KillFilter filter;
  if (ctx.argc() == 3) {
    // Old form: CLIENT KILL addr, which may kill the caller itself.
    filter.addr = ctx.arg(2);
    filter.skipme = false;
    if (KillMatching(ctx, filter) == 0) return ctx.reply().Error(kErrNoSuchClient);
    return ctx.reply().Ok();
  }
  if (!ParseKillFilter(ctx, &filter)) return;
  ctx.reply().Integer(KillMatching(ctx, filter));
}

}  // namespace slotcache::server
