// Does a condition value parse for its operator (aws-evaluation-semantics.md §5.3)? Used by lint
// (condition-type-mismatch). "Fits" means exactly that the engine's parser of the family
// (core/values.h, core/time.h) accepts the value, so a value lint passes is one the engine
// compares, and a value it rejects is one the engine would never match.
#pragma once

#include <string_view>

#include "policy/condition_op.h"

namespace iw::policy {

// True when `value` parses for operators of `family`: parse_decimal (Numeric), parse_instant
// (Date), parse_network (IpAddress), parse_bool (Bool and Null), base64_decode (Binary); strings
// and ARNs always fit.
bool value_fits(OpFamily family, std::string_view value);

}  // namespace iw::policy
