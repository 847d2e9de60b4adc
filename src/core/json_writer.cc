#include "core/json_writer.h"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace iw {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// True when no byte of `c` needs escaping or validation in a JSON string.
constexpr bool plain_byte(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c) t[c] = plain_byte(static_cast<unsigned char>(c));
  return t;
}();

bool is_plain(unsigned char c) { return kPlain[c]; }

// The length of the run of plain bytes at the start of `s`: eight bytes at a time while a word
// holds no byte below 0x20 or above 0x7F, no '"' and no '\\' (a word test may stop early, never
// late), then byte by byte.
std::size_t plain_run(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const auto has_zero_byte = [](std::uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & kHigh) != 0 || ((w - kOnes * 0x20) & kHigh) != 0 || has_zero_byte(w ^ (kOnes * '"')) ||
        has_zero_byte(w ^ (kOnes * '\\'))) {
      break;
    }
  }
  while (i < s.size() && is_plain(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// Appends the decimal digits of `n`.
template <typename Int>
void append_integer(std::string& out, Int n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

void append_escaped_control(std::string& out, unsigned char c) {
  switch (c) {
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i, std::size_t* bad) {
  assert(i < s.size());
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  // Lead byte: total length and the allowed range of the second byte (Unicode Table 3-7),
  // which excludes overlong forms, surrogates and code points above U+10FFFF.
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) { n = 3; lo = 0xA0; }
  else if (c == 0xED) { n = 3; hi = 0x9F; }
  else if (c >= 0xE1 && c <= 0xEF) n = 3;
  else if (c == 0xF0) { n = 4; lo = 0x90; }
  else if (c == 0xF4) { n = 4; hi = 0x8F; }
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  std::size_t k = 1;
  if (n != 0) {
    for (; k < n && i + k < s.size(); ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      const bool ok = (k == 1) ? (d >= lo && d <= hi) : is_continuation(d);
      if (!ok) break;
    }
    if (k == n) return n;
  }
  if (bad != nullptr) *bad = k;  // the lead byte plus the continuation bytes that fit it
  return 0;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t run = i + plain_run(s.substr(i));
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      append_escaped_control(out, c);
      ++i;
    } else {
      std::size_t bad = 1;
      const std::size_t n = utf8_sequence_length(s, i, &bad);
      if (n == 0) {
        out += kReplacement;
        i += bad;
      } else if (n == 3 && s.compare(i, 2, "\xE2\x80") == 0 &&
                 (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
        out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
        i += 3;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
    }
  }
  out += '"';
}

std::string to_valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t bad = 1;
    const std::size_t n = utf8_sequence_length(s, i, &bad);
    if (n == 0) {
      out += kReplacement;
      i += bad;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

JsonWriter::JsonWriter(Style style) : style_(style) {}

void JsonWriter::newline_indent(std::size_t depth) {
  out_ += '\n';
  out_.append(2 * depth, ' ');
}

void JsonWriter::before_value() {
  if (stack_.empty()) {
    assert(!wrote_root_ && "a JSON text holds exactly one top-level value");
    wrote_root_ = true;
    return;
  }
  Frame& top = stack_.back();
  if (top.object) {
    assert(top.have_key && "object member value without a key");
    top.have_key = false;
    return;
  }
  if (!top.empty) out_ += ',';
  top.empty = false;
  if (style_ == Style::pretty) newline_indent(stack_.size());
}

JsonWriter& JsonWriter::key(std::string_view k) {
  assert(!stack_.empty() && stack_.back().object && "key outside an object");
  Frame& top = stack_.back();
  assert(!top.have_key && "two keys in a row");
  if (!top.empty) out_ += ',';
  top.empty = false;
  top.have_key = true;
  if (style_ == Style::pretty) newline_indent(stack_.size());
  append_json_string(out_, k);
  out_ += style_ == Style::pretty ? ": " : ":";
  return *this;
}

void JsonWriter::open(bool object, char bracket) {
  before_value();
  out_ += bracket;
  stack_.push_back(Frame{object, true, false});
}

void JsonWriter::close([[maybe_unused]] bool object, char bracket) {
  assert(!stack_.empty() && stack_.back().object == object && "mismatched end_*");
  assert(!stack_.back().have_key && "object ends after a key without value");
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (style_ == Style::pretty && !empty) newline_indent(stack_.size());
  out_ += bracket;
}

JsonWriter& JsonWriter::begin_object() { open(true, '{'); return *this; }
JsonWriter& JsonWriter::end_object() { close(true, '}'); return *this; }
JsonWriter& JsonWriter::begin_array() { open(false, '['); return *this; }
JsonWriter& JsonWriter::end_array() { close(false, ']'); return *this; }

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(double d) {
  before_value();
  if (!std::isfinite(d)) {
    out_ += "null";
  } else {
    fmt::format_to(std::back_inserter(out_), "{}", d);
  }
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
  before_value();
  append_integer(out_, n);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t n) {
  before_value();
  append_integer(out_, n);
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::value(const std::vector<std::string>& strings) {
  begin_array();
  for (const std::string& s : strings) value(std::string_view(s));
  return end_array();
}

}  // namespace iw
