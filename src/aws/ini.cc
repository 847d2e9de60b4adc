#include "aws/ini.h"

#include <cstddef>

namespace iw::aws {

namespace {

std::string_view trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

[[noreturn]] void fail(std::string_view name, std::size_t line, std::string_view message) {
  throw IniError(std::string(name) + ":" + std::to_string(line) + ": " + std::string(message));
}

}  // namespace

IniFile parse_ini(std::string_view text, std::string_view name) {
  IniFile out;
  IniSection* section = nullptr;
  std::string nested;  // the key of an open nested block ("s3"), or ""
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    const std::string_view raw = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      if (eol == text.size()) break;
      continue;
    }
    const bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (line[0] == '[') {
      if (line.back() != ']') fail(name, line_no, "section header without a closing ']'");
      const std::string_view title = trim(line.substr(1, line.size() - 2));
      if (title.empty()) fail(name, line_no, "empty section name");
      section = &out[std::string(title)];
      nested.clear();
    } else {
      if (section == nullptr) fail(name, line_no, "a setting before the first [section]");
      const std::size_t eq = line.find('=');
      if (eq == std::string_view::npos) fail(name, line_no, "expected 'key = value'");
      const std::string key(trim(line.substr(0, eq)));
      if (key.empty()) fail(name, line_no, "empty key before '='");
      const std::string value(trim(line.substr(eq + 1)));
      if (indented && !nested.empty()) {
        (*section)[nested + "." + key] = value;
      } else {
        (*section)[key] = value;
        nested = value.empty() ? key : std::string();
      }
    }
    if (eol == text.size()) break;
  }
  return out;
}

}  // namespace iw::aws
