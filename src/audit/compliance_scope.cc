// Which compliance requirements an audit decides, and whether a finding is evidence for the
// requirements its rule names, given the input and the configured thresholds.
//
// A requirement is decided (PASS when no finding names it) only when every check that could fail
// it ran on the input it needs, with a threshold at least as strict as the requirement's. A
// finding names a requirement with a limit only when the configured threshold is at least as
// lenient as the requirement's (a key flagged after 120 days is also older than 90; one flagged
// after 60 days may not be).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "audit/checks.h"
#include "core/compliance.h"

namespace iw::audit {

namespace {

enum class Needs { snapshot, credentials, root };

// A limit of the requirement on one threshold; `max` limits ages (the threshold is the most
// days allowed), the others are minimums (the least the password policy must require).
struct Limit {
  int Thresholds::*threshold = nullptr;
  int value = 0;
  bool max = true;
  std::string_view name;
};

constexpr Limit kKeyAge90{&Thresholds::access_key_max_age_days, 90, true, "access_key_max_age_days"};
constexpr Limit kUnused90{&Thresholds::unused_days, 90, true, "unused_days"};
constexpr Limit kUnused45{&Thresholds::unused_days, 45, true, "unused_days"};
constexpr Limit kLength14{&Thresholds::password_min_length, 14, false, "password_min_length"};
constexpr Limit kLength8{&Thresholds::password_min_length, 8, false, "password_min_length"};
constexpr Limit kReuse24{&Thresholds::password_reuse_prevention, 24, false, "password_reuse_prevention"};

struct Decided {
  std::string_view requirement;
  Needs needs;
  Limit limit;
};

// Every requirement the audit decides. For CIS, both versions (same numbering).
constexpr std::array kCis = std::to_array<Decided>({
    {"1.4", Needs::root, {}},          {"1.5", Needs::root, {}},
    {"1.7", Needs::credentials, {}},   {"1.8", Needs::snapshot, kLength14},
    {"1.9", Needs::snapshot, kReuse24}, {"1.10", Needs::credentials, {}},
    {"1.12", Needs::credentials, kUnused45}, {"1.13", Needs::credentials, {}},
    {"1.14", Needs::credentials, kKeyAge90}, {"1.15", Needs::snapshot, {}},
    {"1.16", Needs::snapshot, {}},
});
constexpr std::array kAws = std::to_array<Decided>({
    {"SecurityHub:IAM.1", Needs::snapshot, {}},     {"SecurityHub:IAM.2", Needs::snapshot, {}},
    {"SecurityHub:IAM.3", Needs::credentials, kKeyAge90}, {"SecurityHub:IAM.4", Needs::root, {}},
    {"SecurityHub:IAM.5", Needs::credentials, {}},  {"SecurityHub:IAM.7", Needs::snapshot, kLength8},
    {"SecurityHub:IAM.8", Needs::credentials, kUnused90}, {"SecurityHub:IAM.9", Needs::root, {}},
    {"SecurityHub:IAM.11", Needs::snapshot, {}},    {"SecurityHub:IAM.12", Needs::snapshot, {}},
    {"SecurityHub:IAM.13", Needs::snapshot, {}},    {"SecurityHub:IAM.14", Needs::snapshot, {}},
    {"SecurityHub:IAM.15", Needs::snapshot, kLength14}, {"SecurityHub:IAM.16", Needs::snapshot, kReuse24},
    {"SecurityHub:IAM.20", Needs::credentials, {}}, {"SecurityHub:IAM.21", Needs::snapshot, {}},
    {"SecurityHub:IAM.22", Needs::credentials, kUnused45},
    {"AWS-FSBP:IAM.1", Needs::snapshot, {}},        {"AWS-FSBP:IAM.2", Needs::snapshot, {}},
    {"AWS-FSBP:IAM.3", Needs::credentials, kKeyAge90}, {"AWS-FSBP:IAM.4", Needs::root, {}},
    {"AWS-FSBP:IAM.5", Needs::credentials, {}},     {"AWS-FSBP:IAM.7", Needs::snapshot, kLength8},
    {"AWS-FSBP:IAM.8", Needs::credentials, kUnused90}, {"AWS-FSBP:IAM.21", Needs::snapshot, {}},
});

// Requirements a finding can fail but no check can pass, and why.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kFailOnly{{
    {"CIS-AWS-3.0:1.6", "only a root user without any MFA is detected: the snapshot does not say whether an MFA device is hardware"},
    {"CIS-AWS-4.0:1.6", "only a root user without any MFA is detected: the snapshot does not say whether an MFA device is hardware"},
    {"SecurityHub:IAM.6", "only a root user without any MFA is detected: the snapshot does not say whether an MFA device is hardware"},
    {"AWS-FSBP:IAM.6", "only a root user without any MFA is detected: the snapshot does not say whether an MFA device is hardware"},
    {"SecurityHub:IAM.10", "password expiry (MaxPasswordAge) is not checked: only the other settings can fail it"},
    {"SecurityHub:IAM.17", "password expiry is not checked: only an account without a password policy fails it"},
    {"SecurityHub:IAM.19", "only users with a console password are checked for MFA, not users with access keys alone"},
}};

