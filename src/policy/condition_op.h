// Condition operators (aws-evaluation-semantics.md §5): parsing "[Set:]Base[IfExists]" names
// case-insensitively, and the facts about each base operator.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace iw::policy {

enum class OpBase : std::uint8_t {
  string_equals, string_not_equals, string_equals_ignore_case, string_not_equals_ignore_case,
  string_like, string_not_like,
  numeric_equals, numeric_not_equals, numeric_less_than, numeric_less_than_equals,
  numeric_greater_than, numeric_greater_than_equals,
  date_equals, date_not_equals, date_less_than, date_less_than_equals, date_greater_than,
  date_greater_than_equals,
  boolean, binary_equals, ip_address, not_ip_address,
  arn_equals, arn_like, arn_not_equals, arn_not_like,
  null,
};

enum class OpFamily : std::uint8_t { string, numeric, date, boolean, binary, ip, arn, null };
enum class SetQualifier : std::uint8_t { none, for_all_values, for_any_value };

struct Operator {
  OpBase base = OpBase::string_equals;
  SetQualifier set = SetQualifier::none;
  bool if_exists = false;
};

// Parses an operator name; nullopt when unknown, or when Null carries IfExists or a qualifier
// (AWS rejects those). Names are matched case-insensitively (§9 Q8).
std::optional<Operator> parse_operator(std::string_view name);

// As parse_operator, but accepts Null with qualifiers (for lints that report the misuse).
std::optional<Operator> parse_operator_lenient(std::string_view name);

OpFamily family(OpBase op);
// True for the negated operators (…Not…, NotIpAddress): several values mean "none of them".
bool is_negated(OpBase op);
std::string_view name(OpBase op);  // AWS spelling, e.g. "StringNotEqualsIgnoreCase"

}  // namespace iw::policy
