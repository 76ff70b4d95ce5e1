#include "server/commands/collection_scan.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <string>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"

namespace slotcache::server {

bool ParseCollectionCursor(CommandContext& ctx, std::string_view text, uint64_t* cursor) {
  std::string copy(text);
  errno = 0;
  char* end = nullptr;
  unsigned long long value = std::strtoull(copy.c_str(), &end, 10);
  if ((!copy.empty() && std::isspace(static_cast<unsigned char>(copy[0]))) || *end != '\0' ||
      errno == ERANGE) {
    ctx.reply().Error(kErrInvalidCursor);
    return false;
  }
  *cursor = value;
  return true;
}

bool ParseCollectionScanOptions(CommandContext& ctx, size_t first, CollectionScanOptions* out) {
  for (size_t i = first; i < ctx.argc(); i += 2) {
    std::string_view name = ctx.arg(i);
    bool has_value = i + 1 < ctx.argc();
    if (has_value && EqualsIgnoreCase(name, "count")) {
      int64_t count = 0;
      if (!resp::ParseInt64(ctx.arg(i + 1), &count)) {
        ctx.reply().Error(kErrNotInteger);
        return false;
      }
      if (count < 1) {
        ctx.reply().Error(kErrSyntax);
        return false;
      }
      out->count = static_cast<size_t>(count);
    } else if (has_value && EqualsIgnoreCase(name, "match")) {
      out->pattern = ctx.arg(i + 1) == "*" ? std::string_view() : ctx.arg(i + 1);
    } else {
      ctx.reply().Error(kErrSyntax);
      return false;
    }
  }
  return true;
}

void ReplyScanHead(CommandContext& ctx, uint64_t next_cursor) {
  ctx.reply().ArrayHeader(2);
  ctx.reply().Bulk(std::to_string(next_cursor));
}

}  // namespace slotcache::server
