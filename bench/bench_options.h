// File: bench/bench_options.h
// The options of the bench programs, read one way everywhere: `--name=VALUE` or `--name VALUE`
// for an option that takes a value, `--name` for a flag, `--help` for the usage. CommandLine
// splits a command line into those; BenchOptions reads the timed programs' numbers from it
// (tcp_bulk, polling_clients, pubsub_fanout, udp_cbr_kernel, ...). Each program names the options
// it takes; an unknown option, a missing value, a value that is not a number or one out of range
// ends the program with one message naming the option and exit status 2, instead of an uncaught
// std::stod exception or a silently ignored typo.
//
//   const BenchOptions o(argc, argv, "polling_clients", {"clients", "hosts"});
//   const auto clients = o.count("clients", 100000, 1, 10'000'000);
#pragma once

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wirelab::bench {

// `text` as a whole number (decimal digits only, no sign, nothing after), or nothing.
inline std::optional<std::uint64_t> parseWholeNumber(const std::string& text) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (*end != '\0' || errno != 0) return std::nullopt;
  return v;
}

// `text` as a finite number (all of it, as strtod reads it), or nothing.
inline std::optional<double> parseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || errno != 0 || !std::isfinite(v)) return std::nullopt;
  return v;
}

// `text` as a whole number in [lo, hi], or the problem with it (for "--name=text: problem"). The
// one check behind BenchOptions::count and the bench programs' own whole-number options.
struct WholeNumber {
  std::uint64_t value = 0;
  std::string problem;  // empty: `value` is the number
};
inline WholeNumber wholeNumberIn(const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  const std::optional<std::uint64_t> v = parseWholeNumber(text);
  if (!v) return {0, "is not a whole number"};
  if (*v < lo || *v > hi) return {0, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"};
  return {*v, {}};
}

// A command-line word split at its first '=' when it is an option: "--seeds=20" gives "--seeds"
// and "20"; "--seeds", "20" or "-x=1" give the word itself and no value.
struct OptionWord {
  std::string option;
  std::optional<std::string> value;
};
inline OptionWord splitOption(const std::string& word) {
  const std::size_t eq = word.find('=');
  if (word.rfind("--", 0) != 0 || eq == std::string::npos) return {word, std::nullopt};
  return {word.substr(0, eq), word.substr(eq + 1)};
}

// A command line's options, in order. `--help` or `-h` prints the usage and exits 0; an unknown
// word, an option without its value or a flag with one prints one message and the usage, and
// exits 2.
class CommandLine {
 public:
  struct Option {
    std::string name;                  // without the leading "--"
    std::optional<std::string> value;  // none for a flag
  };

  // `valued` and `flags`: the names the program takes, without "--". `usage`: what the usage line
  // shows after the program's name, or empty for a list made from the names.
  CommandLine(int argc, char** argv, const char* program, std::vector<std::string> valued,
              std::vector<std::string> flags = {}, std::string usage = {})
      : m_program(program),
        m_valued(std::move(valued)),
        m_flags(std::move(flags)),
        m_usage(std::move(usage)) {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") printUsage(stdout, 0);
      const OptionWord word = splitOption(arg);
      const std::string name = word.option.rfind("--", 0) == 0 ? word.option.substr(2) : "";
      if (!name.empty() && takes(m_flags, name)) {
        if (word.value) refuse(arg, "takes no value");
        m_options.push_back({name, std::nullopt});
      } else if (!name.empty() && takes(m_valued, name)) {
        if (!word.value && i + 1 >= argc)
          refuse(arg, "needs a value (--" + name + "=VALUE or --" + name + " VALUE)");
        m_options.push_back({name, word.value ? *word.value : std::string(argv[++i])});
      } else {
        refuse(arg, "unknown option");
      }
    }
  }

  const std::vector<Option>& options() const { return m_options; }

  // For a value the program finds wrong: "<program>: --name=value: problem", exit status 2.
  [[noreturn]] void fail(const std::string& name, const std::string& value,
                         const std::string& problem) const {
    std::fprintf(stderr, "%s: --%s=%s: %s\n", m_program, name.c_str(), value.c_str(), problem.c_str());
    std::exit(2);
  }

 private:
  static bool takes(const std::vector<std::string>& names, const std::string& name) {
    for (const std::string& n : names) {
      if (n == name) return true;
    }
    return false;
  }
  [[noreturn]] void refuse(const std::string& word, const std::string& problem) const {
    std::fprintf(stderr, "%s: %s: %s\n", m_program, word.c_str(), problem.c_str());
    printUsage(stderr, 2);
  }
  [[noreturn]] void printUsage(std::FILE* to, int status) const {
    std::fprintf(to, "usage: %s", m_program);
    if (!m_usage.empty()) {
      std::fprintf(to, " %s", m_usage.c_str());
    } else {
      for (const std::string& n : m_valued) std::fprintf(to, " [--%s=VALUE]", n.c_str());
      for (const std::string& n : m_flags) std::fprintf(to, " [--%s]", n.c_str());
    }
    std::fprintf(to, "\n");
    std::exit(status);
  }

  const char* m_program;
  std::vector<std::string> m_valued, m_flags;
  std::string m_usage;
  std::vector<Option> m_options;
};

// The timed programs' options: each takes a value, read as text, a number or a count.
class BenchOptions {
 public:
  BenchOptions(int argc, char** argv, const char* program, std::initializer_list<const char*> names)
      : m_line(argc, argv, program, std::vector<std::string>(names.begin(), names.end())) {
    for (const CommandLine::Option& option : m_line.options()) m_values[option.name] = *option.value;
  }

  std::string text(const char* name, const char* fallback) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
  }

  double number(const char* name, double fallback, double min, double max) const {
    const auto it = m_values.find(name);
    if (it == m_values.end()) return fallback;
    const std::optional<double> parsed = parseNumber(it->second);
    if (!parsed) fail(name, "is not a number");
    const double v = *parsed;
    if (v < min || v > max) fail(name, ("must be in [" + format(min) + ", " + format(max) + "]").c_str());
    return v;
  }

  std::uint64_t count(const char* name, std::uint64_t fallback, std::uint64_t min, std::uint64_t max) const {
    const auto it = m_values.find(name);
    if (it == m_values.end()) return fallback;
    const WholeNumber n = wholeNumberIn(it->second, min, max);
    if (!n.problem.empty()) fail(name, n.problem.c_str());
    return n.value;
  }

  // For values the program checks itself (a profile name, a QoS level).
  [[noreturn]] void fail(const char* name, const char* problem) const {
    const auto it = m_values.find(name);
    m_line.fail(name, it == m_values.end() ? "" : it->second, problem);
  }

 private:
  static std::string format(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
  }

  CommandLine m_line;
  std::map<std::string, std::string> m_values;
};

}  // namespace wirelab::bench
