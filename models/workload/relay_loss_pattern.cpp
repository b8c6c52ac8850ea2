#include "models/workload/relay_loss_pattern.h"

#include "sim/core/random.h"

namespace wirelab::models::workload {

std::vector<std::uint64_t> relayLossPositions(std::uint64_t relaySeed, RelayDirection direction,
                                              double lossProbability, std::uint64_t packets) {
  // relay.c: rng = seed * 2654435761 + (0x1111 up, 0x2222 down); one splitmix64() discarded; then
  // per packet `splitmix64(&rng) >> 11` scaled to [0, 1) and compared with p. splitmix64 adds the
  // golden-ratio increment to its state and returns the mix of the new state, which is
  // sim::mix64 of the old one.
  constexpr std::uint64_t kIncrement = 0x9e3779b97f4a7c15ULL;
  const std::uint64_t salt = direction == RelayDirection::ClientToServer ? 0x1111 : 0x2222;
  std::uint64_t state = relaySeed * 2654435761ULL + salt + kIncrement;  // after the discarded draw
  std::vector<std::uint64_t> positions;
  if (lossProbability <= 0) return positions;
  for (std::uint64_t i = 0; i < packets; ++i) {
    const double u = static_cast<double>(sim::mix64(state) >> 11) * (1.0 / 9007199254740992.0);
    state += kIncrement;
    if (u < lossProbability) positions.push_back(i);
  }
  return positions;
}

}  // namespace wirelab::models::workload
