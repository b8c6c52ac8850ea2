#include "models/scenario/run_captures.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "capture/pcap_writer.h"
#include "models/capture/interface_tap.h"
#include "models/scenario/atomic_file.h"
#include "models/transport/quic/qlog_writer.h"

namespace wirelab::models::scenario {

namespace fs = std::filesystem;

struct RunCaptures::PcapFile {
  std::string name;  // relative to the output folder
  wirelab::capture::PcapWriter writer{wirelab::capture::kLinkTypeRaw, capture::kCaptureSnapLength};
  std::unique_ptr<capture::InterfaceTap> tap;
};

struct RunCaptures::QlogFile {
  std::string name;
  std::ostringstream text;
  std::unique_ptr<transport::quic::QlogWriter> writer;
};

std::string pcapFolder(const std::string& outDir, const std::string& runId) {
  return (fs::path(outDir) / "pcap" / runId).string();
}

std::string qlogFolder(const std::string& outDir, const std::string& runId) {
  return (fs::path(outDir) / "qlog" / runId).string();
}

std::string fileNameComponent(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    if (!safe) c = '_';
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), '_');
  return out;
}

RunCaptures::RunCaptures(RunContext& ctx, const CaptureOptions& options, std::string runId)
    : m_ctx(&ctx), m_runId(std::move(runId)), m_qlog(options.qlog) {
  if (options.pcap) startPcap(options.pcapNodes);
  if (options.qlog) {
    m_endpointSubscription =
        ctx.quicEndpointAdded.connect([this](transport::quic::QuicEndpoint& e, const std::string& workload) {
          followEndpoint(e, workload);
        });
  }
}

RunCaptures::~RunCaptures() { stop(); }

void RunCaptures::startPcap(const std::vector<std::string>& nodes) {
  m_encoder = std::make_unique<capture::PacketEncoder>();
  sim::Network& net = m_ctx->network();
  const auto wanted = [&nodes](const std::string& name) {
    return nodes.empty() || std::find(nodes.begin(), nodes.end(), name) != nodes.end();
  };
  std::map<std::string, int> seen;  // parallel links between the same two nodes get "-2", "-3", ...
  const std::string folder = "pcap/" + m_runId + "/";
  const auto add = [&](sim::NodeId node, std::uint32_t out, sim::NodeId peer, std::uint32_t in) {
    std::string name =
        fileNameComponent(net.node(node).name()) + "--" + fileNameComponent(net.node(peer).name());
    if (const int n = ++seen[name]; n > 1) name += "-" + std::to_string(n);
    auto file = std::make_unique<PcapFile>();
    file->name = folder + name + ".pcap";
    file->tap = std::make_unique<capture::InterfaceTap>(
        net.node(node).interface(out), net.node(peer).interface(in), *m_encoder, file->writer);
    m_pcaps.push_back(std::move(file));
  };
  // Link order (the topology's), a's side before b's: a fixed order, so file names are stable.
  for (const sim::LinkRecord& link : net.links()) {
    if (wanted(net.node(link.a).name())) add(link.a, link.interfaceAtA, link.b, link.interfaceAtB);
    if (wanted(net.node(link.b).name())) add(link.b, link.interfaceAtB, link.a, link.interfaceAtA);
  }
}

void RunCaptures::followEndpoint(transport::quic::QuicEndpoint& endpoint, const std::string& workload) {
  const std::string node = m_ctx->network().node(endpoint.localEndpoint().node).name();
  endpoint.connectionCreated.connect(
      [this, following = m_following, workload, node](transport::quic::QuicConnection& c) {
        if (!*following) return;
        const bool client = c.role() == transport::quic::Role::Client;
        const int n = m_connectionCounts[{workload, node, client}]++;
        const std::string stem = fileNameComponent(workload) + "-" + fileNameComponent(node) + "-" +
                                 std::to_string(n) + "-" + (client ? "client" : "server");
        auto file = std::make_unique<QlogFile>();
        file->name = "qlog/" + m_runId + "/" + stem + ".sqlog";
        file->writer = std::make_unique<transport::quic::QlogWriter>(file->text, c, m_runId + " " + stem);
        m_qlogs.push_back(std::move(file));
      });
}

void RunCaptures::stop() {
  if (m_stopped) return;
  m_stopped = true;
  for (auto& f : m_pcaps) f->tap.reset();
  for (auto& f : m_qlogs) f->writer.reset();
  *m_following = false;
  if (m_qlog) m_ctx->quicEndpointAdded.disconnect(m_endpointSubscription);
}

std::map<std::string, std::string> RunCaptures::contents() const {
  std::map<std::string, std::string> files;
  for (const auto& f : m_pcaps) files[f->name] = f->writer.bytes();
  for (const auto& f : m_qlogs) files[f->name] = f->text.str();
  return files;
}

std::string RunCaptures::finish(const std::string& outDir) {
  stop();
  std::string error;
  for (const auto& f : m_pcaps) {
    if (error.empty()) error = writeFileAtomically((fs::path(outDir) / f->name).string(), f->writer.bytes());
  }
  for (const auto& f : m_qlogs) {
    if (error.empty()) error = writeFileAtomically((fs::path(outDir) / f->name).string(), f->text.str());
  }
  return error;
}

}  // namespace wirelab::models::scenario
