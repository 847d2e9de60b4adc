// Syntax of condition values per operator family (aws-evaluation-semantics.md §5.3):
// does this policy value parse for its operator? Used by lint (condition-type-mismatch).
#pragma once

#include <string_view>

#include "policy/condition_op.h"

namespace iw::policy {

// JSON number syntax: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_number_text(std::string_view s);
// W3C ISO 8601 profiles (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s+]](Z|±hh:mm)),
// or epoch seconds (digits).
bool is_date_text(std::string_view s);
// An IPv4 or IPv6 address with an optional /prefix.
bool is_cidr_text(std::string_view s);
// "true" or "false", case-insensitively.
bool is_bool_text(std::string_view s);
// Standard base64 with padding.
bool is_base64_text(std::string_view s);

// True when `value` is valid for operators of `family` (strings and ARNs always are; Null
// takes true/false).
bool value_fits(OpFamily family, std::string_view value);

}  // namespace iw::policy
