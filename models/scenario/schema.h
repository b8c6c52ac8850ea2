// File: models/scenario/schema.h
// The JSON Schema (draft 2020-12) of scenario files, generated from the same tables the loader
// reads (top-level keys, link keys, workload kinds and their keys), so editors that complete and
// check YAML against scenarios/schema.json never disagree with `wirelab validate`. A test keeps
// the shipped file equal to this output; `wirelab validate --schema` prints it.
#pragma once

#include <string>

namespace wirelab::models::scenario {

std::string scenarioJsonSchema();

}  // namespace wirelab::models::scenario
