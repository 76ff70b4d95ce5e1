#include "cluster/config_codec.h"

#include <cstdint>
#include <optional>

namespace slotcache::cluster {
namespace {

constexpr uint8_t kSnapshotTag = 0x80;
constexpr uint32_t kNoOwner = 0xffffffff;

void PutU8(std::string* out, uint8_t v) {
  out->push_back(static_cast<char>(v));
}

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    PutU8(out, static_cast<uint8_t>(v >> (8 * i)));
}

void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    PutU8(out, static_cast<uint8_t>(v >> (8 * i)));
}

void PutStr(std::string* out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

void PutMember(std::string* out, const Member& m) {
  PutStr(out, m.id);
  PutStr(out, m.ip);
  PutU32(out, static_cast<uint32_t>(m.port));
  PutU32(out, static_cast<uint32_t>(m.bus_port));
  PutU8(out, static_cast<uint8_t>(m.role));
  PutStr(out, m.primary_id);
  PutU8(out, m.failed ? 1 : 0);
}

void PutFields(std::string* out, const Bootstrap& e) {
  PutU32(out, static_cast<uint32_t>(e.seeds.size()));
  for (const Member& m : e.seeds)
    PutMember(out, m);
}
void PutFields(std::string* out, const AddPrimary& e) {
  PutMember(out, e.member);
}
void PutFields(std::string* out, const AddReplica& e) {
  PutMember(out, e.member);
  PutStr(out, e.primary_id);
}
void PutFields(std::string* out, const RemoveMember& e) {
  PutStr(out, e.id);
}
void PutFields(std::string* out, const MarkFailed& e) {
  PutStr(out, e.id);
  PutU8(out, e.failed ? 1 : 0);
}
void PutFields(std::string* out, const Promote& e) {
  PutStr(out, e.replica_id);
}

// Bounds-checked cursor over untrusted bytes. Every read fails once the input is exhausted, so a
// forged count or length can only make decoding stop early, never read past the end or allocate
// more than the input size.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool U8(uint8_t* v) {
    if (in_.empty()) return false;
    *v = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }
  bool U32(uint32_t* v) { return Little(4, v); }
  bool U64(uint64_t* v) { return Little(8, v); }
  bool Bool(bool* v) {
    uint8_t b = 0;
    if (!U8(&b) || b > 1) return false;
    *v = b == 1;
    return true;
  }
  bool Str(std::string* s) {
    uint32_t len = 0;
    if (!U32(&len) || len > in_.size()) return false;
    s->assign(in_.substr(0, len));
    in_.remove_prefix(len);
    return true;
  }
  bool Port(int* port) {
    uint32_t v = 0;
    if (!U32(&v) || v > 65535) return false;
    *port = static_cast<int>(v);
    return true;
  }
  bool AtEnd() const { return in_.empty(); }

 private:
  template <typename T>
  bool Little(int bytes, T* v) {
    if (in_.size() < static_cast<size_t>(bytes)) return false;
    *v = 0;
    for (int i = 0; i < bytes; ++i)
      *v |= static_cast<T>(static_cast<uint8_t>(in_[i])) << (8 * i);
    in_.remove_prefix(bytes);
    return true;
  }

  std::string_view in_;
};

bool ReadMember(Reader& r, Member* m) {
  uint8_t role = 0;
  if (!r.Str(&m->id) || !r.Str(&m->ip) || !r.Port(&m->port) || !r.Port(&m->bus_port) ||
      !r.U8(&role) || role > 1 || !r.Str(&m->primary_id) || !r.Bool(&m->failed)) {
    return false;
  }
  m->role = static_cast<Role>(role);
  return true;
}

bool ReadMembers(Reader& r, std::vector<Member>* members) {
  uint32_t count = 0;
  if (!r.U32(&count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    Member m;
    if (!ReadMember(r, &m)) return false;
    members->push_back(std::move(m));
  }
  return true;
}

std::optional<ConfigEntry> ReadEntry(Reader& r, uint8_t tag) {
  switch (tag) {
    case 1: {
      Bootstrap e;
      if (ReadMembers(r, &e.seeds)) return e;
      break;
    }
    case 2: {
      AddPrimary e;
      if (ReadMember(r, &e.member)) return e;
      break;
    }
    case 3: {
      AddReplica e;
      if (ReadMember(r, &e.member) && r.Str(&e.primary_id)) return e;
      break;
    }
    case 4: {
      RemoveMember e;
      if (r.Str(&e.id)) return e;
      break;
    }
    case 5: {
      MarkFailed e;
      if (r.Str(&e.id) && r.Bool(&e.failed)) return e;
      break;
    }
    case 6: {
      Promote e;
      if (r.Str(&e.replica_id)) return e;
      break;
    }
  }
  return std::nullopt;
}

absl::Status CheckHeader(Reader& r, uint8_t* tag) {
  uint8_t version = 0;
  if (!r.U8(&version) || !r.U8(tag)) return absl::InvalidArgumentError("truncated header");
  if (version != kCodecVersion) return absl::InvalidArgumentError("unsupported codec version");
  return absl::OkStatus();
}

bool ReadPlacement(Reader& r, const std::vector<Member>& members, Placement* placement) {
  for (std::string& owner : placement->owners) {
    uint32_t index = 0;
    if (!r.U32(&index)) return false;
    if (index == kNoOwner) continue;
    if (index >= members.size()) return false;
    owner = members[index].id;
  }
  return true;
}

}  // namespace

std::string Encode(const ConfigEntry& entry) {
  std::string out;
  PutU8(&out, kCodecVersion);
  PutU8(&out, static_cast<uint8_t>(entry.index() + 1));  // tags follow the variant order
  std::visit([&](const auto& e) { PutFields(&out, e); }, entry);
  return out;
}

absl::StatusOr<ConfigEntry> Decode(std::string_view bytes) {
  Reader r(bytes);
  uint8_t tag = 0;
  if (absl::Status s = CheckHeader(r, &tag); !s.ok()) return s;
  std::optional<ConfigEntry> entry = ReadEntry(r, tag);
  if (!entry.has_value() || !r.AtEnd()) return absl::InvalidArgumentError("malformed entry");
  return *std::move(entry);
}

std::string EncodeConfig(const ClusterConfig& config) {
  std::string out;
  PutU8(&out, kCodecVersion);
  PutU8(&out, kSnapshotTag);
  PutU64(&out, config.epoch);
  PutU32(&out, static_cast<uint32_t>(config.members.size()));
  for (const Member& m : config.members)
    PutMember(&out, m);
  for (const std::string& owner : config.placement.owners) {
    const Member* m = owner.empty() ? nullptr : FindMember(config, owner);
    PutU32(&out, m == nullptr ? kNoOwner : static_cast<uint32_t>(m - config.members.data()));
  }
  return out;
}

absl::StatusOr<ClusterConfig> DecodeConfig(std::string_view bytes) {
  Reader r(bytes);
  uint8_t tag = 0;
  if (absl::Status s = CheckHeader(r, &tag); !s.ok()) return s;
  ClusterConfig config;
  if (tag != kSnapshotTag || !r.U64(&config.epoch) || !ReadMembers(r, &config.members) ||
      !ReadPlacement(r, config.members, &config.placement) || !r.AtEnd()) {
    return absl::InvalidArgumentError("malformed configuration snapshot");
  }
  if (absl::Status s = Validate(config); !s.ok()) return s;
  return config;
}

}  // namespace slotcache::cluster
