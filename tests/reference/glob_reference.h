// The naive reference for policy/glob.h: an obviously-correct dynamic program over code
// points, written straight from aws-evaluation-semantics.md §4.1/§4.3. Slow (O(n*m) memory);
// used only to check the compiled matcher.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/utf8.h"

namespace iw::reference {

struct RefToken {
  char32_t cp;
  bool star;
  bool any;
  bool colon_ok;  // for '*' and '?': may match ':'
};

inline std::vector<char32_t> code_points(std::string_view s, bool ignore_case) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    if (ignore_case && c >= 'A' && c <= 'Z') c += 32;
    out.push_back(c);
  }
  return out;
}

// resource = the Resource-element dialect; otherwise plain.
inline bool glob_reference(std::string_view pattern, std::string_view text, bool resource,
                           bool ignore_case) {
  const std::vector<char32_t> p = code_points(pattern, ignore_case);
  std::vector<RefToken> toks;
  int colons = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const bool head = resource && colons < 5;
    if (p[i] == '*') {
      const bool ends = i + 1 == p.size() || p[i + 1] == ':';
      toks.push_back({0, true, false, !head || ends});
    } else if (p[i] == '?') {
      toks.push_back({0, false, true, !head});
    } else {
      if (p[i] == ':') ++colons;
      toks.push_back({p[i], false, false, false});
    }
  }
  const std::vector<char32_t> t = code_points(text, ignore_case);
  // ok[i][j]: toks[i..] matches t[j..]
  std::vector<std::vector<char>> ok(toks.size() + 1, std::vector<char>(t.size() + 1, 0));
  ok[toks.size()][t.size()] = 1;
  for (std::size_t i = toks.size(); i-- > 0;) {
    for (std::size_t j = t.size() + 1; j-- > 0;) {
      const RefToken& k = toks[i];
      bool r = false;
      if (k.star) {
        r = ok[i + 1][j] || (j < t.size() && (t[j] != ':' || k.colon_ok) && ok[i][j + 1]);
      } else if (j < t.size()) {
        const bool one = k.any ? (t[j] != ':' || k.colon_ok) : t[j] == k.cp;
        r = one && ok[i + 1][j + 1];
      }
      ok[i][j] = r;
    }
  }
  return ok[0][0];
}

}  // namespace iw::reference
