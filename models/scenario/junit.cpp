#include "models/scenario/junit.h"

#include <cstdio>

namespace wirelab::models::scenario {

namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows no control characters but tab and newline.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

}  // namespace

std::string junitXml(const std::vector<JUnitSuite>& suites) {
  std::string body;
  std::size_t allTests = 0, allFailures = 0;
  for (const JUnitSuite& suite : suites) {
    std::string cases;
    std::size_t tests = 0, failures = 0;
    double time = 0;
    for (const BatchItemResult& r : suite.runs) {
      ++tests;
      time += r.wallSeconds;
      cases += "    <testcase classname=\"" + escape(suite.name) + ".runs\" name=\"" + escape(r.id) +
               "\" time=\"" + seconds(r.wallSeconds) + "\"";
      if (r.ok) {
        cases += "/>\n";
      } else {
        ++failures;
        cases += ">\n      <failure message=\"" + escape(r.error) + "\"/>\n    </testcase>\n";
      }
    }
    if (suite.outcome != nullptr) {
      for (const ExpectationResult& e : suite.outcome->expectations) {
        ++tests;
        const std::string name = (e.scope.empty() ? "" : e.scope + ": ") + e.text;
        cases += "    <testcase classname=\"" + escape(suite.name) + ".expectations\" name=\"" +
                 escape(name) + "\" time=\"0\"";
        if (e.passed) {
          cases += "/>\n";
        } else {
          ++failures;
          cases += ">\n      <failure message=\"" + escape(e.message) + "\"/>\n    </testcase>\n";
        }
      }
    }
    body += "  <testsuite name=\"" + escape(suite.name) + "\" tests=\"" + std::to_string(tests) +
            "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" time=\"" + seconds(time) +
            "\">\n" + cases + "  </testsuite>\n";
    allTests += tests;
    allFailures += failures;
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wirelab\" tests=\"" +
         std::to_string(allTests) + "\" failures=\"" + std::to_string(allFailures) + "\">\n" + body +
         "</testsuites>\n";
}

}  // namespace wirelab::models::scenario
