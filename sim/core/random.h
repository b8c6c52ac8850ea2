// File: sim/core/random.h
// Deterministic random numbers. Every component draws from its own named stream, derived from
// (seed, run, component name) by hashing, never from a shared generator: adding or reordering
// components never changes another component's draws, and replication r of a sweep gets
// independent streams by changing `run` alone. The generator is xoshiro256** (Blackman & Vigna),
// seeded through SplitMix64; both are fixed algorithms, so results are identical on every
// platform and standard library (std:: distributions are not, so none is used).
//
//   RandomStreams streams(/*seed=*/42, /*run=*/0);
//   RandomStream loss = streams.stream("link/client-router/loss");
//   if (loss.uniform01() < 0.01) drop();
#pragma once

#include <cstdint>
#include <string_view>

namespace wirelab::sim {

class RandomStream {
 public:
  // Seeds the 256-bit state from one 64-bit value through SplitMix64 (never all-zero).
  explicit RandomStream(std::uint64_t seed);

  std::uint64_t nextU64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform01();
  // Uniform in (0, 1]: safe to take a logarithm of.
  double uniformOpen01();
  // Uniform integer in [0, bound) without modulo bias (Lemire's method). bound > 0.
  std::uint64_t uniformBelow(std::uint64_t bound);
  bool bernoulli(double p) { return uniform01() < p; }

 private:
  std::uint64_t m_state[4];
};

class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint64_t run) : m_seed(seed), m_run(run) {}
  // The stream of one component. The same (seed, run, name) always gives the same stream.
  RandomStream stream(std::string_view componentName) const;
  // The 64-bit seed behind stream(componentName), for components that keep a seed themselves.
  std::uint64_t streamSeed(std::string_view componentName) const;

  std::uint64_t seed() const { return m_seed; }
  std::uint64_t run() const { return m_run; }

 private:
  std::uint64_t m_seed;
  std::uint64_t m_run;
};

// SplitMix64 finaliser: a bijective 64-bit mixer.
std::uint64_t mix64(std::uint64_t x);

}  // namespace wirelab::sim
