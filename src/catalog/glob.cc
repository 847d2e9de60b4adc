#include "catalog/glob.h"

#include "core/strings.h"
#include "policy/glob.h"

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

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  return iw::glob_match(pattern, text, true);
}

bool glob_match(std::string_view pattern, std::string_view head, std::string_view tail) {
  return iw::glob_match(pattern, Joined{head, tail}, true);
}

bool has_wildcard(std::string_view text) {
  return text.find_first_of("*?") != std::string_view::npos;
}

}  // namespace iw::catalog::detail
