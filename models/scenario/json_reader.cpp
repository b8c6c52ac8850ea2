#include "models/scenario/json_reader.h"

#include <charconv>
#include <cmath>

namespace wirelab::models::scenario {

const JsonValue* JsonValue::find(std::string_view key) const {
  if (type != Type::Object) return nullptr;
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  bool document(JsonValue& out) {
    if (!value(out, 0)) return false;
    skipSpace();
    if (m_pos != m_text.size()) return fail("unexpected text after the document");
    return true;
  }
  const std::string& error() const { return m_error; }

 private:
  static constexpr int kMaxDepth = 64;

  bool fail(const std::string& what) {
    if (m_error.empty()) m_error = "byte " + std::to_string(m_pos) + ": " + what;
    return false;
  }
  void skipSpace() {
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r' ||
                                     m_text[m_pos] == '\t')) {
      ++m_pos;
    }
  }
  bool literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) return fail("expected " + std::string(word));
    m_pos += word.size();
    return true;
  }

  bool value(JsonValue& out, int depth) {
    if (depth > kMaxDepth) return fail("nested too deep");
    skipSpace();
    if (m_pos >= m_text.size()) return fail("unexpected end");
    const char c = m_text[m_pos];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.type = JsonValue::Type::String;
      return string(out.string);
    }
    if (c == 't' || c == 'f') {
      out.type = JsonValue::Type::Bool;
      out.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      out.type = JsonValue::Type::Null;
      out.number = std::nan("");
      return literal("null");
    }
    out.type = JsonValue::Type::Number;
    const char* begin = m_text.data() + m_pos;
    const char* end = m_text.data() + m_text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, out.number);
    if (ec != std::errc() || ptr == begin) return fail("expected a value");
    m_pos += static_cast<std::size_t>(ptr - begin);
    return true;
  }

  bool string(std::string& out) {
    ++m_pos;  // the opening quote
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_pos >= m_text.size()) break;
      const char e = m_text[m_pos++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          if (m_pos + 4 > m_text.size()) return fail("short \\u escape");
          unsigned code = 0;
          const auto [ptr, ec] = std::from_chars(m_text.data() + m_pos, m_text.data() + m_pos + 4, code, 16);
          if (ec != std::errc() || ptr != m_text.data() + m_pos + 4) return fail("bad \\u escape");
          m_pos += 4;
          // The writer escapes only control characters; other code points are kept as UTF-8.
          if (code < 0x80) {
            out += static_cast<char>(code);
          } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
          } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
          }
          break;
        }
        default:
          return fail("bad escape");
      }
    }
    return fail("unterminated string");
  }

  bool array(JsonValue& out, int depth) {
    out.type = JsonValue::Type::Array;
    ++m_pos;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == ']') {
      ++m_pos;
      return true;
    }
    for (;;) {
      out.items.emplace_back();
      if (!value(out.items.back(), depth + 1)) return false;
      skipSpace();
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == ']') {
        ++m_pos;
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  bool object(JsonValue& out, int depth) {
    out.type = JsonValue::Type::Object;
    ++m_pos;
    skipSpace();
    if (m_pos < m_text.size() && m_text[m_pos] == '}') {
      ++m_pos;
      return true;
    }
    for (;;) {
      skipSpace();
      if (m_pos >= m_text.size() || m_text[m_pos] != '"') return fail("expected a key");
      out.members.emplace_back();
      if (!string(out.members.back().key)) return false;
      skipSpace();
      if (m_pos >= m_text.size() || m_text[m_pos] != ':') return fail("expected ':'");
      ++m_pos;
      if (!value(out.members.back().value, depth + 1)) return false;
      skipSpace();
      if (m_pos < m_text.size() && m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size() && m_text[m_pos] == '}') {
        ++m_pos;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::string m_error;
};

}  // namespace

std::optional<JsonValue> parseJson(std::string_view text, std::string& error) {
  Parser p(text);
  JsonValue v;
  if (!p.document(v)) {
    error = p.error();
    return std::nullopt;
  }
  return v;
}

}  // namespace wirelab::models::scenario
