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
    {"access-denied-burst", "Burst of access-denied errors", S::medium,
     "Triggered when one principal receives 10 AccessDenied / UnauthorizedOperation errors within 10 minutes: someone probing what a stolen credential can do, or a broken deployment. Related: GuardDuty Discovery:IAMUser/AnomalousBehavior; MITRE ATT&CK T1580 (Cloud Infrastructure Discovery).",
     "Find out who holds the credential and what it tried; rotate it if the calls are not its workload's.",
     ""},
    {"access-key-created-for-other-user", "Access key created for another user", S::high,
     "Triggered by a successful iam:CreateAccessKey whose userName is not the caller's own user: a classic way to gain persistent access through somebody else's identity. Related: GuardDuty Persistence:IAMUser/AnomalousBehavior; MITRE ATT&CK T1098.001 (Account Manipulation: Additional Cloud Credentials).",
     "Confirm the key was requested by its owner; otherwise deactivate and delete it (aws iam update-access-key --status Inactive, delete-access-key) and review who may call iam:CreateAccessKey on other users.",
     ""},
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
    {"console-login-failures", "Repeated console sign-in failures", S::medium,
     "Triggered when the same user name (or source IP for unknown users) fails ConsoleLogin 5 times within 60 minutes: password guessing or credential stuffing. Related: MITRE ATT&CK T1110 (Brute Force).",
     "Check the source IPs; if they are not the user's, rotate the password, require MFA and consider an SCP or IdP policy restricting sign-in locations.",
     ""},
    {"console-login-no-mfa", "Console sign-in without MFA", S::medium,
     "Triggered by a successful ConsoleLogin of an IAM user or the root user whose additionalEventData.MFAUsed is \"No\" (federated sign-ins are left out: their identity provider does the MFA). A password alone protects the account. Related: MITRE ATT&CK T1078.004 (Valid Accounts: Cloud Accounts).",
     "Require MFA for the user (a policy that denies everything without aws:MultiFactorAuthPresent, or federation through IAM Identity Center) and register an MFA device.",
     ""},
    {"credential-use-from-new-ip", "Credentials used from a new IP address", S::medium,
     "Triggered (with --baseline) by a call from a source IP address the baseline never saw the principal use (AWS service names such as ec2.amazonaws.com are left out). Related: GuardDuty UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS; MITRE ATT&CK T1078.004 (Valid Accounts: Cloud Accounts).",
     "Confirm the address belongs to the principal's owner or workload; otherwise rotate its credentials and restrict them with aws:SourceIp or aws:SourceVpc conditions.",
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
    {"detector-disabled", "Security monitoring disabled", S::high,
     "Triggered by calls that switch off a detective control: GuardDuty DeleteDetector, UpdateDetector with enable false, disassociating from the administrator account or deleting members; AWS Config StopConfigurationRecorder, DeleteConfigurationRecorder, DeleteDeliveryChannel; Security Hub DisableSecurityHub, BatchDisableStandards; IAM Access Analyzer DeleteAnalyzer (denied attempts too). Related: MITRE ATT&CK T1562.001 (Impair Defenses: Disable or Modify Tools).",
     "Re-enable the service and find out who disabled it; protect it with an SCP that denies these actions outside a break-glass role.",
     ""},
    {"duplicate-sid", "Statement ids are not unique", S::low,
     "Two statements share a Sid; several policy kinds (resource, SCP) reject this, and it makes findings "
     "and reviews ambiguous.",
     "Give every statement a unique Sid.", ""},
    {"external-access", "Principals outside the zone of trust can act on the resource", S::medium,
     "A resource or trust policy lets principals of other accounts (or of another organization) act on the "
     "resource: each of those accounts' administrators decides who among them may, and the access "
     "survives changes in your own account.",
     "Check that each outside principal is meant to have this access; otherwise remove it, or limit it with "
     "aws:PrincipalOrgID, aws:PrincipalAccount or exact principal ARNs of the zone.",
     ""},
    {"first-seen-api", "API never used before by the principal", S::low,
     "Triggered (with --baseline) by the first call of an API (event source and name) the baseline never saw the principal make. Related: GuardDuty */IAMUser/AnomalousBehavior; MITRE ATT&CK T1078.004 (Valid Accounts: Cloud Accounts).",
     "Confirm the call is expected from the principal; if not, treat its credentials as compromised.",
     ""},
    {"forallvalues-with-single-valued-key", "ForAllValues on a single-valued key", S::medium,
     "ForAllValues is true when the key is absent, so an Allow guarded by it on a single-valued key is "
     "effectively unconditional.",
     "Use the plain operator for single-valued keys (e.g. StringEquals), or add a Null check.", ""},
    {"guardrail-blocks", "What a guardrail blocks for the snapshot's principals", S::info,
     "Reported by guardrails verify for each guardrail: which users and roles would lose which of the probed actions they are allowed today once the SCP is attached. Read it before attaching the SCP: every principal listed changes behaviour.",
     "Check that each blocked principal is meant to lose the action; exempt the ones that must keep it with --break-glass (or --protected-roles) and generate again.",
     ""},
    {"guardrail-locks-out", "Guardrail takes access from a principal that must keep it", S::high,
     "A break-glass principal or a protected role loses an action it is allowed today, or some principal loses an action the guardrail is meant to leave alone: attaching the SCP would lock out the principals meant to recover the account, or deny far more than intended.",
     "Exempt the principal (generate again with --break-glass ARN, or name the role in --protected-roles), or narrow the SCP's Deny, then run guardrails verify again before attaching it.",
     ""},
    {"iac-unresolved", "Infrastructure code value could not be resolved", S::info,
     "A value in a policy (a variable without a default, an attribute known only after apply, a condition "
     "the template decides at deploy time) could not be computed from the code. It was analyzed as a "
     "placeholder: in Action, Resource and condition values it matches anything, in Principal it is a "
     "principal the code does not declare. The findings that assumed it are named.",
     "Give the variable a default or pass it with --var / --var-file, or scan the plan (terraform show "
     "-json) where every value is known.",
     ""},
    {"iam-policy-changed", "IAM policy changed", S::medium,
     "Triggered by a successful IAM call that changes permissions: putting, attaching, detaching or deleting user, group or role policies, creating or changing managed policy versions, and setting or removing permissions boundaries. Related: GuardDuty PrivilegeEscalation:IAMUser/AnomalousBehavior; MITRE ATT&CK T1098.003 (Account Manipulation: Additional Cloud Roles).",
     "Review the change against your change records; revert it if nobody can account for it, and narrow who may change IAM policies.",
     ""},
    {"invalid-arn", "Resource ARN is malformed", S::medium,
     "A malformed ARN matches nothing (an Allow grants nothing, a Deny protects nothing).",
     "Write ARNs as arn:partition:service:region:account:resource with the service's required fields.",
     ""},
    {"json-syntax", "Policy is not valid JSON", S::high,
     "AWS rejects the document; if it is deployed by automation the deployment fails or an older version "
     "stays in force.",
     "Fix the JSON at the reported position.", ""},
    {"logging-tampered", "CloudTrail logging changed or stopped", S::high,
     "Triggered by cloudtrail StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors, DeleteEventDataStore or StopEventDataStoreIngestion (denied attempts too): attackers blind the audit trail before acting. Related: GuardDuty Stealth:IAMUser/CloudTrailLoggingDisabled; MITRE ATT&CK T1562.008 (Impair Defenses: Disable or Modify Cloud Logs).",
     "Restart logging (aws cloudtrail start-logging) or restore the trail and its selectors; deny these actions with an SCP to everyone but a break-glass role.",
     ""},
    {"login-profile-changed-for-other-user", "Console password set for another user", S::high,
     "Triggered by a successful iam:CreateLoginProfile or iam:UpdateLoginProfile for a user other than the caller: it gives the caller console access as that user. Related: MITRE ATT&CK T1098.001 (Account Manipulation: Additional Cloud Credentials).",
     "Confirm the change with the user; otherwise delete the login profile (aws iam delete-login-profile) and restrict iam:CreateLoginProfile / iam:UpdateLoginProfile to administrators.",
     ""},
    {"mfa-condition-weak", "MFA condition can be bypassed", S::medium,
     "aws:MultiFactorAuthPresent is absent for long-term access keys: a Deny on Bool ... false never "
     "fires for them, and an Allow on BoolIfExists ... true admits them.",
     "Deny with BoolIfExists aws:MultiFactorAuthPresent false; Allow with Bool "
     "aws:MultiFactorAuthPresent true.",
     ""},
    {"mfa-device-deactivated", "MFA device deactivated or deleted", S::medium,
     "Triggered by a successful iam:DeactivateMFADevice or iam:DeleteVirtualMFADevice: the user (or root) is left with a password alone, and an attacker may register a device of their own. Related: MITRE ATT&CK T1556.006 (Modify Authentication Process: Multi-Factor Authentication).",
     "Confirm with the user; register a new MFA device and check the user's recent activity.",
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
    {"new-region", "Activity in a region new for the principal", S::medium,
     "Triggered by the first call of a principal in an AWS region the baseline never saw it use (with --baseline), or, without one, in a region other than those it used earlier in the same events (calls to global services such as IAM, which all log us-east-1, do not count): attackers often work in unused regions to stay out of sight. Related: GuardDuty anomalous-behavior findings (unusual region); MITRE ATT&CK T1535 (Unused/Unsupported Cloud Regions).",
     "Confirm the principal works in that region; otherwise disable unused regions with an SCP on aws:RequestedRegion.",
     ""},
    {"passrole-to-service", "Role passed to a service", S::low,
     "Triggered by a successful call that hands an IAM role to an AWS service (a role ARN in roleArn, role, serviceRole, executionRoleArn, taskRoleArn or an instance profile: EC2 RunInstances, Lambda CreateFunction, CloudFormation, Glue, ECS, SageMaker, CodeBuild …), which needs iam:PassRole. The service then acts with the role's permissions: a common privilege-escalation step. Related: MITRE ATT&CK T1548 (Abuse Elevation Control Mechanism).",
     "Check that the caller should be able to run code with the role; restrict iam:PassRole to specific roles with an iam:PassedToService condition.",
     ""},
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
    {"permission-set-session-long", "Identity Center permission set allows long sessions", S::low,
     "Every user assigned the permission set gets sessions of this length in each assigned account: stolen "
     "session credentials (a browser cookie, a CLI cache) keep working that long, and access removed in the "
     "meantime stays in use until the session ends.",
     "Shorten the set's session duration to the working day or less: aws sso-admin update-permission-set "
     "--instance-arn ARN --permission-set-arn ARN --session-duration PT8H (PT1H for administrator sets).",
     ""},
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
    {"public-access", "Anyone can act on the resource", S::high,
     "A resource or trust policy lets anyone in: anonymous callers or a principal of any AWS account, under "
     "no condition that limits who calls (a listed VPC endpoint or a fixed IP range of /8 or narrower "
     "would).",
     "Name the principals that need access, or add a condition that limits the caller to your organization "
     "or accounts (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn); for S3 keep "
     "Block Public Access on.",
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
    {"role-trust-changed", "Role trust policy changed", S::high,
     "Triggered by a successful iam:UpdateAssumeRolePolicy: a changed trust policy decides who can become the role, possibly from outside the account. Related: MITRE ATT&CK T1484.002 (Domain or Tenant Policy Modification: Trust Modification).",
     "Review the new trust policy (who may assume the role, external ids, conditions); revert it if it was not intended.",
     ""},
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
    {"root-activity", "Root user activity", S::high,
     "Triggered by any call made with the root user's credentials (userIdentity.type Root) that is not an AWS service acting for the account. The root user cannot be restricted by IAM policies or SCPs of its own account; everyday use of it, or use by someone else, is the most dangerous activity an account can show. Related: GuardDuty Policy:IAMUser/RootCredentialUsage; MITRE ATT&CK T1078.004 (Valid Accounts: Cloud Accounts).",
     "Confirm who used the root user and why; if unexpected, reset its password, remove its access keys, re-register its MFA device, and do daily work with IAM roles instead.",
     ""},
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
    {"unused-permission", "Granted permission never used", S::low,
     "trail usage: the principal is granted actions (after its boundary and SCPs) of a service, or actions, it never called in the events read. Unused permissions are risk without benefit.",
     "Remove the unused services and actions from the principal's policies; trail generate-policy writes a policy from what it did use.",
     ""},
    {"unused-role", "Role not used in the events", S::low,
     "trail usage: no event in the window read shows the role acting (assumed and calling AWS).",
     "Delete the role if nothing needs it, or document why it must stay.",
     ""},
    {"unused-user", "User not used in the events", S::low,
     "trail usage: no event in the window read shows the user acting, by password or access key.",
     "Remove the user's credentials, then the user, if nobody needs it.",
     ""},
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
