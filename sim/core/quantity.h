// File: sim/core/quantity.h
// Strong integer quantities besides time: ByteCount (bytes) and DataRate (bits per second), and the
// one place where they meet time: how long a number of bytes occupies a link of a given rate.
//
//   Duration tx = transmissionTime(Bytes(1500), Mbps(100));   // 120 us, exact
#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "sim/core/time.h"

namespace wirelab::sim {

// 128-bit intermediates for rate x time products (GCC/Clang extension; __extension__ keeps
// -Wpedantic quiet).
__extension__ using Int128 = __int128;

class ByteCount {
 public:
  constexpr ByteCount() = default;
  constexpr explicit ByteCount(std::int64_t bytes) : m_bytes(bytes) {}
  constexpr std::int64_t bytes() const { return m_bytes; }
  constexpr std::int64_t bits() const { return m_bytes * 8; }

  constexpr auto operator<=>(const ByteCount&) const = default;
  constexpr ByteCount operator+(ByteCount o) const { return ByteCount(m_bytes + o.m_bytes); }
  constexpr ByteCount operator-(ByteCount o) const { return ByteCount(m_bytes - o.m_bytes); }
  constexpr ByteCount& operator+=(ByteCount o) {
    m_bytes += o.m_bytes;
    return *this;
  }
  constexpr ByteCount& operator-=(ByteCount o) {
    m_bytes -= o.m_bytes;
    return *this;
  }
  constexpr ByteCount operator*(std::int64_t k) const { return ByteCount(m_bytes * k); }

 private:
  std::int64_t m_bytes = 0;
};

constexpr ByteCount Bytes(std::int64_t n) { return ByteCount(n); }
constexpr ByteCount KiB(std::int64_t n) { return ByteCount(n * 1024); }
constexpr ByteCount MiB(std::int64_t n) { return ByteCount(n * 1024 * 1024); }

class DataRate {
 public:
  constexpr DataRate() = default;
  constexpr explicit DataRate(std::int64_t bitsPerSecond) : m_bps(bitsPerSecond) {}
  constexpr std::int64_t bitsPerSecond() const { return m_bps; }
  constexpr double megabitsPerSecond() const { return static_cast<double>(m_bps) * 1e-6; }

  constexpr auto operator<=>(const DataRate&) const = default;

 private:
  std::int64_t m_bps = 0;
};

constexpr DataRate Bps(std::int64_t n) { return DataRate(n); }
constexpr DataRate Kbps(std::int64_t n) { return DataRate(n * 1'000); }
constexpr DataRate Mbps(std::int64_t n) { return DataRate(n * 1'000'000); }
constexpr DataRate Gbps(std::int64_t n) { return DataRate(n * 1'000'000'000); }

// Serialization time of `size` on a link of `rate`, rounded up to the next whole nanosecond so that
// back-to-back packets never overlap on the wire. Exact integer arithmetic: a packet's bits times
// 10^9 fit 64 bits (up to about 1.1 GB), and a 128-bit division is a library call that every
// transmission would pay (2.5% of a 1,000-client polling run), so 128 bits only past that.
constexpr Duration transmissionTime(ByteCount size, DataRate rate) {
  constexpr std::uint64_t kNsPerS = 1'000'000'000;
  const auto bits = static_cast<std::uint64_t>(size.bits());
  const auto rateBps = static_cast<std::uint64_t>(rate.bitsPerSecond());
  if (size.bits() >= 0 && rate.bitsPerSecond() > 0 && bits <= (UINT64_MAX - rateBps) / kNsPerS) {
    return Duration::fromNanoseconds(static_cast<std::int64_t>((bits * kNsPerS + rateBps - 1) / rateBps));
  }
  const Int128 numerator = static_cast<Int128>(size.bits()) * 1'000'000'000;
  const Int128 rate128 = rate.bitsPerSecond();
  return Duration::fromNanoseconds(static_cast<std::int64_t>((numerator + rate128 - 1) / rate128));
}

// Bytes that `rate` carries in `d`, rounded down.
constexpr ByteCount bytesIn(Duration d, DataRate rate) {
  const Int128 bits = static_cast<Int128>(rate.bitsPerSecond()) * d.nanoseconds() / 1'000'000'000;
  return ByteCount(static_cast<std::int64_t>(bits / 8));
}

std::string toString(ByteCount b);  // "1500B", "64KiB", "1.5MiB"
std::string toString(DataRate r);   // "100Mbps", "1.5Gbps", "64kbps"

}  // namespace wirelab::sim
