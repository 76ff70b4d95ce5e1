// COMMAND and its subcommands: everything is derived from the command table.
#include <vector>

#include "server/base/errors.h"
#include "server/base/glob.h"
#include "server/base/str_util.h"
#include "server/commands/command_reply.h"
#include "server/commands/help_reply.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// "get" or "config|get", any case, as COMMAND INFO and DOCS accept them. nullptr if unknown.
const CommandSpec* LookupFullName(std::string_view name) {
  size_t bar = name.find('|');
  const CommandSpec* spec = FindCommand(name.substr(0, bar));
  if (spec == nullptr || bar == std::string_view::npos) return spec;
  return FindSubcommand(*spec, name.substr(bar + 1));
}

void ReplyAllInfo(CommandContext& ctx) {
  std::span<const CommandSpec> all = AllCommands();
  ctx.reply().ArrayHeader(all.size());
  for (const CommandSpec& spec : all)
    WriteCommandInfo(ctx.reply(), spec);
}

// Visits every command, each container followed by its subcommands (COMMAND LIST's order).
template <typename Visit>
void ForEachCommandAndSubcommand(Visit visit) {
  for (const CommandSpec& spec : AllCommands()) {
    visit(spec);
    for (const CommandSpec& sub : spec.subcommands)
      visit(sub);
  }
}

bool IsArityOk(const CommandSpec& spec, size_t argc) {
  return spec.arity >= 0 ? argc == static_cast<size_t>(spec.arity)
                         : argc >= static_cast<size_t>(-spec.arity);
}

}  // namespace

void CmdCommand(CommandContext& ctx) {
  ReplyAllInfo(ctx);
}

void CmdCommandCount(CommandContext& ctx) {
  ctx.reply().Integer(static_cast<int64_t>(AllCommands().size()));
}

// COMMAND INFO [name ...]: one entry per name, null for unknown names; all without names.
void CmdCommandInfo(CommandContext& ctx) {
  if (ctx.argc() == 2) return ReplyAllInfo(ctx);
  ctx.reply().ArrayHeader(ctx.argc() - 2);
  for (std::string_view name : ctx.args().subspan(2)) {
    const CommandSpec* spec = LookupFullName(name);
    if (spec == nullptr) {
      ctx.reply().NullBulk();
    } else {
      WriteCommandInfo(ctx.reply(), *spec);
    }
  }
}

// COMMAND DOCS [name ...]: a map name → docs; unknown names are left out.
void CmdCommandDocs(CommandContext& ctx) {
  std::vector<const CommandSpec*> found;
  if (ctx.argc() == 2) {
    for (const CommandSpec& spec : AllCommands())
      found.push_back(&spec);
  }
  for (std::string_view name : ctx.args().subspan(2)) {
    if (const CommandSpec* spec = LookupFullName(name)) found.push_back(spec);
  }
  ctx.reply().MapHeader(found.size());
  for (const CommandSpec* spec : found) {
    ctx.reply().Bulk(spec->name);
    WriteCommandDocs(ctx.reply(), *spec);
  }
}

// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]
void CmdCommandList(CommandContext& ctx) {
  if (ctx.argc() != 2 && (ctx.argc() != 5 || !EqualsIgnoreCase(ctx.arg(2), "filterby"))) {
    return ctx.reply().Error(kErrSyntax);
  }
  std::string_view kind = ctx.argc() == 5 ? ctx.arg(3) : "";
  std::string_view value = ctx.argc() == 5 ? ctx.arg(4) : "";
  bool module = EqualsIgnoreCase(kind, "module");
  bool aclcat = EqualsIgnoreCase(kind, "aclcat");
  bool pattern = EqualsIgnoreCase(kind, "pattern");
  if (ctx.argc() == 5 && !module && !aclcat && !pattern) return ctx.reply().Error(kErrSyntax);
  std::vector<std::string_view> names;
  ForEachCommandAndSubcommand([&](const CommandSpec& spec) {
    bool keep = ctx.argc() == 2 || (aclcat && InAclCategory(spec, value)) ||
                (pattern && GlobMatch(value, spec.name, /*nocase=*/true));
    if (keep) names.push_back(spec.name);  // slotcache has no modules: MODULE matches nothing
  });
  ctx.reply().ArrayHeader(names.size());
  for (std::string_view name : names)
    ctx.reply().Bulk(name);
}

// COMMAND GETKEYS command [arg ...]: the keys the table's key positions pick out.
void CmdCommandGetKeys(CommandContext& ctx) {
  std::span<const std::string_view> command = ctx.args().subspan(2);
  const CommandSpec* spec = FindCommand(command[0]);
  if (spec != nullptr && !spec->subcommands.empty() && command.size() >= 2) {
    spec = FindSubcommand(*spec, command[1]);
  }
  if (spec == nullptr) return ctx.reply().Error(kErrInvalidCommand);
  if (spec->keys.first <= 0) return ctx.reply().Error(kErrNoKeyArguments);
  if (!IsArityOk(*spec, command.size())) return ctx.reply().Error(kErrInvalidCommandArgs);
  std::vector<std::string_view> keys;
  CommandKeys(*spec, command, &keys);
  ctx.reply().ArrayHeader(keys.size());
  for (std::string_view key : keys)
    ctx.reply().Bulk(key);
}

void CmdCommandHelp(CommandContext& ctx) {
  // Redis's text without GETKEYSANDFLAGS, which slotcache doesn't have.
  static constexpr std::string_view kLines[] = {
      "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "(no subcommand)",
      "    Return details about all Redis commands.",
      "COUNT",
      "    Return the total number of commands in this Redis server.",
      "LIST",
      "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "GETKEYS <full-command>",
      "    Return the keys from a full Redis command.",
  };
  ReplyHelp(ctx, kLines);
}

}  // namespace slotcache::server
