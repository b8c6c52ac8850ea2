// The application's reads (tcp_app_reads.cpp): a reader woken readLatency after data arrive, reading
// readChunkBytes per call and spending readChunkTime on each before the next call.
#include <gtest/gtest.h>

#include <vector>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

struct Read {
  SimTime at;
  std::uint64_t bytes = 0;
};

// 40,000 bytes sent in one flight over 1 Gbit/s (a segment every 12 us); returns the server
// application's reads.
std::vector<Read> readsOfOneFlight(Duration chunkTime) {
  testing::TcpPair t(testing::link(Gbps(1), Milliseconds(5)));
  TcpConfig server;
  server.initialWindowSegments = 40;
  server.readLatency = Microseconds(100);
  server.readChunkBytes = 8192;
  server.readChunkTime = chunkTime;
  std::vector<Read> reads;
  TcpConnection* accepted = nullptr;
  t.serverStack->listen(80, server, [&](TcpConnection& c) {
    accepted = &c;
    c.callbacks().onData = [&](std::uint64_t n) { reads.push_back({t.sim.scheduler.now(), n}); };
  });
  TcpConfig client;
  client.initialWindowSegments = 40;
  TcpConnection& c = t.clientStack->connect({t.server, 80}, client);
  c.callbacks().onConnected = [&] { c.send(40'000); };
  t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(40));
  EXPECT_NE(accepted, nullptr);
  return reads;
}

TEST(TcpAppReads, ReaderTakesReadChunkTimeOverEachReadAndReadsLaterDataWithoutANewWakeUp) {
  const std::vector<Read> reads = readsOfOneFlight(Microseconds(80));
  ASSERT_GE(reads.size(), 5u);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    total += reads[i].bytes;
    EXPECT_LE(reads[i].bytes, 8192u);
    // One read() every 80 us while data are waiting: the segments that arrive while the
    // application is busy are read by its next call, not after another wake-up latency.
    if (i > 0) {
      EXPECT_EQ(reads[i].at - reads[i - 1].at, Microseconds(80)) << "read " << i;
    }
  }
  EXPECT_EQ(total, 40'000u);
  // The flight (28 segments, 12 us apart) is all there after 0.33 ms; five 8 KiB reads take it.
  EXPECT_EQ(reads.size(), 5u);
}

TEST(TcpAppReads, WithoutReadChunkTimeEachWakeUpReadsEverythingAtOnce) {
  const std::vector<Read> reads = readsOfOneFlight(Duration::zero());
  ASSERT_FALSE(reads.empty());
  std::uint64_t total = 0;
  for (const Read& r : reads) total += r.bytes;
  EXPECT_EQ(total, 40'000u);
  // Reads come in bursts at wake-ups (several calls at one instant); 100 us after the first
  // segment only some of the flight is there, so there is more than one wake-up.
  int instants = 1;
  for (std::size_t i = 1; i < reads.size(); ++i) instants += reads[i].at != reads[i - 1].at ? 1 : 0;
  EXPECT_GT(instants, 1);
  EXPECT_LT(static_cast<std::size_t>(instants), reads.size());
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
