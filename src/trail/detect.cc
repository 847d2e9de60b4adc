#include "trail/scan.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <initializer_list>

#include "core/rules.h"
#include "core/strings.h"
#include "trail/baseline.h"
#include "trail/sigma.h"

namespace iw::trail {

namespace {

bool in(std::string_view v, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set) {
    if (v == s) return true;
  }
  return false;
}

std::string api(const Event& e) { return call_name(e); }

std::string actor(const Event& e) {
  const std::string_view arn = e.str("userIdentity.arn");
  return std::string(arn.empty() ? e.str("userIdentity.type") : arn);
}

// " from 203.0.113.7" or "".
std::string from_ip(const Event& e) {
  const std::string_view ip = e.str("sourceIPAddress");
  return ip.empty() ? std::string() : fmt::format(" from {}", ip);
}

// " (attempt, failed: CODE)" for a failed call, "" for a successful one. A failed console sign-in
// has no errorCode: its response says "Failure" and errorMessage why.
std::string outcome(const Event& e) {
  std::string_view code = e.str("errorCode");
  if (code.empty() && e.str("responseElements.ConsoleLogin") == "Failure") {
    code = e.str("errorMessage");
    if (code.empty()) code = "Failure";
  }
  return code.empty() ? std::string() : fmt::format(" (attempt, failed: {})", code);
}

// The caller's own IAM user name, "" when the caller is no IAM user.
std::string_view own_user(const Event& e) {
  if (e.str("userIdentity.type") != "IAMUser") return {};
  if (std::string_view n = e.str("userIdentity.userName"); !n.empty()) return n;
  const std::string_view arn = e.str("userIdentity.arn");
  return arn.substr(arn.rfind('/') + 1);
}

// The IAM names a request is about, for messages: "user bob", "role r, policy arn:…".
std::string targets(const Event& e) {
  std::string out;
  for (auto [key, label] : {std::pair{"userName", "user"}, {"groupName", "group"}, {"roleName", "role"},
                            {"policyName", "policy"}, {"policyArn", "policy"}, {"serialNumber", "device"},
                            {"name", "name"}, {"trailName", "trail"}, {"detectorId", "detector"},
                            {"configurationRecorderName", "recorder"}, {"analyzerName", "analyzer"}}) {
    const std::string_view v = e.str(std::string("requestParameters.") + key);
    if (v.empty()) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", label, v);
  }
  return out.empty() ? out : " on " + out;
}

const std::initializer_list<std::string_view> kPolicyChanges = {
    "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy", "AttachUserPolicy", "AttachGroupPolicy",
    "AttachRolePolicy", "DetachUserPolicy", "DetachGroupPolicy", "DetachRolePolicy", "DeleteUserPolicy",
    "DeleteGroupPolicy", "DeleteRolePolicy", "CreatePolicy", "CreatePolicyVersion", "DeletePolicy",
    "DeletePolicyVersion", "SetDefaultPolicyVersion", "PutUserPermissionsBoundary", "PutRolePermissionsBoundary",
    "DeleteUserPermissionsBoundary", "DeleteRolePermissionsBoundary"};

const std::initializer_list<std::string_view> kTrailTampering = {
    "StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors",
    "DeleteEventDataStore", "StopEventDataStoreIngestion"};

bool detector_disabled(const Event& e) {
  const std::string_view source = e.str("eventSource"), name = e.str("eventName");
  if (source == "guardduty.amazonaws.com") {
    if (name == "UpdateDetector") {
      const TreeNode* enable = e.find("requestParameters.enable");
      return enable != nullptr && enable->kind == json::Kind::boolean && !enable->boolean;
    }
    return in(name, {"DeleteDetector", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount",
                     "DisassociateMembers", "DeleteMembers", "StopMonitoringMembers"});
  }
  if (source == "config.amazonaws.com") {
    return in(name, {"StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel"});
  }
  if (source == "securityhub.amazonaws.com") {
    return in(name, {"DisableSecurityHub", "BatchDisableStandards", "DisableImportFindingsForProduct",
                     "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount"});
  }
  if (source == "access-analyzer.amazonaws.com") return name == "DeleteAnalyzer";
  return false;
}

bool is_role_arn(std::string_view v) { return v.starts_with("arn:") && v.find(":role/") != std::string_view::npos; }

// A role ARN (or an instance profile) handed to a service in the request parameters: the value,
// or "".
std::string_view passed_role(const Tree& doc, const TreeNode& n, int depth) {
  if (depth > 8 || n.kind != json::Kind::object) return {};
  for (const TreeNode& m : doc.children(n)) {
    if (m.kind == json::Kind::string && is_role_arn(m.text) && (iends_with(m.key, "rolearn") || iends_with(m.key, "role"))) {
      return m.text;
    }
    if (m.kind == json::Kind::object && iequals(m.key, "iaminstanceprofile")) {
      for (const TreeNode& p : doc.children(m)) {
        if (p.kind == json::Kind::string && !p.text.empty()) return p.text;
      }
    }
    if (m.kind == json::Kind::object) {
      if (std::string_view v = passed_role(doc, m, depth + 1); !v.empty()) return v;
    }
    if (m.kind == json::Kind::array) {
      for (const TreeNode& c : doc.children(m)) {
        if (std::string_view v = passed_role(doc, c, depth + 1); !v.empty()) return v;
      }
    }
  }
  return {};
}

bool access_denied(std::string_view code) {
  return code.find("AccessDenied") != std::string_view::npos || code.find("UnauthorizedOperation") != std::string_view::npos ||
         code == "UnauthorizedAccess" || code == "Forbidden";
}

// AWS services call as "ec2.amazonaws.com" in sourceIPAddress: no address to learn.
bool is_ip(std::string_view v) {
  return !v.empty() && v.find("amazonaws.com") == std::string_view::npos && v != "AWS Internal" &&
         v.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
}

}  // namespace

