// Escaping text for XML 1.0 (JUnit reports of findings and of policy tests).
#pragma once

#include <string>
#include <string_view>

namespace iw {

// Appends `s` escaped for XML character data or (attribute = true) a double-quoted attribute
// value: & < > always, " ' and line breaks/tabs in attributes. What XML cannot hold at all
// (most C0 controls, ill-formed UTF-8) becomes U+FFFD.
void append_xml(std::string& out, std::string_view s, bool attribute);

inline std::string xml_escape(std::string_view s, bool attribute = false) {
  std::string out;
  append_xml(out, s, attribute);
  return out;
}

}  // namespace iw
