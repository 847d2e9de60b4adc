// Decoding one UTF-8 code point; an invalid byte decodes as U+DC00 + byte (a value no valid text has),
// so matching never fails or loops on malformed text. And the case folding of
// StringEqualsIgnoreCase (aws-evaluation-semantics.md §5.3, §9 Q8) on those code points.
#pragma once

#include <cstddef>
#include <string_view>

namespace iw {

// Decodes the code point at text[i] and advances i past it. Requires i < text.size().
inline char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) { ++i; return c; }
  std::size_t n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
  if (n == 0 || i + n >= text.size()) { ++i; return 0xDC00u + c; }
  char32_t cp = c & (0x3F >> n);
  for (std::size_t k = 1; k <= n; ++k) {
    const auto d = static_cast<unsigned char>(text[i + k]);
    if ((d & 0xC0) != 0x80) { ++i; return 0xDC00u + c; }
    cp = (cp << 6) | (d & 0x3F);
  }
  i += n + 1;
  return cp;
}

// The lower-case form of an ASCII or Latin-1 upper-case letter; every other code point as is.
inline char32_t fold_latin1(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}

// Case-insensitive equality folding ASCII and Latin-1 letters, code point by code point.
inline bool iequals_latin1(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (fold_latin1(next_code_point(a, i)) != fold_latin1(next_code_point(b, j))) return false;
  }
  return i == a.size() && j == b.size();
}

}  // namespace iw
