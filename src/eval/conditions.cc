// Condition evaluation (aws-evaluation-semantics.md §5, §6).
#include <span>

#include "eval/compiled.h"

namespace iw::eval::detail {

namespace {

using policy::OpBase;
using policy::OpFamily;
using policy::SetQualifier;

// Concatenates substituted pieces (variable policies only).
std::string join(const std::vector<GlobPiece>& pieces) {
  std::string s;
  for (const GlobPiece& p : pieces) s += p.text;
  return s;
}

// Splits substituted pieces at the first five colons into six component piece lists.
bool split_pieces(const std::vector<GlobPiece>& pieces, std::array<std::vector<GlobPiece>, 6>& out) {
  std::size_t comp = 0;
  for (const GlobPiece& p : pieces) {
    std::string_view t = p.text;
    while (true) {
      const std::size_t colon = comp < 5 ? t.find(':') : std::string_view::npos;
      if (colon == std::string_view::npos) {
        out[comp].push_back({t, p.literal});
        break;
      }
      out[comp].push_back({t.substr(0, colon), p.literal});
      ++comp;
      t.remove_prefix(colon + 1);
    }
  }
  return comp == 5;
}

// A context value parsed once for the operator's family.
struct Parsed {
  std::string_view text;
  std::optional<Decimal> number;
  std::optional<Instant> instant;
  std::optional<Network> address;
  std::optional<bool> boolean;
  std::array<std::string_view, 6> arn{};
  bool ok = true;
};

Parsed parse_context_value(OpFamily fam, std::string_view x) {
  Parsed p;
  p.text = x;
  switch (fam) {
    case OpFamily::numeric: p.number = parse_decimal(x); p.ok = p.number.has_value(); break;
    case OpFamily::date: p.instant = parse_instant(x); p.ok = p.instant.has_value(); break;
    case OpFamily::ip: p.address = parse_address(x); p.ok = p.address.has_value(); break;
    case OpFamily::boolean: p.boolean = parse_bool(x); p.ok = p.boolean.has_value(); break;
    case OpFamily::arn: p.ok = split_arn6(x, p.arn); break;
    default: break;
  }
  return p;
}

bool ordered(OpBase op, int c) {
  switch (op) {
    case OpBase::numeric_equals:
    case OpBase::numeric_not_equals:
    case OpBase::date_equals:
    case OpBase::date_not_equals: return c == 0;
    case OpBase::numeric_less_than:
    case OpBase::date_less_than: return c < 0;
    case OpBase::numeric_less_than_equals:
    case OpBase::date_less_than_equals: return c <= 0;
    case OpBase::numeric_greater_than:
    case OpBase::date_greater_than: return c > 0;
    case OpBase::numeric_greater_than_equals:
    case OpBase::date_greater_than_equals: return c >= 0;
    default: return false;
  }
}

bool string_match(OpBase op, std::string_view policy_text, const Glob* glob, std::string_view x) {
  switch (op) {
    case OpBase::string_equals:
    case OpBase::string_not_equals: return policy_text == x;
    case OpBase::string_equals_ignore_case:
    case OpBase::string_not_equals_ignore_case: return iequals_latin1(policy_text, x);
    default: return glob->matches(x);  // StringLike / StringNotLike
  }
}

// A value with variables: substitute, then compare (allocates; variable policies only).
bool var_value_matches(OpBase op, const CompiledValue& v, const Parsed& x, const Context& ctx) {
  std::vector<GlobPiece> pieces;
  if (!substitute(*v.vars, ctx, pieces)) return false;
  switch (policy::family(op)) {
    case OpFamily::string: {
      if (op == OpBase::string_like || op == OpBase::string_not_like) {
        const Glob g(pieces, GlobDialect::plain);
        return string_match(op, {}, &g, x.text);
      }
      return string_match(op, join(pieces), nullptr, x.text);
    }
    case OpFamily::arn: {
      std::array<std::vector<GlobPiece>, 6> comps;
      if (!split_pieces(pieces, comps)) return false;
      for (std::size_t k = 0; k < 6; ++k) {
        if (!Glob(comps[k], GlobDialect::plain).matches(x.arn[k])) return false;
      }
      return true;
    }
    case OpFamily::boolean: {
      auto b = parse_bool(join(pieces));
      return b && *b == *x.boolean;
    }
    default: return false;
  }
}

// True when the context value `x` matches the policy value `v` (positive sense of the base).
bool value_matches(OpBase op, const CompiledValue& v, const Parsed& x, const Context& ctx) {
  if (!v.valid) return false;
  if (v.vars) return var_value_matches(op, v, x, ctx);
  switch (policy::family(op)) {
    case OpFamily::string: return string_match(op, v.text, &v.glob, x.text);
    case OpFamily::numeric: return ordered(op, compare(*x.number, decimal(v)));
    case OpFamily::date: return ordered(op, *x.instant < v.instant ? -1 : (*x.instant == v.instant ? 0 : 1));
    case OpFamily::boolean: return *x.boolean == v.boolean;
    case OpFamily::binary: return base64_equals(x.text, v.canon);
    case OpFamily::ip: return contains(v.network, *x.address);
    case OpFamily::arn:
      for (std::size_t k = 0; k < 6; ++k) {
        if (!v.arn[k].matches(x.arn[k])) return false;
      }
      return true;
    case OpFamily::null: return false;
  }
  return false;
}

// Some policy value matches the context member `x` (false when `x` does not parse).
std::optional<bool> any_value_matches(const CompiledCondition& c, std::string_view member, const Context& ctx) {
  const Parsed x = parse_context_value(policy::family(c.op.base), member);
  if (!x.ok) return std::nullopt;
  for (const CompiledValue& v : c.values) {
    if (value_matches(c.op.base, v, x, ctx)) return true;
  }
  return false;
}

// A member passes: it parses and matches some value (negated base: matches none).
bool member_passes(const CompiledCondition& c, std::string_view member, bool negated, const Context& ctx) {
  auto m = any_value_matches(c, member, ctx);
  return m && (negated ? !*m : *m);
}

bool condition_holds(const CompiledCondition& c, const Context& ctx) {
  const ContextEntry* e = ctx.find(c.key);
  if (c.op.base == OpBase::null) {
    for (const CompiledValue& v : c.values) {
      if (v.valid && v.boolean == (e == nullptr)) return true;
    }
    return false;
  }
  const bool negated = policy::is_negated(c.op.base);
  if (e == nullptr) {
    if (c.op.if_exists) return true;
    if (c.op.set == SetQualifier::for_all_values) return true;
    if (c.op.set == SetQualifier::for_any_value) return false;
    return negated;
  }
  if (c.op.set == SetQualifier::none) {
    if (e->multi) return false;  // §5.2 rule 3
    return member_passes(c, e->values[0], negated, ctx);
  }
  std::span<const std::string> members(e->values);
  if (!e->multi && e->values[0].empty()) members = {};  // "" is an empty set (§9 Q9)
  if (c.op.set == SetQualifier::for_all_values) {
    for (const std::string& x : members) {
      if (!member_passes(c, x, negated, ctx)) return false;
    }
    return true;
  }
  for (const std::string& x : members) {
    if (member_passes(c, x, negated, ctx)) return true;
  }
  return false;
}

}  // namespace

bool conditions_hold(const CompiledStatement& st, const Request& r) {
  for (const CompiledCondition& c : st.conditions) {
    if (!condition_holds(c, r.context)) return false;
  }
  return true;
}

}  // namespace iw::eval::detail
