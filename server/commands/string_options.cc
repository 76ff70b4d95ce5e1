#include "server/commands/string_options.h"

#include <cstdint>
#include <limits>

#include "resp/numbers.h"
#include "server/base/str_util.h"

namespace slotcache::server {
namespace {

enum OptionFlag : uint32_t {
  kNx = 1 << 0,
  kXx = 1 << 1,
  kGet = 1 << 2,
  kKeepTtl = 1 << 3,
  kPersist = 1 << 4,
  kEx = 1 << 5,
  kPx = 1 << 6,
  kExAt = 1 << 7,
  kPxAt = 1 << 8,
};
constexpr uint32_t kAnyExpire = kEx | kPx | kExAt | kPxAt;

struct OptionRule {
  std::string_view name;
  OptionFlag flag;
  uint32_t conflicts;  // options already seen that make this one a syntax error
  bool for_set;
  bool for_getex;
  ExpireKind expire;  // kNone: takes no value
};

// Redis's rules; an option never conflicts with itself, so "EX 1 EX 2" is accepted.
constexpr OptionRule kRules[] = {
    {"nx", kNx, kXx, true, false, ExpireKind::kNone},
    {"xx", kXx, kNx, true, false, ExpireKind::kNone},
    {"get", kGet, 0, true, false, ExpireKind::kNone},
    {"keepttl", kKeepTtl, kPersist | kAnyExpire, true, false, ExpireKind::kNone},
    {"persist", kPersist, kKeepTtl | kAnyExpire, false, true, ExpireKind::kNone},
    {"ex", kEx, kKeepTtl | kPersist | (kAnyExpire & ~kEx), true, true, ExpireKind::kEx},
    {"px", kPx, kKeepTtl | kPersist | (kAnyExpire & ~kPx), true, true, ExpireKind::kPx},
    {"exat", kExAt, kKeepTtl | kPersist | (kAnyExpire & ~kExAt), true, true, ExpireKind::kExAt},
    {"pxat", kPxAt, kKeepTtl | kPersist | (kAnyExpire & ~kPxAt), true, true, ExpireKind::kPxAt},
};

// Redis compares options as C strings, so anything after an embedded NUL is ignored.
std::string_view AsCString(std::string_view arg) {
  return arg.substr(0, arg.find('\0'));
}

const OptionRule* FindRule(std::string_view arg, OptionGrammar grammar) {
  std::string_view name = AsCString(arg);
  for (const OptionRule& rule : kRules) {
    bool allowed = grammar == OptionGrammar::kSet ? rule.for_set : rule.for_getex;
    if (allowed && EqualsIgnoreCase(name, rule.name)) return &rule;
  }
  return nullptr;
}

}  // namespace

bool ParseStringOptions(std::span<const std::string_view> args, size_t first, OptionGrammar grammar,
                        StringOptions* out) {
  uint32_t seen = 0;
  for (size_t j = first; j < args.size(); ++j) {
    const OptionRule* rule = FindRule(args[j], grammar);
    bool takes_value = rule != nullptr && rule->expire != ExpireKind::kNone;
    if (rule == nullptr || (seen & rule->conflicts) || (takes_value && j + 1 == args.size())) {
      return false;
    }
    seen |= rule->flag;
    if (takes_value) {
      out->expire = rule->expire;
      out->expire_arg = args[++j];
    }
  }
  out->nx = seen & kNx;
  out->xx = seen & kXx;
  out->get = seen & kGet;
  out->keep_ttl = seen & kKeepTtl;
  out->persist = seen & kPersist;
  return true;
}

ExpireStatus ExpireAtMs(std::string_view text, ExpireKind kind, int64_t now_ms, int64_t* at_ms) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t ms = 0;
  if (!resp::ParseInt64(text, &ms)) return ExpireStatus::kNotInteger;
  bool seconds = kind == ExpireKind::kEx || kind == ExpireKind::kExAt;
  if (ms <= 0 || (seconds && ms > kMax / 1000)) return ExpireStatus::kInvalid;
  if (seconds) ms *= 1000;
  if (!IsAbsolute(kind)) {
    // Redis adds and rejects a sum that wrapped to <= 0; refuse the overflow up front instead.
    if (now_ms > 0 && ms > kMax - now_ms) return ExpireStatus::kInvalid;
    ms += now_ms;
  }
  if (ms <= 0) return ExpireStatus::kInvalid;
  *at_ms = ms;
  return ExpireStatus::kOk;
}

}  // namespace slotcache::server
