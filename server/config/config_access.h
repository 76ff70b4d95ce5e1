// Reads and changes a Config by directive name: a redis.conf text, `--name value` arguments,
// CONFIG GET and CONFIG SET. Error texts are Redis's.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/config/config.h"

namespace slotcache::server {

// Parses a whole redis.conf text. On error the status message is Redis's fatal config report
// (line number, offending line, reason).
absl::Status ApplyConfigText(std::string_view text, Config* config);
// Builds the config from `slotcache-server [file] [--name value ...]` arguments.
absl::StatusOr<Config> ConfigFromArgs(std::span<char* const> argv);

// CONFIG GET: (name, value) pairs of every directive matching any glob pattern, in table order.
std::vector<std::pair<std::string, std::string>> ConfigGet(
    const Config& config, std::span<const std::string_view> patterns);
// CONFIG SET name value [name value ...], all or nothing. `on_change` is called with each
// changed directive name after all values were accepted. The error text is Redis's.
absl::Status ConfigSet(Config* config, std::span<const std::string_view> pairs,
                       const std::function<void(std::string_view)>& on_change);

}  // namespace slotcache::server
