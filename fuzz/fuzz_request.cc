// Fuzz target: a simulation request file (contracts.md §4), parsed, compiled and evaluated.
// Bad input must produce an error value, never a crash; evaluation must be deterministic.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "eval/engine.h"
#include "eval/request_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = iw::eval::parse_request_file(text, "fuzz.json");
  if (!file) return 0;
  iw::eval::CompileError error;
  auto engine = iw::eval::Engine::compile(file.value->policies, error);
  if (!engine) return 0;
  iw::eval::Decision first, second;
  for (const iw::eval::RequestSpec& spec : file.value->requests) {
    auto request = iw::eval::make_request(spec);
    if (!request) continue;
    engine->evaluate(*request.value, first, true);
    engine->evaluate(*request.value, second, false);
    if (first.outcome != second.outcome || !(first.denied_by == second.denied_by) ||
        first.denied_by.empty() != (first.outcome == iw::eval::Outcome::allow)) {
      std::abort();
    }
  }
  return 0;
}
