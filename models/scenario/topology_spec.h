// File: models/scenario/topology_spec.h
// The `topology` section of a scenario: named nodes and the links between them, each direction a
// sim::LinkConfig, and how routes are computed.
//
//   topology:
//     nodes: [client, router, server]
//     routing: hop-count            # or: delay
//     links:
//       - between: [client, router]
//         rate: 100Mbps
//         delay: 10ms
//         loss: 1%                  # or {model: gilbert-elliott, p: 1%, r: 30%, loss_in_bad: 100%}
//         queue: 100pkt             # or {packets: 100, bytes: 150KB}
//         down: {rate: 20Mbps}      # overrides for the second node -> first node direction
#pragma once

#include <string>
#include <vector>

#include "models/scenario/spec_node.h"
#include "sim/net/link_config.h"
#include "sim/net/network.h"
#include "sim/topology/routing.h"

namespace wirelab::models::scenario {

struct LinkSpec {
  std::string a, b;
  sim::LinkConfig aToB, bToA;
  SourceLocation where;
};

struct TopologySpec {
  std::vector<std::string> nodes;
  std::vector<LinkSpec> links;
  sim::RouteMetric routing = sim::RouteMetric::HopCount;

  bool hasNode(const std::string& name) const;
};

// Reads the section, recording a diagnostic per problem (unknown keys, bad values, duplicate
// nodes, links to nodes that do not exist).
TopologySpec readTopology(const SpecNode& section);

// Reads one direction's link parameters over `base` (the link's common values).
sim::LinkConfig readLinkConfig(const SpecNode& node, const sim::LinkConfig& base);

// A node name in another section that must exist in the topology ("dangling node reference").
void checkNodeReference(const TopologySpec& topology, const SpecNode& parent, const std::string& key,
                        const std::string& name);

// A workload's `client` and `server` keys: two nodes of the topology, and not the same one.
void readClientAndServer(const TopologySpec& topology, const SpecNode& workload, std::string& client,
                         std::string& server);

// Adds the nodes and links to `network` and computes the routes.
void buildTopology(const TopologySpec& spec, sim::Network& network);

}  // namespace wirelab::models::scenario
