// The guardrails as data: what each SCP denies, under which condition, and the requests that
// show it (guardrails.h). Action names are the catalog's (a unit test lints every SCP clean).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "core/json_writer.h"
#include "guardrails/guardrails.h"

namespace iw::guardrails {

namespace {

constexpr std::array kGuardrails = std::to_array<Info>({
    {"deny-access-key-creation", "Deny creating IAM access keys (long-term credentials)", Needs::nothing, true},
    {"deny-leave-org", "Deny leaving the organization (organizations:LeaveOrganization)", Needs::nothing, true},
    {"deny-root", "Deny every action to the member accounts' root users", Needs::nothing, false},
    {"protect-iam-roles", "Deny changing or deleting the protected roles (--protected-roles) except by themselves",
     Needs::protected_roles, true},
    {"protect-logging", "Deny stopping, deleting or changing CloudTrail, AWS Config recording and log groups",
     Needs::nothing, true},
    {"protect-security-services",
     "Deny disabling GuardDuty, Security Hub, IAM Access Analyzer, Macie, Detective and Inspector", Needs::nothing,
     true},
    {"region-allowlist", "Deny requests outside the allowed regions (--regions), global services exempt",
     Needs::regions, true},
    {"require-imdsv2", "Require IMDSv2 on new instances, forbid downgrading it, refuse IMDSv1 role credentials",
     Needs::nothing, true},
});

constexpr std::string_view kLoggingActions[] = {
    "cloudtrail:DeleteEventDataStore",     "cloudtrail:DeleteTrail",
    "cloudtrail:PutEventSelectors",        "cloudtrail:PutInsightSelectors",
    "cloudtrail:StopEventDataStoreIngestion", "cloudtrail:StopLogging",
    "cloudtrail:UpdateEventDataStore",     "cloudtrail:UpdateTrail",
    "config:DeleteConfigurationRecorder",  "config:DeleteDeliveryChannel",
    "config:DeleteRetentionConfiguration", "config:StopConfigurationRecorder",
    "ec2:DeleteFlowLogs",                  "logs:DeleteLogGroup",
    "logs:DeleteLogStream",
};

constexpr std::string_view kSecurityActions[] = {
    "access-analyzer:DeleteAnalyzer",
    "detective:DeleteGraph",
    "detective:DisassociateMembership",
    "guardduty:DeleteDetector",
    "guardduty:DeletePublishingDestination",
    "guardduty:DisassociateFromAdministratorAccount",
    "guardduty:DisassociateFromMasterAccount",
    "guardduty:DisassociateMembers",
    "guardduty:StopMonitoringMembers",
    "guardduty:UpdateDetector",
    "inspector2:Disable",
    "inspector2:DisassociateMember",
    "macie2:DisableMacie",
    "macie2:DisassociateFromAdministratorAccount",
    "macie2:DisassociateFromMasterAccount",
    "securityhub:BatchDisableStandards",
    "securityhub:DisableSecurityHub",
    "securityhub:DisassociateFromAdministratorAccount",
    "securityhub:DisassociateFromMasterAccount",
    "securityhub:DisassociateMembers",
};

// Services (or actions) served from a global endpoint, whose requests carry aws:RequestedRegion
// us-east-1 (or the partition's home region) whatever region the caller works in.
constexpr std::string_view kGlobalActions[] = {
    "account:*",        "aws-portal:*",          "budgets:*",
    "ce:*",             "cloudfront:*",          "cur:*",
    "directconnect:*",  "ec2:DescribeRegions",   "globalaccelerator:*",
    "health:*",         "iam:*",                 "networkmanager:*",
    "organizations:*",  "pricing:*",             "route53:*",
    "route53domains:*", "s3:GetAccountPublicAccessBlock", "s3:ListAllMyBuckets",
    "s3:PutAccountPublicAccessBlock", "shield:*", "sts:*",
    "support:*",        "trustedadvisor:*",      "waf:*",
};

constexpr std::string_view kRoleMutations[] = {
    "iam:AttachRolePolicy",     "iam:DeleteRole",
    "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",     "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",        "iam:TagRole",
    "iam:UntagRole",            "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",           "iam:UpdateRoleDescription",
};

// Regions a region-allowlist test or probe may use as "not allowed" (the first one not allowed).
constexpr std::string_view kOtherRegions[] = {"ap-southeast-2", "sa-east-1", "eu-north-1", "us-west-1",
                                              "af-south-1", "me-south-1"};

struct Condition {
  std::string op, key;
  std::vector<std::string> values;
};

struct Statement {
  std::string sid;
  bool not_action = false;
  std::vector<std::string> actions;
  std::vector<std::string> resources{"*"};
  std::vector<Condition> conditions;
};

void strings(JsonWriter& w, const std::vector<std::string>& v) {
  if (v.size() == 1) w.value(v.front());
  else w.value(v);
}

std::string write(const std::vector<Statement>& statements) {
  JsonWriter w;
  w.begin_object().member("Version", "2012-10-17").key("Statement").begin_array();
  for (const Statement& s : statements) {
    w.begin_object().member("Sid", s.sid).member("Effect", "Deny");
    w.key(s.not_action ? "NotAction" : "Action");
    strings(w, s.actions);
    w.key("Resource");
    strings(w, s.resources);
    if (!s.conditions.empty()) {
      std::map<std::string, std::vector<const Condition*>> by_op;
      for (const Condition& c : s.conditions) by_op[c.op].push_back(&c);
      w.key("Condition").begin_object();
      for (const auto& [op, conditions] : by_op) {
        w.key(op).begin_object();
        for (const Condition* c : conditions) {
          w.key(c->key);
          strings(w, c->values);
        }
        w.end_object();
      }
      w.end_object();
    }
    w.end_object();
  }
  w.end_array().end_object();
  return std::move(w).take();
}

std::vector<std::string> list(std::span<const std::string_view> v) { return {v.begin(), v.end()}; }

// Adds "ArnNotLike aws:PrincipalArn <exempt>" to every statement (none when `exempt` is empty).
void exempt(std::vector<Statement>& statements, const std::vector<std::string>& principals) {
  if (principals.empty()) return;
  for (Statement& s : statements) s.conditions.push_back({"ArnNotLike", "aws:PrincipalArn", principals});
}

std::vector<std::string> protected_arns(const Parameters& p) {
  std::vector<std::string> out;
  for (const std::string& r : p.protected_roles) out.push_back(role_arn_pattern(r));
  return out;
}

std::vector<std::string> split(std::string_view s, char sep, std::size_t max_parts) {
  std::vector<std::string> out;
  while (out.size() + 1 < max_parts) {
    const std::size_t i = s.find(sep);
    if (i == std::string_view::npos) break;
    out.emplace_back(s.substr(0, i));
    s.remove_prefix(i + 1);
  }
  out.emplace_back(s);
  return out;
}

bool is_region(std::string_view r) {
  // "us-east-1", "us-gov-west-1", "eu-central-2": letters, then dash-separated words, then a number.
  const std::vector<std::string> parts = split(r, '-', 8);
  if (parts.size() < 3) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& w = parts[i];
    if (w.empty()) return false;
    const bool last = i + 1 == parts.size();
    for (char c : w) {
      if (last ? !std::isdigit(static_cast<unsigned char>(c)) : !std::islower(static_cast<unsigned char>(c)))
        return false;
    }
  }
  return parts[0].size() == 2;
}

bool role_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("+=,.@_-/*?").find(c) != std::string_view::npos;
}

