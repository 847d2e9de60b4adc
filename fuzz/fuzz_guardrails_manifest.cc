// Fuzz target: the manifest of a guardrail set (guardrails.json, `guardrails verify`), from
// memory. Parsing must return the guardrails or throw guardrails::Error with a located message,
// never crash; the parameters of every guardrail read are well formed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/source.h"
#include "guardrails/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const iw::SourceText source("fuzz/guardrails.json", std::string(reinterpret_cast<const char*>(data), size));
  try {
    iw::guardrails::Set set = iw::guardrails::parse_manifest(source, "fuzz");
    for (iw::guardrails::Guardrail& g : set.guardrails) {
      if (g.name.empty() || !g.path.starts_with("fuzz/")) std::abort();
      if (!iw::guardrails::check(g.parameters).empty()) std::abort();
    }
  } catch (const iw::guardrails::Error& e) {
    if (std::string_view(e.what()).empty()) std::abort();
  }
  return 0;
}
