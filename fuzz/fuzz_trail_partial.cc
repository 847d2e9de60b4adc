// Fuzz target: the partial results that workers send back (trail/scan.h Partial::from_json,
// trail/baseline.h Baseline::from_json), then merged. Bad input must be a std::runtime_error,
// never a crash or a hang; what is accepted round-trips.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "trail/baseline.h"
#include "trail/scan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    iw::trail::Partial p = iw::trail::Partial::from_json(text);
    const std::string again = p.to_json();
    if (iw::trail::Partial::from_json(again).to_json() != again) std::abort();
    iw::trail::Merger merger(iw::trail::DetectOptions{});
    merger.add(std::move(p));
    (void)merger.take();
  } catch (const std::runtime_error&) {
  }
  try {
    iw::trail::Baseline b;
    b.merge(iw::trail::Baseline::from_json(text));
    const std::string again = b.to_json();
    if (iw::trail::Baseline::from_json(again).to_json() != again) std::abort();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
