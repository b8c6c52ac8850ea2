// File: models/transport/quic/qlog_writer.h
// Writes one connection's trace as qlog (draft-ietf-quic-qlog-main-schema, qlog_version "0.3",
// with the QUIC event definitions of draft-ietf-quic-qlog-quic-events) in JSON-SEQ (RFC 7464):
// every record is 0x1E, one JSON text, then '\n'. The first record is the header with one trace;
// events follow: transport:packet_sent / packet_received / parameters_set, recovery:
// metrics_updated / packet_lost, connectivity:connection_state_updated. qvis opens the result.
// A received datagram's coalesced packets each report the datagram's length (the receiver does
// not see where one packet ends).
// The writer only subscribes to the connection's signals and writes to an std::ostream; putting
// the output in a file (atomically) is the caller's business.
//
//   std::ostringstream out;
//   QlogWriter qlog(out, connection);   // destroy before the connection
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include "models/transport/quic/quic_connection.h"

namespace wirelab::models::transport::quic {

class QlogWriter {
 public:
  QlogWriter(std::ostream& out, QuicConnection& connection, std::string title = "wirelab");
  QlogWriter(const QlogWriter&) = delete;
  QlogWriter& operator=(const QlogWriter&) = delete;
  // Disconnects from the connection, which must still exist.
  ~QlogWriter();

  std::uint64_t recordsWritten() const { return m_records; }

 private:
  void writeHeader(const std::string& title);
  void onPacket(bool sent, const QuicPacketEvent& e);
  void onLoss(const QuicLossEvent& e);
  void onMetrics(const QuicMetricsEvent& e);
  void onState(const QuicStateEvent& e);
  void writeParameters(const char* owner, const TransportParameters& p, sim::SimTime t);
  void beginEvent(sim::SimTime t, const char* name);
  void endEvent();
  void appendFrames(const QuicPacketEvent& e);

  std::ostream* m_out;
  QuicConnection* m_connection;
  std::string m_buffer;  // one record, reused
  std::uint64_t m_records = 0;
  bool m_remoteParametersWritten = false;
  bool m_localParametersWritten = false;
  std::size_t m_subscriptions[5] = {};
};

}  // namespace wirelab::models::transport::quic
