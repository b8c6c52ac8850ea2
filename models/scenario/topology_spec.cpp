#include "models/scenario/topology_spec.h"

#include <algorithm>
#include <set>

namespace wirelab::models::scenario {

namespace {

const std::vector<std::string> kLinkKeys = {"between", "rate",  "delay", "jitter", "jitter_reorders",
                                            "framing", "queue", "loss",  "up",     "down"};
const std::vector<std::string> kDirectionKeys = {"rate",    "delay", "jitter", "jitter_reorders",
                                                 "framing", "queue", "loss"};

sim::LossSpec readLoss(const SpecNode& link) {
  sim::LossSpec loss;
  SpecNode node = link["loss"];
  if (!node.defined()) return loss;
  if (node.isScalar()) {
    loss.probability = link.ratio("loss");
    loss.kind = loss.probability > 0 ? sim::LossSpec::Kind::Bernoulli : sim::LossSpec::Kind::None;
    return loss;
  }
  const std::string model = node.choice("model", {"none", "bernoulli", "gilbert-elliott", "list"});
  if (model == "bernoulli") {
    node.checkKeys({"model", "rate"});
    loss.kind = sim::LossSpec::Kind::Bernoulli;
    loss.probability = node.ratio("rate");
  } else if (model == "gilbert-elliott") {
    // Gilbert-Elliott (Elliott 1963): p = P(good -> bad) and r = P(bad -> good) per packet.
    node.checkKeys({"model", "p", "r", "loss_in_good", "loss_in_bad"});
    loss.kind = sim::LossSpec::Kind::GilbertElliott;
    loss.gilbertElliott.goodToBad = node.ratio("p");
    loss.gilbertElliott.badToGood = node.ratio("r");
    loss.gilbertElliott.lossInGood = node.ratio("loss_in_good", 0.0);
    loss.gilbertElliott.lossInBad = node.ratio("loss_in_bad", 1.0);
    if (loss.gilbertElliott.badToGood <= 0)
      node["r"].error("must be above 0, or the channel never leaves the bad state");
  } else if (model == "list") {
    node.checkKeys({"model", "positions"});
    loss.kind = sim::LossSpec::Kind::List;
    for (const SpecNode& p : node["positions"].items()) {
      const std::string v = p.asText();
      if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        p.error("expected a packet position (0, 1, 2, ...), got \"" + v + "\"");
        continue;
      }
      loss.positions.push_back(std::stoull(v));
    }
  } else if (node.text("model", "") == "none") {
    node.checkKeys({"model"});  // (an unknown model was reported already; its keys mean nothing)
  }
  return loss;
}

sim::QueueLimits readQueue(const SpecNode& link, sim::QueueLimits base) {
  SpecNode node = link["queue"];
  if (!node.defined()) return base;
  if (node.isScalar()) {
    const std::string v = node.asText();
    // "100pkt" is a packet limit; "150KB" a byte limit.
    if (v.find("pkt") != std::string::npos) {
      base.maxPackets = link.count("queue", std::nullopt, 1);
      return base;
    }
    base.maxBytes = link.bytes("queue").bytes();
    base.maxPackets = std::numeric_limits<std::int64_t>::max();
    return base;
  }
  node.checkKeys({"packets", "bytes"});
  if (node.has("packets")) base.maxPackets = node.count("packets", std::nullopt, 1);
  if (node.has("bytes")) base.maxBytes = node.bytes("bytes").bytes();
  return base;
}

}  // namespace

bool TopologySpec::hasNode(const std::string& name) const {
  return std::find(nodes.begin(), nodes.end(), name) != nodes.end();
}

