// Internal to src/eval: policies compiled for evaluation (aws-evaluation-semantics.md §4–§6).
//
// compile_policy() turns one policy::Document into a CompiledPolicy: actions lower-cased and
// indexed by service prefix, Resource globs precompiled, policy variables pre-split (only under
// Version 2012-10-17), condition values pre-parsed by operator family. Matching functions never
// allocate for policies without variables. Everything here is immutable after compilation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/values.h"
#include "eval/request.h"
#include "policy/condition_op.h"
#include "policy/glob.h"
#include "policy/policy.h"
#include "policy/utf8.h"

namespace iw::eval::detail {

// Text with policy variables: literal runs, variables (key lower-cased) and escapes.
struct VarPart {
  enum class Type : std::uint8_t { text, variable, escape } type = Type::text;
  std::string text;  // text run; escape: "*", "?" or "$"; variable: default value
  std::string key;   // variable: lower-cased key
  bool has_default = false;
};
struct VarText {
  std::vector<VarPart> parts;
};

// Substitutes `vt` into `pieces` (views into `vt` and `ctx`, valid while both live). A variable
// value, default or escape becomes a literal piece. False when some variable has no value (§6).
bool substitute(const VarText& vt, const Context& ctx, std::vector<GlobPiece>& pieces);

struct ResourcePattern {
  std::string text;
  Glob glob;                   // when !vars
  std::optional<VarText> vars; // variables active in the 6th component
  // vars: the pattern's first bytes that are ASCII text without wildcards (a prefix every
  // matching resource has), and whether they cover the first five components (up to and with
  // the fifth ':'), after which every wildcard matches anything: then the rest is matched
  // without compiling a Glob (resource_matches()).
  std::size_t literal_prefix = 0;
  std::size_t head = 0;        // offset just past the fifth ':' of the pattern
};

// Pre-parsed principal entry (§4.4).
struct PrincipalPattern {
  enum class Form : std::uint8_t {
    everyone,        // "*" or {"AWS": "*"}
    account,         // account ID or arn:P:iam::A:root
    user,            // user ARN (exact)
    role,            // role ARN: sessions of that role
    session,         // assumed-role session ARN (exact)
    federated_user,  // federated-user ARN (exact)
    service,         // {"Service": name}
    none,            // Federated, CanonicalUser, unique IDs, malformed: matches none of our callers
  } form = Form::none;
  std::string value;      // as written
  std::string partition;  // account/role forms ("" = any, for bare account IDs)
  std::string account;
  std::string name;       // role name
};

struct CompiledValue {
  std::string text;                 // as written (strings, numbers, booleans)
  bool valid = true;                // parsed for the family (false: matches nothing)
  std::optional<VarText> vars;      // variables to substitute (String, ARN, Bool families)
  Glob glob;                        // StringLike without variables
  std::array<Glob, 6> arn;          // ArnLike without variables
  std::string canon;                // Numeric: significant digits; Binary: decoded bytes
  Decimal number;                   // Numeric: sign and exponent (digits: use decimal())
  Instant instant;                  // Date
  Network network;                  // IP
  bool boolean = false;             // Bool, Null
};

// The Numeric value of `v`, its digits viewing v.canon.
inline Decimal decimal(const CompiledValue& v) {
  Decimal d = v.number;
  d.head = v.canon;
  d.tail = {};
  return d;
}

struct CompiledCondition {
  policy::Operator op;
  std::string key;  // lower-cased
  std::vector<CompiledValue> values;
};

struct CompiledStatement {
  std::uint32_t index = 0;
  std::uint32_t offset = 0;
  std::string sid;
  policy::Effect effect = policy::Effect::deny;
  bool not_action = false;
  // Lower-cased; patterns without ':' (other than "*") are dropped. The first
  // `literal_services` have no wildcard before their ':' and are sorted by that service prefix
  // (action_matches looks only at the action's service among them); the rest follow.
  std::vector<Glob> actions;
  std::uint32_t literal_services = 0;
  policy::Polarity resource = policy::Polarity::absent;
  std::vector<ResourcePattern> resources;
  policy::Polarity principal = policy::Polarity::absent;
  std::vector<PrincipalPattern> principals;
  std::vector<CompiledCondition> conditions;
};

struct CompiledPolicy {
  std::vector<CompiledStatement> statements;
  // Action index: statements by lower-cased service prefix (sorted by prefix; each list in
  // statement order), and the statements every action must consider (service wildcards,
  // NotAction), in statement order.
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> by_service;
  std::vector<std::uint32_t> always;
};

struct CompileIssue {
  std::uint32_t offset = 0;
  std::string message;
};

// Could statement `s` apply to requests for `action` (lower-cased), whatever its effect? Yes for
// NotAction, for a statement that does not compile (without a valid Effect, without Action, with
// an unknown condition operator: the caller must find out), and for any statement when the
// action is not ASCII.
bool statement_may_apply(const policy::Statement& s, std::string_view action);

// Compiles `doc`. Fails on what cannot be evaluated: an unknown condition operator, a statement
// without a valid Effect or without Action/NotAction. With `only_action` (lower-cased),
// the statements that cannot apply to it (statement_may_apply) are left out: the policy then
// decides requests for that action only.
std::optional<CompiledPolicy> compile_policy(const policy::Document& doc, CompileIssue& issue,
                                             std::string_view only_action = {});

// Calls fn(const CompiledStatement&) for each statement whose Action index bucket may match the
// request's action, in statement order. Never allocates.
template <class Fn>
void for_candidates(const CompiledPolicy& p, std::string_view service, Fn&& fn) {
  const std::vector<std::uint32_t>* bucket = nullptr;
  std::size_t lo = 0, hi = p.by_service.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const int c = p.by_service[mid].first.compare(service);
    if (c == 0) {
      bucket = &p.by_service[mid].second;
      break;
    }
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  std::size_t i = 0, j = 0;
  const std::size_t n = bucket ? bucket->size() : 0, m = p.always.size();
  while (i < n || j < m) {
    std::uint32_t next;
    if (j == m || (i < n && (*bucket)[i] < p.always[j])) next = (*bucket)[i++];
    else next = p.always[j++];
    fn(p.statements[next]);
  }
}

bool action_matches(const CompiledStatement& st, std::string_view action_lower);
bool resource_matches(const CompiledStatement& st, const Request& r);
// The grant class of the strongest Principal entry naming the caller (Principal statements),
// or whether the caller is exempt (NotPrincipal): see principals.cc.
enum class PrincipalMatch : std::uint8_t { none, account, role, direct };
PrincipalMatch principal_match(const CompiledStatement& st, const Request& r, bool has_boundary);
bool conditions_hold(const CompiledStatement& st, const Request& r);

}  // namespace iw::eval::detail
