// File: models/transport/quic/qlog_writer.cpp
// Field names follow draft-ietf-quic-qlog-quic-events (the version paired with qlog 0.3); every
// event also carries the model's cause string where it has one, which qvis shows as extra data.
#include "models/transport/quic/qlog_writer.h"

#include <cstdio>
#include <string_view>

namespace wirelab::models::transport::quic {

namespace {

void appendf(std::string& s, const char* format, auto... args) {
  char buf[128];
  const int n = std::snprintf(buf, sizeof buf, format, args...);
  if (n > 0) s.append(buf, static_cast<std::size_t>(n < static_cast<int>(sizeof buf) ? n : sizeof buf - 1));
}

// Durations and times in milliseconds, exact to the nanosecond.
void appendMillis(std::string& s, std::int64_t ns) {
  const bool negative = ns < 0;
  const std::uint64_t v = static_cast<std::uint64_t>(negative ? -ns : ns);
  appendf(s, "%s%llu.%06llu", negative ? "-" : "", static_cast<unsigned long long>(v / 1'000'000),
          static_cast<unsigned long long>(v % 1'000'000));
}

void appendU(std::string& s, std::uint64_t v) { appendf(s, "%llu", static_cast<unsigned long long>(v)); }

// Cause strings are static ASCII without quotes or backslashes; escaped anyway for safety.
void appendString(std::string& s, const char* text) {
  s += '"';
  for (const char* p = text; *p != '\0'; ++p) {
    if (*p == '"' || *p == '\\') s += '\\';
    if (static_cast<unsigned char>(*p) >= 0x20) s += *p;
  }
  s += '"';
}

void appendCid(std::string& s, std::uint32_t cid) { appendf(s, "\"%08x\"", cid); }

// By content, not by address: identical literals need not share one address across files.
const char* lossTrigger(std::string_view cause) {
  if (cause == kCausePacketThreshold) return "reordering_threshold";
  if (cause == kCauseTimeThreshold) return "time_threshold";
  return nullptr;  // e.g. rejected 0-RTT: no qlog trigger applies, the cause says it
}

}  // namespace

QlogWriter::QlogWriter(std::ostream& out, QuicConnection& connection, std::string title)
    : m_out(&out), m_connection(&connection) {
  m_buffer.reserve(1024);
  writeHeader(title);
  m_subscriptions[0] = connection.packetSent.connect([this](const QuicPacketEvent& e) { onPacket(true, e); });
  m_subscriptions[1] =
      connection.packetReceived.connect([this](const QuicPacketEvent& e) { onPacket(false, e); });
  m_subscriptions[2] = connection.packetLost.connect([this](const QuicLossEvent& e) { onLoss(e); });
  m_subscriptions[3] = connection.metricsUpdated.connect([this](const QuicMetricsEvent& e) { onMetrics(e); });
  m_subscriptions[4] = connection.stateChanged.connect([this](const QuicStateEvent& e) { onState(e); });
}

QlogWriter::~QlogWriter() {
  m_connection->packetSent.disconnect(m_subscriptions[0]);
  m_connection->packetReceived.disconnect(m_subscriptions[1]);
  m_connection->packetLost.disconnect(m_subscriptions[2]);
  m_connection->metricsUpdated.disconnect(m_subscriptions[3]);
  m_connection->stateChanged.disconnect(m_subscriptions[4]);
  m_out->flush();
}

void QlogWriter::writeHeader(const std::string& title) {
  const bool client = m_connection->role() == Role::Client;
  m_buffer.assign("\x1e{\"qlog_version\":\"0.3\",\"qlog_format\":\"JSON-SEQ\",\"title\":");
  appendString(m_buffer, title.c_str());
  m_buffer += ",\"description\":\"Wirelab QUIC-like transport (simulated; sizes modelled, no payload)\"";
  m_buffer += ",\"trace\":{\"title\":";
  appendString(m_buffer, title.c_str());
  m_buffer += ",\"vantage_point\":{\"name\":";
  appendString(m_buffer, client ? "client" : "server");
  m_buffer += ",\"type\":";
  appendString(m_buffer, client ? "client" : "server");
  m_buffer += "},\"common_fields\":{\"ODCID\":";
  appendCid(m_buffer, m_connection->originalDestinationConnectionId());
  m_buffer += ",\"group_id\":";
  appendCid(m_buffer, m_connection->originalDestinationConnectionId());
  m_buffer += ",\"protocol_type\":[\"QUIC\"],\"reference_time\":0,\"time_format\":\"relative\"}}}\n";
  m_out->write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
  ++m_records;
}

void QlogWriter::beginEvent(sim::SimTime t, const char* name) {
  m_buffer.assign("\x1e{\"time\":");
  appendMillis(m_buffer, t.nanoseconds());
  m_buffer += ",\"name\":\"";
  m_buffer += name;
  m_buffer += "\",\"data\":{";
}

void QlogWriter::endEvent() {
  m_buffer += "}}\n";
  m_out->write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
  ++m_records;
}

void QlogWriter::writeParameters(const char* owner, const TransportParameters& p, sim::SimTime t) {
  beginEvent(t, "transport:parameters_set");
  m_buffer += "\"owner\":";
  appendString(m_buffer, owner);
  m_buffer += ",\"max_ack_delay\":";
  appendU(m_buffer, p.maxAckDelayMillis);
  m_buffer += ",\"initial_max_data\":";
  appendU(m_buffer, p.initialMaxData);
  m_buffer += ",\"initial_max_stream_data_bidi_local\":";
  appendU(m_buffer, p.initialMaxStreamData);
  m_buffer += ",\"initial_max_stream_data_bidi_remote\":";
  appendU(m_buffer, p.initialMaxStreamData);
  m_buffer += ",\"initial_max_streams_bidi\":";
  appendU(m_buffer, p.initialMaxStreamsBidi);
  endEvent();
}

void QlogWriter::appendFrames(const QuicPacketEvent& e) {
  bool first = true;
  const auto next = [&] {
    if (!first) m_buffer += ',';
    first = false;
  };
  const AckFrame* ack = nullptr;
  std::uint8_t bits = 0;
  if (e.longPacket != nullptr) {
    bits = e.longPacket->frames;
    if ((bits & frames::kAck) != 0) ack = &e.longPacket->ack;
  } else if (e.shortPacket != nullptr) {
    bits = e.shortPacket->frames;
    if ((bits & frames::kAck) != 0) ack = &e.shortPacket->ack;
  }
  if (ack != nullptr) {
    next();
    m_buffer += "{\"frame_type\":\"ack\",\"ack_delay\":";
    appendMillis(m_buffer, std::int64_t{ack->delayMicros} * 1000);
    m_buffer += ",\"acked_ranges\":[";
    const AckRanges ranges = decodeAckRanges(*ack);
    // qlog lists ranges as [smallest, largest], ascending.
    for (std::size_t i = ranges.count; i-- > 0;) {
      m_buffer += '[';
      appendU(m_buffer, ranges.smallest[i]);
      m_buffer += ',';
      appendU(m_buffer, ranges.largest[i]);
      m_buffer += ']';
      if (i > 0) m_buffer += ',';
    }
    m_buffer += "]}";
  }
  if (e.longPacket != nullptr && (bits & frames::kCrypto) != 0) {
    next();
    m_buffer += "{\"frame_type\":\"crypto\",\"offset\":";
    appendU(m_buffer, e.longPacket->cryptoOffset);
    m_buffer += ",\"length\":";
    appendU(m_buffer, e.longPacket->cryptoLength);
    m_buffer += '}';
  }
  if (e.shortPacket != nullptr) {
    const ShortPacket& p = *e.shortPacket;
    if ((bits & frames::kHandshakeDone) != 0) {
      next();
      m_buffer += "{\"frame_type\":\"handshake_done\"}";
    }
    if ((bits & frames::kSessionTicket) != 0) {
      next();
      m_buffer += "{\"frame_type\":\"crypto\",\"offset\":0,\"length\":";
      appendU(m_buffer, m_connection->config().sessionTicketBytes);
      m_buffer += '}';
    }
    if ((bits & frames::kFlow) != 0) {
      next();
      if (p.flow.streamId == kConnectionLevel) {
        m_buffer += "{\"frame_type\":\"max_data\",\"maximum\":";
      } else {
        m_buffer += "{\"frame_type\":\"max_stream_data\",\"stream_id\":";
        appendU(m_buffer, p.flow.streamId);
        m_buffer += ",\"maximum\":";
      }
      appendU(m_buffer, p.flow.maximum());
      m_buffer += '}';
    }
    for (std::size_t i = 0; i < p.streamFrameCount && i < kMaxStreamFrames; ++i) {
      const StreamFrame& f = p.streams[i];
      next();
      m_buffer += "{\"frame_type\":\"stream\",\"stream_id\":";
      appendU(m_buffer, f.streamId);
      m_buffer += ",\"offset\":";
      appendU(m_buffer, f.offset());
      m_buffer += ",\"length\":";
      appendU(m_buffer, f.length());
      m_buffer += f.fin() ? ",\"fin\":true}" : ",\"fin\":false}";
    }
  }
  if ((bits & frames::kPing) != 0) {
    next();
    m_buffer += "{\"frame_type\":\"ping\"}";
  }
  if ((bits & frames::kConnectionClose) != 0) {
    next();
    m_buffer += "{\"frame_type\":\"connection_close\",\"error_space\":\"transport\",\"error_code\":0}";
  }
  if (e.paddingBytes > 0) {
    next();
    m_buffer += "{\"frame_type\":\"padding\",\"payload_length\":";
    appendU(m_buffer, e.paddingBytes);
    m_buffer += '}';
  }
}

void QlogWriter::onPacket(bool sent, const QuicPacketEvent& e) {
  if (e.parameters != nullptr) {
    bool& done = sent ? m_localParametersWritten : m_remoteParametersWritten;
    if (!done) {
      writeParameters(sent ? "local" : "remote", *e.parameters, e.time);
      done = true;
    }
  }
  beginEvent(e.time, sent ? "transport:packet_sent" : "transport:packet_received");
  m_buffer += "\"header\":{\"packet_type\":";
  appendString(m_buffer, toString(e.type));
  m_buffer += ",\"packet_number\":";
  appendU(m_buffer, e.packetNumber);
  m_buffer += "},\"raw\":{\"length\":";
  appendU(m_buffer, e.sizeBytes);
  m_buffer += "},\"frames\":[";
  appendFrames(e);
  m_buffer += ']';
  endEvent();
}

void QlogWriter::onLoss(const QuicLossEvent& e) {
  beginEvent(e.time, "recovery:packet_lost");
  m_buffer += "\"header\":{\"packet_type\":";
  appendString(m_buffer, toString(e.type));
  m_buffer += ",\"packet_number\":";
  appendU(m_buffer, e.packetNumber);
  m_buffer += '}';
  if (const char* trigger = lossTrigger(e.cause)) {
    m_buffer += ",\"trigger\":";
    appendString(m_buffer, trigger);
  }
  m_buffer += ",\"cause\":";
  appendString(m_buffer, e.cause);
  endEvent();
}

void QlogWriter::onMetrics(const QuicMetricsEvent& e) {
  beginEvent(e.time, "recovery:metrics_updated");
  m_buffer += "\"min_rtt\":";
  appendMillis(m_buffer, e.minRtt.nanoseconds());
  m_buffer += ",\"smoothed_rtt\":";
  appendMillis(m_buffer, e.smoothedRtt.nanoseconds());
  m_buffer += ",\"latest_rtt\":";
  appendMillis(m_buffer, e.latestRtt.nanoseconds());
  m_buffer += ",\"rtt_variance\":";
  appendMillis(m_buffer, e.rttVariance.nanoseconds());
  m_buffer += ",\"pto_count\":";
  appendU(m_buffer, e.ptoCount);
  m_buffer += ",\"congestion_window\":";
  appendU(m_buffer, e.congestionWindow);
  m_buffer += ",\"bytes_in_flight\":";
  appendU(m_buffer, e.bytesInFlight);
  if (e.ssthresh != UINT64_MAX) {
    m_buffer += ",\"ssthresh\":";
    appendU(m_buffer, e.ssthresh);
  }
  m_buffer += ",\"cause\":";
  appendString(m_buffer, e.cause);
  endEvent();
}

void QlogWriter::onState(const QuicStateEvent& e) {
  beginEvent(e.time, "connectivity:connection_state_updated");
  m_buffer += "\"old\":";
  appendString(m_buffer, toString(e.from));
  m_buffer += ",\"new\":";
  appendString(m_buffer, toString(e.to));
  m_buffer += ",\"cause\":";
  appendString(m_buffer, e.cause);
  endEvent();
}

}  // namespace wirelab::models::transport::quic
