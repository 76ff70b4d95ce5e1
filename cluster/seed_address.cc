#include "cluster/seed_address.h"

#include "resp/numbers.h"

namespace slotcache::cluster {
namespace {

bool ParsePort(std::string_view text, int* port) {
  int64_t value;
  if (!resp::ParseInt64(text, &value) || value < 1 || value > 65535) return false;
  *port = static_cast<int>(value);
  return true;
}

}  // namespace

std::optional<SeedAddress> ParseSeedAddress(std::string_view text) {
  SeedAddress seed;
  size_t at = text.find('@');
  std::string_view address = text.substr(0, at);
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  seed.ip = std::string(address.substr(0, colon));
  if (!ParsePort(address.substr(colon + 1), &seed.port)) return std::nullopt;
  if (at == std::string_view::npos) {
    seed.bus_port = seed.port + 10000;
    if (seed.bus_port > 65535) return std::nullopt;
  } else if (!ParsePort(text.substr(at + 1), &seed.bus_port)) {
    return std::nullopt;
  }
  return seed;
}

}  // namespace slotcache::cluster
