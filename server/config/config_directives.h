// The table of redis.conf directives slotcache knows: how each one parses its arguments and
// prints its CONFIG GET value. Internal to config/; it never reports where an error happened.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "server/config/config.h"

namespace slotcache::server {

// Who may change a directive after startup (Redis's IMMUTABLE_CONFIG / PROTECTED_CONFIG).
enum class DirectiveAccess { kMutable, kImmutable, kProtected };

struct Directive {
  using Args = std::span<const std::string>;
  std::string_view name;
  DirectiveAccess access;
  // CONFIG SET splits the value on spaces into several arguments (like a config line).
  bool multi_arg;
  // Applies the arguments; returns "" or Redis's reason text.
  std::function<std::string(Config&, Args)> set;
  std::function<std::string(const Config&)> get;
};

// Every directive, in a fixed order (CONFIG GET with patterns lists them in this order).
const std::vector<Directive>& Directives();
// Case-insensitive lookup; nullptr when unknown.
const Directive* FindDirective(std::string_view name);

}  // namespace slotcache::server
