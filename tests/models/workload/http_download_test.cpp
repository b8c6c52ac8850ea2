// HTTP bulk download against the TCP bulk model on the same link, and against the link's payload
// rate; HTTP/2 flow control as the limit when its window is RFC 9113's default.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "models/workload/http_download_experiment.h"

namespace wirelab::models::workload {
namespace {

HttpDownloadExperiment base(HttpVersion v) {
  HttpDownloadExperiment e;
  e.version = v;
  e.rate = sim::Mbps(20);
  e.rtt = sim::Milliseconds(40);
  e.download.responseBytes = 10'000'000;
  return e;
}

// The receivers count delayed ACKs as ns-3 does (TcpConfig::ackTimerAfterReply), so that an answer
// the client sends (HTTP/2's SETTINGS ACK) does not change which segments are acknowledged in
// pairs: the comparison is of the HTTP layers. With RFC counting, see the next test.
HttpDownloadExperiment withNs3AckTiming(HttpDownloadExperiment e) {
  e.tcp.ackTimerAfterReply = true;
  return e;
}

TEST(HttpDownload, GoodputMatchesTheTcpBulkModelAtZeroLoss) {
  const double tcp = runTcpBulkReference(withNs3AckTiming(base(HttpVersion::Http1))).goodputMbps();
  // The link's payload rate: each 1448-byte segment travels with 52 bytes of IP+TCP headers.
  const double payloadRate = 20.0 * 1448 / 1500;
  for (const HttpVersion v : {HttpVersion::Http1, HttpVersion::Http2}) {
    const HttpDownloadResult r = runHttpDownload(withNs3AckTiming(base(v)));
    ASSERT_TRUE(r.done) << toString(v);
    std::printf(
        "VALIDATION http-download %s goodput=%.3f Mbit/s tcp_bulk=%.3f Mbit/s tol=1%%"
        " payload_rate=%.3f Mbit/s completion=%.3f s\n",
        toString(v), r.goodputMbps(), tcp, payloadRate, r.completionSeconds());
    EXPECT_NEAR(r.goodputMbps(), tcp, 0.01 * tcp) << toString(v);
    // Slow start costs a few round trips out of ~4 s: within 3% of the payload rate, never above.
    EXPECT_NEAR(r.goodputMbps(), payloadRate, 0.03 * payloadRate) << toString(v);
    EXPECT_LE(r.goodputMbps(), payloadRate * 1.0001) << toString(v);
  }
}

// An RFC 5681 receiver acknowledges every second full segment counted from the last ACK it sent, and
// the HTTP/2 client answers the response's first segment with its SETTINGS ACK, which carries the
// ACK for it (RFC 9293 3.8.6.3) and cancels the pending delayed ACK (RFC 1122 4.2.3.2): the pairing
// restarts there, so no slow-start flight ends on a segment left alone for the 200 ms timer, and
// HTTP/2 moves a 1 MB body (slow start only, no loss on this path) as fast as HTTP/1.1.
TEST(HttpDownload, Http2OverAnRfcReceiverLosesNoTimeToDelayedAcksInSlowStart) {
  HttpDownloadExperiment e1 = base(HttpVersion::Http1);
  HttpDownloadExperiment e2 = base(HttpVersion::Http2);
  e1.download.responseBytes = e2.download.responseBytes = 1'000'000;
  const HttpDownloadResult h1 = runHttpDownload(e1);
  const HttpDownloadResult h2 = runHttpDownload(e2);
  ASSERT_TRUE(h1.done);
  ASSERT_TRUE(h2.done);
  const double extra = h2.completionSeconds() - h1.completionSeconds();
  std::printf("VALIDATION http-download RFC delayed ACKs, 1 MB: HTTP/2 %.3f s, HTTP/1.1 %.3f s (%+.3f s)\n",
              h2.completionSeconds(), h1.completionSeconds(), extra);
  // One 200 ms timeout would show; a few ms are HTTP/2's frame headers and SETTINGS.
  EXPECT_LT(std::fabs(extra), 0.01);
}

// RFC 9113 6.9.2: with 65,535-byte windows reopened once half is consumed, at most one window is
// unacknowledged per round trip: goodput <= window / RTT = 13.1 Mbit/s < the 19.3 the link carries.
TEST(HttpDownload, Http2DefaultWindowLimitsGoodputToAWindowPerRoundTrip) {
  HttpDownloadExperiment e = base(HttpVersion::Http2);
  e.http2WindowBytes = 65'535;
  e.download.responseBytes = 3'000'000;
  const HttpDownloadResult r = runHttpDownload(e);
  ASSERT_TRUE(r.done);
  const double bound = 65'535.0 * 8 / e.rtt.seconds() / 1e6;
  std::printf("VALIDATION http-download h2-window=65535 goodput=%.3f Mbit/s bound=%.3f Mbit/s (window/RTT)\n",
              r.goodputMbps(), bound);
  EXPECT_LE(r.goodputMbps(), bound);
  EXPECT_GT(r.goodputMbps(), 0.5 * bound);
}

TEST(HttpDownload, CompletesUnderLossAndRepeatsWithTheSameSeed) {
  HttpDownloadExperiment e = base(HttpVersion::Http1);
  e.lossRate = 0.01;
  e.download.responseBytes = 2'000'000;
  const HttpDownloadResult a = runHttpDownload(e), b = runHttpDownload(e);
  ASSERT_TRUE(a.done);
  EXPECT_EQ(a.doneAt, b.doneAt);
  EXPECT_LT(a.goodputMbps(), runHttpDownload(base(HttpVersion::Http1)).goodputMbps());
}

TEST(HttpDownload, BadInputIsRejectedNamingTheParameter) {
  HttpDownloadExperiment e = base(HttpVersion::Http1);
  e.download.responseBytes = 0;
  EXPECT_THROW(
      {
        try {
          runHttpDownload(e);
        } catch (const std::invalid_argument& x) {
          EXPECT_NE(std::string(x.what()).find("http_download.responseBytes"), std::string::npos) << x.what();
          throw;
        }
      },
      std::invalid_argument);
  e = base(HttpVersion::Http1);
  e.lossRate = 1.5;
  EXPECT_THROW(runTcpBulkReference(e), std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::models::workload
