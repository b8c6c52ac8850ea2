// The "upload" workload kind: one large upload from a client node to a server node, as a single
// request (one PUT: a disconnect loses everything sent) or chunked and resumable (tus / GCS: PATCHes
// of `chunk` bytes, a HEAD for the committed offset after each reconnect), while the client's
// connection drops as a Poisson process. See docs/workloads.md section 3 and upload_protocol.h.
//
//   - kind: upload
//     name: up
//     client: phone                   node names
//     server: server
//     mode: single | resumable        (default resumable)
//     size: 4MB                       the body
//     chunk: 256KB                    resumable: bytes per PATCH (ignored by single, so a sweep
//                                     over mode may keep it)
//     create_request: true            resumable: a creation POST before the first PATCH
//     request_headers: 400B           per request
//     response: 200B                  per response
//     disconnects: {rate: 0.5, reconnect_delay: 1s}   rate per second while connected (0: none)
//     start: 0s
//     tcp: linux
//
// Metrics ("<name>."): completion_time (s, when done), completed (0/1), restarts, connections,
// requests, bytes_written (application bytes handed to TCP), tcp_bytes_sent (TCP payload,
// retransmissions included), body_bytes_resent, wire_bytes_to_server (IP bytes of the client
// node's first interface), server_committed (B). Series: committed_offset (time, bytes
// acknowledged; resumable), disconnects (time, offset acknowledged at each disconnect).
// Events: "disconnected at offset N" per disconnect.
#include <memory>

#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/workload/upload_client.h"
#include "models/workload/upload_server.h"

