#include "policy/variables.h"

namespace iw::policy {

namespace {

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '/' || c == '-' || c == '_' || c == '.' || c == '@' || c == '+' || c == '=' ||
         c == ',';
}

// Parses the inside of `${...}` into `part`; false when malformed.
bool parse_inside(std::string_view inside, TextPart& part) {
  if (inside == "*" || inside == "?" || inside == "$") {
    part.type = TextPart::Type::escape;
    part.text = inside;
    return true;
  }
  part.type = TextPart::Type::variable;
  const std::size_t comma = inside.find(',');
  std::string_view key = inside.substr(0, comma);
  if (key.empty()) return false;
  for (char c : key) {
    if (!key_char(c) || c == ',') return false;
  }
  part.key = key;
  if (comma == std::string_view::npos) return true;
  std::string_view rest = inside.substr(comma + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.size() < 2 || rest.front() != '\'' || rest.back() != '\'') return false;
  part.default_value = rest.substr(1, rest.size() - 2);
  part.has_default = true;
  return true;
}

}  // namespace

std::vector<TextPart> split_variables(std::string_view s) {
  std::vector<TextPart> parts;
  std::size_t literal_start = 0;
  std::size_t i = 0;
  const auto flush = [&](std::size_t end) {
    if (end > literal_start) {
      TextPart t;
      t.text = s.substr(literal_start, end - literal_start);
      t.offset = literal_start;
      parts.push_back(t);
    }
  };
  while (i + 1 < s.size()) {
    if (s[i] == '$' && s[i + 1] == '{') {
      const std::size_t close = s.find('}', i + 2);
      TextPart part;
      if (close != std::string_view::npos && parse_inside(s.substr(i + 2, close - i - 2), part)) {
        flush(i);
        part.offset = i;
        parts.push_back(part);
        i = close + 1;
        literal_start = i;
        continue;
      }
    }
    ++i;
  }
  flush(s.size());
  return parts;
}

bool has_variables(std::string_view s) {
  for (const TextPart& p : split_variables(s)) {
    if (p.type != TextPart::Type::text) return true;
  }
  return false;
}

std::string_view malformed_variable(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '$' || s[i + 1] != '{') continue;
    const std::size_t close = s.find('}', i + 2);
    if (close == std::string_view::npos) return {};
    TextPart part;
    if (!parse_inside(s.substr(i + 2, close - i - 2), part)) return s.substr(i, close - i + 1);
    i = close;
  }
  return {};
}

}  // namespace iw::policy
