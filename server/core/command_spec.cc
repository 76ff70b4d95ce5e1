#include "server/core/command_spec.h"

namespace slotcache::server {

std::string_view CommandSpec::short_name() const {
  size_t bar = name.find('|');
  return bar == std::string_view::npos ? name : name.substr(bar + 1);
}

void CommandKeys(const CommandSpec& spec, std::span<const std::string_view> args,
                 std::vector<std::string_view>* keys) {
  keys->clear();
  ForEachKey(spec, args, [keys](std::string_view key) {
    keys->push_back(key);
    return true;
  });
}

}  // namespace slotcache::server
