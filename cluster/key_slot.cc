#include "cluster/key_slot.h"

#include <array>

namespace slotcache::cluster {
namespace {

using Crc16Table = std::array<uint16_t, 256>;

// kTables[0] is the classic byte-at-a-time table for poly 0x1021; kTables[k][x] is the CRC of
// byte x followed by k zero bytes. Because CRC is linear, eight bytes can then be folded with
// eight independent lookups instead of a chain of eight dependent ones ("slicing-by-8"): the
// slot is computed for every key of every command, so its cost shows in throughput.
constexpr std::array<Crc16Table, 8> MakeTables() {
  std::array<Crc16Table, 8> tables{};
  for (int x = 0; x < 256; ++x) {
    uint16_t crc = static_cast<uint16_t>(x << 8);
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    tables[0][x] = crc;
  }
  for (int k = 1; k < 8; ++k) {
    for (int x = 0; x < 256; ++x) {
      uint16_t prev = tables[k - 1][x];
      tables[k][x] = static_cast<uint16_t>((prev << 8) ^ tables[0][prev >> 8]);
    }
  }
  return tables;
}
constexpr std::array<Crc16Table, 8> kTables = MakeTables();

}  // namespace

uint16_t Crc16(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  uint16_t crc = 0;
  for (; n >= 8; n -= 8, p += 8) {
    crc = kTables[7][(crc >> 8) ^ p[0]] ^ kTables[6][(crc & 0xff) ^ p[1]] ^ kTables[5][p[2]] ^
          kTables[4][p[3]] ^ kTables[3][p[4]] ^ kTables[2][p[5]] ^ kTables[1][p[6]] ^
          kTables[0][p[7]];
  }
  for (; n > 0; --n, ++p)
    crc = static_cast<uint16_t>((crc << 8) ^ kTables[0][((crc >> 8) ^ *p) & 0xff]);
  return crc;
}

std::string_view HashTag(std::string_view key) {
  size_t open = key.find('{');
  if (open == std::string_view::npos) return key;
  size_t close = key.find('}', open + 1);
  if (close == std::string_view::npos || close == open + 1) return key;
  return key.substr(open + 1, close - open - 1);
}

SlotId KeySlot(std::string_view key) {
  return Crc16(HashTag(key)) & (kSlotCount - 1);
}

}  // namespace slotcache::cluster
