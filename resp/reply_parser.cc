#include "resp/reply_parser.h"

#include "resp/numbers.h"

namespace slotcache::resp {
namespace {

constexpr int kMaxDepth = 32;
constexpr int64_t kMaxCount = 1024 * 1024;
constexpr int64_t kMaxBulk = 512LL * 1024 * 1024;

struct Cursor {
  std::string_view input;
  size_t pos = 0;
};

// The line starting at the cursor without its CRLF; false when the CRLF has not arrived.
bool ReadLine(Cursor& c, std::string_view* line) {
  size_t cr = c.input.find("\r\n", c.pos);
  if (cr == std::string_view::npos) return false;
  *line = c.input.substr(c.pos, cr - c.pos);
  c.pos = cr + 2;
  return true;
}

ReplyStatus Parse(Cursor& c, Reply* reply, int depth);

ReplyStatus ParseAggregate(Cursor& c, Reply* reply, int64_t count, int depth) {
  if (count < 0) {
    reply->type = Reply::Type::kNull;
    return ReplyStatus::kComplete;
  }
  if (count > kMaxCount) return ReplyStatus::kError;
  reply->type = Reply::Type::kArray;
  reply->elements.resize(static_cast<size_t>(count));
  for (Reply& element : reply->elements) {
    ReplyStatus status = Parse(c, &element, depth + 1);
    if (status != ReplyStatus::kComplete) return status;
  }
  return ReplyStatus::kComplete;
}

ReplyStatus ParseBulk(Cursor& c, Reply* reply, int64_t len, bool verbatim) {
  if (len < 0) {
    reply->type = Reply::Type::kNull;
    return ReplyStatus::kComplete;
  }
  if (len > kMaxBulk) return ReplyStatus::kError;
  size_t end = c.pos + static_cast<size_t>(len);
  if (end + 2 > c.input.size()) return ReplyStatus::kIncomplete;
  std::string_view body = c.input.substr(c.pos, static_cast<size_t>(len));
  if (verbatim && body.size() >= 4) body.remove_prefix(4);  // "txt:"
  reply->type = Reply::Type::kString;
  reply->text = std::string(body);
  c.pos = end + 2;
  return ReplyStatus::kComplete;
}

ReplyStatus Parse(Cursor& c, Reply* reply, int depth) {
  if (depth > kMaxDepth) return ReplyStatus::kError;
  if (c.pos >= c.input.size()) return ReplyStatus::kIncomplete;
  char type = c.input[c.pos++];
  std::string_view line;
  if (!ReadLine(c, &line)) return ReplyStatus::kIncomplete;
  int64_t n = 0;
  switch (type) {
    case '+':
      reply->type = Reply::Type::kString;
      reply->text = std::string(line);
      return ReplyStatus::kComplete;
    case '-':
      reply->type = Reply::Type::kError;
      reply->text = std::string(line);
      return ReplyStatus::kComplete;
    case ':':
      if (!ParseInt64(line, &n)) return ReplyStatus::kError;
      reply->type = Reply::Type::kInteger;
      reply->integer = n;
      return ReplyStatus::kComplete;
    case '_':
      reply->type = Reply::Type::kNull;
      return ReplyStatus::kComplete;
    case '$':
    case '=':
      if (!ParseInt64(line, &n)) return ReplyStatus::kError;
      return ParseBulk(c, reply, n, type == '=');
    case '*':
    case '~':
    case '>':
    case '%':
      if (!ParseInt64(line, &n)) return ReplyStatus::kError;
      if (type == '%' && n > 0) n *= 2;
      return ParseAggregate(c, reply, n, depth);
    default:
      return ReplyStatus::kError;
  }
}

}  // namespace

ReplyStatus ParseReply(std::string_view input, Reply* reply, size_t* consumed) {
  Cursor cursor{input, 0};
  *reply = Reply();
  ReplyStatus status = Parse(cursor, reply, 0);
  if (status == ReplyStatus::kComplete) *consumed = cursor.pos;
  return status;
}

}  // namespace slotcache::resp
