// libFuzzer target: arbitrary bytes into the scenario loader (YAML/JSON parsing, includes refused
// by name, every section's reader, sweep expansion, expectation parsing). Under ASan and UBSan the
// loader must never crash, leak or overflow: every input is either a plan or a list of
// diagnostics, and every diagnostic has a message.
//   build/fuzz/tests/fuzz/scenario_loader_fuzz -max_total_time=60 corpus/ scenarios/
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/scenario/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wirelab::models::scenario;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Diagnostics diagnostics;
  // Includes resolve against a folder that does not exist, so the fuzzer cannot reach real files.
  auto document = parseDocument(text, "fuzz.yaml", diagnostics, "/nonexistent-wirelab-fuzz");
  if (document) {
    auto plan = planScenario(std::move(*document), PlanOptions{}, diagnostics);
    if (plan && !diagnostics.empty()) std::abort();  // a plan is only made from a clean file
    if (!plan && diagnostics.empty()) std::abort();  // a refusal always says why
  } else if (diagnostics.empty()) {
    std::abort();
  }
  for (const Diagnostic& d : diagnostics.items()) {
    if (d.message.empty()) std::abort();
  }
  return 0;
}
