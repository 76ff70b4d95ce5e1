// Small std::string_view helpers. Debian's Abseil is built with its own absl::string_view, so
// its string functions don't take std::string_view; formatting uses fmt (spdlog's dependency).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace slotcache::server {

std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string_view StripWhitespace(std::string_view s);
// Splits on `sep`; with skip_empty, empty pieces are dropped.
std::vector<std::string_view> Split(std::string_view s, char sep, bool skip_empty = false);
// Compares every byte of the longer input whatever the contents, so the reply time does not
// reveal how much of a guessed password or secret was right (Redis hashes both sides instead).
bool ConstantTimeEquals(std::string_view a, std::string_view b);
template <typename Range>
std::string Join(const Range& parts, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& part : parts) {
    if (!first) out.append(sep);
    out.append(std::string_view(part));
    first = false;
  }
  return out;
}

}  // namespace slotcache::server
