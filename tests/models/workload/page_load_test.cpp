// Page loads with dependency chains and several origins, against zero-loss closed forms in RTTs.
#include "models/workload/page_load.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_client.h"
#include "models/http/http2_server.h"
#include "models/transport/tcp/tcp_stack.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {
namespace {

using namespace wirelab::sim;
using transport::tcp::TcpStack;

// A client with two origins, each 50 ms away (RTT 100 ms) on its own 1 Gbit/s link.
struct TwoOrigins {
  TwoOrigins() : sim(1, 0) {
    client = sim.network.addNode("client");
    a = sim.network.addNode("origin-a");
    b = sim.network.addNode("origin-b");
    LinkConfig l;
    l.rate = Gbps(1);
    l.delay = Milliseconds(50);
    sim.network.connect(client, a, l);
    sim.network.connect(client, b, l);
    sim.network.node(client).setRoute(a, 0);
    sim.network.node(client).setRoute(b, 1);
    sim.network.node(a).setRoute(client, 0);
    sim.network.node(b).setRoute(client, 0);
    clientStack = std::make_unique<TcpStack>(sim.network, client);
    aStack = std::make_unique<TcpStack>(sim.network, a);
    bStack = std::make_unique<TcpStack>(sim.network, b);
  }
  Simulation sim;
  NodeId client, a, b;
  std::unique_ptr<TcpStack> clientStack, aStack, bStack;
};

double rtts(Duration d) { return d.seconds() / 0.1; }

// The same 12 objects from one origin, then split 6 + 6 over two origins, over HTTP/1.1: each
// origin has its own pool of 6 connections (RFC 9112 9.4 leaves the limit to the client; browsers
// apply it per origin), so sharding removes a round of queueing.
//   one origin:  base 2 RTT, then 1 + ceil(11/6) = 3 more              -> 5 RTT
//   two origins: origin B's 6 objects need 6 new connections: 1 + 1     -> 4 RTT
TEST(PageLoad, ShardingObjectsOverTwoOriginsSavesARoundOnHttp1) {
  for (const bool sharded : {false, true}) {
    TwoOrigins t;
    http::MessageBoard board;
    http::Http1Server serverA(*t.aStack, board, {});
    http::Http1Server serverB(*t.bStack, board, {});
    http::Http1Client client(*t.clientStack, board, {});
    PageSpec page{{t.a, 80}, 400, 8000, {}, {}};
    for (int i = 0; i < 12; ++i) {
      const bool onB = sharded && i >= 6;
      page.objects.push_back(
          PageObject{10'000, -1, onB ? transport::Endpoint{t.b, 80} : transport::Endpoint{}, {}});
    }
    Duration loaded;
    PageLoad load(PageLoad::through(client), t.sim.scheduler, page, [&](Duration d) { loaded = d; });
    t.sim.scheduler.run();
    ASSERT_TRUE(load.loaded());
    const double expected = sharded ? 4.0 : 5.0;
    std::printf("VALIDATION page-load-origins sharded=%d load=%.4f RTT closed_form=%.1f RTT\n",
                sharded ? 1 : 0, rtts(loaded), expected);
    EXPECT_NEAR(rtts(loaded), expected, 0.02 * expected);
    EXPECT_EQ(load.waterfall().size(), 13u);
    EXPECT_EQ(serverB.requestsHandled(), sharded ? 6u : 0u);
  }
}

// base -> style.css -> font.woff2 (a chain), plus 4 images referenced by the base document; all
// small enough to fit the initial window (RFC 6928), so only round trips count.
// Over HTTP/2 every level costs one request round: connect 1 + base 1 + level 1 + font 1 = 4 RTT.
// Over HTTP/1.1 the stylesheet is the first child, so it takes the base document's warm
// connection (3 RTT) and the font then takes it again: also 4 RTT, while the images on new
// connections finish at 4 RTT.
TEST(PageLoad, EachDependencyLevelCostsOneRoundTrip) {
  for (const int version : {1, 2}) {
    TwoOrigins t;
    http::MessageBoard board;
    const std::uint16_t port = version == 1 ? 80 : 443;  // the servers' default ports
    PageSpec page{{t.a, port}, 400, 8000, {}, {}};
    page.objects.push_back(PageObject{4'000, -1, {}, "style.css"});
    page.objects.push_back(PageObject{6'000, 0, {}, "font.woff2"});
    for (int i = 0; i < 4; ++i) page.objects.push_back(PageObject{5'000, -1, {}, {}});
    Duration loaded;
    std::unique_ptr<PageLoad> load;
    if (version == 1) {
      http::Http1Server server(*t.aStack, board, {});
      http::Http1Client client(*t.clientStack, board, {});
      load = std::make_unique<PageLoad>(PageLoad::through(client), t.sim.scheduler, page,
                                        [&](Duration d) { loaded = d; });
      t.sim.scheduler.run();
    } else {
      http::Http2WireRegistry wires;
      http::Http2Server server(*t.aStack, board, wires, {});
      http::Http2Client client(*t.clientStack, board, wires, {});
      load = std::make_unique<PageLoad>(PageLoad::through(client), t.sim.scheduler, page,
                                        [&](Duration d) { loaded = d; });
      t.sim.scheduler.run();
    }
    ASSERT_TRUE(load->loaded()) << "HTTP/" << version;
    std::printf("VALIDATION page-load-dependency-chain http%d load=%.4f RTT closed_form=4.0 RTT\n", version,
                rtts(loaded));
    EXPECT_NEAR(rtts(loaded), 4.0, 0.02 * 4.0) << "HTTP/" << version;
    ASSERT_EQ(load->waterfall().size(), 7u);
    EXPECT_EQ(load->waterfall().front().label, "index.html");
    EXPECT_EQ(load->waterfall().back().label, "font.woff2");
  }
}

TEST(PageLoad, AParentThatIsNotAnEarlierObjectIsRejectedByName) {
  PageSpec page;
  page.objects.push_back(PageObject{1000, 0, {}, {}});
  try {
    page.validate();
    FAIL() << "accepted an object that is its own parent";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("page.objects[0].parent"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace wirelab::models::workload
