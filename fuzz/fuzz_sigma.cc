// Fuzz target: a Sigma rule file. Anything that is not a loadable rule must be a LoadError
// naming the file, never a crash, a hang or another exception.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "trail/sigma.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  iw::trail::sigma::RuleSet rules;
  try {
    rules.add("fuzz.yml", text);
  } catch (const iw::trail::sigma::LoadError& e) {
    if (std::string(e.what()).rfind("fuzz.yml", 0) != 0) std::abort();
  }
  return 0;
}