// "" when `arn` is an IAM user or role ARN (pattern), else why not.
std::string check_principal_arn(std::string_view arn) {
  const std::vector<std::string> parts = split(arn, ':', 6);
  if (parts.size() != 6 || parts[0] != "arn" || parts[1].empty())
    return fmt::format("'{}' is not an ARN (arn:aws:iam::ACCOUNT:role/NAME)", arn);
  if (parts[2] == "sts")
    return fmt::format("'{}': name the role ARN (arn:aws:iam::ACCOUNT:role/NAME); aws:PrincipalArn of a role "
                       "session is its role's ARN",
                       arn);
  if (parts[2] != "iam" || !parts[3].empty() ||
      !(parts[5].starts_with("role/") || parts[5].starts_with("user/")))
    return fmt::format("'{}' is not an IAM role or user ARN (arn:aws:iam::ACCOUNT:role/NAME)", arn);
  return "";
}

void dedupe(std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (std::string& s : v) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  v = std::move(out);
}

}  // namespace

std::span<const Info> all() { return kGuardrails; }

const Info* find(std::string_view name) {
  for (const Info& i : kGuardrails) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

std::string check(Parameters& p) {
  dedupe(p.break_glass);
  dedupe(p.regions);
  dedupe(p.protected_roles);
  for (const std::string& a : p.break_glass) {
    if (std::string e = check_principal_arn(a); !e.empty()) return "--break-glass " + e;
  }
  for (const std::string& r : p.regions) {
    if (!is_region(r)) return fmt::format("--regions: '{}' is not a region name (like us-east-1)", r);
  }
  for (const std::string& r : p.protected_roles) {
    if (r.starts_with("arn:")) {
      if (std::string e = check_principal_arn(r); !e.empty() || r.find(":role/") == std::string::npos)
        return fmt::format("--protected-roles: '{}' is not an IAM role ARN", r);
    } else if (r.empty() || r.size() > 512 || !std::all_of(r.begin(), r.end(), role_name_char)) {
      return fmt::format(
          "--protected-roles: '{}' is not a role name (letters, digits, +=,.@_- and wildcards * ?, with an "
          "optional path/)",
          r);
    }
  }
  return "";
}

std::string resolve(const std::vector<std::string>& names, std::vector<std::string>& out) {
  out.clear();
  std::vector<bool> chosen(kGuardrails.size(), false);
  for (const std::string& n : names) {
    if (n == "all") {
      chosen.assign(kGuardrails.size(), true);
      continue;
    }
    const Info* info = find(n);
    if (info == nullptr) {
      std::vector<std::string_view> known;
      for (const Info& i : kGuardrails) known.push_back(i.name);
      return fmt::format("unknown guardrail '{}': use {} or all", n, fmt::join(known, ", "));
    }
    chosen[static_cast<std::size_t>(info - kGuardrails.data())] = true;
  }
  for (std::size_t i = 0; i < kGuardrails.size(); ++i) {
    if (chosen[i]) out.emplace_back(kGuardrails[i].name);
  }
  return "";
}

std::string role_arn_pattern(std::string_view role) {
  if (role.starts_with("arn:")) return std::string(role);
  return fmt::format("arn:aws:iam::*:role/{}", role);
}

std::string concrete_principal(std::string_view pattern, std::string_view account) {
  std::vector<std::string> parts = split(pattern, ':', 6);
  if (parts.size() != 6 || !check_principal_arn(pattern).empty()) return "";
  if (parts[4] == "*" || parts[4].empty()) parts[4] = std::string(account);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ':';
    for (char c : parts[i]) out += (c == '*' || c == '?') ? 'x' : c;
  }
  return out;
}

