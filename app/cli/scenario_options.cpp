// File: app/cli/scenario_options.cpp
#include "app/cli/scenario_options.h"

#include <charconv>
#include <string_view>

namespace wirelab::app::cli {
namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

template <typename T>
std::optional<T> parseNumber(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  T value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Which options each verb takes.
bool accepts(const std::string& verb, std::string_view option) {
  if (option == "--out") return verb != "validate";
  if (option == "--seed" || option == "--set") return verb == "run";
  if (option == "--jobs") return verb == "run" || verb == "batch";
  if (option == "--formats") return verb == "run" || verb == "batch" || verb == "merge";
  if (option == "--shard" || option == "--resume" || option == "--junit") return verb == "batch";
  if (option == "--quiet") return verb != "validate";
  if (option == "--schema") return verb == "validate";
  if (option == "--pcap" || option == "--qlog") return verb == "run" || verb == "batch";
  return false;
}

bool takesValue(std::string_view option) {
  return option != "--resume" && option != "--quiet" && option != "--schema" && option != "--qlog" &&
         option != "--pcap";
}

// --pcap alone captures at every node; --pcap=NODE,... (only with '=', so that a scenario file
// after a bare --pcap is not taken for a node list) at the nodes named.
std::optional<std::string> parsePcapNodes(std::string_view value, std::vector<std::string>& nodes) {
  std::string_view rest = value;
  for (;;) {
    const auto comma = rest.find(',');
    const std::string_view node = rest.substr(0, comma);
    if (node.empty()) return "option '--pcap=' needs node names separated by commas, got " + quoted(value);
    nodes.emplace_back(node);
    if (comma == std::string_view::npos) return std::nullopt;
    rest = rest.substr(comma + 1);
  }
}

}  // namespace

std::optional<std::string> parseScenarioCommand(const std::string& verb, const std::vector<std::string>& args,
                                                std::size_t first, ScenarioCommandOptions& out) {
  for (std::size_t i = first; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (!(arg.size() > 1 && arg.front() == '-')) {
      out.inputs.emplace_back(arg);
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (!accepts(verb, name)) return "unknown option " + quoted(name) + " for '" + verb + "'";
    if (name == "--pcap") {
      out.pcap = true;
      if (value) {
        if (auto error = parsePcapNodes(*value, out.pcapNodes)) return error;
      }
      continue;
    }
    if (!takesValue(name)) {
      if (value) return "option " + quoted(name) + " takes no value";
      if (name == "--resume") out.resume = true;
      if (name == "--quiet") out.quiet = true;
      if (name == "--schema") out.schema = true;
      if (name == "--qlog") out.qlog = true;
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size()) return "option " + quoted(name) + " needs a value";
      value = args[++i];
    }
    if (value->empty()) return "option " + quoted(name) + " needs a non-empty value";
    if (name == "--out") {
      out.outDir = std::filesystem::path(std::string(*value));
    } else if (name == "--seed") {
      auto seed = parseNumber<std::uint64_t>(*value);
      if (!seed) return "option '--seed' needs a non-negative integer below 2^64, got " + quoted(*value);
      out.seed = seed;
    } else if (name == "--set") {
      if (value->find('=') == std::string_view::npos || value->front() == '=') {
        return "option '--set' needs PATH=VALUE (e.g. topology.links[0].loss=1%), got " + quoted(*value);
      }
      out.sets.emplace_back(*value);
    } else if (name == "--jobs") {
      auto jobs = parseNumber<int>(*value);
      if (!jobs || *jobs < 1 || *jobs > 1024)
        return "option '--jobs' needs a whole number from 1 to 1024, got " + quoted(*value);
      out.jobs = *jobs;
    } else if (name == "--shard") {
      const auto slash = value->find('/');
      auto i1 = slash == std::string_view::npos ? std::nullopt : parseNumber<int>(value->substr(0, slash));
      auto n1 = slash == std::string_view::npos ? std::nullopt : parseNumber<int>(value->substr(slash + 1));
      if (!i1 || !n1 || *n1 < 1 || *i1 < 1 || *i1 > *n1) {
        return "option '--shard' needs I/N with 1 <= I <= N (e.g. --shard 2/4), got " + quoted(*value);
      }
      out.shardIndex = *i1;
      out.shardCount = *n1;
    } else if (name == "--junit") {
      out.junit = std::filesystem::path(std::string(*value));
    } else if (name == "--formats") {
      out.formats.clear();
      if (*value == "none") continue;
      std::string_view rest = *value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view f = rest.substr(0, comma);
        if (f != "png" && f != "svg" && f != "pdf") {
          return "option '--formats' takes png, svg, pdf (comma-separated) or none, got " + quoted(f);
        }
        out.formats.emplace_back(f);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    }
  }
  if (out.inputs.empty() && !out.schema) {
    if (verb == "merge") return "'merge' needs the output folders to merge";
    return "'" + verb + "' needs " + (verb == "batch" ? "scenario files or folders" : "a scenario file");
  }
  if (verb == "run" && out.inputs.size() > 1) {
    return "'run' takes one scenario (got " + std::to_string(out.inputs.size()) +
           "); use 'batch' for several";
  }
  if (verb == "merge" && !out.outDir) return "'merge' needs --out DIR";
  return std::nullopt;
}

}  // namespace wirelab::app::cli
