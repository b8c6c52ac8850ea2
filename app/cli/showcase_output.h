// File: app/cli/showcase_output.h
// Everything `wirelab showcase` writes, separated from running the simulation so it can be tested
// with a made-up result: results.json, series/*.csv, charts/*.png and *.svg, and the folder swap that
// makes the whole set appear at once.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "models/showcase/queueing_showcase.h"

namespace wirelab::app::cli {

// Shortest text that reads back to the same double ("0.1", "1e-07", "12"); "null" if not finite.
// Deterministic across runs and machines, unlike printf with a fixed precision plus locale.
std::string formatNumber(double value);

// results.json: config, per-load points and totals, keys in a fixed order, 2-space indentation.
std::string resultsJson(const models::showcase::QueueingShowcaseResult& result);

std::string meanWaitCsv(const models::showcase::QueueingShowcaseResult& result);
std::string queueTraceCsv(const models::showcase::QueueingShowcaseResult& result);
std::string waitCdfCsv(const models::showcase::QueueingShowcaseResult& result);

// Writes the full output set into `folder` (which must exist). Charts need a QApplication.
std::optional<std::string> writeShowcaseFiles(const models::showcase::QueueingShowcaseResult& result,
                                              const std::filesystem::path& folder);

// Whether `target` may be replaced: it does not exist, is an empty folder, or holds a previous
// showcase output (has results.json). Guards against `--out ~` deleting a home folder.
std::optional<std::string> checkReplaceable(const std::filesystem::path& target);

// Moves the finished `staged` folder to `target`, replacing an earlier output; on failure `target`
// keeps its old content. `staged` must be a sibling of `target` (one file system, so renames work).
std::optional<std::string> replaceFolder(const std::filesystem::path& staged,
                                         const std::filesystem::path& target);

}  // namespace wirelab::app::cli
