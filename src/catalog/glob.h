// Small matching helpers of the catalog (private to src/catalog).
#pragma once

#include <string_view>

namespace iw::catalog::detail {

// Compares ASCII case-insensitively, as the generator sorts: <0, 0 or >0.
int icompare(std::string_view a, std::string_view b);

// True when `text` matches the glob `pattern` ('*' any run, '?' one character), ASCII
// case-insensitively. Time O(|pattern| * |text|) at worst, no allocation.
bool glob_match(std::string_view pattern, std::string_view text);
// The same against the text head + ':' + tail, without building it.
bool glob_match(std::string_view pattern, std::string_view head, std::string_view tail);

// True when `text` holds '*' or '?'.
bool has_wildcard(std::string_view text);

}  // namespace iw::catalog::detail
