// File: sim/core/time.h
// Strong integer time for the kernel: Duration (a span) and SimTime (a point since the start of a
// run), both int64 nanoseconds. Never floating point inside the kernel: equal inputs give equal
// event orders on every machine. Pass both by value (8 bytes).
//
//   Duration rtt = Milliseconds(40);
//   SimTime deadline = sched.now() + rtt * 2;
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <string>

namespace wirelab::sim {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration fromNanoseconds(std::int64_t ns) { return Duration(ns); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration max() { return Duration(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t nanoseconds() const { return m_ns; }
  // Division, not multiplication by 1e-9: the quotient is correctly rounded, so 60 s prints as 60.
  constexpr double seconds() const { return static_cast<double>(m_ns) / 1e9; }
  constexpr double milliseconds() const { return static_cast<double>(m_ns) / 1e6; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(m_ns + o.m_ns); }
  constexpr Duration operator-(Duration o) const { return Duration(m_ns - o.m_ns); }
  constexpr Duration operator-() const { return Duration(-m_ns); }
  constexpr Duration& operator+=(Duration o) {
    m_ns += o.m_ns;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    m_ns -= o.m_ns;
    return *this;
  }
  constexpr Duration operator*(std::int64_t k) const { return Duration(m_ns * k); }
  constexpr Duration operator/(std::int64_t k) const { return Duration(m_ns / k); }
  constexpr std::int64_t operator/(Duration o) const { return m_ns / o.m_ns; }
  constexpr Duration operator%(Duration o) const { return Duration(m_ns % o.m_ns); }

 private:
  constexpr explicit Duration(std::int64_t ns) : m_ns(ns) {}
  std::int64_t m_ns = 0;
};

constexpr Duration operator*(std::int64_t k, Duration d) { return d * k; }

constexpr Duration Nanoseconds(std::int64_t n) { return Duration::fromNanoseconds(n); }
constexpr Duration Microseconds(std::int64_t n) { return Duration::fromNanoseconds(n * 1'000); }
constexpr Duration Milliseconds(std::int64_t n) { return Duration::fromNanoseconds(n * 1'000'000); }
constexpr Duration Seconds(std::int64_t n) { return Duration::fromNanoseconds(n * 1'000'000'000); }
// Rounds to the nearest nanosecond; for configuration values, not for kernel arithmetic.
Duration SecondsF(double s);

// A point in simulated time: nanoseconds since the run started (SimTime::zero()).
class SimTime {
 public:
  constexpr SimTime() = default;
  static constexpr SimTime fromNanoseconds(std::int64_t ns) { return SimTime(ns); }
  static constexpr SimTime zero() { return SimTime(0); }
  static constexpr SimTime max() { return SimTime(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t nanoseconds() const { return m_ns; }
  constexpr double seconds() const { return static_cast<double>(m_ns) / 1e9; }
  constexpr Duration sinceStart() const { return Duration::fromNanoseconds(m_ns); }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime operator+(Duration d) const { return SimTime(m_ns + d.nanoseconds()); }
  constexpr SimTime operator-(Duration d) const { return SimTime(m_ns - d.nanoseconds()); }
  constexpr Duration operator-(SimTime o) const { return Duration::fromNanoseconds(m_ns - o.m_ns); }
  constexpr SimTime& operator+=(Duration d) {
    m_ns += d.nanoseconds();
    return *this;
  }

 private:
  constexpr explicit SimTime(std::int64_t ns) : m_ns(ns) {}
  std::int64_t m_ns = 0;
};

// "1.5s", "40ms", "250us", "12ns": the largest unit that keeps the value exact to 3 decimals.
std::string toString(Duration d);
std::string toString(SimTime t);

}  // namespace wirelab::sim
