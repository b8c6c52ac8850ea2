// File: sim/core/parse_result.h
// The result of parsing user text (unit strings now, scenario files later): either a value or a
// ParseError that says where in the input the problem is and what was expected. Parsers return it
// instead of throwing, so a loader can collect every error of a file and report them together.
// (C++20 has no std::expected; this is the small subset we need.)
//
//   ParseResult<Duration> r = parseDuration("20mss");
//   if (!r) std::cerr << formatParseError("20mss", r.error());
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace wirelab::sim {

struct ParseError {
  // Character offset into the parsed text where the problem starts (text.size() for "ended too early").
  std::size_t offset = 0;
  std::string message;

  bool operator==(const ParseError&) const = default;
};

template <class T>
class ParseResult {
  static_assert(!std::is_same_v<T, ParseError>, "a ParseResult cannot hold a ParseError as its value");

 public:
  // Implicit on purpose: a parser simply returns either a T or a ParseError.
  ParseResult(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
  ParseResult(ParseError error) : m_state(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return m_state.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Reading the value of a failed result is a programming error, not a parse error: it throws
  // std::logic_error carrying the parse message, so the mistake is loud and explains itself.
  const T& value() const& {
    requireValue();
    return *std::get_if<0>(&m_state);
  }
  T&& value() && {
    requireValue();
    return std::move(*std::get_if<0>(&m_state));
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  T valueOr(T fallback) const { return ok() ? *std::get_if<0>(&m_state) : std::move(fallback); }

  // Throws std::logic_error on a successful result.
  const ParseError& error() const {
    if (ok()) throw std::logic_error("ParseResult::error() called on a successful result");
    return *std::get_if<1>(&m_state);
  }

 private:
  void requireValue() const {
    if (!ok()) throw std::logic_error("ParseResult::value() called on a failed parse: " + error().message);
  }

  std::variant<T, ParseError> m_state;
};

// Two-line rendering for terminals and logs: the input, then a caret under the offending character.
//   20mbs
//     ^ unknown unit "mbs" in "20mbs"; did you mean "Mbps"?
inline std::string formatParseError(std::string_view input, const ParseError& error) {
  const std::size_t caret = error.offset < input.size() ? error.offset : input.size();
  std::string out(input);
  out += '\n';
  out.append(caret, ' ');
  out += "^ ";
  out += error.message;
  return out;
}

}  // namespace wirelab::sim
