// admin-principal, passrole-unconstrained, delegated-admin-no-boundary, role-max-session-long:
// decided by the access model (access/model.h), not by matching policy text.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <set>

#include "audit/checks.h"
#include "core/strings.h"
#include "policy/arn.h"

namespace iw::audit {

namespace {

// Creating or changing principals and their policies (delegated administration).
constexpr std::array<std::string_view, 10> kDelegation{
    "iam:CreateUser", "iam:CreateRole", "iam:AttachUserPolicy", "iam:AttachRolePolicy",
    "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:AttachGroupPolicy", "iam:PutGroupPolicy",
    "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"};

std::vector<std::string> policy_names(const access::Access& a) {
  std::vector<std::string> out;
  for (const access::Grant& g : a.granted_by) {
    if (std::find(out.begin(), out.end(), g.policy) == out.end()) out.push_back(g.policy);
  }
  return out;
}

std::string via(const access::Access& a) {
  const std::vector<std::string> names = policy_names(a);
  if (names.empty()) return "";
  return fmt::format(" through {}", fmt::join(names, ", "));
}

// Can a principal of another account (or anyone) assume the role?
bool assumable_from_outside(const account::Role& role) {
  for (const policy::Statement& st : role.trust.document.statements) {
    if (!st.effect_valid || st.effect != policy::Effect::allow) continue;
    for (const policy::PrincipalEntry& p : st.principals) {
      if (p.type == policy::PrincipalType::star || (p.type == policy::PrincipalType::aws && p.value == "*")) {
        return true;
      }
      if (p.type != policy::PrincipalType::aws) continue;
      std::string_view account = p.value;
      if (auto arn = policy::parse_arn(p.value)) account = arn->account;
      if (account.size() == 12 && account != access::account_of(role.arn)) return true;
    }
  }
  return false;
}

class EffectiveChecks {
 public:
  explicit EffectiveChecks(const AuditContext& ctx) : ctx_(ctx) {}

  std::size_t run() {
    for (const access::Model::Entry& e : ctx_.model.entries()) check(e);
    return decided_;
  }

 private:
  void check(const access::Model::Entry& e) {
    PrincipalInfo& info = ctx_.principals.emplace_back();
    info.arn = e.arn();
    info.kind = e.user ? "user" : "role";
    if (!e.checker) return;
    const access::PrincipalPolicies& p = e.checker->principal();
    info.policies = p.identity_names;
    info.boundary = p.boundary_arn;
    if (p.identity.empty()) {
      if (e.role != nullptr) check_session_length(*e.role, false);
      return;
    }
    ++decided_;
    info.admin = e.admin;
    if (e.admin) {
      ctx_.add("admin-principal", p.arn,
               fmt::format("{} is effectively allowed every action on every resource{}{}", p.name,
                           via(*e.admin_grant), gated(*e.admin_grant)));
    } else {
      check_passrole(*e.checker);
      check_delegation(*e.checker);
    }
    if (e.role != nullptr) check_session_length(*e.role, e.admin);
  }

  // iam:PassRole of any role to any service: a request without iam:PassedToService.
  void check_passrole(const access::Checker& c) {
    const access::PrincipalPolicies& p = c.principal();
    access::Fixed fixed;
    fixed.absent.push_back("iam:passedtoservice");
    if (!c.may_allow("iam:PassRole")) return;
    const std::string any_role = "arn:aws:iam::" + p.account + ":role/iamwarden-probe-any-role";
    const access::Access a = c.can("iam:PassRole", any_role, fixed);
    if (a.allowed()) {
      ctx_.add("passrole-unconstrained", p.arn,
               fmt::format("{} can pass every role of the account to any service{}{}", p.name, via(a), gated(a)));
    }
  }

  // Creating or changing principals without setting iam:PermissionsBoundary.
  void check_delegation(const access::Checker& c) {
    const access::PrincipalPolicies& p = c.principal();
    access::Fixed fixed;
    fixed.absent.push_back("iam:permissionsboundary");
    std::vector<std::string_view> allowed;
    std::set<std::string> sources;
    for (std::string_view action : kDelegation) {
      if (!c.may_allow(action)) continue;
      const bool policy_action = action == "iam:CreatePolicyVersion";
      const bool role_action = action.find("Role") != std::string_view::npos;
      const bool group_action = action.find("Group") != std::string_view::npos;
      const std::string resource =
          "arn:aws:iam::" + p.account +
          (policy_action ? ":policy/iamwarden-probe" : role_action ? ":role/iamwarden-probe"
                                                   : group_action ? ":group/iamwarden-probe"
                                                                  : ":user/iamwarden-probe");
      const access::Access a = c.can(action, resource, fixed);
      if (a.allowed()) {
        allowed.push_back(action);
        for (std::string& n : policy_names(a)) sources.insert(std::move(n));
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
    const bool outside = assumable_from_outside(role);
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

std::string gated(const access::Access& a) {
  if (a.gating.empty()) return "";
  std::vector<std::string> parts;
  for (const std::string& k : a.gating) {
    const eval::ContextEntry* e = a.witness.find(to_lower(k));
    parts.push_back(e == nullptr ? k : fmt::format("{} = {}", k, fmt::join(e->values, "|")));
  }
  return fmt::format(" (only when its conditions hold, e.g. {})", fmt::join(parts, ", "));
}

std::size_t check_effective_permissions(const AuditContext& ctx) { return EffectiveChecks(ctx).run(); }

}  // namespace iw::audit
