// File: bench/bench_options.h
// The --name=value options of the timed bench programs (tcp_bulk, polling_clients, pubsub_fanout,
// udp_cbr_kernel). Each program names the options it takes; an unknown option, a value that is not
// a number or one out of range ends the program with one message naming the option and exit
// status 2, instead of an uncaught std::stod exception or a silently ignored typo.
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

class BenchOptions {
 public:
  BenchOptions(int argc, char** argv, const char* program, std::initializer_list<const char*> names)
      : m_program(program), m_names(names.begin(), names.end()) {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") usage(stdout, 0);
      const OptionWord word = splitOption(arg);
      const std::string name = word.option.rfind("--", 0) == 0 ? word.option.substr(2) : "";
      bool known = false;
      for (const std::string& n : m_names) known = known || n == name;
      if (!known || !word.value) {
        std::fprintf(stderr, "%s: %s: %s\n", m_program, arg.c_str(),
                     known ? "needs a value (--name=VALUE)" : "unknown option");
        usage(stderr, 2);
      }
      m_values[name] = *word.value;
    }
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
    const std::optional<std::uint64_t> parsed = parseWholeNumber(it->second);
    if (!parsed) fail(name, "is not a whole number");
    const std::uint64_t v = *parsed;
    if (v < min || v > max) {
      fail(name, ("must be in [" + std::to_string(min) + ", " + std::to_string(max) + "]").c_str());
    }
    return v;
  }

  // For values the program checks itself (a profile name, a QoS level).
  [[noreturn]] void fail(const char* name, const char* problem) const {
    const auto it = m_values.find(name);
    std::fprintf(stderr, "%s: --%s=%s: %s\n", m_program, name, it == m_values.end() ? "" : it->second.c_str(),
                 problem);
    std::exit(2);
  }

 private:
  [[noreturn]] void usage(std::FILE* to, int status) const {
    std::fprintf(to, "usage: %s", m_program);
    for (const std::string& n : m_names) std::fprintf(to, " [--%s=VALUE]", n.c_str());
    std::fprintf(to, "\n");
    std::exit(status);
  }

  static std::string format(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
  }

  const char* m_program;
  std::vector<std::string> m_names;
  std::map<std::string, std::string> m_values;
};

}  // namespace wirelab::bench
