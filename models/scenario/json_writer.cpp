#include "models/scenario/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace wirelab::models::scenario {

std::string JsonWriter::quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string JsonWriter::number(double d) {
  if (!std::isfinite(d)) return "null";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

void JsonWriter::newline() {
  m_out += '\n';
  m_out.append(2 * m_stack.size(), ' ');
}

void JsonWriter::beforeValue() {
  if (m_afterKey) {
    m_afterKey = false;
    return;
  }
  if (m_stack.empty()) return;
  Level& top = m_stack.back();
  if (!top.empty) m_out += ',';
  top.empty = false;
  newline();
}

JsonWriter& JsonWriter::beginObject() {
  beforeValue();
  m_out += '{';
  m_stack.push_back(Level{false});
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  const bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out += '}';
  if (m_stack.empty()) m_out += '\n';
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  beforeValue();
  m_out += '[';
  m_stack.push_back(Level{true});
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  const bool empty = m_stack.back().empty;
  m_stack.pop_back();
  if (!empty) newline();
  m_out += ']';
  if (m_stack.empty()) m_out += '\n';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  beforeValue();
  m_out += quote(k);
  m_out += ": ";
  m_afterKey = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  beforeValue();
  m_out += quote(s);
  return *this;
}

JsonWriter& JsonWriter::value(double d) {
  beforeValue();
  m_out += number(d);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t i) {
  beforeValue();
  m_out += std::to_string(i);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t u) {
  beforeValue();
  m_out += std::to_string(u);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  beforeValue();
  m_out += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  beforeValue();
  m_out += "null";
  return *this;
}

}  // namespace wirelab::models::scenario