std::string scp(std::string_view name, const Parameters& p) {
  std::vector<Statement> s;
  if (name == "deny-root") {
    s.push_back({"DenyRootUser", false, {"*"}, {"*"}, {{"ArnLike", "aws:PrincipalArn", {"arn:aws:iam::*:root"}}}});
  } else if (name == "protect-logging") {
    s.push_back({"ProtectAuditLogging", false, list(kLoggingActions), {"*"}, {}});
  } else if (name == "protect-security-services") {
    s.push_back({"ProtectSecurityServices", false, list(kSecurityActions), {"*"}, {}});
  } else if (name == "deny-leave-org") {
    s.push_back({"DenyLeaveOrganization", false, {"organizations:LeaveOrganization"}, {"*"}, {}});
  } else if (name == "deny-access-key-creation") {
    s.push_back({"DenyAccessKeyCreation", false, {"iam:CreateAccessKey"}, {"*"}, {}});
  } else if (name == "region-allowlist") {
    s.push_back({"DenyOutsideAllowedRegions", true, list(kGlobalActions), {"*"},
                 {{"StringNotEquals", "aws:RequestedRegion", p.regions}}});
  } else if (name == "require-imdsv2") {
    s.push_back({"RequireImdsV2OnLaunch", false, {"ec2:RunInstances"}, {"arn:aws:ec2:*:*:instance/*"},
                 {{"StringNotEquals", "ec2:MetadataHttpTokens", {"required"}}}});
    s.push_back({"DenyImdsV1Downgrade", false, {"ec2:ModifyInstanceMetadataOptions"}, {"*"},
                 {{"StringEquals", "ec2:Attribute/HttpTokens", {"optional"}}}});
    s.push_back({"DenyImdsV1RoleCredentials", false, {"*"}, {"*"},
                 {{"NumericLessThan", "ec2:RoleDelivery", {"2.0"}}}});
  } else if (name == "protect-iam-roles") {
    std::vector<std::string> keepers = protected_arns(p);
    s.push_back({"ProtectIamRoles", false, list(kRoleMutations), protected_arns(p), {}});
    keepers.insert(keepers.end(), p.break_glass.begin(), p.break_glass.end());
    s.back().conditions.push_back({"ArnNotLike", "aws:PrincipalArn", keepers});
    return write(s);
  }
  if (find(name) != nullptr && find(name)->break_glass) exempt(s, p.break_glass);
  return write(s);
}

