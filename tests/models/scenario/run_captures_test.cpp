// File: tests/models/scenario/run_captures_test.cpp
// The optional outputs of a run (--pcap, --qlog): which files a run writes and their names, that
// they are byte-identical for the same seed, that pcap capture points can be chosen, that a
// qlog holds one packet_sent event per packet its connection sent, and that a pcap streamed to
// disk holds the bytes an in-memory capture of the same packets does, appearing only when the run
// finishes (nothing is left by one that does not, or that cannot write).
#include "models/scenario/run_captures.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "models/capture/interface_tap.h"
#include "models/scenario/atomic_file.h"
#include "models/scenario/runner.h"
#include "tests/capture/pcap_records.h"
#include "tests/support/files_under.h"
#include "tests/support/test_folder.h"

namespace wirelab::models::scenario {
namespace {

namespace fs = std::filesystem;
using testing::filesUnder;
using testing::TestFolder;

const char* const kScenario = R"(wirelab: 1
name: captured
seed: 3
duration: 20s
topology:
  nodes: [client, router, server]
  links:
    - {between: [client, router], rate: 20Mbps, delay: 5ms}
    - {between: [router, server], rate: 10Mbps, delay: 10ms, loss: 1%}
workloads:
  - {kind: transfer, name: bulk, from: client, to: server, transport: tcp, size: 300KB, tcp: linux}
  - {kind: transfer, name: stream, from: client, to: server, transport: quic, size: 300KB}
)";

std::optional<ScenarioPlan> plan(Diagnostics& d) {
  auto doc = parseDocument(kScenario, "s.yaml", d);
  if (!doc) return std::nullopt;
  return planScenario(std::move(*doc), PlanOptions{}, d);
}

CaptureOptions everything() {
  CaptureOptions o;
  o.pcap = true;
  o.qlog = true;
  return o;
}

TEST(RunCaptures, WritesOnePcapPerNodeInterfaceAndOneQlogPerQuicConnection) {
  Diagnostics d;
  auto p = plan(d);
  ASSERT_TRUE(p) << d.formatAll();
  const TestFolder dir("wirelab-captures");
  const std::string id = p->runs.at(0).id;
  executeRun(*p, p->runs.at(0), everything(), dir.path.string());
  const auto files = filesUnder(dir.path);
  std::vector<std::string> names;
  for (const auto& [name, bytes] : files) names.push_back(name);
  const std::vector<std::string> expected = {
      "pcap/" + id + "/client--router.pcap",          "pcap/" + id + "/router--client.pcap",
      "pcap/" + id + "/router--server.pcap",          "pcap/" + id + "/server--router.pcap",
      "qlog/" + id + "/stream-client-0-client.sqlog", "qlog/" + id + "/stream-server-0-server.sqlog",
  };
  EXPECT_EQ(names, expected);

  // The router's two sides see the same packets, the link to the server minus its losses.
  const auto atServer = testing::readPcap(files.at("pcap/" + id + "/server--router.pcap"));
  const auto atRouter = testing::readPcap(files.at("pcap/" + id + "/router--server.pcap"));
  ASSERT_TRUE(atServer.error.empty()) << atServer.error;
  EXPECT_GT(atServer.records.size(), 200u);
  EXPECT_GT(atRouter.records.size(), 200u);
  std::size_t tcp = 0, udp = 0;
  for (const auto& r : atServer.records) {
    const auto s = testing::parseRecord(r);
    tcp += s.protocol == 6 ? 1 : 0;
    udp += s.protocol == 17 ? 1 : 0;
    EXPECT_TRUE(s.ipChecksumOk);
    // The run's only UDP is QUIC, which the capture knows from the endpoints the workload
    // announced: a QUIC header follows the UDP header (fixed bit set, RFC 9000 17.2 and 17.3.1).
    if (s.protocol == 17) {
      EXPECT_GT(r.data.size(), 28u);
      EXPECT_NE(r.data.at(28) & 0x40, 0);
    }
  }
  EXPECT_GT(tcp, 100u);
  EXPECT_GT(udp, 100u);
  EXPECT_EQ(tcp + udp, atServer.records.size());

  const std::string& client = files.at("qlog/" + id + "/stream-client-0-client.sqlog");
  ASSERT_FALSE(client.empty());
  EXPECT_EQ(client.front(), '\x1e');
  EXPECT_NE(client.find("\"vantage_point\":{\"name\":\"client\""), std::string::npos);
  const std::string& server = files.at("qlog/" + id + "/stream-server-0-server.sqlog");
  EXPECT_NE(server.find("\"vantage_point\":{\"name\":\"server\""), std::string::npos);
}

TEST(RunCaptures, AreByteIdenticalForTheSameSeed) {
  Diagnostics d;
  auto p = plan(d);
  ASSERT_TRUE(p) << d.formatAll();
  const TestFolder dir("wirelab-captures");
  const fs::path a = dir.path / "a", b = dir.path / "b";
  executeRun(*p, p->runs.at(0), everything(), a.string());
  executeRun(*p, p->runs.at(0), everything(), b.string());
  const auto first = filesUnder(a), second = filesUnder(b);
  EXPECT_EQ(first.size(), 6u);
  EXPECT_TRUE(first == second);
}

TEST(RunCaptures, CaptureOnlyAtTheNodesAsked) {
  Diagnostics d;
  auto p = plan(d);
  ASSERT_TRUE(p) << d.formatAll();
  const TestFolder dir("wirelab-captures");
  CaptureOptions o;
  o.pcap = true;
  o.pcapNodes = {"server"};
  executeRun(*p, p->runs.at(0), o, dir.path.string());
  const auto files = filesUnder(dir.path);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files.begin()->first, "pcap/" + p->runs.at(0).id + "/server--router.pcap");
}

