// Fuzz target: policy JSON -> parse, kind grammar and every lint rule. Must never crash, hang
// or read out of bounds, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/source.h"
#include "lint/lint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const iw::SourceText source("fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  std::vector<iw::Finding> findings;
  iw::lint::Options options;
  iw::lint::lint_text(source, options, findings);
  options.kind = iw::policy::Kind::trust;
  iw::lint::lint_text(source, options, findings);
  return 0;
}