namespace wirelab::models::scenario {

namespace {

struct UploadSpec final : WorkloadSpec {
  std::string client, server;
  workload::UploadConfig upload;
  sim::Duration startAt;
  transport::tcp::TcpConfig tcp;

  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningUpload final : public RunningWorkload {
 public:
  RunningUpload(const UploadSpec& spec, RunContext& ctx) : m_spec(spec), m_ctx(&ctx) {
    const sim::NodeId client = ctx.node(spec.client), server = ctx.node(spec.server);
    m_clientNode = client;
    const std::uint16_t port = ctx.allocatePort();
    m_server = std::make_unique<workload::UploadServer>(ctx.tcp(server), port, spec.tcp, m_registry,
                                                        spec.upload.responseBytes);
    ctx.scheduler().scheduleAt(sim::SimTime::zero() + spec.startAt, [this, &ctx, client, server, port] {
      m_bytesAtStart = wireBytes();
      m_client = std::make_unique<workload::UploadClient>(
          ctx.tcp(client), transport::Endpoint{server, port}, m_spec.tcp, m_registry,
          ctx.sim().random.stream("upload/" + m_spec.name + "/disconnects"), m_spec.upload);
      m_client->progressed.connect([this](sim::SimTime t, std::uint64_t offset) {
        if (m_progress.size() < 20'000) m_progress.emplace_back(t.seconds(), static_cast<double>(offset));
      });
      m_client->disconnected.connect([this](sim::SimTime t, std::uint64_t offset) {
        m_disconnects.emplace_back(t.seconds(), static_cast<double>(offset));
      });
      m_client->completed.connect([this](sim::SimTime) {
        m_wireAtDone = wireBytes() - m_bytesAtStart;
        m_ctx->workloadFinished();
      });
    });
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    if (!m_client) return;
    const workload::UploadStats& s = m_client->stats();
    out.setValue(p + "completed", "1", s.done ? 1 : 0);
    if (s.done) out.addSample(p + "completion_time", "s", s.completionSeconds());
    out.setValue(p + "restarts", "1", static_cast<double>(s.restarts));
    out.setValue(p + "connections", "1", static_cast<double>(s.connections));
    out.setValue(p + "requests", "1", static_cast<double>(s.requests));
    out.setValue(p + "bytes_written", "B", static_cast<double>(s.applicationBytesWritten));
    out.setValue(p + "tcp_bytes_sent", "B", static_cast<double>(s.tcpPayloadBytesSent));
    out.setValue(p + "body_bytes_resent", "B", static_cast<double>(s.bodyBytesResent));
    out.setValue(p + "wire_bytes_to_server", "B",
                 static_cast<double>(s.done ? m_wireAtDone : wireBytes() - m_bytesAtStart));
    out.setValue(p + "server_committed", "B", static_cast<double>(m_server->committedOffset()));
    std::vector<std::pair<double, double>> progress = m_progress;
    progress.insert(progress.begin(), {m_spec.startAt.seconds(), 0.0});
    if (s.done) progress.emplace_back(s.doneAt.seconds(), static_cast<double>(m_spec.upload.totalBytes));
    out.addSeries(Series{p + "committed_offset", "time (s)", "bytes stored at the server", progress});
    out.addSeries(Series{p + "disconnects", "time (s)", "offset acknowledged (B)", m_disconnects});
    for (const auto& [t, offset] : m_disconnects) {
      out.addEvent(t, m_spec.name,
                   "disconnected at offset " + std::to_string(static_cast<std::uint64_t>(offset)));
    }
  }

 private:
  // IP bytes the client node has sent on its first interface (the access link).
  std::uint64_t wireBytes() const {
    const sim::Node& n = m_ctx->network().node(m_clientNode);
    return n.interfaceCount() > 0 ? n.interface(0).counters().transmittedBytes : 0;
  }

  const UploadSpec& m_spec;
  RunContext* m_ctx;
  sim::NodeId m_clientNode = 0;
  workload::UploadServer::Registry m_registry;
  std::unique_ptr<workload::UploadServer> m_server;
  std::unique_ptr<workload::UploadClient> m_client;
  std::uint64_t m_bytesAtStart = 0, m_wireAtDone = 0;
  std::vector<std::pair<double, double>> m_progress, m_disconnects;
};

std::unique_ptr<RunningWorkload> UploadSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningUpload>(*this, ctx);
}

}  // namespace

WorkloadKind uploadKind() {
  WorkloadKind k;
  k.name = "upload";
  k.summary = "a large upload, single request vs chunked resumable (tus), under random disconnects";
  k.keys = {"client",          "server",   "mode",        "size",  "chunk", "create_request",
            "request_headers", "response", "disconnects", "start", "tcp"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<UploadSpec>();
    readClientAndServer(topology, n, s->client, s->server);
    workload::UploadConfig& u = s->upload;
    const std::string mode = n.choice("mode", {"single", "resumable"}, "resumable");
    u.mode = mode == "single" ? workload::UploadMode::SingleRequest : workload::UploadMode::ChunkedResumable;
    u.totalBytes = static_cast<std::uint64_t>(n.bytes("size", sim::ByteCount(4 * 1024 * 1024)).bytes());
    u.chunkBytes = static_cast<std::uint64_t>(n.bytes("chunk", sim::ByteCount(256 * 1024)).bytes());
    if (n.has("size") && u.totalBytes == 0) {
      n["size"].error("must be positive");
      u.totalBytes = 4 * 1024 * 1024;
    }
    if (n.has("chunk") && u.chunkBytes == 0) {
      n["chunk"].error("must be positive");
      u.chunkBytes = 256 * 1024;  // reported once, here, not again by validate()
    }
    u.createRequest = n.flag("create_request", true);
    u.requestHeaderBytes =
        static_cast<std::uint32_t>(n.bytes("request_headers", sim::ByteCount(400)).bytes());
    u.responseBytes = static_cast<std::uint32_t>(n.bytes("response", sim::ByteCount(200)).bytes());
    SpecNode d = n["disconnects"];
    if (d.defined()) {
      d.checkKeys({"rate", "reconnect_delay"});
      u.disconnectsPerSecond = d.number("rate", 0.0, 0.0, 1e6);
      if (d.has("reconnect_delay") && u.reconnectDelay <= sim::Duration::zero())
        d["reconnect_delay"].error("must be positive");
      u.reconnectDelay = d.duration("reconnect_delay", sim::Seconds(1));
    }
    try {
      u.validate();
    } catch (const std::invalid_argument& e) {
      n.error(e.what());
    }
    s->startAt = n.duration("start", sim::Duration::zero());
    s->tcp = readTcpSettings(n);
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
