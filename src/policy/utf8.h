// Decoding one UTF-8 code point; an invalid byte decodes as U+DC00 + byte (a value no valid text has),
// so matching never fails or loops on malformed text.
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

}  // namespace iw