const std::vector<std::string>& builtin_ids() {
  static const std::vector<std::string> ids = {
      "access-denied-burst", "access-key-created-for-other-user", "console-login-failures", "console-login-no-mfa",
      "credential-use-from-new-ip", "detector-disabled", "first-seen-api", "iam-policy-changed",
      "logging-tampered", "login-profile-changed-for-other-user", "mfa-device-deactivated", "new-region",
      "passrole-to-service", "role-trust-changed", "root-activity"};
  return ids;
}

Entry& Scanner::report(std::string_view id, const Event& e, std::string message) {
  return gated(Entry::Gate::none, {}, id, e, std::move(message));
}

Entry& Scanner::gated(Entry::Gate gate, std::string key, std::string_view id, const Event& e, std::string message) {
  Entry& entry = partial_.entries.emplace_back();
  entry.gate = gate;
  entry.key = std::move(key);
  entry.time = e.time();
  entry.finding = make_finding(id, std::move(message));
  describe_event(e, entry.finding);
  return entry;
}

void Scanner::add(const Event& e) {
  per_event(e);
  windows(e);
  if (options_.baseline != nullptr) {
    against_baseline(e);
  } else {
    new_region_in_window(e);
  }
  if (options_.sigma != nullptr) {
    options_.sigma->match(e, sigma_);
    for (Finding& f : sigma_) partial_.entries.emplace_back().finding = std::move(f);
    sigma_.clear();
  }
}

Partial Scanner::take() {
  first_.clear();
  return std::exchange(partial_, Partial{});
}