bool has_root_credentials(const account::Account& a) {
  if (a.summary) return true;
  if (!a.credential_report) return false;
  return std::any_of(a.credential_report->begin(), a.credential_report->end(),
                     [](const account::CredentialRow& r) { return r.is_root(); });
}

// "" when the account has what `needs` asks for, else what is missing.
std::string missing(const account::Account& a, Needs needs) {
  switch (needs) {
    case Needs::snapshot: return "";
    case Needs::credentials:
      return a.credential_report ? "" : "needs the credential report (credential-report.csv or .json)";
    case Needs::root:
      return has_root_credentials(a) ? "" : "needs the credential report or account-summary.json";
  }
  return "";
}

// "" when the configured threshold decides the requirement, else why not.
std::string limit_gap(const Limit& l, const Thresholds& th) {
  if (l.threshold == nullptr) return "";
  const int configured = th.*(l.threshold);
  const bool fits = l.max ? configured <= l.value : configured >= l.value;
  if (fits) return "";
  return fmt::format("decided only with {} {} {} (configured: {})", l.name, l.max ? "at most" : "at least", l.value,
                     configured);
}

void decide(const account::Account& a, const Thresholds& th, std::string requirement, const Decided& d,
            std::map<std::string, std::string>& out) {
  std::string why = missing(a, d.needs);
  if (why.empty()) why = limit_gap(d.limit, th);
  out[std::move(requirement)] = why;
}

// Limits on findings as evidence: rule, requirement, limit.
struct Evidence {
  std::string_view rule;
  std::string_view requirement;
  Limit limit;
};
constexpr std::array kEvidenceLimits = std::to_array<Evidence>({
    {"access-key-not-rotated", "CIS-AWS-3.0:1.14", kKeyAge90}, {"access-key-not-rotated", "CIS-AWS-4.0:1.14", kKeyAge90},
    {"access-key-not-rotated", "SecurityHub:IAM.3", kKeyAge90}, {"access-key-not-rotated", "AWS-FSBP:IAM.3", kKeyAge90},
    {"access-key-unused", "SecurityHub:IAM.8", kUnused90},      {"access-key-unused", "AWS-FSBP:IAM.8", kUnused90},
    {"access-key-unused", "CIS-AWS-3.0:1.12", kUnused45},       {"access-key-unused", "CIS-AWS-4.0:1.12", kUnused45},
    {"access-key-unused", "SecurityHub:IAM.22", kUnused45},
    {"password-unused", "SecurityHub:IAM.8", kUnused90},        {"password-unused", "AWS-FSBP:IAM.8", kUnused90},
    {"password-unused", "CIS-AWS-3.0:1.12", kUnused45},         {"password-unused", "CIS-AWS-4.0:1.12", kUnused45},
    {"password-unused", "SecurityHub:IAM.22", kUnused45},
});

}  // namespace

std::map<std::string, std::string> compliance_scope(const account::Account& a, const Thresholds& th) {
  std::map<std::string, std::string> out;
  for (const Decided& d : kCis) {
    for (std::string_view v : {"CIS-AWS-3.0:", "CIS-AWS-4.0:"}) decide(a, th, std::string(v) + std::string(d.requirement), d, out);
  }
  for (const Decided& d : kAws) decide(a, th, std::string(d.requirement), d, out);
  for (const auto& [requirement, why] : kFailOnly) out[std::string(requirement)] = why;
  return out;
}

void fit_compliance(std::vector<Finding>& findings, const Thresholds& th) {
  for (Finding& f : findings) {
    for (const Evidence& e : kEvidenceLimits) {
      if (e.rule != f.id) continue;
      // An age over the configured threshold is over the requirement's when the threshold is
      // at least the requirement's.
      if (th.*(e.limit.threshold) >= e.limit.value) continue;
      std::erase(f.compliance, std::string(e.requirement));
    }
  }
}

}  // namespace iw::audit
