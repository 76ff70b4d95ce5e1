// Redis's glob-style matching (KEYS, SCAN MATCH, CONFIG GET): * ? [abc] [^a-z] and \ escapes,
// with Redis's stringmatchlen quirks (an unterminated [ class runs to the end of the pattern,
// "*" does not match the empty string). Pure function.
#pragma once

#include <string_view>

namespace slotcache::server {

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase = false);

}  // namespace slotcache::server
