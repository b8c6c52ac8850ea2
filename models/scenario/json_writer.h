// File: models/scenario/json_writer.h
// A small streaming JSON writer with deterministic output: keys in the order written, numbers in
// their shortest round-trip form (std::to_chars), two-space indentation. Same results, same bytes,
// which is what lets merged shards equal an unsharded run byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wirelab::models::scenario {

class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);  // NaN and infinities become null (JSON has neither)
  JsonWriter& value(std::int64_t i);
  JsonWriter& value(std::uint64_t u);
  JsonWriter& value(int i) { return value(static_cast<std::int64_t>(i)); }
  JsonWriter& value(bool b);
  JsonWriter& null();

  // The document so far, ending with a newline once the outermost value is closed.
  const std::string& str() const { return m_out; }

  static std::string quote(std::string_view s);
  static std::string number(double d);

 private:
  void beforeValue();
  void newline();

  std::string m_out;
  struct Level {
    bool array;
    bool empty = true;
  };
  std::vector<Level> m_stack;
  bool m_afterKey = false;
};

}  // namespace wirelab::models::scenario
