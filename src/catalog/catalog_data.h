// The catalog text generated at build time by tools/gen-catalog.mjs (format described there).
// Private to src/catalog: everything else uses catalog.h.
#pragma once

#include <cstddef>
#include <string_view>

namespace iw::catalog::data {

// The catalog text in order, cut at line boundaries; each chunk ends with '\n'. Static storage:
// views into it stay valid for the life of the program.
extern const std::string_view chunks[];
extern const std::size_t chunk_count;

}  // namespace iw::catalog::data
