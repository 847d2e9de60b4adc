// The lint rule families. Each appends findings through the Context; none throws.
#pragma once

#include <vector>

#include "lint/context.h"

namespace iw::lint {

// missing-version, variables-in-old-version, duplicate-sid, policy-too-large
void check_document_rules(Context& ctx);
// unknown-service, unknown-action, redundant-action, resource-mismatch
void check_action_rules(Context& ctx);
// unknown-condition-key, condition-type-mismatch, forallvalues-with-single-valued-key,
// mfa-condition-weak
void check_condition_rules(Context& ctx);
// invalid-arn
void check_arn_rules(Context& ctx);
// admin-wildcard, service-wildcard, allow-not-action, allow-not-resource,
// passrole-wildcard-resource, credentials-exposure, data-exfiltration, privilege-escalation
void check_permission_rules(Context& ctx);
// allow-not-principal, public-principal, missing-confused-deputy-condition,
// trust-cross-account-no-external-id, trust-oidc-unrestricted
void check_principal_rules(Context& ctx);

}  // namespace iw::lint
