// File: models/workload/relay_loss_pattern.h
// Which packets the realnet emulator's relay (shared/tools/realnet/delayline/relay.c) drops. The
// relay decides per packet, in the order packets reach it in each direction, with its own
// SplitMix64 stream seeded from the run's `seed` (recorded in every manifest entry): the n-th
// packet of a direction is lost if the n-th draw is below the loss probability. So the drop
// pattern of a real run is known by packet index, and a simulated run can lose the same positions
// (bench/realnet_loss_pattern.py checks the formula against the captures: in 74 of the 80 lossy
// runs, realnet-dev and this project's extra set, the packets missing between the sender's and
// the receiver's capture are exactly these; in the other six one position differs, among packets
// sent at the same instant or the run's last packet, which the relay did not forward as it stopped).
#pragma once

#include <cstdint>
#include <vector>

namespace wirelab::models::workload {

enum class RelayDirection { ClientToServer, ServerToClient };  // relay.c's "up" and "down"

// The 0-based positions, among the first `packets` packets of `direction`, that the relay run with
// `relaySeed` and loss probability `lossProbability` drops (sorted).
std::vector<std::uint64_t> relayLossPositions(std::uint64_t relaySeed, RelayDirection direction,
                                              double lossProbability, std::uint64_t packets);

}  // namespace wirelab::models::workload
