#include "policy/condition_op.h"

#include <array>

#include "core/strings.h"

namespace iw::policy {

namespace {

struct OpInfo {
  OpBase base;
  std::string_view name;
  OpFamily family;
  bool negated;
};

constexpr std::array<OpInfo, 27> kOps{{
    {OpBase::string_equals, "StringEquals", OpFamily::string, false},
    {OpBase::string_not_equals, "StringNotEquals", OpFamily::string, true},
    {OpBase::string_equals_ignore_case, "StringEqualsIgnoreCase", OpFamily::string, false},
    {OpBase::string_not_equals_ignore_case, "StringNotEqualsIgnoreCase", OpFamily::string, true},
    {OpBase::string_like, "StringLike", OpFamily::string, false},
    {OpBase::string_not_like, "StringNotLike", OpFamily::string, true},
    {OpBase::numeric_equals, "NumericEquals", OpFamily::numeric, false},
    {OpBase::numeric_not_equals, "NumericNotEquals", OpFamily::numeric, true},
    {OpBase::numeric_less_than, "NumericLessThan", OpFamily::numeric, false},
    {OpBase::numeric_less_than_equals, "NumericLessThanEquals", OpFamily::numeric, false},
    {OpBase::numeric_greater_than, "NumericGreaterThan", OpFamily::numeric, false},
    {OpBase::numeric_greater_than_equals, "NumericGreaterThanEquals", OpFamily::numeric, false},
    {OpBase::date_equals, "DateEquals", OpFamily::date, false},
    {OpBase::date_not_equals, "DateNotEquals", OpFamily::date, true},
    {OpBase::date_less_than, "DateLessThan", OpFamily::date, false},
    {OpBase::date_less_than_equals, "DateLessThanEquals", OpFamily::date, false},
    {OpBase::date_greater_than, "DateGreaterThan", OpFamily::date, false},
    {OpBase::date_greater_than_equals, "DateGreaterThanEquals", OpFamily::date, false},
    {OpBase::boolean, "Bool", OpFamily::boolean, false},
    {OpBase::binary_equals, "BinaryEquals", OpFamily::binary, false},
    {OpBase::ip_address, "IpAddress", OpFamily::ip, false},
    {OpBase::not_ip_address, "NotIpAddress", OpFamily::ip, true},
    {OpBase::arn_equals, "ArnEquals", OpFamily::arn, false},
    {OpBase::arn_like, "ArnLike", OpFamily::arn, false},
    {OpBase::arn_not_equals, "ArnNotEquals", OpFamily::arn, true},
    {OpBase::arn_not_like, "ArnNotLike", OpFamily::arn, true},
    {OpBase::null, "Null", OpFamily::null, false},
}};

const OpInfo& info(OpBase op) { return kOps[static_cast<std::size_t>(op)]; }

}  // namespace

std::optional<Operator> parse_operator_lenient(std::string_view name_text) {
  Operator op;
  if (istarts_with(name_text, "ForAllValues:")) {
    op.set = SetQualifier::for_all_values;
    name_text.remove_prefix(13);
  } else if (istarts_with(name_text, "ForAnyValue:")) {
    op.set = SetQualifier::for_any_value;
    name_text.remove_prefix(12);
  }
  if (iends_with(name_text, "IfExists")) {
    op.if_exists = true;
    name_text.remove_suffix(8);
  }
  for (const OpInfo& o : kOps) {
    if (iequals(o.name, name_text)) {
      op.base = o.base;
      return op;
    }
  }
  return std::nullopt;
}

std::optional<Operator> parse_operator(std::string_view name_text) {
  auto op = parse_operator_lenient(name_text);
  if (op && op->base == OpBase::null && (op->if_exists || op->set != SetQualifier::none)) {
    return std::nullopt;
  }
  return op;
}

OpFamily family(OpBase op) { return info(op).family; }
bool is_negated(OpBase op) { return info(op).negated; }
std::string_view name(OpBase op) { return info(op).name; }

}  // namespace iw::policy