void Scanner::per_event(const Event& e) {
  const std::string_view source = e.str("eventSource"), name = e.str("eventName"), type = e.str("userIdentity.type");
  const bool ok = !failed(e);
  const auto when = [&] { return format_timestamp(e.time()); };  // only for findings: most events have none
  if (type == "Root" && e.str("userIdentity.invokedBy").empty() && e.str("eventType") != "AwsServiceEvent") {
    report("root-activity", e, fmt::format("the root user called {}{} at {}{}", api(e), from_ip(e), when(), outcome(e)));
  }
  if (name == "ConsoleLogin" && e.str("responseElements.ConsoleLogin") == "Success" &&
      e.str("additionalEventData.MFAUsed") == "No" && (type == "IAMUser" || type == "Root")) {
    Entry& entry =
        report("console-login-no-mfa", e, fmt::format("{} signed in to the console without MFA{} at {}", actor(e), from_ip(e), when()));
    if (type == "Root") entry.finding.severity = Severity::high;
  }
  if (source == "iam.amazonaws.com" && ok) {
    const std::string_view target_user = e.str("requestParameters.userName");
    const bool other_user = !target_user.empty() && target_user != own_user(e);
    if (name == "CreateAccessKey" && other_user) {
      report("access-key-created-for-other-user", e,
             fmt::format("{} created an access key for user {}{} at {}", actor(e), target_user, from_ip(e), when()));
    }
    if ((name == "CreateLoginProfile" || name == "UpdateLoginProfile") && other_user) {
      report("login-profile-changed-for-other-user", e,
             fmt::format("{} called {} for user {}{} at {}", actor(e), api(e), target_user, from_ip(e), when()));
    }
    if (in(name, kPolicyChanges)) {
      report("iam-policy-changed", e, fmt::format("{} called {}{}{} at {}", actor(e), api(e), targets(e), from_ip(e), when()));
    }
    if (name == "UpdateAssumeRolePolicy") {
      report("role-trust-changed", e,
             fmt::format("{} changed the trust policy of role {}{} at {}", actor(e), e.str("requestParameters.roleName"),
                         from_ip(e), when()));
    }
    if (name == "DeactivateMFADevice" || name == "DeleteVirtualMFADevice") {
      report("mfa-device-deactivated", e, fmt::format("{} called {}{}{} at {}", actor(e), api(e), targets(e), from_ip(e), when()));
    }
  }
  if (source == "cloudtrail.amazonaws.com" && in(name, kTrailTampering)) {
    report("logging-tampered", e, fmt::format("{} called {}{}{} at {}{}", actor(e), api(e), targets(e), from_ip(e), when(), outcome(e)));
  }
  if (detector_disabled(e)) {
    report("detector-disabled", e, fmt::format("{} called {}{}{} at {}{}", actor(e), api(e), targets(e), from_ip(e), when(), outcome(e)));
  }
  if (ok && source != "iam.amazonaws.com" && source != "sts.amazonaws.com") {
    if (const TreeNode* params = e.find("requestParameters"); params != nullptr) {
      if (std::string_view role = passed_role(e.document(), *params, 0); !role.empty()) {
        report("passrole-to-service", e,
               fmt::format("{} passed role {} to {} ({}){} at {}", actor(e), role, source, api(e), from_ip(e), when()));
      }
    }
  }
}

void Scanner::windows(const Event& e) {
  if (e.str("eventName") == "ConsoleLogin" &&
      (e.str("responseElements.ConsoleLogin") == "Failure" || e.str("errorMessage") == "Failed authentication")) {
    std::string key(e.str("userIdentity.arn"));
    if (key.empty()) key = e.str("userIdentity.userName");
    if (key.empty() || key == "HIDDEN_DUE_TO_SECURITY_REASONS") key = "ip " + std::string(e.str("sourceIPAddress"));
    gated(Entry::Gate::login_failures, key, "console-login-failures", e,
          fmt::format("{} failed console sign-ins for {} within {} minutes, the last{} at {}", options_.login_failures,
                      key, options_.login_window / 60, from_ip(e), format_timestamp(e.time())));
  }
  if (const std::string_view code = e.str("errorCode"); access_denied(code)) {
    gated(Entry::Gate::access_denied, std::string(principal_key(e)), "access-denied-burst", e,
          fmt::format("{} received {} access-denied errors within {} minutes, the last for {}{} at {}", actor(e),
                         options_.denied_burst, options_.denied_window / 60, api(e), from_ip(e),
                      format_timestamp(e.time())));
  }
}

