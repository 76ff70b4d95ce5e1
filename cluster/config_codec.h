// Binary codec for configuration log entries and for whole-configuration snapshots (Raft
// snapshots). Versioned and length-prefixed; decoding never trusts its input, so garbage from the
// network or disk yields an error, never a crash or a huge allocation.
//
// Layout (integers little-endian, strings as u32 length + bytes):
//   entry:    u8 version (1), u8 tag (1 Bootstrap .. 6 Promote), then the entry's fields
//   member:   str id, str ip, u32 port, u32 bus_port, u8 role (0/1), str primary_id, u8 failed
//   (0/1) snapshot: u8 version (1), u8 tag 0x80, u64 epoch, u32 member count, members,
//             256 × u32 owner (index into members, 0xffffffff = unowned)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "cluster/cluster_config.h"

namespace slotcache::cluster {

constexpr uint8_t kCodecVersion = 1;

std::string Encode(const ConfigEntry& entry);

// The entry encoded in `bytes` (exactly; trailing bytes are an error). Values are decoded as
// written; whether the entry makes sense for a configuration is Apply's decision.
absl::StatusOr<ConfigEntry> Decode(std::string_view bytes);

std::string EncodeConfig(const ClusterConfig& config);

// The configuration encoded in `bytes`, checked with Validate() so a snapshot can never install
// a configuration that Apply could not have produced.
absl::StatusOr<ClusterConfig> DecodeConfig(std::string_view bytes);

}  // namespace slotcache::cluster
