// Key → hash slot exactly as Redis Cluster computes it: CRC16-XMODEM of the key or of its
// first non-empty {hash tag}, modulo 16384. Pure function, no state.
#pragma once

#include <cstdint>
#include <string_view>

namespace slotcache::cluster {

using SlotId = uint16_t;
constexpr int kSlotCount = 16384;

// CRC16-XMODEM (poly 0x1021, init 0, no reflection). "123456789" → 0x31C3.
uint16_t Crc16(std::string_view data);

// The part of `key` that is hashed: the inside of the first {...} if non-empty, else the key.
std::string_view HashTag(std::string_view key);

SlotId KeySlot(std::string_view key);

}  // namespace slotcache::cluster
