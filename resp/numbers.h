// Number text exactly as Redis reads and writes it: strict integers (string2ll), long doubles
// (string2ld) and the shortest round-trip formatting INCRBYFLOAT replies with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace slotcache::resp {

// Redis's string2ll: optional '-', digits, no '+', no spaces, no leading zeros, no overflow.
bool ParseInt64(std::string_view text, int64_t* out);
// Redis's string2ld: a finite or infinite long double, no spaces, not NaN, whole text used.
bool ParseLongDouble(std::string_view text, long double* out);
// Redis's ld2string in humanfriendly mode (INCRBYFLOAT): "%.17Lf" without trailing zeros.
std::string FormatLongDouble(long double value);

}  // namespace slotcache::resp
