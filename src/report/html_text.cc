#include "report/html_text.h"

#include <fmt/format.h>

#include <cstdint>

#include "core/json_writer.h"
#include "report/report_util.h"
#include "core/sha256.h"

namespace iw::report::detail {

namespace {

bool invisible_bidi(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

}  // namespace

std::string display_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t bad = 1;
    const std::size_t n = utf8_sequence_length(s, i, &bad);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += bad;
      continue;
    }
    const char32_t cp = decode_utf8(s.substr(i, n));
    if (cp == '\n' || cp == '\t') {
      out += static_cast<char>(cp);
    } else if (cp < 0x20) {
      out += "\xE2\x90";  // U+2400 + cp (U+2400..U+241F)
      out += static_cast<char>(0x80 + cp);
    } else if (cp == 0x7F) {
      out += "\xE2\x90\xA1";  // U+2421
    } else if (invisible_bidi(cp)) {
      out += fmt::format("[U+{:04X}]", static_cast<std::uint32_t>(cp));
    } else {
      out.append(s.data() + i, n);
    }
    i += n;
  }
  return out;
}

std::string html(std::string_view s) {
  const std::string text = display_text(s);
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_safe_json(std::string_view json) {
  std::string out;
  out.reserve(json.size() + json.size() / 32);
  for (char c : json) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::string csp_hash(std::string_view content) {
  const auto digest = sha256(content);
  return "'sha256-" +
         base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) + "'";
}

}  // namespace iw::report::detail
