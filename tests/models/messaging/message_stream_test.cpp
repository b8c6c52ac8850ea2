// Framed messages over TCP: boundaries, timing against closed forms, head-of-line blocking, close.
#include "models/messaging/message_stream.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::messaging {
namespace {

using namespace wirelab::sim;
using transport::tcp::TcpConfig;
using transport::tcp::TcpConnection;
namespace t = transport::tcp::testing;

struct Note {
  int id = 0;
};

struct Harness {
  explicit Harness(sim::LinkConfig link) : net(link) {
    net.serverStack->listen(80, TcpConfig{}, [this](TcpConnection& c) {
      server = MessageEndpoint<Note>::accept(c, registry);
      server->callbacks().onMessage = [this](const Received<Note>& m) { atServer.push_back(m); };
    });
    client = MessageEndpoint<Note>::connect(*net.clientStack, {net.server, 80}, TcpConfig{}, registry);
    client->callbacks().onMessage = [this](const Received<Note>& m) { atClient.push_back(m); };
  }
  t::TcpPair net;
  MessageRegistry<Note> registry;
  std::unique_ptr<MessageEndpoint<Note>> client, server;
  std::vector<Received<Note>> atServer, atClient;
};

TEST(MessageStream, MessagesArriveWholeInOrderOneOneWayDelayAfterTheHandshake) {
  Harness h(t::link(Gbps(1), Milliseconds(20)));
  for (int i = 0; i < 5; ++i) h.client->send(Note{i}, 300 + 100 * i);  // written before the handshake
  h.net.sim.scheduler.run();
  ASSERT_EQ(h.atServer.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(h.atServer[i].meta.id, i);
    EXPECT_EQ(h.atServer[i].bytes, 300u + 100u * i);
    // SYN 20 ms, SYN-ACK 20 ms, then the data with the handshake's last ACK: 60 ms (+ < 0.1 ms).
    EXPECT_NEAR(h.atServer[i].at.seconds(), 0.060, 0.0001);
  }
  EXPECT_EQ(h.registry.size(), 0u);  // the server took the wire
}

TEST(MessageStream, AReplyTakesOneRoundTripAndTheServerCanHoldIt) {
  Harness h(t::link(Gbps(1), Milliseconds(20)));
  h.net.sim.scheduler.run();  // handshake
  // The server holds the request 0.5 s, then answers (a long poll).
  h.server->callbacks().onMessage = [&](const Received<Note>& m) {
    h.atServer.push_back(m);
    h.net.sim.scheduler.schedule(Milliseconds(500), [&] { h.server->send(Note{2}, 2000); });
  };
  h.client->send(Note{1}, 400);
  const SimTime requestAt = h.net.sim.scheduler.now();
  h.net.sim.scheduler.run();
  ASSERT_EQ(h.atServer.size(), 1u);
  ASSERT_EQ(h.atClient.size(), 1u);
  EXPECT_EQ(h.atClient[0].meta.id, 2);
  EXPECT_NEAR((h.atClient[0].at - requestAt).seconds(), 0.040 + 0.5, 0.0002);
  EXPECT_NEAR((h.atClient[0].at - h.atClient[0].sentAt).seconds(), 0.020, 0.0001);
}

// A message behind a lost segment waits for its retransmission even though its own bytes arrived:
// TCP delivers in order, so the second message is head-of-line blocked.
TEST(MessageStream, AMessageBehindALostSegmentIsHeadOfLineBlocked) {
  // Client-to-server packets: SYN (0), ACK (1), data segment of message 1 (2) is dropped.
  Harness h(t::withLostPackets(t::link(Gbps(1), Milliseconds(20)), {2}));
  h.net.sim.scheduler.run();
  h.client->send(Note{1}, 1000);
  h.client->send(Note{2}, 1000);
  h.net.sim.scheduler.run();
  ASSERT_EQ(h.atServer.size(), 2u);
  // Both arrive together, after the lost segment's retransmission (far later than 20 ms).
  EXPECT_EQ(h.atServer[0].at, h.atServer[1].at);
  EXPECT_GT((h.atServer[1].at - h.atServer[1].sentAt).seconds(), 0.040);
}

TEST(MessageStream, LargeMessagesWaitForSendBufferSpaceAndCloseAfterTheLastByte) {
  Harness h(t::link(Mbps(10), Milliseconds(5)));
  bool serverSawClose = false;
  h.net.sim.scheduler.run();
  h.server->callbacks().onPeerClosed = [&] { serverSawClose = true; };
  h.client->send(Note{7}, 5'000'000);  // larger than the send buffer
  h.client->close();
  h.net.sim.scheduler.run();
  ASSERT_EQ(h.atServer.size(), 1u);
  EXPECT_EQ(h.atServer[0].bytes, 5'000'000u);
  EXPECT_EQ(h.client->unsentBytes(), 0u);
  EXPECT_TRUE(serverSawClose);
  // 5 MB at 10 Mbit/s with 40/1460 header overhead: at least 4.1 s of serialisation.
  EXPECT_GT((h.atServer[0].at - h.atServer[0].sentAt).seconds(), 4.1);
  EXPECT_LT(h.atServer[0].firstByteAt, h.atServer[0].at);
}

TEST(MessageStream, AnAbortedConnectionReportsItsCloseAndDropsFurtherSends) {
  Harness h(t::link(Gbps(1), Milliseconds(5)));
  std::string reason;
  h.client->callbacks().onClosed = [&](const char* r) { reason = r; };
  h.net.sim.scheduler.run();
  h.client->abort();
  h.client->send(Note{1}, 100);
  h.net.sim.scheduler.run();
  EXPECT_FALSE(h.client->open());
  EXPECT_FALSE(reason.empty());
  EXPECT_TRUE(h.atServer.empty());
}

// An object as the handler: it hears the client's connection, the messages and the close, and
// replaces the callbacks set before (which are then destroyed: ASan would report a leak).
class NoteRecorder final : public MessageEndpoint<Note>::Handler {
 public:
  std::vector<std::string> calls;
  void onEndpointConnected() override { calls.push_back("connected"); }
  void onEndpointMessage(const Received<Note>& m) override {
    calls.push_back("note " + std::to_string(m.meta.id));
  }
  void onEndpointPeerClosed() override { calls.push_back("peer closed"); }
  void onEndpointClosed(const char*) override { calls.push_back("closed"); }
};

TEST(MessageStream, AHandlerObjectHearsWhatCallbacksWouldAndReplacesThem) {
  Harness h(t::link(Gbps(1), Milliseconds(20)));
  auto& callbacks = h.client->callbacks();
  EXPECT_EQ(&h.client->callbacks(), &callbacks) << "made once";
  EXPECT_EQ(h.client->handler(), &callbacks);
  NoteRecorder recorder;
  h.client->setHandler(&recorder);
  EXPECT_EQ(h.client->handler(), &recorder);
  h.net.sim.scheduler.run();  // handshake
  h.server->send(Note{7}, 500);
  h.net.sim.scheduler.run();
  h.server->close();
  h.net.sim.scheduler.run();
  EXPECT_EQ(recorder.calls, (std::vector<std::string>{"connected", "note 7", "peer closed"}));
  EXPECT_TRUE(h.atClient.empty()) << "the replaced callbacks heard nothing";
  h.client->close();
  h.net.sim.scheduler.run();
  EXPECT_EQ(recorder.calls.back(), "closed");
}

}  // namespace
}  // namespace wirelab::models::messaging
