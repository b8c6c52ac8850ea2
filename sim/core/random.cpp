#include "sim/core/random.h"

namespace wirelab::sim {

namespace {
constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// FNV-1a over the name's bytes: stable across platforms and runs.
std::uint64_t hashName(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}
}  // namespace

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

RandomStream::RandomStream(std::uint64_t seed) {
  std::uint64_t s = seed;
  for (std::uint64_t& word : m_state) {
    s += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    word = z ^ (z >> 31);
  }
  if ((m_state[0] | m_state[1] | m_state[2] | m_state[3]) == 0) m_state[0] = 1;
}

std::uint64_t RandomStream::nextU64() {
  const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
  const std::uint64_t t = m_state[1] << 17;
  m_state[2] ^= m_state[0];
  m_state[3] ^= m_state[1];
  m_state[1] ^= m_state[2];
  m_state[0] ^= m_state[3];
  m_state[2] ^= t;
  m_state[3] = rotl(m_state[3], 45);
  return result;
}

double RandomStream::uniform01() { return static_cast<double>(nextU64() >> 11) * 0x1.0p-53; }

double RandomStream::uniformOpen01() { return (static_cast<double>(nextU64() >> 11) + 1.0) * 0x1.0p-53; }

std::uint64_t RandomStream::uniformBelow(std::uint64_t bound) {
  __extension__ using U128 = unsigned __int128;
  std::uint64_t x = nextU64();
  U128 m = static_cast<U128>(x) * bound;
  auto low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      x = nextU64();
      m = static_cast<U128>(x) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::uint64_t RandomStreams::streamSeed(std::string_view componentName) const {
  // Chained, not XOR-ed, so that no two of (seed, run, name) can cancel each other out.
  return mix64(mix64(mix64(m_seed) + m_run) + hashName(componentName));
}

RandomStream RandomStreams::stream(std::string_view componentName) const {
  return RandomStream(streamSeed(componentName));
}

}  // namespace wirelab::sim
