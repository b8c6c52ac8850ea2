// File: tests/models/transport/quic/qlog_writer_test.cpp
// The qlog output is valid JSON-SEQ (RFC 7464: 0x1E, one JSON text, '\n' per record; each record
// parsed here by a strict minimal JSON parser), starts with the qlog 0.3 header, and holds the
// transport, recovery and connectivity events qvis draws.
#include "models/transport/quic/qlog_writer.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "quic_test_support.h"

namespace wirelab::models::transport::quic {
namespace {

using namespace testing;

// A strict JSON (RFC 8259) recogniser that also collects the top-level string members.
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view text) : m_text(text) {}
  bool parse() {
    skipSpace();
    if (!value(0)) return false;
    skipSpace();
    return m_pos == m_text.size();
  }
  const std::map<std::string, std::string>& topStrings() const { return m_top; }

 private:
  void skipSpace() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' ||
                                     m_text[m_pos] == '\r')) {
      ++m_pos;
    }
  }
  bool literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) return false;
    m_pos += word.size();
    return true;
  }
  bool string(std::string* out) {
    if (m_pos >= m_text.size() || m_text[m_pos] != '"') return false;
    ++m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
      const char ch = m_text[m_pos];
      if (static_cast<unsigned char>(ch) < 0x20) return false;
      if (ch == '\\') {
        ++m_pos;
        if (m_pos >= m_text.size() ||
            std::string_view("\"\\/bfnrtu").find(m_text[m_pos]) == std::string_view::npos) {
          return false;
        }
      }
      if (out != nullptr) out->push_back(m_text[m_pos]);
      ++m_pos;
    }
    if (m_pos >= m_text.size()) return false;
    ++m_pos;
    return true;
  }
  bool number() {
    const std::size_t start = m_pos;
    if (m_pos < m_text.size() && m_text[m_pos] == '-') ++m_pos;
    const auto digits = [&] {
      const std::size_t s = m_pos;
      while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
      return m_pos > s;
    };
    if (!digits()) return false;
    if (m_text[start] == '0' && m_pos - start > 1) return false;  // no leading zeros
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
      ++m_pos;
      if (!digits()) return false;
    }
    return true;
  }
  bool value(int depth) {
    if (depth > 64 || m_pos >= m_text.size()) return false;
    const char ch = m_text[m_pos];
    if (ch == '{') return object(depth);
    if (ch == '[') return array(depth);
    if (ch == '"') return string(nullptr);
    if (ch == 't') return literal("true");
    if (ch == 'f') return literal("false");
    if (ch == 'n') return literal("null");
    return number();
  }
  bool object(int depth) {
    ++m_pos;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == '}') {
      ++m_pos;
      return true;
    }
    for (;;) {
      std::string key;
      skipSpace();
      if (!string(&key)) return false;
      skipSpace();
      if (m_pos >= m_text.size() || m_text[m_pos] != ':') return false;
      ++m_pos;
      skipSpace();
      if (depth == 0 && m_pos < m_text.size() && m_text[m_pos] == '"') {
        std::string v;
        if (!string(&v)) return false;
        m_top[key] = v;
      } else if (!value(depth + 1)) {
        return false;
      }
      skipSpace();
      if (m_pos >= m_text.size()) return false;
      if (m_text[m_pos] == '}') {
        ++m_pos;
        return true;
      }
      if (m_text[m_pos] != ',') return false;
      ++m_pos;
    }
  }
  bool array(int depth) {
    ++m_pos;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == ']') {
      ++m_pos;
      return true;
    }
    for (;;) {
      skipSpace();
      if (!value(depth + 1)) return false;
      skipSpace();
      if (m_pos >= m_text.size()) return false;
      if (m_text[m_pos] == ']') {
        ++m_pos;
        return true;
      }
      if (m_text[m_pos] != ',') return false;
      ++m_pos;
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::map<std::string, std::string> m_top;
};

TEST(JsonChecker, AcceptsJsonAndRejectsNearMisses) {
  EXPECT_TRUE(JsonChecker(R"({"a":[1,2.5,-3,{"b":null}],"c":"x\"y","d":true})").parse());
  EXPECT_FALSE(JsonChecker(R"({"a":1,})").parse());
  EXPECT_FALSE(JsonChecker(R"({"a":01})").parse());
  EXPECT_FALSE(JsonChecker(R"({"a":1} x)").parse());
  EXPECT_FALSE(JsonChecker(R"({"a":"unterminated})").parse());
}

