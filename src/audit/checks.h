// The audit check families, each appending findings. Internal to audit/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "access/model.h"
#include "audit/audit.h"
#include "core/rules.h"

namespace iw::audit {

struct AuditContext {
  const account::Account& account;
  const access::Model& model;  // every principal's access, decided once for every check
  const AuditOptions& options;
  std::vector<Finding>& out;
  std::vector<PrincipalInfo>& principals;
  std::vector<Chain>& chains;

  // A finding of rule `id` about `resource` (an ARN), with the account filled in.
  Finding& add(std::string_view id, std::string resource, std::string message) const;
  // Days between `t` and as_of (negative when t is later).
  double days_since(account::Timestamp t) const;
};

// root-*, user-console-no-mfa, access-key-*, password-unused, multiple-active-access-keys
void check_credentials(const AuditContext& ctx);
// password-policy-weak
void check_password_policy(const AuditContext& ctx);
// user-direct-policy, role-unused
void check_principals(const AuditContext& ctx);
// every lint id on every policy; role-trust-public, role-trust-cross-account-no-external-id,
// role-trust-oidc-unrestricted. Returns the number of policy documents checked.
std::size_t check_policies(const AuditContext& ctx);
// admin-principal, passrole-unconstrained, delegated-admin-no-boundary, role-max-session-long.
// Returns the number of principals decided.
std::size_t check_effective_permissions(const AuditContext& ctx);
// IAM Identity Center permission sets (identity-center.json): admin-principal for a set whose
// policies grant every action on every resource, permission-set-session-long. Their inline
// policies are linted by check_policies.
void check_permission_sets(const AuditContext& ctx);
// Adds to each finding on a permission set its account assignments, as the JSON member
// "assignments": [{"account", "principal_type", "principal_id"}].
void add_assignments(const account::Account& account, std::vector<Finding>& findings);
// " (only when its conditions hold, e.g. aws:sourceip = 10.0.0.1)": the keys a requester chooses
// that an access needs, with a witness value; "" when it needs none.
std::string gated(const access::Access& a);
// privilege-escalation-principal (after check_effective_permissions: skips admin principals),
// with the chain of each path.
void check_escalation(const AuditContext& ctx);
// The "external access" section: role trust and resource policies that let principals outside
// the account in (access::external), each with who, which actions and under what conditions.
void check_external_access(const account::Account& a, std::vector<ExternalAccess>& out);
// Compliance requirement id -> "" when the audit of `account` with `thresholds` decides it, else
// why it does not (see ReportInput::compliance_scope).
std::map<std::string, std::string> compliance_scope(const account::Account& account, const Thresholds& thresholds);
// Removes from each finding the requirements it is not evidence for under `thresholds`.
void fit_compliance(std::vector<Finding>& findings, const Thresholds& thresholds);
// Adds to each finding on a managed policy the users, groups and roles it is attached to or
// bounds, as the JSON member "holders": whom a fix of the policy touches.
void add_holders(const account::Account& account, std::vector<Finding>& findings);
// The policy documents of `account` that some finding points into, with their holders.
std::vector<PolicyDocument> documents_of_findings(const account::Account& account,
                                                  const std::vector<Finding>& findings);

}  // namespace iw::audit
