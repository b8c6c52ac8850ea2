#include "sim/core/time.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "sim/core/quantity.h"

namespace wirelab::sim {
namespace {

TEST(Duration, FactoriesAreExactNanoseconds) {
  EXPECT_EQ(Seconds(2).nanoseconds(), 2'000'000'000);
  EXPECT_EQ(Milliseconds(40).nanoseconds(), 40'000'000);
  EXPECT_EQ(Microseconds(7).nanoseconds(), 7'000);
  EXPECT_EQ((Milliseconds(1) * 3 + Microseconds(5)).nanoseconds(), 3'005'000);
  EXPECT_EQ(SecondsF(0.0015).nanoseconds(), 1'500'000);
}

TEST(Duration, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(toString(Seconds(30)), "30s");
  EXPECT_EQ(toString(Milliseconds(1500)), "1.5s");
  EXPECT_EQ(toString(Milliseconds(40)), "40ms");
  EXPECT_EQ(toString(Microseconds(120)), "120us");
  EXPECT_EQ(toString(Nanoseconds(1234567)), "1234.567us");  // not exact in ms at 3 decimals
  EXPECT_EQ(toString(Nanoseconds(12)), "12ns");
  EXPECT_EQ(toString(Duration::zero()), "0s");
  EXPECT_EQ(toString(-Milliseconds(3)), "-3ms");
}

TEST(SimTime, ArithmeticWithDurations) {
  const SimTime t = SimTime::zero() + Milliseconds(10);
  EXPECT_EQ((t + Milliseconds(5)) - t, Milliseconds(5));
  EXPECT_LT(t, t + Nanoseconds(1));
  EXPECT_EQ(toString(t), "10ms");
}

TEST(Quantity, TransmissionTimeIsExactAndRoundsUp) {
  EXPECT_EQ(transmissionTime(Bytes(1500), Mbps(100)), Microseconds(120));
  EXPECT_EQ(transmissionTime(Bytes(1500), Gbps(1)), Microseconds(12));
  // 1 byte at 3 bit/s = 2.666..s: rounded up to the next nanosecond.
  EXPECT_EQ(transmissionTime(Bytes(1), Bps(3)).nanoseconds(), 2'666'666'667);
  // No overflow for large transfers on slow links: 1 GiB at 1 kbit/s.
  EXPECT_EQ(transmissionTime(MiB(1024), Kbps(1)).nanoseconds(), 8'589'934'592'000'000'000 / 1000);
}

TEST(Quantity, TransmissionTimeIsTheSameEitherSideOfTheSixtyFourBitPath) {
  // Bits times 10^9 leave 64 bits between 2,305,843,009 and 2,305,843,010 bytes: the sizes
  // around that edge, and far past it, take the 128-bit path and must agree with the closed form.
  __extension__ using Wide = unsigned __int128;
  for (const std::int64_t bytes : {std::int64_t{2'305'843'008}, std::int64_t{2'305'843'009},
                                   std::int64_t{2'305'843'010}, std::int64_t{3'000'000'000}}) {
    for (const std::int64_t bps : {std::int64_t{3}, std::int64_t{1'000'000'007}}) {
      const Wide numerator = static_cast<Wide>(bytes) * 8 * 1'000'000'000;
      const auto expected =
          static_cast<std::int64_t>((numerator + static_cast<Wide>(bps) - 1) / static_cast<Wide>(bps));
      EXPECT_EQ(transmissionTime(Bytes(bytes), Bps(bps)).nanoseconds(), expected)
          << bytes << " B at " << bps << " bit/s";
    }
  }
}

TEST(Quantity, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(toString(Bytes(1500)), "1500B");
  EXPECT_EQ(toString(KiB(64)), "64KiB");
  EXPECT_EQ(toString(Bytes(1536 * 1024)), "1.5MiB");
  EXPECT_EQ(toString(Mbps(100)), "100Mbps");
  EXPECT_EQ(toString(Bps(1'500'000'000)), "1.5Gbps");
  EXPECT_EQ(toString(Kbps(64)), "64kbps");
  EXPECT_EQ(toString(Bps(7)), "7bps");
}

TEST(Quantity, BytesInDuration) {
  EXPECT_EQ(bytesIn(Milliseconds(40), Mbps(100)), Bytes(500'000));
  EXPECT_EQ(bytesIn(Seconds(1), Bps(12)), Bytes(1));
}

}  // namespace
}  // namespace wirelab::sim
