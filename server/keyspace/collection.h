// The interface of a large collection an entry owns through a pointer in its value bytes
// (hash tables; later lists, sets, sorted sets). Lets entries free, copy and measure one
// without knowing its kind.
#pragma once

#include <cstddef>

namespace slotcache::server {

class Collection {
 public:
  virtual ~Collection() = default;
  // Every byte malloc gave this collection (its own object included).
  virtual size_t AllocatedBytes() const = 0;
  // A deep copy (COPY).
  virtual Collection* Clone() const = 0;
  // How many allocations freeing it costs (Redis's lazyfreeGetFreeEffort): large ones are
  // freed off the event loop by UNLINK and FLUSHALL ASYNC.
  virtual size_t FreeEffort() const = 0;
};

}  // namespace slotcache::server
