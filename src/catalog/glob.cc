#include "catalog/glob.h"

#include "core/strings.h"

namespace iw::catalog::detail {

int icompare(std::string_view a, std::string_view b) {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(ascii_lower(a[i]));
    const auto y = static_cast<unsigned char>(ascii_lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

namespace {

// head + ':' + tail, read in place.
struct Joined {
  std::string_view head, tail;
  std::size_t size() const { return head.size() + 1 + tail.size(); }
  char operator[](std::size_t i) const {
    return i < head.size() ? head[i] : i == head.size() ? ':' : tail[i - head.size() - 1];
  }
};

// The classic single-backtrack-point matcher: on a mismatch after a '*', let that '*' absorb
// one more character and retry. Only the last '*' needs revisiting, which keeps it quadratic.
template <typename Text>
bool match(std::string_view pattern, const Text& text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (p < pattern.size() &&
               (pattern[p] == '?' || ascii_lower(pattern[p]) == ascii_lower(text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) { return match(pattern, text); }

bool glob_match(std::string_view pattern, std::string_view head, std::string_view tail) {
  return match(pattern, Joined{head, tail});
}

bool has_wildcard(std::string_view text) {
  return text.find_first_of("*?") != std::string_view::npos;
}

}  // namespace iw::catalog::detail
