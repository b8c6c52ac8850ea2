// The topology section: links with per-direction overrides and loss models, every mistake reported
// with its place, and the built network routing packets along the links described.
#include "models/scenario/topology_spec.h"

#include <gtest/gtest.h>

#include "sim/topology/routing.h"

namespace wirelab::models::scenario {
namespace {

using namespace wirelab::sim;

struct Parsed {
  explicit Parsed(const std::string& text) : doc(YAML::Load(text)) {
    SpecNode root(doc, "", "t.yaml", diagnostics);
    spec = readTopology(root["topology"]);
  }
  YAML::Node doc;
  Diagnostics diagnostics;
  TopologySpec spec;
};

TEST(TopologySpec, ReadsLinksWithDirectionOverridesAndLossModels) {
  Parsed p(
      "topology:\n"
      "  nodes: [client, router, server]\n"
      "  routing: delay\n"
      "  links:\n"
      "    - between: [client, router]\n"
      "      rate: 100Mbps\n"
      "      delay: 10ms\n"
      "      queue: 50pkt\n"
      "      down: {rate: 20Mbps, loss: 1%}\n"
      "    - between: [router, server]\n"
      "      rate: 1Gbps\n"
      "      delay: 5ms\n"
      "      queue: {bytes: 64KiB}\n"
      "      loss: {model: gilbert-elliott, p: 1%, r: 25%}\n");
  ASSERT_TRUE(p.diagnostics.empty()) << p.diagnostics.formatAll();
  ASSERT_EQ(p.spec.nodes.size(), 3u);
  ASSERT_EQ(p.spec.links.size(), 2u);
  EXPECT_EQ(p.spec.routing, RouteMetric::PropagationDelay);
  const LinkSpec& access = p.spec.links[0];
  EXPECT_EQ(access.aToB.rate, Mbps(100));
  EXPECT_EQ(access.bToA.rate, Mbps(20));
  EXPECT_EQ(access.bToA.delay, Milliseconds(10));  // inherited from the link
  EXPECT_EQ(access.aToB.loss.kind, LossSpec::Kind::None);
  EXPECT_EQ(access.bToA.loss.kind, LossSpec::Kind::Bernoulli);
  EXPECT_DOUBLE_EQ(access.bToA.loss.probability, 0.01);
  EXPECT_EQ(access.aToB.queue.maxPackets, 50);
  const LinkSpec& core = p.spec.links[1];
  EXPECT_EQ(core.aToB.queue.maxBytes, 64 * 1024);
  EXPECT_EQ(core.bToA.loss.kind, LossSpec::Kind::GilbertElliott);
  EXPECT_DOUBLE_EQ(core.bToA.loss.gilbertElliott.badToGood, 0.25);
}

TEST(TopologySpec, EachMistakeGetsItsOwnMessage) {
  Parsed p(
      "topology:\n"
      "  nodes: [client, server, client]\n"
      "  links:\n"
      "    - between: [client, sever]\n"
      "      rate: 10Mbs\n"
      "      dealy: 5ms\n"
      "    - between: [client]\n"
      "    - between: [client, server]\n"
      "      loss: {model: gilbert, p: 1%}\n");
  const std::string all = p.diagnostics.formatAll();
  EXPECT_NE(all.find("t.yaml:2:27: topology.nodes[2]: node \"client\" is defined twice"), std::string::npos)
      << all;
  EXPECT_NE(
      all.find(
          "t.yaml:4:25: topology.links[0].between[1]: no node named \"sever\"; did you mean \"server\"?"),
      std::string::npos)
      << all;
  EXPECT_NE(all.find("t.yaml:5:15: topology.links[0].rate: "), std::string::npos) << all;
  EXPECT_NE(all.find("t.yaml:6:7: topology.links[0].dealy: unknown key \"dealy\"; did you mean \"delay\"?"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("topology.links[1].between: a link joins exactly two nodes"), std::string::npos) << all;
  EXPECT_NE(all.find("topology.links[2].loss.model: unknown value \"gilbert\""), std::string::npos) << all;
  EXPECT_EQ(p.diagnostics.size(), 6u) << all;
}

TEST(TopologySpec, TheBuiltNetworkRoutesAlongTheLinks) {
  Parsed p(
      "topology:\n"
      "  nodes: [a, b, c, d]\n"
      "  links:\n"
      "    - {between: [a, b]}\n"
      "    - {between: [b, c]}\n"
      "    - {between: [c, d]}\n");
  ASSERT_TRUE(p.diagnostics.empty()) << p.diagnostics.formatAll();
  Simulation sim(1, 0);
  buildTopology(p.spec, sim.network);
  const auto path = routedPath(sim.network, sim.network.findNode("a"), sim.network.findNode("d"));
  ASSERT_EQ(path.size(), 4u);
  EXPECT_EQ(sim.network.node(path[2]).name(), "c");
}

}  // namespace
}  // namespace wirelab::models::scenario
