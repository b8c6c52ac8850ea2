// File: tests/support/address.h
// A pointer as a number, for tests that check where objects lie (clusters, prefetch regions).
#pragma once

#include <cstdint>

namespace wirelab::testing {

inline std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

}  // namespace wirelab::testing
