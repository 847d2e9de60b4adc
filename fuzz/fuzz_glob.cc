// Fuzz target: the compiled wildcard matcher against the naive reference, both dialects.
// Input: pattern, a 0xFF byte, text (a missing separator splits in the middle).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/glob.h"
#include "../tests/reference/glob_reference.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 512) return 0;  // the reference is quadratic
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  std::size_t cut = all.find('\xFF');
  const std::size_t skip = cut == std::string_view::npos ? 0 : 1;
  if (cut == std::string_view::npos) cut = size / 2;
  const std::string_view pattern = all.substr(0, cut);
  const std::string_view text = all.substr(cut + skip);
  for (bool resource : {false, true}) {
    const bool fast = iw::Glob(pattern, resource ? iw::GlobDialect::resource : iw::GlobDialect::plain).matches(text);
    if (fast != iw::reference::glob_reference(pattern, text, resource, false)) __builtin_trap();
  }
  if (iw::Glob(pattern, iw::GlobDialect::plain, true).matches(text) !=
      iw::reference::glob_reference(pattern, text, false, true)) {
    __builtin_trap();
  }
  return 0;
}
