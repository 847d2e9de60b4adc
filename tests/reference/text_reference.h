// Text helpers of the reference models, written naively on purpose: the reference evaluators
// must not share code with the product they check.
#pragma once

#include <string>
#include <vector>

namespace iw::reference {

// ASCII letters lower-cased; other bytes unchanged.
inline std::string lower_ascii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

// Every piece between separators, empty ones included ("a..b" -> "a", "", "b").
inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out{""};
  for (char c : s) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace iw::reference