TEST(RunCaptures, WithoutOptionsARunWritesNothing) {
  Diagnostics d;
  auto p = plan(d);
  ASSERT_TRUE(p) << d.formatAll();
  const TestFolder dir("wirelab-captures");
  const fs::path out = dir.path / "out";  // not even this folder is made
  executeRun(*p, p->runs.at(0), CaptureOptions{}, out.string());
  EXPECT_FALSE(fs::exists(out));
}

std::size_t countOf(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Nodes a and b, one link between them.
TopologySpec twoNodes(sim::DataRate rate, sim::Duration delay, double lossAToB = 0) {
  TopologySpec topology;
  topology.nodes = {"a", "b"};
  LinkSpec link;
  link.a = "a";
  link.b = "b";
  link.aToB.rate = link.bToA.rate = rate;
  link.aToB.delay = link.bToA.delay = delay;
  if (lossAToB > 0) {
    link.aToB.loss.kind = sim::LossSpec::Kind::Bernoulli;
    link.aToB.loss.probability = lossAToB;
  }
  topology.links.push_back(link);
  return topology;
}

TEST(RunCaptures, QlogHasOnePacketSentEventPerPacketSent) {
  namespace q = transport::quic;
  // Losses: retransmitted packets are sent packets too.
  const TopologySpec topology = twoNodes(sim::Mbps(10), sim::Milliseconds(20), 0.02);
  sim::Simulation sim(5, 0);
  RunContext ctx(sim, topology);
  q::QuicEndpoint server(ctx.udp(ctx.node("b")), 443), client(ctx.udp(ctx.node("a")));
  CaptureOptions o;
  o.qlog = true;
  const TestFolder dir("wirelab-captures");
  RunCaptures captures(ctx, o, "r", dir.path.string());  // after the endpoints: it goes first
  server.listen([](q::QuicConnection&) {});
  ctx.addQuicEndpoint(server, "w");
  ctx.addQuicEndpoint(client, "w");
  q::QuicConnection& c = client.connect(server.localEndpoint());
  c.send(c.openStream(), 400000, true);
  sim.scheduler.runUntil(sim::SimTime::zero() + sim::Seconds(20));
  ASSERT_EQ(captures.finish(), "");
  const auto files = captures.qlogContents();
  ASSERT_EQ(files.size(), 2u);
  const std::string& clientLog = files.at("qlog/r/w-a-0-client.sqlog");
  const std::string& serverLog = files.at("qlog/r/w-b-0-server.sqlog");
  ASSERT_GT(c.stats().packetsSent, 250u);  // 400 KB in packets of up to 1.4 KB
  EXPECT_GT(c.recoveryCounters().packetsLost, 0u);
  EXPECT_EQ(countOf(clientLog, "\"transport:packet_sent\""), c.stats().packetsSent);
  EXPECT_EQ(countOf(serverLog, "\"transport:packet_sent\""), server.connections().at(0)->stats().packetsSent);
  // JSON-SEQ: every record starts with the record separator and ends with a newline.
  EXPECT_EQ(clientLog.front(), '\x1e');
  EXPECT_EQ(countOf(clientLog, "\x1e"), countOf(clientLog, "\n"));
  EXPECT_EQ(filesUnder(dir.path), files);
}

// Two nodes and a TCP transfer from a to b; the caller runs it.
struct TcpRun {
  TcpRun() : ctx(sim, twoNodes(sim::Mbps(50), sim::Milliseconds(10))) {
    ctx.tcp(ctx.node("b")).listen(80, config, [](transport::tcp::TcpConnection& c) { c.setAutoRead(true); });
  }
  void transfer(std::uint64_t bytes) {
    ctx.tcp(ctx.node("a")).connect({ctx.node("b"), 80}, config).send(bytes);
    sim.scheduler.runUntil(sim::SimTime::zero() + sim::Seconds(10));
  }
  sim::Simulation sim{9, 0};
  RunContext ctx;
  transport::tcp::TcpConfig config;
};

CaptureOptions pcapAt(const std::string& node) {
  CaptureOptions o;
  o.pcap = true;
  o.pcapNodes = {node};
  return o;
}

TEST(RunCaptures, StreamedPcapEqualsTheInMemoryCaptureOfTheSameRecords) {
  TcpRun run;
  const TestFolder dir("wirelab-captures");
  // The same interface recorded twice: into memory, and by the run's streamed capture.
  capture::PacketEncoder encoder;
  wirelab::capture::MemoryPcapSink memory;
  wirelab::capture::PcapWriter writer(memory, wirelab::capture::kLinkTypeRaw, capture::kCaptureSnapLength);
  sim::Network& net = run.ctx.network();
  std::string file;
  {
    capture::InterfaceTap tap(net.node(run.ctx.node("a")).interface(0),
                              net.node(run.ctx.node("b")).interface(0), encoder, writer);
    RunCaptures captures(run.ctx, pcapAt("a"), "r", dir.path.string());
    run.transfer(5'000'000);
    // Still under its temporary while the run goes on.
    EXPECT_TRUE(filesUnder(dir.path).empty());
    ASSERT_EQ(captures.finish(), "");
    const auto files = filesUnder(dir.path);
    ASSERT_EQ(files.size(), 1u);
    file = files.at("pcap/r/a--b.pcap");
  }
  // Several times the 64 KiB write buffer, so the stream crossed its boundary many times.
  EXPECT_GT(writer.records(), 4000u);
  EXPECT_GT(file.size(), 4 * AtomicFile::kBufferBytes);
  EXPECT_TRUE(file == memory.bytes());
  const auto read = testing::readPcap(file);
  ASSERT_TRUE(read.error.empty()) << read.error;
  EXPECT_EQ(read.records.size(), writer.records());
}

TEST(RunCaptures, NotFinishedLeavesNoPcapAndNoTemporary) {
  TcpRun run;
  const TestFolder dir("wirelab-captures");
  {
    RunCaptures captures(run.ctx, CaptureOptions{true, {}, false}, "r", dir.path.string());
    run.transfer(300'000);
    EXPECT_TRUE(fs::is_directory(dir.path / "pcap" / "r"));
  }  // as when the run throws: destroyed without finish()
  EXPECT_TRUE(filesUnder(dir.path).empty());
  EXPECT_FALSE(fs::exists(dir.path / "pcap" / "r"));
}

TEST(RunCaptures, AnUnwritableDestinationFailsTheRunNamingTheFile) {
  Diagnostics d;
  auto p = plan(d);
  ASSERT_TRUE(p) << d.formatAll();
  const TestFolder dir("wirelab-captures");
  std::ofstream(dir.path / "pcap") << "a file where the pcap folder would go";
  const std::string file = (dir.path / "pcap" / p->runs.at(0).id / "client--router.pcap").string();
  try {
    executeRun(*p, p->runs.at(0), everything(), dir.path.string());
    ADD_FAILURE() << "the run did not fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write " + file + ": "), std::string::npos) << e.what();
  }
  EXPECT_EQ(filesUnder(dir.path).size(), 1u);  // the file in the way, nothing else
}

}  // namespace
}  // namespace wirelab::models::scenario