void Scanner::new_region_in_window(const Event& e) {
  static const std::initializer_list<std::string_view> kGlobal = {
      "iam.amazonaws.com",     "organizations.amazonaws.com", "cloudfront.amazonaws.com", "route53.amazonaws.com",
      "signin.amazonaws.com",  "support.amazonaws.com",       "health.amazonaws.com",     "budgets.amazonaws.com",
      "ce.amazonaws.com",      "globalaccelerator.amazonaws.com", "waf.amazonaws.com",    "shield.amazonaws.com",
      "sso.amazonaws.com",     "account.amazonaws.com",       "billingconsole.amazonaws.com"};
  const std::string_view region = e.str("awsRegion"), source = e.str("eventSource");
  const std::string_view who = principal_key(e);
  if (region.empty() || who.empty() || in(source, kGlobal)) return;
  once_key_.assign("new-region\n").append(who).append("\n").append(region);  // no allocation per event
  if (first_.contains(once_key_)) return;
  first_.insert(once_key_);
  Entry& entry = gated(Entry::Gate::new_region, std::string(who), "new-region", e,
                       fmt::format("{} acted in region {} for the first time in these events (before: ", actor(e), region));
  entry.value = std::string(region);
  entry.tail = fmt::format("), calling {}{} at {}", api(e), from_ip(e), format_timestamp(e.time()));
}

void Scanner::against_baseline(const Event& e) {
  const Baseline& b = *options_.baseline;
  const std::string_view who = principal_key(e);
  if (who.empty() || !b.knows(who)) return;
  // The first event of this part with a value new to the baseline; the merger keeps the first of all.
  const auto once = [&](std::string_view id, std::string_view value) {
    std::string key = fmt::format("{}\n{}\n{}", id, who, value);
    if (first_.contains(key)) return false;
    first_.insert(key);
    once_key_ = std::move(key);
    return true;
  };
  const auto when = [&] { return format_timestamp(e.time()); };
  const std::string call = api(e);
  if (!b.seen(who, Baseline::Field::api, call) && once("first-seen-api", call)) {
    gated(Entry::Gate::once, std::move(once_key_), "first-seen-api", e, fmt::format("{} called {} for the first time{} at {}", actor(e), call, from_ip(e), when()));
  }
  const std::string_view ip = e.str("sourceIPAddress");
  if (is_ip(ip) && !b.seen(who, Baseline::Field::ip, ip) && once("credential-use-from-new-ip", ip)) {
    gated(Entry::Gate::once, std::move(once_key_), "credential-use-from-new-ip", e,
           fmt::format("{} used its credentials from {}, an address not in the baseline, calling {} at {}", actor(e), ip,
                       call, when()));
  }
  const std::string_view region = e.str("awsRegion");
  if (!region.empty() && !b.seen(who, Baseline::Field::region, region) && once("new-region", region)) {
    gated(Entry::Gate::once, std::move(once_key_), "new-region", e, fmt::format("{} acted in region {} for the first time, calling {}{} at {}", actor(e), region,
                                        call, from_ip(e), when()));
  }
}

bool Merger::burst(std::deque<Timestamp>& times, Timestamp t, int count, Timestamp span) {
  times.insert(std::upper_bound(times.begin(), times.end(), t), t);
  while (!times.empty() && times.front() < times.back() - span) times.pop_front();
  if (static_cast<int>(times.size()) < count) return false;
  times.clear();
  return true;
}

void Merger::add(Partial&& part) {
  for (Entry& entry : part.entries) {
    switch (entry.gate) {
      case Entry::Gate::none:
        break;
      case Entry::Gate::login_failures:
        if (!burst(login_failures_[entry.key], entry.time, options_.login_failures, options_.login_window)) continue;
        break;
      case Entry::Gate::access_denied:
        if (!burst(denied_[entry.key], entry.time, options_.denied_burst, options_.denied_window)) continue;
        break;
      case Entry::Gate::once:
        if (!reported_once_.insert(std::move(entry.key)).second) continue;
        break;
      case Entry::Gate::new_region: {
        std::set<std::string, std::less<>>& seen = regions_[entry.key];
        if (seen.contains(entry.value)) continue;
        const std::vector<std::string_view> before(seen.begin(), seen.end());
        const bool established = !seen.empty();
        const std::string message = fmt::format("{}{}{}", entry.finding.message, fmt::join(before, ", "), entry.tail);
        seen.insert(std::move(entry.value));
        if (!established) continue;
        entry.finding.message = message;
        break;
      }
    }
    findings_.push_back(std::move(entry.finding));
  }
}

}  // namespace iw::trail
