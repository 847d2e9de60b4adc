// unknown-condition-key, condition-type-mismatch, forallvalues-with-single-valued-key,
// mfa-condition-weak.
#include <fmt/format.h>

#include "catalog/catalog.h"
#include "core/strings.h"
#include "lint/rules.h"
#include "policy/condition_op.h"
#include "policy/value_syntax.h"
#include "policy/variables.h"

namespace iw::lint {

namespace {

using catalog::KeyType;
using policy::OpFamily;

// Does an operator of `family` fit a key of `type` (element type for ArrayOf... keys)?
bool fits(OpFamily family, KeyType type) {
  switch (family) {
    case OpFamily::null: return true;
    case OpFamily::string: return type == KeyType::string || type == KeyType::arn;
    case OpFamily::arn: return type == KeyType::arn || type == KeyType::string;
    case OpFamily::numeric: return type == KeyType::numeric;
    case OpFamily::date: return type == KeyType::date;
    case OpFamily::boolean: return type == KeyType::boolean;
    case OpFamily::binary: return type == KeyType::binary;
    case OpFamily::ip: return type == KeyType::ip_address;
  }
  return true;
}

std::string_view family_name(OpFamily f) {
  switch (f) {
    case OpFamily::string: return "String";
    case OpFamily::numeric: return "Numeric";
    case OpFamily::date: return "Date";
    case OpFamily::boolean: return "Bool";
    case OpFamily::binary: return "Binary";
    case OpFamily::ip: return "IpAddress";
    case OpFamily::arn: return "Arn";
    case OpFamily::null: return "Null";
  }
  return "";
}

std::string_view value_kind_name(OpFamily f) {
  switch (f) {
    case OpFamily::numeric: return "a number";
    case OpFamily::date: return "an ISO 8601 date or epoch seconds";
    case OpFamily::ip: return "an IP address or CIDR range";
    case OpFamily::boolean:
    case OpFamily::null: return "true or false";
    case OpFamily::binary: return "base64";
    default: return "a string";
  }
}

void check_values(Context& ctx, const policy::Statement& st, const policy::Condition& c,
                  OpFamily family) {
  for (const policy::ConditionValue& v : c.values) {
    if (ctx.doc().variables_enabled() && policy::has_variables(v.text)) continue;
    if (!policy::value_fits(family, v.text)) {
      ctx.emit("condition-type-mismatch",
               fmt::format("{} expects {}, but the value is \"{}\"", c.op, value_kind_name(family), v.text),
               v.offset, &st);
    }
  }
}

// Keys of identity federation: "<issuer>:<claim>" for web identity (the issuer is a host name,
// "token.actions.githubusercontent.com:sub", "oidc.eks.REGION.amazonaws.com/id/X:aud") and
// "saml:<attribute>" for SAML. They are not in the catalog, and are valid in trust policies.
bool is_federation_key(std::string_view key) {
  const std::size_t colon = key.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == key.size()) return false;
  const std::string_view prefix = key.substr(0, colon);
  return istarts_with(key, "saml:") || prefix.find('.') != std::string_view::npos;
}

void check_key(Context& ctx, const policy::Statement& st, const policy::Condition& c,
               const policy::Operator& op) {
  const catalog::ConditionKey* key = catalog::Catalog::get().condition_key(c.key);
  if (key == nullptr && is_federation_key(c.key)) return;
  if (key == nullptr) {
    const bool malformed = c.key.find(':') == std::string::npos;
    ctx.emit("unknown-condition-key",
             malformed ? fmt::format("\"{}\" is not a condition key (expected service:KeyName)", c.key)
                       : fmt::format("\"{}\" is neither a global condition key nor a key of its service; "
                                     "AWS never sets it, so it is always absent",
                                     c.key),
             c.key_offset, &st);
    return;
  }
  const OpFamily fam = policy::family(op.base);
  const KeyType element = catalog::base_type(key->type);
  if (!fits(fam, element)) {
    ctx.emit("condition-type-mismatch",
             fmt::format("{} compares {} values, but {} is of type {}", c.op, family_name(fam), key->name,
                         catalog::to_string(key->type)),
             c.op_offset, &st);
  }
  if (op.set == policy::SetQualifier::for_all_values && !catalog::is_multivalued(key->type)) {
    ctx.emit("forallvalues-with-single-valued-key",
             fmt::format("ForAllValues on the single-valued key {} is true when the key is absent{}",
                         key->name, is_allow(st) ? ": this Allow then applies unconditionally" : ""),
             c.op_offset, &st, is_allow(st) ? Severity::medium : Severity::low);
  }
}

void check_mfa(Context& ctx, const policy::Statement& st, const policy::Condition& c,
               const policy::Operator& op) {
  if (!iequals(c.key, "aws:MultiFactorAuthPresent") || op.base != policy::OpBase::boolean) return;
  const auto has_value = [&](std::string_view v) {
    for (const auto& cv : c.values) {
      if (iequals(cv.text, v)) return true;
    }
    return false;
  };
  if (is_deny(st) && !op.if_exists && has_value("false")) {
    ctx.emit("mfa-condition-weak",
             "this Deny tests Bool aws:MultiFactorAuthPresent false, but the key is absent for "
             "long-term access keys, so requests signed with them are never denied (use BoolIfExists)",
             c.op_offset, &st);
  } else if (is_allow(st) && op.if_exists && has_value("true")) {
    ctx.emit("mfa-condition-weak",
             "this Allow tests BoolIfExists aws:MultiFactorAuthPresent true, which also passes when "
             "the key is absent: long-term access keys without MFA are allowed (use Bool)",
             c.op_offset, &st);
  }
}

}  // namespace

void check_condition_rules(Context& ctx) {
  for (const policy::Statement& st : ctx.doc().statements) {
    for (const policy::Condition& c : st.conditions) {
      const auto op = policy::parse_operator(c.op);
      if (!op) continue;  // policy-grammar reported it
      check_values(ctx, st, c, policy::family(op->base));
      check_key(ctx, st, c, *op);
      check_mfa(ctx, st, c, *op);
    }
  }
}

}  // namespace iw::lint