struct Records {
  std::vector<std::map<std::string, std::string>> top;  // top-level string members per record
  std::multiset<std::string> names;
  bool valid = true;
  std::string error;
};

Records splitAndParse(const std::string& text) {
  Records r;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] != '\x1e') {
      r.valid = false;
      r.error = "record does not start with 0x1E at byte " + std::to_string(pos);
      return r;
    }
    const std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) {
      r.valid = false;
      r.error = "record without its closing newline";
      return r;
    }
    JsonChecker json(std::string_view(text).substr(pos + 1, end - pos - 1));
    if (!json.parse()) {
      r.valid = false;
      r.error = "invalid JSON: " + text.substr(pos + 1, end - pos - 1);
      return r;
    }
    r.top.push_back(json.topStrings());
    if (json.topStrings().count("name") != 0) r.names.insert(json.topStrings().at("name"));
    pos = end + 1;
  }
  return r;
}

TEST(QlogWriter, WritesValidJsonSeqWithTheTransportAndRecoveryEvents) {
  // 3% loss each way so that packets are lost and recovered.
  const sim::LinkConfig l = withBernoulliLoss(link(sim::Mbps(10), sim::Milliseconds(10)), 0.03);
  QuicPair net(l, l, 5);
  std::ostringstream clientLog;
  std::ostringstream serverLog;
  std::unique_ptr<QlogWriter> serverWriter;
  net.serverEndpoint->listen([&](QuicConnection& c) {
    serverWriter = std::make_unique<QlogWriter>(serverLog, c, "download");
    c.setStreamDataCallback([&c](std::uint64_t id, std::uint64_t, bool fin) {
      if (fin) c.send(id, 300'000, true);
    });
  });
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  auto clientWriter = std::make_unique<QlogWriter>(clientLog, c, "download");
  c.send(c.openStream(), 100, true);
  net.scheduler().runUntil(sim::SimTime::zero() + sim::Seconds(5));
  c.close();
  net.scheduler().runUntil(sim::SimTime::zero() + sim::Seconds(6));
  ASSERT_GT(net.serverConnection().recoveryCounters().packetsLost, 0u);
  clientWriter.reset();
  serverWriter.reset();

  const Records client = splitAndParse(clientLog.str());
  const Records server = splitAndParse(serverLog.str());
  ASSERT_TRUE(client.valid) << client.error;
  ASSERT_TRUE(server.valid) << server.error;
  ASSERT_FALSE(client.top.empty());
  EXPECT_EQ(client.top[0].at("qlog_version"), "0.3");
  EXPECT_EQ(client.top[0].at("qlog_format"), "JSON-SEQ");
  for (const Records* r : {&client, &server}) {
    for (const char* name : {"transport:packet_sent", "transport:packet_received", "transport:parameters_set",
                             "recovery:metrics_updated", "connectivity:connection_state_updated"}) {
      EXPECT_GT(r->names.count(name), 0u) << name;
    }
  }
  EXPECT_GT(server.names.count("recovery:packet_lost"), 0u);
  EXPECT_EQ(server.names.count("recovery:packet_lost"),
            net.serverConnection().recoveryCounters().packetsLost);
  EXPECT_EQ(client.names.count("transport:packet_sent"), c.stats().packetsSent);
  // The header names the vantage point and the trace's original destination connection ID.
  EXPECT_NE(clientLog.str().find("\"vantage_point\":{\"name\":\"client\",\"type\":\"client\"}"),
            std::string::npos);
  EXPECT_NE(serverLog.str().find("\"type\":\"server\""), std::string::npos);
  EXPECT_NE(clientLog.str().find("\"new\":\"handshake_complete\""), std::string::npos);
  EXPECT_NE(serverLog.str().find("\"trigger\":\"reordering_threshold\""), std::string::npos);
  EXPECT_NE(clientLog.str().find("\"frame_type\":\"padding\""), std::string::npos);
}

}  // namespace
}  // namespace wirelab::models::transport::quic
