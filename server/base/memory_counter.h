// used_memory: the bytes this process has allocated for data and buffers, counted at allocation
// time (malloc_usable_size of every block), like Redis's zmalloc counter. Not an estimate.
#pragma once

#include <cstddef>
#include <cstdint>

namespace slotcache::server {

// Bytes currently allocated through operator new (replaced in memory_counter.cc, so every
// std::string, vector and hash table counts) and through the Counted* functions below.
uint64_t CountedBytes();

// malloc/realloc/free for blocks the server allocates itself (entries, input buffers); they
// abort on allocation failure, like operator new would throw.
void* CountedMalloc(size_t size);
void* CountedRealloc(void* block, size_t size);
void CountedFree(void* block);

}  // namespace slotcache::server
