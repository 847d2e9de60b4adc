// --paths: the account the code declares, audited like a snapshot (contracts.md §7).
//
// declared_findings() builds users, groups, roles, customer managed policies, attachments,
// boundaries, instance profiles and functions into an account::Account (through the snapshot
// reader, so it is read exactly like `aws iam get-account-authorization-details` output) and
// runs the audit's access model on it. It returns only the admin-principal and
// privilege-escalation-principal findings, resource = the principal's ARN, with `iac` and
// `location` set to the principal's declaration. Policies are rendered as render.h says, so
// placeholders match broadly. `principals` receives the number of users and roles decided.
#pragma once

#include <cstddef>
#include <vector>

#include "core/finding.h"
#include "iac/model.h"

namespace iw::iac {

std::vector<Finding> declared_findings(const Declarations& decl, const Environment& env, std::size_t& principals);

}  // namespace iw::iac
