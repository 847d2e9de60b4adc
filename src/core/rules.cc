#include "core/rules.h"

#include <algorithm>
#include <array>
#include <cassert>

#include "core/strings.h"

namespace iw {

namespace {

using S = Severity;

// Keep sorted by id.
constexpr std::array kRules = std::to_array<RuleInfo>({
    {"access-key-not-rotated", "Access key not rotated", S::medium,
     "An active access key older than the rotation period has had a long time to leak (logs, laptops, repositories) and still works.",
     "Create a new key, move the workload to it, deactivate and then delete the old one: aws iam create-access-key / update-access-key --status Inactive / delete-access-key.",
     "CIS-AWS-3.0:1.14,CIS-AWS-4.0:1.14,SecurityHub:IAM.3,AWS-FSBP:IAM.3"},
    {"access-key-unused", "Access key not used recently", S::medium,
     "An active key nobody uses is pure risk: if it leaks, nobody notices its use.",
     "Deactivate the key (aws iam update-access-key --status Inactive), then delete it.",
     "CIS-AWS-3.0:1.12,CIS-AWS-4.0:1.12,SecurityHub:IAM.8,SecurityHub:IAM.22,AWS-FSBP:IAM.8"},
    {"admin-principal", "Principal is an administrator", S::high,
     "The principal is effectively allowed every action on every resource after its boundary and SCPs: its credentials are the keys to the account.",
     "Replace broad grants with the permissions the principal needs; keep administrator access to a few break-glass roles with MFA.",
     "CIS-AWS-3.0:1.16,CIS-AWS-4.0:1.16"},
    {"admin-wildcard", "Policy grants full administrator access", S::critical,
     "An Allow of every action on every resource makes whoever holds the policy an administrator: one "
     "leaked credential is a full account takeover.",
     "Replace \"Action\": \"*\" / \"Resource\": \"*\" with the actions and resources the workload needs; "
     "generate them from CloudTrail activity or IAM Access Analyzer.",
     "CIS-AWS-3.0:1.16,CIS-AWS-4.0:1.16,SecurityHub:IAM.1,AWS-FSBP:IAM.1"},
    {"allow-not-action", "Allow with NotAction grants everything else", S::medium,
     "Allow + NotAction grants every action not listed, in every service, including services added "
     "later.",
     "List the allowed actions explicitly with Action, or turn the statement into a Deny.", ""},
    {"allow-not-principal", "Allow with NotPrincipal grants everyone else", S::high,
     "Allow + NotPrincipal grants access to every principal not listed, anonymous callers included. AWS "
     "no longer supports it for Allow.",
     "Name the allowed principals in Principal, or use Principal \"*\" with an aws:PrincipalArn / "
     "aws:PrincipalOrgID condition.",
     ""},
    {"allow-not-resource", "Allow with NotResource grants every other resource", S::medium,
     "Allow + NotResource applies to every resource not listed, including ones created later.",
     "List the allowed resources in Resource instead.", ""},
    {"condition-type-mismatch", "Condition operator does not fit the key's type", S::medium,
     "An operator of the wrong family (e.g. IpAddress on a string key) or a value that does not parse "
     "never matches as intended: the condition silently fails or always passes.",
     "Use an operator of the key's type (String*, Numeric*, Date*, Bool, IpAddress, Arn*) and valid "
     "values.",
     ""},
    {"credentials-exposure", "Policy allows actions that return credentials", S::medium,
     "Actions such as iam:CreateAccessKey, sts:AssumeRole or ecr:GetAuthorizationToken on any resource "
     "return secrets that extend the holder's reach.",
     "Scope these actions to specific resources or add conditions; grant them only to the principals "
     "that need them.",
     ""},
    {"data-exfiltration", "Policy allows unconstrained data reads", S::medium,
     "s3:GetObject, ssm:GetParameter(s), secretsmanager:GetSecretValue and similar on every resource let "
     "the holder read any data or secret in the account.",
     "Restrict Resource to the buckets, parameters and secrets the workload reads.", ""},
    {"delegated-admin-no-boundary", "Can create or change principals without a forced boundary", S::high,
     "A principal that can create users or roles, or change their policies, without a condition forcing iam:PermissionsBoundary can create a principal more powerful than itself.",
     "Allow these actions only with a Condition requiring iam:PermissionsBoundary to be your boundary policy's ARN, and deny changing or deleting that boundary.",
     ""},
    {"duplicate-sid", "Statement ids are not unique", S::low,
     "Two statements share a Sid; several policy kinds (resource, SCP) reject this, and it makes findings "
     "and reviews ambiguous.",
     "Give every statement a unique Sid.", ""},
    {"forallvalues-with-single-valued-key", "ForAllValues on a single-valued key", S::medium,
     "ForAllValues is true when the key is absent, so an Allow guarded by it on a single-valued key is "
     "effectively unconditional.",
     "Use the plain operator for single-valued keys (e.g. StringEquals), or add a Null check.", ""},
    {"iac-unresolved", "Infrastructure code value could not be resolved", S::info,
     "A value in a policy (a variable without a default, an attribute known only after apply, a condition "
     "the template decides at deploy time) could not be computed from the code. It was analyzed as a "
     "placeholder: in Action, Resource and condition values it matches anything, in Principal it is a "
     "principal the code does not declare. The findings that assumed it are named.",
     "Give the variable a default or pass it with --var / --var-file, or scan the plan (terraform show "
     "-json) where every value is known.",
     ""},
    {"invalid-arn", "Resource ARN is malformed", S::medium,
     "A malformed ARN matches nothing (an Allow grants nothing, a Deny protects nothing).",
     "Write ARNs as arn:partition:service:region:account:resource with the service's required fields.",
     ""},
    {"json-syntax", "Policy is not valid JSON", S::high,
     "AWS rejects the document; if it is deployed by automation the deployment fails or an older version "
     "stays in force.",
     "Fix the JSON at the reported position.", ""},
    {"mfa-condition-weak", "MFA condition can be bypassed", S::medium,
     "aws:MultiFactorAuthPresent is absent for long-term access keys: a Deny on Bool ... false never "
     "fires for them, and an Allow on BoolIfExists ... true admits them.",
     "Deny with BoolIfExists aws:MultiFactorAuthPresent false; Allow with Bool "
     "aws:MultiFactorAuthPresent true.",
     ""},
    {"missing-confused-deputy-condition", "Service principal without source condition", S::medium,
     "A service principal granted access without aws:SourceArn / aws:SourceAccount can be used by that "
     "service on behalf of any customer (confused deputy).",
     "Add a condition on aws:SourceArn, aws:SourceAccount or aws:SourceOrgID.", ""},
    {"missing-version", "Policy has no Version", S::low,
     "Without Version the policy is read as 2008-10-17: policy variables are literal text and newer "
     "features are unavailable.",
     "Add \"Version\": \"2012-10-17\".", ""},
    {"multiple-active-access-keys", "User has two active access keys", S::low,
     "Two active keys double the exposure; one is usually forgotten.",
     "Deactivate and delete the key that is not in use.", "CIS-AWS-3.0:1.13,CIS-AWS-4.0:1.13"},
    {"passrole-unconstrained", "Can pass any role to any service", S::high,
     "A principal that can pass every role (or an administrator role) to a service that runs code can act with that role's permissions.",
     "Restrict iam:PassRole to the roles the principal deploys, with an iam:PassedToService condition.",
     ""},
    {"passrole-wildcard-resource", "iam:PassRole on every role", S::high,
     "Passing any role to a service lets the holder run code with that role's permissions, including "
     "administrator roles.",
     "Restrict iam:PassRole to the specific role ARNs and add an iam:PassedToService condition.", ""},
    {"password-policy-weak", "Account password policy is weak or missing", S::medium,
     "Short or reused console passwords are guessed and stuffed; the account's password policy is the only control over them.",
     "aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols",
     "CIS-AWS-3.0:1.8,CIS-AWS-3.0:1.9,CIS-AWS-4.0:1.8,CIS-AWS-4.0:1.9,SecurityHub:IAM.7"
     ",SecurityHub:IAM.10,SecurityHub:IAM.11,SecurityHub:IAM.12,SecurityHub:IAM.13"
     ",SecurityHub:IAM.14,SecurityHub:IAM.15,SecurityHub:IAM.16,SecurityHub:IAM.17"
     ",AWS-FSBP:IAM.7"},
    {"password-unused", "Console password not used recently", S::medium,
     "An enabled console password nobody uses can be guessed or phished without anyone noticing.",
     "Remove the console password (aws iam delete-login-profile) or disable the user.",
     "CIS-AWS-3.0:1.12,CIS-AWS-4.0:1.12,SecurityHub:IAM.8,SecurityHub:IAM.22,AWS-FSBP:IAM.8"},
    {"policy-grammar", "Policy violates the IAM policy grammar", S::high,
     "AWS rejects the document, or reads it differently from what it says.",
     "Fix the element named in the message.", ""},
    {"policy-too-large", "Policy exceeds the size quota", S::medium,
     "AWS rejects policies above the quota for their kind (whitespace excluded for IAM policies).",
     "Merge statements, use wildcards carefully, or split the policy into several managed policies.",
     ""},
    {"privilege-escalation", "Policy allows a privilege-escalation method", S::high,
     "The policy alone grants a complete set of permissions known to let its holder gain more "
     "privileges, up to administrator. Methods that need an existing resource (an instance "
     "profile, a function, instances) are info: audit and paths decide them.",
     "Remove one permission of the set, or restrict it to resources that cannot lead to escalation.",
     ""},
    {"privilege-escalation-principal", "Principal can escalate to administrator", S::high,
     "The principal is not an administrator, but its permissions let it become one through a known escalation method.",
     "Remove or constrain one permission of each escalation path (see `iamwarden paths`).",
     ""},
    {"public-principal", "Policy grants access to everyone", S::critical,
     "Principal \"*\" without a condition limiting the caller lets any AWS account, or anonymous "
     "callers, use the resource.",
     "Name the principals, or add a condition on aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn, "
     "aws:SourceVpce or aws:SourceIp.",
     ""},
    {"redundant-action", "Action is already covered by another entry", S::info,
     "An action listed next to a wildcard that covers it adds nothing and hides what the policy grants.",
     "Remove the redundant entry.", ""},
    {"resource-mismatch", "Resource does not fit the action", S::medium,
     "None of the listed resources is of a type the action supports, so the statement grants (or denies) "
     "nothing for that action.",
     "Use ARNs of the resource types the action supports (see `iamwarden actions show ACTION`), or \"*\" "
     "for actions without resource types.",
     ""},
    {"role-max-session-long", "Powerful role allows long sessions", S::medium,
     "A role that is administrator-equivalent or assumable from another account and issues sessions over an hour keeps stolen session credentials valid longer.",
     "aws iam update-role --role-name ROLE --max-session-duration 3600", ""},
    {"role-trust-cross-account-no-external-id", "Role trusts another account without ExternalId", S::medium,
     "Another account can assume the role without sts:ExternalId, so a third party can use that account as a confused deputy.",
     "Add a StringEquals sts:ExternalId condition to the trust policy (aws iam update-assume-role-policy).",
     ""},
    {"role-trust-oidc-unrestricted", "Role trusts a web-identity provider without a subject condition", S::high,
     "Any identity of the provider (any GitHub repository, any service account of the cluster) can assume the role.",
     "Add a condition on <provider>:sub naming the repository/branch or service account (aws iam update-assume-role-policy).",
     ""},
    {"role-trust-public", "Role can be assumed by anyone", S::critical,
     "The trust policy lets any AWS principal in any account assume the role.",
     "Name the trusted principals in the trust policy, or add conditions on aws:PrincipalOrgID / sts:ExternalId.",
     ""},
    {"role-unused", "Role not used recently", S::low,
     "Unused roles keep permissions and trust relationships that nobody reviews.",
     "Delete the role (aws iam delete-role after detaching its policies), or document why it must stay.",
     ""},
    {"root-access-keys-present", "Root user has access keys", S::critical,
     "Root access keys cannot be limited by any policy: if they leak, the account is lost.",
     "Delete the root access keys (sign in as root: Security credentials, Access keys, Delete).",
     "CIS-AWS-3.0:1.4,CIS-AWS-4.0:1.4,SecurityHub:IAM.4,AWS-FSBP:IAM.4"},
    {"root-mfa-disabled", "Root user has no MFA", S::critical,
     "The root user can do anything, including closing the account; a password alone protects it.",
     "Enable MFA for the root user (a hardware key if possible) in the console: Security credentials, Assign MFA device.",
     "CIS-AWS-3.0:1.5,CIS-AWS-3.0:1.6,CIS-AWS-4.0:1.5,CIS-AWS-4.0:1.6,SecurityHub:IAM.9"
     ",SecurityHub:IAM.6,AWS-FSBP:IAM.6"},
    {"root-recently-used", "Root user used recently", S::high,
     "Daily work as root bypasses every policy and audit boundary; root should be used only for the few tasks that need it.",
     "Use IAM roles or Identity Center users for daily work; review what root was used for in CloudTrail.",
     "CIS-AWS-3.0:1.7,CIS-AWS-4.0:1.7,SecurityHub:IAM.20"},
    {"service-wildcard", "Policy allows every action of a service", S::low,
     "svc:* includes permissions-management and destructive actions, and actions AWS adds later.",
     "List the actions the workload needs.", "SecurityHub:IAM.21,AWS-FSBP:IAM.21"},
    {"suppression-without-reason", "Suppression comment without a reason", S::low,
     "An inline suppression (# iamwarden:ignore ID, or a CloudFormation Metadata iamwarden ignore entry) "
     "gives no reason. A suppression nobody can review hides risk; it suppresses nothing until it says why.",
     "Write the reason after the id: # iamwarden:ignore admin-wildcard break-glass role, approved in SEC-123.",
     ""},
    {"trust-cross-account-no-external-id", "Cross-account trust without ExternalId", S::medium,
     "A role trusted by another account without sts:ExternalId can be assumed by a third party through "
     "that account (confused deputy).",
     "Add a StringEquals sts:ExternalId condition with the value agreed with the other party.", ""},
    {"trust-oidc-unrestricted", "Web-identity trust without a subject condition", S::high,
     "Without a condition on the provider's :sub claim, any identity of the provider (any GitHub "
     "repository, any Kubernetes service account) can assume the role.",
     "Add StringEquals (or StringLike) on <provider>:sub naming the repository/branch or service "
     "account, and on <provider>:aud.",
     ""},
    {"unknown-action", "Action does not exist", S::low,
     "The action (or wildcard) matches no AWS action: an Allow grants nothing, a Deny protects nothing.",
     "Correct the spelling (see `iamwarden actions expand`).", ""},
    {"unknown-condition-key", "Condition key is unknown", S::medium,
     "A key AWS never sets is always absent: the condition fails (or, with IfExists / negated operators, "
     "always passes).",
     "Use a global key or a key of the action's service.", ""},
    {"unknown-service", "Service prefix does not exist", S::low,
     "The service prefix matches no AWS service: the statement has no effect for it.",
     "Correct the service prefix.", ""},
    {"user-console-no-mfa", "Console user without MFA", S::high,
     "A console password without MFA falls to phishing or password reuse.",
     "Enable MFA for the user, and deny actions without MFA (BoolIfExists aws:MultiFactorAuthPresent false).",
     "CIS-AWS-3.0:1.10,CIS-AWS-4.0:1.10,SecurityHub:IAM.5,SecurityHub:IAM.19,AWS-FSBP:IAM.5"},
    {"user-direct-policy", "User has policies attached directly", S::low,
     "Permissions attached to individual users drift and are hard to review; groups and roles keep them consistent.",
     "Move the user's policies to a group (aws iam add-user-to-group) and detach them from the user.",
     "CIS-AWS-3.0:1.15,CIS-AWS-4.0:1.15,SecurityHub:IAM.2,AWS-FSBP:IAM.2"},
    {"variables-in-old-version", "Policy variable in a 2008-10-17 policy", S::medium,
     "Under Version 2008-10-17 (or no Version) ${...} is literal text, so the statement matches nothing "
     "it was meant to.",
     "Set \"Version\": \"2012-10-17\".", ""},
});

constexpr bool sorted() {
  for (std::size_t i = 1; i < kRules.size(); ++i) {
    if (!(kRules[i - 1].id < kRules[i].id)) return false;
  }
  return true;
}
static_assert(sorted(), "keep kRules sorted by id");

}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

const RuleInfo* find_rule(std::string_view id) {
  auto it = std::lower_bound(kRules.begin(), kRules.end(), id,
                             [](const RuleInfo& r, std::string_view v) { return r.id < v; });
  return (it != kRules.end() && it->id == id) ? &*it : nullptr;
}

Finding make_finding(std::string_view id, std::string message) {
  const RuleInfo* rule = find_rule(id);
  assert(rule != nullptr && "unregistered finding id");
  Finding f;
  f.id = std::string(id);
  f.message = std::move(message);
  if (rule != nullptr) {
    f.title = std::string(rule->title);
    f.severity = rule->severity;
    f.remediation = std::string(rule->remediation);
    for (std::string_view c : split(rule->compliance, ',')) {
      if (!c.empty()) f.compliance.emplace_back(c);
    }
  }
  return f;
}

}  // namespace iw
