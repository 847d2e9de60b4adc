#include "audit/audit.h"

#include "audit/checks.h"
#include "core/lasting.h"

namespace iw::audit {

Finding& AuditContext::add(std::string_view id, std::string resource, std::string message) const {
  out.push_back(make_finding(id, std::move(message)));
  Finding& f = out.back();
  f.account = account.id;
  f.resource = std::move(resource);
  return f;
}

double AuditContext::days_since(account::Timestamp t) const {
  return static_cast<double>(options.as_of - t) / 86400.0;
}

account::Timestamp resolve_as_of(const account::Account& account, account::Timestamp as_of,
                                 account::Timestamp now) {
  if (as_of != 0) return as_of;
  if (account.taken_at) return *account.taken_at;
  return now;
}

AuditResult audit_account(const account::Account& account, const AuditOptions& options) {
  AuditResult result;
  access::ModelOptions model_options;
  model_options.as_of = options.as_of;
  std::optional<access::Model> own;
  const access::Model& model = options.keep_until_exit ? lasting<access::Model>(account, model_options)
                                                       : own.emplace(account, model_options);
  const AuditContext ctx{account, model, options, result.findings, result.principal_info, result.chains};
  check_credentials(ctx);
  check_password_policy(ctx);
  check_principals(ctx);
  result.policies = check_policies(ctx);
  result.principals = check_effective_permissions(ctx);
  check_escalation(ctx);
  check_permission_sets(ctx);
  check_external_access(account, result.external_access);
  fit_compliance(result.findings, options.thresholds);
  result.compliance_scope = compliance_scope(account, options.thresholds);
  add_holders(account, result.findings);
  add_assignments(account, result.findings);
  sort_findings(result.findings);
  result.undecided = undecided(account);
  result.documents = documents_of_findings(account, result.findings);
  return result;
}

}  // namespace iw::audit
