// File: app/cli/cli_options.cpp
#include "app/cli/cli_options.h"

#include <charconv>
#include <string_view>

namespace wirelab::app::cli {
namespace {

bool isOption(std::string_view arg) { return arg.size() > 1 && arg.front() == '-'; }

std::string inQuotes(std::string_view s) { return "'" + std::string(s) + "'"; }

CliParseResult failure(std::string message) {
  CliParseResult result;
  result.error = std::move(message);
  return result;
}

CliParseResult success(Command command) {
  CliParseResult result;
  result.options.command = command;
  return result;
}

// Decimal digits only: no sign, no hex, no spaces, nothing after the number.
std::optional<std::uint64_t> parseSeed(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Parses the showcase's options from args[first..]; accepts "--out DIR" and "--out=DIR".
CliParseResult parseShowcase(const std::vector<std::string>& args, std::size_t first) {
  CliParseResult result;
  result.options.command = Command::Showcase;
  ShowcaseOptions& opts = result.options.showcase;
  for (std::size_t i = first; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      result.options.command = Command::Help;
      return result;
    }
    if (arg == "--quick") {
      opts.quick = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (name != "--out" && name != "--seed") {
      if (name == "--quick") return failure("option '--quick' takes no value (got " + inQuotes(arg) + ")");
      if (isOption(arg)) return failure("unknown option " + inQuotes(name) + " for 'showcase'");
      return failure("unexpected argument " + inQuotes(arg) + " after 'showcase'");
    }
    if (!value) {
      // A following option is not a value: `--out --quick` is a forgotten DIR, not a folder named so.
      // A negative number after --seed is a bad seed, reported as such below.
      const bool negativeNumber = i + 1 < args.size() && args[i + 1].size() > 1 && args[i + 1][0] == '-' &&
                                  args[i + 1][1] >= '0' && args[i + 1][1] <= '9';
      if (i + 1 >= args.size() || (isOption(args[i + 1]) && !(name == "--seed" && negativeNumber))) {
        return failure("option " + inQuotes(name) + " needs a value (" +
                       (name == "--out" ? "--out DIR" : "--seed N") + ")");
      }
      value = args[++i];
    }
    if (value->empty()) return failure("option " + inQuotes(name) + " needs a non-empty value");
    if (name == "--out") {
      opts.outDir = std::filesystem::path(std::string(*value));
    } else {
      const auto seed = parseSeed(*value);
      if (!seed) {
        return failure("option '--seed' needs a non-negative integer below 2^64, got " + inQuotes(*value));
      }
      opts.seed = seed;
    }
  }
  return result;
}

}  // namespace

CliParseResult parseCommandLine(const std::vector<std::string>& args, bool hasDisplay) {
  if (args.empty()) return success(hasDisplay ? Command::Gui : Command::Showcase);
  const std::string_view first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    if (args.size() > 1)
      return failure("unexpected argument " + inQuotes(args[1]) + " after " + inQuotes(first));
    return success(Command::Help);
  }
  if (first == "--version" || first == "-V") {
    if (args.size() > 1)
      return failure("unexpected argument " + inQuotes(args[1]) + " after " + inQuotes(first));
    return success(Command::Version);
  }
  if (first == "showcase") return parseShowcase(args, 1);
  if (first == "run" || first == "batch" || first == "validate" || first == "merge") {
    if (args.size() > 1 && (args[1] == "--help" || args[1] == "-h")) return success(Command::Help);
    CliParseResult result;
    result.options.command = first == "run"        ? Command::Run
                             : first == "batch"    ? Command::Batch
                             : first == "validate" ? Command::Validate
                                                   : Command::Merge;
    if (auto error = parseScenarioCommand(std::string(first), args, 1, result.options.scenario))
      return failure(*error);
    return result;
  }
  if (first == "gui") {
    if (args.size() > 1) {
      if (args[1] == "--help" || args[1] == "-h") return success(Command::Help);
      return failure((isOption(args[1]) ? "unknown option " : "unexpected argument ") + inQuotes(args[1]) +
                     " for 'gui'");
    }
    return success(Command::Gui);
  }
  if (isOption(first)) {
    // Showcase options before any verb are a common slip; say where they belong.
    const std::string_view name = first.substr(0, first.find('='));
    if (name == "--out" || name == "--seed" || name == "--quick") {
      return failure("option " + inQuotes(name) + " belongs after the verb: wirelab showcase " +
                     std::string(name) +
                     (name == "--quick" ? ""
                      : name == "--out" ? " DIR"
                                        : " N"));
    }
    return failure("unknown option " + inQuotes(first));
  }
  return failure("unknown command " + inQuotes(first) +
                 " (expected run, batch, validate, merge, showcase or gui)");
}

bool hasDisplay(const char* display, const char* waylandDisplay) {
  return (display != nullptr && *display != '\0') || (waylandDisplay != nullptr && *waylandDisplay != '\0');
}

std::string usageText() {
  return "Usage: wirelab [COMMAND] [OPTIONS]\n"
         "Wirelab: network protocol simulator and analyzer.\n"
         "\n"
         "Commands:\n"
         "  run SCENARIO         run one scenario file: every case of its sweep, every replication\n"
         "  batch SCENARIO|DIR...  run many scenarios in parallel processes (shards, resume, JUnit)\n"
         "  validate SCENARIO... check scenario files; print every problem with file:line:column\n"
         "  merge DIR... --out DIR  combine the output folders of shards into one\n"
         "  showcase   run the queueing showcase headless and write results, CSV series and charts\n"
         "  gui        open the graphical interface\n"
         "  (none)     gui when a display is available (DISPLAY or WAYLAND_DISPLAY), else showcase\n"
         "\n"
         "Scenario options (docs/scenario-format.md, docs/cli.md):\n"
         "  --out DIR          output folder (run: wirelab-out/<name>; batch: wirelab-out/batch)\n"
         "  --seed N           (run) replace the scenario's seed\n"
         "  --set PATH=VALUE   (run) set a value in the scenario, e.g. topology.links[0].loss=1%\n"
         "  --jobs N           (run, batch) runs in parallel processes (default 1)\n"
         "  --shard I/N        (batch) run every N-th run starting at the I-th; combine with merge\n"
         "  --resume           (batch) keep finished runs of an earlier, interrupted batch\n"
         "  --junit FILE       (batch) write a JUnit XML report (a test case per run and expectation)\n"
         "  --formats LIST     chart formats: png,svg,pdf or none (default png,svg)\n"
         "  --pcap[=NODE,...]  (run, batch) write pcap/<run>/<node>--<neighbour>.pcap: every packet on\n"
         "                     each interface of every node (or of the nodes named); off by default\n"
         "  --qlog             (run, batch) write qlog/<run>/*.sqlog: one qlog per QUIC connection\n"
         "  --quiet            no progress and no summary\n"
         "  --schema           (validate) print the JSON Schema of scenario files\n"
         "\n"
         "Showcase options:\n"
         "  --out DIR  output folder (default: wirelab-out/showcase); replaced as a whole on success\n"
         "  --seed N   base seed for every random stream (non-negative integer; default 1)\n"
         "  --quick    2 replications of 10 s per load instead of 5 of 60 s, for smoke tests\n"
         "\n"
         "General options:\n"
         "  -h, --help     print this help and exit\n"
         "  -V, --version  print the version and exit\n"
         "\n"
         "Exit codes:\n"
         "  0  success\n"
         "  1  expectation failed: the run completed but a result failed its check\n"
         "  2  bad input or usage (unknown option or command, missing or invalid value, unusable path)\n"
         "  3  internal error\n";
}

std::string usageHint() {
  return "Usage: wirelab [run|batch|validate|merge|showcase|gui] [OPTIONS]; see 'wirelab --help'.";
}

std::string versionText() { return std::string("wirelab ") + WIRELAB_VERSION; }

}  // namespace wirelab::app::cli
