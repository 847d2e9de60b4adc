// A streaming JSON writer: every JSON text the project prints is made with it.
//
// Values are appended to an internal std::string in the order they are written; nothing is
// buffered per container, so writing is O(output size). The writer guarantees that its output
// is valid JSON (RFC 8259) whatever bytes the caller passes as strings:
//   - `"` and `\` are escaped; control characters U+0000..U+001F become \b \f \n \r \t or \u00XX;
//     U+2028 / U+2029 become \u2028 / \u2029 (so the text is also valid JavaScript);
//   - ill-formed UTF-8 is never copied: each maximal ill-formed subsequence (Unicode §3.9,
//     "substitution of maximal subparts") becomes one U+FFFD;
//   - non-finite doubles (NaN, ±inf) are written as null; other doubles in the shortest form
//     that reads back to the same value.
// The caller must follow the JSON grammar (a key before each object member, matching end_*
// calls); breaking it is a programming error and is asserted, not reported.
//
// Pretty mode puts each member and element on its own line, indented by 2 spaces per level;
// empty containers stay `{}` / `[]`. Compact mode writes no whitespace at all. Neither mode
// writes a trailing newline.
//
// Not thread-safe; one writer per output. Example:
//   JsonWriter w(JsonWriter::Style::pretty);
//   w.begin_object().member("decision", "allow").key("denied_by").begin_array().end_array();
//   w.end_object();
//   std::string text = std::move(w).take();
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace iw {

class JsonWriter {
 public:
  enum class Style { compact, pretty };

  explicit JsonWriter(Style style = Style::compact);

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();

  // The key of the next object member. Must be inside an object, before each member's value.
  JsonWriter& key(std::string_view k);

  // One value: in an array, the next element; in an object, the value of the preceding key;
  // at top level, the whole document (exactly one top-level value).
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }  // not bool
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(double d);
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(std::uint64_t n);
  // Any other integer type (int, long, size_t, ...), never bool or char.
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
  JsonWriter& value(T n) {
    if constexpr (std::is_signed_v<T>) return value(static_cast<std::int64_t>(n));
    else return value(static_cast<std::uint64_t>(n));
  }
  JsonWriter& null();
  // One value given as JSON text, copied as is: the caller guarantees it is one complete, valid
  // JSON value (written by another JsonWriter, or a document the JSON parser accepted).
  JsonWriter& raw(std::string_view json);

  // key(k) followed by value(v).
  template <typename T>
  JsonWriter& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  // A JSON array of strings.
  JsonWriter& value(const std::vector<std::string>& strings);

  // Forgets everything written, keeping the buffer's capacity: one writer then writes many JSON
  // texts in a row (NDJSON lines, elements of a streamed array).
  void reset() {
    out_.clear();
    stack_.clear();
    wrote_root_ = false;
  }

  // Hands the text written since the last drain to `sink` and forgets it, keeping the writer's
  // state (open containers, indentation): a long document goes out in pieces, never whole in
  // memory.
  template <typename Sink>
  void drain(Sink&& sink) {
    sink(std::string_view(out_));
    out_.clear();
  }

  // True when exactly one complete top-level value has been written.
  bool complete() const { return stack_.empty() && wrote_root_; }

  // The text written so far (a valid JSON text once complete()).
  const std::string& str() const { return out_; }
  std::string take() && { return std::move(out_); }

 private:
  struct Frame {
    bool object = false;
    bool empty = true;      // no member / element written yet
    bool have_key = false;  // objects: a key awaits its value
  };

  void before_value();
  void open(bool object, char bracket);
  void close(bool object, char bracket);
  void newline_indent(std::size_t depth);

  Style style_;
  std::string out_;
  std::vector<Frame> stack_;
  bool wrote_root_ = false;
};

// Appends `s` to `out` as a quoted JSON string, escaped as described above.
void append_json_string(std::string& out, std::string_view s);

// `s` with each maximal ill-formed UTF-8 subsequence replaced by U+FFFD (EF BF BD); valid
// input is returned unchanged. Writers of non-JSON formats (text, CSV, XML) use it too.
std::string to_valid_utf8(std::string_view s);

// Length in bytes of the well-formed UTF-8 sequence starting at s[i] (1..4), or 0 when the
// bytes at s[i] are ill-formed; then `bad` (if not null) receives the length of the maximal
// ill-formed subpart to replace with one U+FFFD (≥ 1). Requires i < s.size().
std::size_t utf8_sequence_length(std::string_view s, std::size_t i, std::size_t* bad = nullptr);

// The code point of one well-formed UTF-8 sequence (as measured by utf8_sequence_length).
inline char32_t decode_utf8(std::string_view seq) {
  const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(seq[k])); };
  switch (seq.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default: return 0xFFFD;
  }
}

}  // namespace iw
