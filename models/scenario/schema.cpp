#include "models/scenario/schema.h"

#include "models/scenario/json_writer.h"
#include "models/scenario/scenario_spec.h"
#include "models/scenario/workload_kind.h"

namespace wirelab::models::scenario {

namespace {

// Values with units are strings ("20ms", "50Mbps", "64KiB", "0.5%"); plain numbers also load.
void quantity(JsonWriter& w, const std::string& description) {
  w.beginObject().key("description").value(description);
  w.key("type").beginArray().value("string").value("number").endArray();
  w.endObject();
}

void linkProperties(JsonWriter& w) {
  w.key("rate");
  quantity(w, "bit rate: 100Mbps, 1Gbps, 64kbps");
  w.key("delay");
  quantity(w, "one-way propagation delay: 10ms");
  w.key("jitter");
  quantity(w, "extra delay per packet, uniform in [0, jitter]: 1ms");
  w.key("jitter_reorders").beginObject().key("type").value("boolean").endObject();
  w.key("framing");
  quantity(w, "link-layer bytes per packet: 38B");
  w.key("queue")
      .beginObject()
      .key("description")
      .value("drop-tail limit: 100pkt, 150KB, or {packets, bytes}")
      .endObject();
  w.key("loss")
      .beginObject()
      .key("description")
      .value(
          "0.5%, or {model: bernoulli, rate}, {model: gilbert-elliott, p, r, loss_in_good, loss_in_bad}, "
          "{model: list, "
          "positions}")
      .endObject();
}

}  // namespace

std::string scenarioJsonSchema() {
  JsonWriter w;
  w.beginObject();
  w.key("$schema").value("https://json-schema.org/draft/2020-12/schema");
  w.key("$id").value("https://wirelab.example/scenario.schema.json");
  w.key("title").value("Wirelab scenario");
  w.key("description").value("A Wirelab scenario file (YAML or JSON). See docs/scenario-format.md.");
  w.key("type").value("object");
  w.key("required").beginArray().value("name").value("topology").value("workloads").endArray();
  w.key("additionalProperties").value(false);
  w.key("properties").beginObject();
  w.key("wirelab")
      .beginObject()
      .key("description")
      .value("format version")
      .key("const")
      .value(kScenarioFormatVersion)
      .endObject();
  w.key("name").beginObject().key("type").value("string").endObject();
  w.key("description").beginObject().key("type").value("string").endObject();
  w.key("include")
      .beginObject()
      .key("description")
      .value("a file or a list of files whose sections are merged in")
      .key("type")
      .beginArray()
      .value("string")
      .value("array")
      .endArray()
      .endObject();
  w.key("seed").beginObject().key("type").value("integer").key("minimum").value(0).endObject();
  w.key("replications").beginObject().key("type").value("integer").key("minimum").value(1).endObject();
  w.key("duration");
  quantity(w, "simulated time limit of each run: 60s");
  w.key("topology").beginObject();
  w.key("type").value("object").key("additionalProperties").value(false);
  w.key("properties").beginObject();
  w.key("nodes").beginObject().key("type").value("array").endObject();
  w.key("routing")
      .beginObject()
      .key("enum")
      .beginArray()
      .value("hop-count")
      .value("delay")
      .endArray()
      .endObject();
  w.key("links").beginObject().key("type").value("array").key("items").beginObject();
  w.key("type").value("object").key("additionalProperties").value(false);
  w.key("required").beginArray().value("between").endArray();
  w.key("properties").beginObject();
  w.key("between")
      .beginObject()
      .key("type")
      .value("array")
      .key("minItems")
      .value(2)
      .key("maxItems")
      .value(2)
      .endObject();
  linkProperties(w);
  for (const char* direction : {"up", "down"}) {
    w.key(direction).beginObject().key("type").value("object").key("properties").beginObject();
    linkProperties(w);
    w.endObject().endObject();
  }
  w.endObject();              // link properties
  w.endObject().endObject();  // items, links
  w.endObject().endObject();  // topology properties, topology
  w.key("workloads")
      .beginObject()
      .key("type")
      .value("array")
      .key("items")
      .beginObject()
      .key("oneOf")
      .beginArray();
  for (const WorkloadKind& k : workloadKinds()) {
    w.beginObject();
    w.key("description").value(k.summary);
    w.key("type").value("object");
    w.key("required").beginArray().value("kind").value("name").endArray();
    w.key("additionalProperties").value(false);
    w.key("properties").beginObject();
    w.key("kind").beginObject().key("const").value(k.name).endObject();
    w.key("name").beginObject().key("type").value("string").key("pattern").value("^[^.]+$").endObject();
    for (const std::string& key : k.keys) w.key(key).beginObject().endObject();
    w.endObject();
    w.endObject();
  }
  w.endArray().endObject().endObject();  // oneOf, items, workloads
  w.key("sweep")
      .beginObject()
      .key("description")
      .value("key path -> list of values; the grid of all combinations")
      .key("type")
      .value("object")
      .key("additionalProperties")
      .beginObject()
      .key("type")
      .value("array")
      .endObject()
      .endObject();
  w.key("expectations")
      .beginObject()
      .key("type")
      .value("array")
      .key("items")
      .beginObject()
      .key("type")
      .value("string")
      .endObject()
      .endObject();
  w.key("charts").beginObject().key("type").value("array").key("items").beginObject();
  w.key("type").value("object").key("required").beginArray().value("type").endArray();
  w.key("properties").beginObject();
  w.key("type")
      .beginObject()
      .key("enum")
      .beginArray()
      .value("cdf")
      .value("series")
      .value("sweep")
      .value("waterfall")
      .endArray()
      .endObject();
  for (const char* key : {"title", "x", "workload"})
    w.key(key).beginObject().key("type").value("string").endObject();
  for (const char* key : {"metrics", "y"}) w.key(key).beginObject().key("type").value("array").endObject();
  w.endObject().endObject().endObject();  // properties, items, charts
  w.endObject();                          // properties
  w.endObject();
  return w.str();
}

}  // namespace wirelab::models::scenario
