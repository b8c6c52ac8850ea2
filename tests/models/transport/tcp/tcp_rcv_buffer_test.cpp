// Linux receive-buffer autotuning (tcp_rcv_buffer.h) against closed forms worked out from the
// kernel's arithmetic: the initial windows, the scaling ratio from skb->truesize, the growth of
// rcv_ssthresh per segment, Dynamic Right-Sizing per receiver RTT, and its cap at tcp_rmem[2]. The
// first-flight sequence is the one every loss-free HTTP/2 capture of realnet-dev shows.
#include "models/transport/tcp/tcp_rcv_buffer.h"

#include <gtest/gtest.h>

#include <vector>

namespace wirelab::models::transport::tcp {
namespace {

// 1500-byte MTU with timestamps: advmss 1460 on the SYN, 1448 once timestamps are agreed.
LinuxRcvBufferConfig linuxDefaults() { return LinuxRcvBufferConfig{}; }

// A client socket after the handshake: SYN sent, SYN-ACK received (rcv_nxt = 1).
LinuxRcvBuffer establishedClient(const LinuxRcvBufferConfig& c = linuxDefaults()) {
  LinuxRcvBuffer b(c);
  b.synWindow(true);
  b.onEstablished(1, 0);
  return b;
}

TEST(LinuxRcvBuffer, InitialWindowsComeFromTcpRmem1AndHalfTheBuffer) {
  LinuxRcvBuffer client(linuxDefaults());
  // tcp_select_initial_window(): 131072 / 2 rounded down to the MSS: 44 x 1460 on an active open,
  // 45 x 1448 on a passive one (the timestamp option taken off); scale 25 - 15 = 10 for 32 MiB.
  EXPECT_EQ(client.synWindow(true), 64240u);
  EXPECT_EQ(client.windowScale(), 10);
  LinuxRcvBuffer server(linuxDefaults());
  EXPECT_EQ(server.synWindow(false), 65160u);
  LinuxRcvBufferConfig old = linuxDefaults();
  old.rmemMax = 6291456;  // tcp_rmem[2] before Linux 6.16: ilog2(6 MiB) = 22, scale 7
  LinuxRcvBuffer oldKernel(old);
  oldKernel.synWindow(true);
  EXPECT_EQ(oldKernel.windowScale(), 7);
}

TEST(LinuxRcvBuffer, EstablishedClampKeepsOneSegmentInReserve) {
  LinuxRcvBuffer b = establishedClient();
  // tcp_init_buffer_space(): the full window 65536 less one segment (tcp_app_win).
  EXPECT_EQ(b.windowClamp(), 65536 - 1448);
  EXPECT_EQ(b.rcvSsthresh(), 65536 - 1448);
  EXPECT_EQ(b.rcvSpace(), 10 * 1448);  // TCP_INIT_CWND x advmss
  EXPECT_EQ(b.rcvMss(), 536);          // TCP_MSS_DEFAULT until a full segment arrives
  // The handshake's ACK offers 64088 rounded up to the 1024-byte scale unit.
  EXPECT_EQ(b.selectWindow(1).window, 64512);
}

TEST(LinuxRcvBuffer, TruesizeIsALinearSkbInAKmallocSlab) {
  LinuxRcvBuffer b(linuxDefaults());
  // 64 pad + 1500 packet -> 1600 + 320 shared info -> 2 KiB slab + 256 sk_buff.
  EXPECT_EQ(b.truesize(1448), 2304);
  EXPECT_EQ(b.truesize(179), 1280);  // a small segment: a 1 KiB slab
  LinuxRcvBufferConfig fixed = linuxDefaults();
  fixed.fixedTruesize = 1700;
  EXPECT_EQ(LinuxRcvBuffer(fixed).truesize(1448), 1700);
}

TEST(LinuxRcvBuffer, FirstFullSegmentSetsTheScalingRatioAndTheClamp) {
  LinuxRcvBuffer b = establishedClient();
  b.selectWindow(1);
  b.charge(b.truesize(1448));
  EXPECT_FALSE(b.measureRcvMss(1448, b.truesize(1448)));
  EXPECT_EQ(b.scalingRatio(), 1448 * 256 / 2304);  // 160: the window is 62.5 % of the buffer
  EXPECT_EQ(b.windowClamp(), 131072 * 160 / 256);  // 81920
  EXPECT_EQ(b.rcvMss(), 1448);
  EXPECT_EQ(b.rcvSsthresh(), 64512);  // lifted to the window already offered
}

TEST(LinuxRcvBuffer, FirstFlightWindowsMatchTheCaptures) {
  // The server's first flight, unread while it arrives: rcv_ssthresh grows by 2 x 1448 per
  // segment until the free space (the buffer less 2304 bytes per queued segment) is lower; then
  // the window may not shrink, so it falls by one segment per segment, rounded up to 1024.
  // realnet-dev (every loss-free HTTP/2 client capture) has the same sequence after its 179-byte
  // first segment, one position later.
  LinuxRcvBuffer b = establishedClient();
  std::uint64_t rcvNxt = 1;
  b.selectWindow(rcvNxt);
  std::vector<std::int64_t> windows;
  for (int i = 0; i < 10; ++i) {
    const std::int64_t truesize = b.truesize(1448);
    b.charge(truesize);
    b.measureRcvMss(1448, truesize);
    b.growWindow(1448, truesize);
    rcvNxt += 1448;
    windows.push_back(b.selectWindow(rcvNxt).window);
  }
  EXPECT_EQ(windows, (std::vector<std::int64_t>{67584, 70656, 73728, 76800, 75776, 74752, 73728, 72704, 71680,
                                                70656}));
}

TEST(LinuxRcvBuffer, DrsGrowsTheBufferOncePerReceiverRtt) {
  LinuxRcvBuffer b = establishedClient();
  b.measureRcvMss(1448, b.truesize(1448));  // ratio 160
  b.timestampRttSample(50'000, 1448, true);
  EXPECT_EQ(b.rcvRttUs(), 50'000);
  // Read 28960 bytes (twice rcvq_space.space) within one RTT: no measure before 50 ms.
  b.spaceAdjust(49'999, 1 + 28960, 1 + 28960, 0);
  EXPECT_EQ(b.rcvbuf(), 131072);
  // At 50 ms: rcvwin = 2 x 28960 + 2 x 2 x 28960 x (28960 - 14480) / 14480 = 173760 bytes of
  // window, i.e. a buffer of 173760 x 256 / 160 = 278016; the clamp follows.
  b.spaceAdjust(50'000, 1 + 28960, 1 + 28960, 0);
  EXPECT_EQ(b.rcvSpace(), 28960);
  EXPECT_EQ(b.rcvbuf(), 278016);
  EXPECT_EQ(b.windowClamp(), 173760);
  // The next RTT reads the same amount: no growth (the buffer never shrinks).
  b.spaceAdjust(100'000, 1 + 2 * 28960, 1 + 2 * 28960, 0);
  EXPECT_EQ(b.rcvbuf(), 278016);
}

TEST(LinuxRcvBuffer, DrsCountsOnlyWhatWasReadAndLeftNothingQueued) {
  LinuxRcvBuffer b = establishedClient();
  b.measureRcvMss(1448, b.truesize(1448));
  b.timestampRttSample(50'000, 1448, true);
  // 28960 bytes read, but 20000 more received and still queued: copied = 8960 <= 14480.
  b.spaceAdjust(50'000, 1 + 28960, 1 + 28960 + 20000, 0);
  EXPECT_EQ(b.rcvbuf(), 131072);
  EXPECT_EQ(b.rcvSpace(), 14480);
}

TEST(LinuxRcvBuffer, DrsStopsAtTcpRmem2) {
  LinuxRcvBufferConfig c = linuxDefaults();
  c.rmemMax = 200'000;
  LinuxRcvBuffer b = establishedClient(c);
  b.measureRcvMss(1448, b.truesize(1448));
  b.timestampRttSample(50'000, 1448, true);
  b.spaceAdjust(50'000, 1 + 100'000, 1 + 100'000, 0);
  EXPECT_EQ(b.rcvbuf(), 200'000);
  EXPECT_EQ(b.windowClamp(), 200'000 * 160 / 256);
}

TEST(LinuxRcvBuffer, ReceiverRttTakesLowerSamplesAtOnceAndHigherOnesSlowly) {
  LinuxRcvBuffer b = establishedClient();
  b.measureRcvMss(1448, b.truesize(1448));
  b.timestampRttSample(60'000, 1448, true);
  b.timestampRttSample(50'000, 1448, true);
  EXPECT_EQ(b.rcvRttUs(), 50'000);
  b.timestampRttSample(130'000, 1448, true);  // queueing delay: 1/8 of the difference
  EXPECT_EQ(b.rcvRttUs(), 60'000);
  b.timestampRttSample(40'000, 500, true);  // shorter than rcv_mss: ignored
  EXPECT_EQ(b.rcvRttUs(), 60'000);
}

TEST(LinuxRcvBuffer, HigherReceiverRttSamplesAreSkippedWhileDataWaitUnread) {
  // Linux 6.16 "tcp: skip big rtt sample if receive queue is not empty": a slow reader must not
  // inflate the estimate; a lower sample is still taken.
  LinuxRcvBuffer b = establishedClient();
  b.measureRcvMss(1448, b.truesize(1448));
  b.timestampRttSample(50'000, 1448, true);
  b.timestampRttSample(130'000, 1448, false);
  EXPECT_EQ(b.rcvRttUs(), 50'000);
  b.timestampRttSample(45'000, 1448, false);
  EXPECT_EQ(b.rcvRttUs(), 45'000);
  b.timestampRttSample(125'000, 1448, true);
  EXPECT_EQ(b.rcvRttUs(), 55'000);
}

TEST(LinuxRcvBuffer, OfferedWindowNeverShrinksAndSillyWindowsAreNotOffered) {
  LinuxRcvBuffer b = establishedClient();
  b.measureRcvMss(1448, b.truesize(1448));
  EXPECT_EQ(b.selectWindow(1).window, 64512);
  // The application stops reading until all but 8000 bytes of the 128 KiB buffer are taken:
  // 5000 bytes of window is under 1/16 of the 81920 the buffer allows, so nothing would be
  // offered (receiver silly-window avoidance)...
  b.charge(131072 - 8000);
  EXPECT_EQ(b.computeWindow().window, 0);
  EXPECT_TRUE(b.computeWindow().freeBelowHalf);
  // ... but 20000 bytes later the segment we send still offers what is left of the window already
  // offered (its right edge does not move left), rounded up to the scale unit.
  const LinuxRcvBuffer::Selection s = b.selectWindow(1 + 20000);
  EXPECT_EQ(s.window, 45056);  // 64512 - 20000 = 44512, rounded up to 1024
  EXPECT_EQ(b.rightEdge(), 1u + 20000 + 45056);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
