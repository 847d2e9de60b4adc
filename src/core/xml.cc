#include "core/xml.h"

#include "core/json_writer.h"

namespace iw {

namespace {

// True for code points XML 1.0 allows in a document (§2.2 Char).
bool xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

void append_xml(std::string& out, std::string_view s, bool attribute) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t bad = 1;
    const std::size_t n = utf8_sequence_length(s, i, &bad);
    if (n == 0 || !xml_char(decode_utf8(s.substr(i, n)))) {
      out += "\xEF\xBF\xBD";
      i += n == 0 ? bad : n;
      continue;
    }
    switch (s[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\'': out += attribute ? "&apos;" : "'"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out.append(s.data() + i, n);
    }
    i += n;
  }
}

}  // namespace iw
