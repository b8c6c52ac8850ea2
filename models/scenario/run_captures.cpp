#include "models/scenario/run_captures.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "capture/pcap_writer.h"
#include "models/capture/interface_tap.h"
#include "models/scenario/atomic_file.h"
#include "models/transport/quic/qlog_writer.h"

namespace wirelab::models::scenario {

namespace fs = std::filesystem;

// One pcap, streamed: tap -> writer -> this sink -> the file's temporary on disk.
struct RunCaptures::PcapFile : wirelab::capture::PcapSink {
  std::string name;  // relative to the output folder
  AtomicFile file;
  std::optional<wirelab::capture::PcapWriter> writer;  // made once the file is open (header first)
  std::unique_ptr<capture::InterfaceTap> tap;

  void write(std::string_view bytes) override { file.write(bytes); }
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

RunCaptures::RunCaptures(RunContext& ctx, const CaptureOptions& options, std::string runId,
                         std::string outDir)
    : m_ctx(&ctx), m_runId(std::move(runId)), m_outDir(std::move(outDir)), m_qlog(options.qlog) {
  if (options.pcap) startPcap(options.pcapNodes);
  if (options.any()) {
    m_endpointSubscription =
        ctx.quicEndpointAdded.connect([this](transport::quic::QuicEndpoint& e, const std::string& workload) {
          followEndpoint(e, workload);
        });
  }
}

RunCaptures::~RunCaptures() {
  stop();
  if (m_published || m_pcaps.empty()) return;
  // Not finished: the pcap temporaries go with m_pcaps, and so does the run's folder that their
  // creation made (only if empty: remove() never takes a directory with files).
  m_pcaps.clear();
  std::error_code ec;
  fs::remove(pcapFolder(m_outDir, m_runId), ec);
}

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
    if (std::string error = file->file.open((fs::path(m_outDir) / file->name).string()); !error.empty())
      throw std::runtime_error(error);
    file->writer.emplace(*file, wirelab::capture::kLinkTypeRaw, capture::kCaptureSnapLength);
    file->tap = std::make_unique<capture::InterfaceTap>(
        net.node(node).interface(out), net.node(peer).interface(in), *m_encoder, *file->writer);
    m_pcaps.push_back(std::move(file));
  };
  // Link order (the topology's), a's side before b's: a fixed order, so file names are stable.
  for (const sim::LinkRecord& link : net.links()) {
    if (wanted(net.node(link.a).name())) add(link.a, link.interfaceAtA, link.b, link.interfaceAtB);
    if (wanted(net.node(link.b).name())) add(link.b, link.interfaceAtB, link.a, link.interfaceAtA);
  }
}

void RunCaptures::followEndpoint(transport::quic::QuicEndpoint& endpoint, const std::string& workload) {
  // The pcaps show its datagrams as QUIC (the encoder cannot tell them from plain UDP by itself).
  if (m_encoder) m_encoder->addQuicEndpoint(endpoint.localEndpoint().node, endpoint.localEndpoint().port);
  if (!m_qlog) return;
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
  if (m_encoder || m_qlog) m_ctx->quicEndpointAdded.disconnect(m_endpointSubscription);
}

std::map<std::string, std::string> RunCaptures::qlogContents() const {
  std::map<std::string, std::string> files;
  for (const auto& f : m_qlogs) files[f->name] = f->text.str();
  return files;
}

std::string RunCaptures::finish() {
  stop();
  std::vector<AtomicFile*> files;
  for (const auto& f : m_pcaps) files.push_back(&f->file);
  std::vector<std::unique_ptr<AtomicFile>> qlogs;
  for (const auto& f : m_qlogs) {
    auto& file = *qlogs.emplace_back(std::make_unique<AtomicFile>());
    if (std::string error = file.open((fs::path(m_outDir) / f->name).string()); !error.empty()) return error;
    file.write(f->text.str());
    files.push_back(&file);
  }
  // Every file on disk before any takes its name: an error (a full disk) publishes none.
  for (AtomicFile* f : files) {
    if (std::string error = f->sync(); !error.empty()) return error;
  }
  for (AtomicFile* f : files) {
    if (std::string error = f->commit(); !error.empty()) return error;
  }
  m_published = true;
  return "";
}

}  // namespace wirelab::models::scenario
