// File: models/scenario/run_captures.h
// The optional outputs of one run that a user asks for on the command line (`--pcap`, `--qlog`):
//   pcap/<run id>/<node>--<neighbour>.pcap   every packet on that node's interface towards that
//                                            neighbour (models/capture/interface_tap.h)
//   qlog/<run id>/<workload>-<node>-<n>-<client|server>.sqlog   one QUIC connection's qlog
//                                            (models/transport/quic/qlog_writer.h), n counting that
//                                            workload's connections on that node from 0
// Names come from the scenario (node and workload names, characters other than letters, digits,
// '.', '_' and '-' replaced by '_'), so they are the same in every run and on every machine, and
// the bytes depend only on the scenario and the seed.
//
// All or nothing: the files of a run appear together when it finishes, or not at all. Pcaps stream
// to disk during the run (a long run's capture would not fit in memory): each into a temporary
// beside its final name (models/scenario/atomic_file.h), removed if the run fails. Qlogs are held
// in memory. finish() fsyncs every temporary and only then renames them; a run that throws first,
// or whose RunCaptures is destroyed without finish(), leaves neither files nor temporaries.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "models/capture/packet_encoder.h"
#include "models/scenario/run_context.h"

namespace wirelab::models::scenario {

struct CaptureOptions {
  bool pcap = false;
  std::vector<std::string> pcapNodes;  // capture at these nodes; empty: at every node
  bool qlog = false;

  bool any() const { return pcap || qlog; }
};

// Where a run's captures go ("pcap/<run id>", "qlog/<run id>" under the output folder).
std::string pcapFolder(const std::string& outDir, const std::string& runId);
std::string qlogFolder(const std::string& outDir, const std::string& runId);
// A scenario name made safe as a file name component.
std::string fileNameComponent(const std::string& name);

class RunCaptures {
 public:
  // Subscribes to the run's network and to the QUIC endpoints workloads announce later (the pcaps
  // show those endpoints' datagrams as QUIC, the qlogs follow their connections), so it must
  // exist before the workloads are launched, and be finished (or destroyed) before the network and
  // the QUIC connections are.
  // The pcap temporaries are created here, under `outDir`: throws std::runtime_error (naming the
  // file) if one cannot be, so a run with an unwritable destination fails before it simulates.
  RunCaptures(RunContext& ctx, const CaptureOptions& options, std::string runId, std::string outDir);
  RunCaptures(const RunCaptures&) = delete;
  RunCaptures& operator=(const RunCaptures&) = delete;
  ~RunCaptures();

  // Stops capturing and publishes the files under the output folder. Returns an empty string on
  // success, else the first error (and then publishes none, unless a rename itself failed).
  std::string finish();

  // The qlog files captured so far, by path relative to the output folder (for tests; pcaps are on
  // disk, under temporaries until finish()).
  std::map<std::string, std::string> qlogContents() const;

 private:
  struct PcapFile;
  struct QlogFile;
  void startPcap(const std::vector<std::string>& nodes);
  void followEndpoint(transport::quic::QuicEndpoint& endpoint, const std::string& workload);
  void stop();

  RunContext* m_ctx;
  std::string m_runId;
  std::string m_outDir;
  bool m_qlog = false;
  std::unique_ptr<capture::PacketEncoder> m_encoder;
  std::vector<std::unique_ptr<PcapFile>> m_pcaps;
  std::vector<std::unique_ptr<QlogFile>> m_qlogs;
  std::map<std::tuple<std::string, std::string, bool>, int> m_connectionCounts;  // workload, node, client
  std::size_t m_endpointSubscription = 0;
  // Endpoints may be gone before this object (a workload that failed to build): their
  // subscriptions are not disconnected but check this flag, which stop() clears.
  std::shared_ptr<bool> m_following = std::make_shared<bool>(true);
  bool m_stopped = false;
  bool m_published = false;
};

}  // namespace wirelab::models::scenario