namespace {

// The first region of kOtherRegions not in `allowed`.
std::string other_region(const std::vector<std::string>& allowed) {
  for (std::string_view r : kOtherRegions) {
    if (std::find(allowed.begin(), allowed.end(), r) == allowed.end()) return std::string(r);
  }
  return "xx-none-1";
}

}  // namespace

std::vector<Probe> probes(std::string_view name, const Parameters& p) {
  std::vector<Probe> out;
  const auto blocked = [&](std::string action, std::string resource = "*") {
    out.push_back({std::move(action), std::move(resource), {}, false});
  };
  if (name == "deny-root") {
    // Only root is denied: the snapshot's users and roles keep everything.
    out.push_back({"s3:ListAllMyBuckets", "*", {}, true});
  } else if (name == "protect-logging") {
    blocked("cloudtrail:StopLogging", "arn:aws:cloudtrail:us-east-1:{account}:trail/organization-trail");
    blocked("cloudtrail:DeleteTrail", "arn:aws:cloudtrail:us-east-1:{account}:trail/organization-trail");
    blocked("config:StopConfigurationRecorder");
    blocked("logs:DeleteLogGroup", "arn:aws:logs:us-east-1:{account}:log-group:audit");
    out.push_back({"cloudtrail:LookupEvents", "*", {}, true});
  } else if (name == "protect-security-services") {
    blocked("guardduty:DeleteDetector", "arn:aws:guardduty:us-east-1:{account}:detector/example");
    blocked("securityhub:DisableSecurityHub", "arn:aws:securityhub:us-east-1:{account}:hub/default");
    blocked("access-analyzer:DeleteAnalyzer", "arn:aws:access-analyzer:us-east-1:{account}:analyzer/example");
    out.push_back({"guardduty:ListDetectors", "*", {}, true});
  } else if (name == "deny-leave-org") {
    blocked("organizations:LeaveOrganization");
    out.push_back({"organizations:DescribeOrganization", "*", {}, true});
  } else if (name == "deny-access-key-creation") {
    blocked("iam:CreateAccessKey", "arn:aws:iam::{account}:user/example");
    out.push_back({"iam:ListAccessKeys", "arn:aws:iam::{account}:user/example", {}, true});
  } else if (name == "region-allowlist") {
    const std::string outside = other_region(p.regions);
    out.push_back({"ec2:RunInstances", "*", {{"aws:RequestedRegion", outside}}, false});
    out.push_back({"s3:CreateBucket", "arn:aws:s3:::example-bucket", {{"aws:RequestedRegion", outside}}, false});
    if (!p.regions.empty())
      out.push_back({"ec2:RunInstances", "*", {{"aws:RequestedRegion", p.regions.front()}}, true});
    out.push_back({"iam:ListRoles", "*", {{"aws:RequestedRegion", outside}}, true});
  } else if (name == "require-imdsv2") {
    const std::string instance = "arn:aws:ec2:us-east-1:{account}:instance/*";
    out.push_back({"ec2:RunInstances", instance, {{"ec2:MetadataHttpTokens", "optional"}}, false});
    out.push_back({"ec2:ModifyInstanceMetadataOptions", instance, {{"ec2:Attribute/HttpTokens", "optional"}}, false});
    out.push_back({"ec2:RunInstances", instance, {{"ec2:MetadataHttpTokens", "required"}}, true});
  } else if (name == "protect-iam-roles") {
    for (const std::string& r : p.protected_roles) {
      const std::string arn = concrete_principal(role_arn_pattern(r), "{account}");
      if (arn.empty()) continue;
      blocked("iam:AttachRolePolicy", arn);
      blocked("iam:UpdateAssumeRolePolicy", arn);
      blocked("iam:DeleteRole", arn);
    }
  }
  return out;
}

}  // namespace iw::guardrails