sim::LinkConfig readLinkConfig(const SpecNode& node, const sim::LinkConfig& base) {
  sim::LinkConfig c = base;
  c.rate = node.rate("rate", base.rate);
  if (c.rate.bitsPerSecond() <= 0) node["rate"].error("must be above 0");
  c.delay = node.duration("delay", base.delay);
  c.jitter = node.duration("jitter", base.jitter);
  c.jitterReorders = node.flag("jitter_reorders", base.jitterReorders);
  c.framingBytes =
      static_cast<std::uint32_t>(node.bytes("framing", sim::ByteCount(base.framingBytes)).bytes());
  c.queue = readQueue(node, base.queue);
  if (node.has("loss")) c.loss = readLoss(node);
  return c;
}

TopologySpec readTopology(const SpecNode& section) {
  TopologySpec t;
  if (!section.defined()) {
    section.error("missing required section \"topology\"");
    return t;
  }
  section.checkKeys({"nodes", "links", "routing"});
  std::set<std::string> seen;
  for (const SpecNode& n : section["nodes"].items()) {
    const std::string name = n.isMap() ? n.text("name") : n.asText();
    if (n.isMap()) n.checkKeys({"name"});
    if (name.empty()) {
      n.error("a node needs a name");
    } else if (!seen.insert(name).second) {
      n.error("node \"" + name + "\" is defined twice");
    } else {
      t.nodes.push_back(name);
    }
  }
  if (t.nodes.empty() && section.defined()) section["nodes"].error("a topology needs at least one node");
  const std::string routing = section.choice("routing", {"hop-count", "delay"}, "hop-count");
  t.routing = routing == "delay" ? sim::RouteMetric::PropagationDelay : sim::RouteMetric::HopCount;
  for (const SpecNode& l : section["links"].items()) {
    l.checkKeys(kLinkKeys);
    LinkSpec link;
    link.where = l.location();
    const auto ends = l["between"].items();
    if (ends.size() != 2) {
      if (l["between"].defined() && l["between"].isSequence())
        l["between"].error("a link joins exactly two nodes");
      if (!l["between"].defined()) l.error("missing required key \"between\" (the two nodes the link joins)");
      continue;
    }
    link.a = ends[0].asText();
    link.b = ends[1].asText();
    for (const SpecNode& end : ends) {
      if (!t.hasNode(end.asText())) {
        const std::string hint = closestMatch(end.asText(), t.nodes);
        end.error("no node named \"" + end.asText() + "\"" +
                  (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
      }
    }
    if (link.a == link.b) l["between"].error("a link joins two different nodes");
    const sim::LinkConfig common = readLinkConfig(l, sim::LinkConfig{});
    link.aToB = common;
    link.bToA = common;
    if (l.has("up")) {
      l["up"].checkKeys(kDirectionKeys);
      link.aToB = readLinkConfig(l["up"], common);
    }
    if (l.has("down")) {
      l["down"].checkKeys(kDirectionKeys);
      link.bToA = readLinkConfig(l["down"], common);
    }
    t.links.push_back(std::move(link));
  }
  return t;
}

void checkNodeReference(const TopologySpec& topology, const SpecNode& parent, const std::string& key,
                        const std::string& name) {
  if (name.empty() || topology.hasNode(name)) return;
  const std::string hint = closestMatch(name, topology.nodes);
  parent[key].error("no node named \"" + name + "\" in the topology" +
                    (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
}

void readClientAndServer(const TopologySpec& topology, const SpecNode& workload, std::string& client,
                         std::string& server) {
  client = workload.text("client");
  server = workload.text("server");
  checkNodeReference(topology, workload, "client", client);
  checkNodeReference(topology, workload, "server", server);
  if (!client.empty() && client == server)
    workload["server"].error("client and server must be different nodes");
}

void buildTopology(const TopologySpec& spec, sim::Network& network) {
  for (const std::string& n : spec.nodes) network.addNode(n);
  for (const LinkSpec& l : spec.links)
    network.connect(network.findNode(l.a), network.findNode(l.b), l.aToB, l.bToA);
  sim::computeShortestPathRoutes(network, spec.routing);
}

}  // namespace wirelab::models::scenario
