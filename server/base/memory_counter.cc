#include "server/base/memory_counter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace slotcache::server {
namespace {

// The one process-wide counter, as Redis's used_memory: allocation is process-wide, so its
// count is too. Relaxed atomics: libuv and spdlog may allocate from their own threads.
std::atomic<uint64_t> counted_bytes{0};

void Add(void* block) {
  if (block != nullptr)
    counted_bytes.fetch_add(malloc_usable_size(block), std::memory_order_relaxed);
}

void Sub(void* block) {
  if (block != nullptr)
    counted_bytes.fetch_sub(malloc_usable_size(block), std::memory_order_relaxed);
}

void* Allocate(size_t size) {
  void* block = std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) std::abort();  // out of memory: nothing sane to do (no exceptions)
  Add(block);
  return block;
}

// The nothrow forms' contract: nullptr when memory is short, so a caller that can do without
// (the replication backlog growing) keeps running.
void* TryAllocate(size_t size) {
  void* block = std::malloc(size == 0 ? 1 : size);
  Add(block);
  return block;
}

void* AllocateAligned(size_t size, std::align_val_t align) {
  size_t alignment = static_cast<size_t>(align);
  size_t rounded = (size + alignment - 1) / alignment * alignment;
  void* block = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
  if (block == nullptr) std::abort();
  Add(block);
  return block;
}

void Release(void* block) {
  Sub(block);
  std::free(block);
}

}  // namespace

uint64_t CountedBytes() {
  return counted_bytes.load(std::memory_order_relaxed);
}

void* CountedMalloc(size_t size) {
  return Allocate(size);
}

void* CountedRealloc(void* block, size_t size) {
  Sub(block);
  void* grown = std::realloc(block, size);
  if (grown == nullptr) std::abort();
  Add(grown);
  return grown;
}

void CountedFree(void* block) {
  Release(block);
}

}  // namespace slotcache::server

// The replaceable global allocation functions: every C++ allocation of the process is counted.
// They call malloc/free, so sanitizers (which intercept malloc) still see every block.
void* operator new(size_t size) {
  return slotcache::server::Allocate(size);
}
void* operator new[](size_t size) {
  return slotcache::server::Allocate(size);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return slotcache::server::TryAllocate(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return slotcache::server::TryAllocate(size);
}
void* operator new(size_t size, std::align_val_t align) {
  return slotcache::server::AllocateAligned(size, align);
}
void* operator new[](size_t size, std::align_val_t align) {
  return slotcache::server::AllocateAligned(size, align);
}
void operator delete(void* block) noexcept {
  slotcache::server::Release(block);
}
void operator delete[](void* block) noexcept {
  slotcache::server::Release(block);
}
void operator delete(void* block, size_t) noexcept {
  slotcache::server::Release(block);
}
void operator delete[](void* block, size_t) noexcept {
  slotcache::server::Release(block);
}
void operator delete(void* block, std::align_val_t) noexcept {
  slotcache::server::Release(block);
}
void operator delete[](void* block, std::align_val_t) noexcept {
  slotcache::server::Release(block);
}
void operator delete(void* block, size_t, std::align_val_t) noexcept {
  slotcache::server::Release(block);
}
void operator delete[](void* block, size_t, std::align_val_t) noexcept {
  slotcache::server::Release(block);
}
