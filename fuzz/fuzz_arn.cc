// Fuzz target: ARN splitting and validation, and ArnLike matching of the input against itself
// and against fixed patterns.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/arn.h"
#include "policy/glob.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)iw::policy::parse_arn(text);
  (void)iw::policy::arn_problem(text);
  if (!iw::arn_like_match(text, text) && text.find_first_of("*?") == std::string_view::npos &&
      iw::policy::parse_arn(text)) {
    __builtin_trap();  // a wildcard-free ARN always ArnLike-matches itself
  }
  (void)iw::arn_like_match("arn:aws:iam::*:role/*", text);
  return 0;
}
