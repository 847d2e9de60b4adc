// The simdjson On-Demand parser behind json::parse(), for the library's own fast JSON readers
// (eval/request_stream.cc, trail/tree.cc) to share its buffers and string handling: the
// structural index of a large document is then allocated and touched once per thread, not once
// per reader.
//
// Using it ends the simdjson document of the previous use on this thread (json::Document trees
// are unaffected: they own their data), so a caller must be done with its document before it
// calls json::parse() or another user of this parser again. simdjson's On-Demand types depend on
// the compiler's target flags: include this only from sources built with the JSON reader's
// flags (CMakeLists.txt lists them).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace iw::json {

simdjson::ondemand::parser& thread_parser();

// JSON's whitespace (RFC 8259): space, line feed, carriage return, tab.
inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// `raw` without the whitespace at its end.
inline std::string_view trim_end(std::string_view raw) {
  while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
  return raw;
}

// The content of the string whose opening quote is at `quote` when it holds no escape, else a
// null view: most strings are then viewed where they are written instead of being copied into
// simdjson's buffer. The text must have passed stage 1 (the string is closed, its UTF-8 and
// control characters are valid) and be padded: up to 7 bytes past the closing quote are read.
inline std::string_view string_in_place(const char* quote) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const auto has_byte = [](std::uint64_t w, std::uint64_t pattern) {
    const std::uint64_t x = w ^ pattern;
    return (x - kOnes) & ~x & kHigh;
  };
  const char* begin = quote + 1;
  for (const char* p = begin;; p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (has_byte(w, kOnes * '"') == 0 && has_byte(w, kOnes * '\\') == 0) continue;
    for (const char* q = p;; ++q) {
      if (*q == '"') return {begin, static_cast<std::size_t>(q - begin)};
      if (*q == '\\') return {};
    }
  }
}

// A string value: in place when it holds no escape, else unescaped by simdjson (which also
// refuses a value that is no string). Either way the value is consumed: On-Demand skipping a
// value that was only looked at misses a missing comma after it (`"a":"x": "b"` ended the
// object silently; fuzz/corpus/ndjson/viewed-string-colon).
inline simdjson::error_code get_string(simdjson::ondemand::value& v, std::string_view& out) {
  const char* token = v.raw_json_token().data();
  out = *token == '"' ? string_in_place(token) : std::string_view();
  if (out.data() == nullptr) return v.get_string().get(out);
  simdjson::ondemand::raw_json_string consumed;
  return v.get_raw_json_string().get(consumed);
}

// An object member's key, likewise.
inline simdjson::error_code get_key(simdjson::ondemand::field& f, std::string_view& out) {
  out = string_in_place(f.key().raw() - 1);
  if (out.data() == nullptr) return f.unescaped_key().get(out);
  return simdjson::SUCCESS;
}

}  // namespace iw::json
