// admin-principal, passrole-unconstrained, delegated-admin-no-boundary, role-max-session-long:
// decided by the authorization engine (effective.h), not by matching policy text.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <set>

#include "audit/checks.h"
#include "audit/effective.h"
#include "policy/arn.h"

namespace iw::audit {

namespace {

// Creating or changing principals and their policies (delegated administration).
constexpr std::array<std::string_view, 10> kDelegation{
    "iam:CreateUser", "iam:CreateRole", "iam:AttachUserPolicy", "iam:AttachRolePolicy",
    "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:AttachGroupPolicy", "iam:PutGroupPolicy",
    "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"};

std::string gated(const EffectiveCheck& check) {
  if (check.gating_keys().empty()) return "";
  return fmt::format(" (when its conditions on {} hold)", fmt::join(check.gating_keys(), ", "));
}

std::string via(const EffectiveCheck& check) {
  if (check.granted_by().empty()) return "";
  return fmt::format(" through {}", fmt::join(check.granted_by(), ", "));
}

// Can a principal of another account (or anyone) assume the role?
bool assumable_from_outside(const account::Account& a, const account::Role& role) {
  for (const policy::Statement& st : role.trust.document.statements) {
    if (!st.effect_valid || st.effect != policy::Effect::allow) continue;
    for (const policy::PrincipalEntry& p : st.principals) {
      if (p.type == policy::PrincipalType::star || (p.type == policy::PrincipalType::aws && p.value == "*")) {
        return true;
      }
      if (p.type != policy::PrincipalType::aws) continue;
      std::string_view account = p.value;
      if (auto arn = policy::parse_arn(p.value)) account = arn->account;
      if (account.size() == 12 && account != a.id) return true;
    }
  }
  return false;
}

class EffectiveChecks {
 public:
  explicit EffectiveChecks(const AuditContext& ctx) : ctx_(ctx) {}

  std::size_t run() {
    for (const account::User& u : ctx_.account.users) check(policies_of(ctx_.account, u), nullptr);
    for (const account::Role& r : ctx_.account.roles) {
      if (!r.service_linked()) check(policies_of(ctx_.account, r), &r);
    }
    return decided_;
  }

 private:
  void check(const PrincipalPolicies& p, const account::Role* role) {
    PrincipalInfo& info = ctx_.principals.emplace_back();
    info.arn = p.arn;
    info.kind = p.is_user ? "user" : "role";
    info.policies = p.identity_names;
    info.boundary = p.boundary_arn;
    if (p.identity.empty()) {
      if (role != nullptr) check_session_length(*role, false);
      return;
    }
    auto check = EffectiveCheck::build(ctx_.account, p);
    if (!check) return;
    ++decided_;
    const bool admin = is_admin(*check);
    info.admin = admin;
    if (admin) {
      ctx_.add("admin-principal", p.arn,
               fmt::format("{} is effectively allowed every action on every resource{}{}", p.name, via(*check),
                           gated(*check)));
    } else {
      check_passrole(p);
      check_delegation(p);
    }
    if (role != nullptr) check_session_length(*role, admin);
  }

  void check_passrole(const PrincipalPolicies& p) {
    auto check = EffectiveCheck::build(ctx_.account, p, {"iam:PassedToService"});
    if (!check) return;
    const std::string any_role = "arn:aws:iam::" + ctx_.account.id + ":role/iamwarden-probe-any-role";
    if (check->allows("iam:PassRole", any_role)) {
      ctx_.add("passrole-unconstrained", p.arn,
               fmt::format("{} can pass every role of the account to any service{}", p.name, via(*check)));
    }
  }

  void check_delegation(const PrincipalPolicies& p) {
    auto check = EffectiveCheck::build(ctx_.account, p, {"iam:PermissionsBoundary"});
    if (!check) return;
    const std::string& id = ctx_.account.id;
    std::vector<std::string_view> allowed;
    std::set<std::string> sources;
    for (std::string_view action : kDelegation) {
      const bool policy_action = action == "iam:CreatePolicyVersion";
      const bool role_action = action.find("Role") != std::string_view::npos;
      const bool group_action = action.find("Group") != std::string_view::npos;
      const std::string resource =
          "arn:aws:iam::" + id +
          (policy_action ? ":policy/iamwarden-probe" : role_action ? ":role/iamwarden-probe"
                                                   : group_action ? ":group/iamwarden-probe"
                                                                  : ":user/iamwarden-probe");
      if (check->allows(std::string(action), resource)) {
        allowed.push_back(action);
        sources.insert(check->granted_by().begin(), check->granted_by().end());
      }
    }
    if (allowed.empty()) return;
    ctx_.add("delegated-admin-no-boundary", p.arn,
             fmt::format("{} can {} with no condition forcing iam:PermissionsBoundary (through {})", p.name,
                         fmt::join(allowed, ", "), fmt::join(sources, ", ")));
  }

  void check_session_length(const account::Role& role, bool admin) {
    const int limit = ctx_.options.thresholds.max_session_seconds;
    if (!role.max_session_duration || *role.max_session_duration <= limit) return;
    const bool outside = assumable_from_outside(ctx_.account, role);
    if (!admin && !outside) return;
    ctx_.add("role-max-session-long", role.arn,
             fmt::format("{} issues sessions of up to {} s (over {} s) and is {}", role.name,
                         *role.max_session_duration, limit,
                         admin ? "administrator-equivalent" : "assumable from another account"));
  }

  const AuditContext& ctx_;
  std::size_t decided_ = 0;
};

}  // namespace

std::size_t check_effective_permissions(const AuditContext& ctx) { return EffectiveChecks(ctx).run(); }

}  // namespace iw::audit
