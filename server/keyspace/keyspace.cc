#include "server/keyspace/keyspace.h"

namespace slotcache::server {

Keyspace::Keyspace(int databases) {
  for (int i = 0; i < databases; ++i) {
    dbs_.push_back(std::make_unique<Database>(i));
    dbs_.back()->set_key_access(&key_access_);
  }
}

void Keyspace::SetExpiryListener(ExpiryListener* listener) {
  for (auto& db : dbs_)
    db->set_expiry_listener(listener);
}

void Keyspace::SetDeleteExpired(bool on) {
  for (auto& db : dbs_)
    db->set_delete_expired(on);
}

void Keyspace::Swap(int a, int b) {
  if (a != b) dbs_[a]->Swap(*dbs_[b]);
}

void Keyspace::FlushAll(bool async) {
  for (auto& db : dbs_) {
    if (async) {
      db->ClearAsync(lazy_free_);
    } else {
      db->Clear();
    }
  }
}

size_t Keyspace::TotalKeys() const {
  size_t total = 0;
  for (const auto& db : dbs_)
    total += db->size();
  return total;
}

}  // namespace slotcache::server
