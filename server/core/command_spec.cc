#include "server/core/command_spec.h"

namespace slotcache::server {

std::string_view CommandSpec::short_name() const {
  size_t bar = name.find('|');
  return bar == std::string_view::npos ? name : name.substr(bar + 1);
}

void CommandKeys(const CommandSpec& spec, std::span<const std::string_view> args,
                 std::vector<std::string_view>* keys) {
  keys->clear();
  if (spec.keys.first <= 0) return;
  int argc = static_cast<int>(args.size());
  int last = spec.keys.last < 0 ? argc + spec.keys.last : spec.keys.last;
  for (int i = spec.keys.first; i <= last && i < argc; i += spec.keys.step) {
    keys->push_back(args[i]);
  }
}

}  // namespace slotcache::server
