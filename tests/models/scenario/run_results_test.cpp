// Run results: JSON that is deterministic and reads back exactly, bounded sample storage.
#include "models/scenario/run_results.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/scenario/json_reader.h"

namespace wirelab::models::scenario {
namespace {

TEST(JsonWriter, WritesNestedValuesDeterministically) {
  JsonWriter w;
  w.beginObject().key("a").value(1).key("b").beginArray().value(0.1).value("x\"y\n").null().endArray();
  w.key("c").beginObject().endObject().key("d").value(std::nan("")).endObject();
  EXPECT_EQ(w.str(),
            "{\n  \"a\": 1,\n  \"b\": [\n    0.1,\n    \"x\\\"y\\n\",\n    null\n  ],\n  \"c\": {},\n  "
            "\"d\": null\n}\n");
}

TEST(JsonWriter, DoublesRoundTripExactly) {
  for (const double x : {0.1, 1.0 / 3.0, 6.02214076e23, 5e-324, 123456789.123456789}) {
    std::string error;
    auto v = parseJson(JsonWriter::number(x), error);
    ASSERT_TRUE(v) << error;
    EXPECT_EQ(v->number, x) << JsonWriter::number(x);
  }
}

TEST(RunResults, ReadsBackWhatItWroteByteForByte) {
  RunResults r;
  r.seed = 42;
  r.replication = 3;
  r.simulatedEvents = 123456;
  r.simulatedSeconds = 60.5;
  for (int i = 0; i < 100; ++i) r.addSample("h1.latency", "s", 0.001 * i + 1.0 / 7.0);
  r.setValue("h1.bytes_on_wire", "B", 1.5e6);
  r.addSeries(Series{"h1.cwnd", "time (s)", "cwnd (B)", {{0.0, 14600.0}, {0.1, 29200.0}}});
  r.addEvent(0.25, "h1", "queued: 6 connections busy");
  JsonWriter w;
  r.write(w);
  std::string error;
  auto back = RunResults::read(w.str(), error);
  ASSERT_TRUE(back) << error;
  JsonWriter again;
  back->write(again);
  EXPECT_EQ(w.str(), again.str());
  EXPECT_EQ(back->find("h1.latency")->samples.size(), 100u);
  EXPECT_EQ(back->events().at(0).cause, "queued: 6 connections busy");
}

TEST(RunResults, WaterfallRowsKeepTheirTlsPhaseAndOlderRowsReadWithout) {
  RunResults r;
  r.addWaterfall(WaterfallRow{"page", "index.html", 0.0, 0.0, 0.1, 0.2, 0.2, 0.3, 0.4, 0, ""});
  JsonWriter w;
  r.write(w);
  std::string error;
  auto back = RunResults::read(w.str(), error);
  ASSERT_TRUE(back) << error;
  ASSERT_EQ(back->waterfall().size(), 1u);
  EXPECT_EQ(back->waterfall()[0].tlsEnd, 0.2);
  EXPECT_EQ(back->waterfall()[0].sent, 0.2);
  EXPECT_EQ(back->waterfall()[0].done, 0.4);
  // A row written before the TLS phase existed (ten fields): TLS ended with TCP.
  std::string old = w.str();
  const std::string tlsField = "      0.2,\n      0.2,\n";  // tlsEnd, then sent
  ASSERT_NE(old.find(tlsField), std::string::npos) << old;
  old.replace(old.find(tlsField), tlsField.size(), "      0.2,\n");
  back = RunResults::read(old, error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->waterfall()[0].tlsEnd, 0.1);
  EXPECT_EQ(back->waterfall()[0].sent, 0.2);
  EXPECT_EQ(back->waterfall()[0].done, 0.4);
}

TEST(RunResults, ThinsSamplesEvenlyBeyondTheCap) {
  RunResults r;
  const std::size_t n = 3 * kMaxSamplesPerMetric;
  for (std::size_t i = 0; i < n; ++i) r.addSample("x", "1", static_cast<double>(i));
  const Metric& m = *r.find("x");
  EXPECT_LT(m.samples.size(), kMaxSamplesPerMetric);
  EXPECT_GT(m.samples.size(), kMaxSamplesPerMetric / 4);
  EXPECT_EQ(m.samples.size() + m.droppedSamples, n);
  // Evenly spread: the median of the kept samples is the median of all, within one stride.
  const SampleSummary s = summarize(m.samples);
  EXPECT_NEAR(s.p50, static_cast<double>(n) / 2, static_cast<double>(m.stride));
}

TEST(RunResults, RejectsFilesOfAnotherKind) {
  std::string error;
  EXPECT_FALSE(RunResults::read("{\"format\": \"other\"}", error));
  EXPECT_EQ(error, "not a Wirelab run file (format wirelab-run/1)");
  EXPECT_FALSE(RunResults::read("{\"format\": \"wirelab-run/1\", \"seed\": [1", error));
  EXPECT_EQ(error.rfind("not JSON: byte ", 0), 0u) << error;
  EXPECT_FALSE(RunResults::read("{\"format\": \"wirelab-run/1\", \"seed\": \"x\"}", error));
  EXPECT_EQ(error.rfind("malformed run file", 0), 0u) << error;
}

TEST(SampleSummary, UsesType7Quantiles) {
  const SampleSummary s = summarize({4, 1, 3, 2, 5});
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.mean, 3);
  EXPECT_DOUBLE_EQ(s.p50, 3);
  EXPECT_DOUBLE_EQ(s.p90, 4.6);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 5);
}

}  // namespace
}  // namespace wirelab::models::scenario
