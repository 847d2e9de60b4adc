// Principal / NotPrincipal matching and grant classes (aws-evaluation-semantics.md §3.2, §3.3
// NotPrincipal, §4.4).
#include "eval/compiled.h"

namespace iw::eval::detail {

namespace {

using Form = PrincipalPattern::Form;

bool names_account(const PrincipalPattern& p, const Principal& c) {
  return p.form == Form::account && c.is_iam() && p.account == c.account &&
         (p.partition.empty() || p.partition == c.partition);
}

bool names_role_of(const PrincipalPattern& p, const Principal& c) {
  return p.form == Form::role && c.is_session() && p.account == c.account && p.partition == c.partition &&
         p.name == c.name;
}

// The class with which entry `p` names the caller of `r`.
PrincipalMatch entry_class(const PrincipalPattern& p, const Request& r) {
  const Principal& c = r.principal;
  switch (p.form) {
    case Form::everyone: return PrincipalMatch::direct;
    case Form::account: return names_account(p, c) ? PrincipalMatch::account : PrincipalMatch::none;
    case Form::user:
      if (c.kind == PrincipalKind::user && c.arn == p.value) return PrincipalMatch::direct;
      if (c.kind == PrincipalKind::federated_user && !r.federated_by.empty() && r.federated_by == p.value) {
        return PrincipalMatch::role;
      }
      return PrincipalMatch::none;
    case Form::role: return names_role_of(p, c) ? PrincipalMatch::role : PrincipalMatch::none;
    case Form::session:
      return c.kind == PrincipalKind::assumed_role && c.arn == p.value ? PrincipalMatch::direct : PrincipalMatch::none;
    case Form::federated_user:
      return c.kind == PrincipalKind::federated_user && c.arn == p.value ? PrincipalMatch::direct
                                                                         : PrincipalMatch::none;
    case Form::service:
      return c.kind == PrincipalKind::service && c.name == p.value ? PrincipalMatch::direct : PrincipalMatch::none;
    case Form::none: return PrincipalMatch::none;
  }
  return PrincipalMatch::none;
}

// NotPrincipal: the caller is exempt only when every identity AWS checks for it is listed:
// its own identity (a role session: its session ARN and its role ARN) and its account (§3.3,
// §9 Q5).
bool exempt(const std::vector<PrincipalPattern>& listed, const Request& r) {
  const Principal& c = r.principal;
  bool account = false, own = false, role = false, session = false;
  for (const PrincipalPattern& p : listed) {
    if (p.form == Form::everyone) return true;
    if (names_account(p, c)) account = true;
    switch (c.kind) {
      case PrincipalKind::user: own |= p.form == Form::user && p.value == c.arn; break;
      case PrincipalKind::root: own = true; break;
      case PrincipalKind::role: break;  // its session ARN is unknown, so it cannot be listed
      case PrincipalKind::assumed_role:
        // A session needs both its role ARN and its session ARN listed: AWS may check either.
        role |= names_role_of(p, c);
        session |= p.form == Form::session && p.value == c.arn;
        own = role && session;
        break;
      case PrincipalKind::federated_user: own |= p.form == Form::federated_user && p.value == c.arn; break;
      case PrincipalKind::service:
        if (p.form == Form::service && p.value == c.name) return true;
        break;
      case PrincipalKind::anonymous: break;
    }
  }
  return c.is_iam() && own && account;
}

}  // namespace

PrincipalMatch principal_match(const CompiledStatement& st, const Request& r, bool has_boundary) {
  if (st.principal == policy::Polarity::absent) return PrincipalMatch::none;
  if (st.principal == policy::Polarity::negated) {
    if (st.effect == policy::Effect::deny && has_boundary) return PrincipalMatch::direct;
    return exempt(st.principals, r) ? PrincipalMatch::none : PrincipalMatch::direct;
  }
  PrincipalMatch best = PrincipalMatch::none;
  for (const PrincipalPattern& p : st.principals) {
    const PrincipalMatch m = entry_class(p, r);
    if (m > best) best = m;
    if (best == PrincipalMatch::direct) break;
  }
  return best;
}

}  // namespace iw::eval::detail
