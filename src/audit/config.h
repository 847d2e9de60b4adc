// The audit configuration file (YAML) and waivers of accepted findings.
//
//   thresholds:                      # contracts.md §2 defaults shown
//     access_key_max_age_days: 90
//     unused_days: 90
//     root_recent_days: 90
//     max_session_seconds: 3600
//     permission_set_max_session_seconds: 28800
//     password_min_length: 14
//     password_reuse_prevention: 24
//   known_accounts: ["444455556666"]   # partners: not reported as cross-account trust
//   waivers:
//     - id: user-console-no-mfa
//       resource: arn:aws:iam::111122223333:user/break-glass
//       reason: hardware token kept in the safe
//       expires: 2027-06-30            # after this date the finding is reported again
//
// load_config() throws ConfigError naming the file, line and column of what is wrong
// (unknown keys included, so typos never silently fall back to defaults).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "account/account.h"
#include "audit/audit.h"
#include "core/finding.h"

namespace iw::audit {

struct Waiver {
  std::string id;
  std::string resource;  // exact ARN, or "*" for every resource
  std::string reason;
  std::optional<account::Timestamp> expires;  // nullopt: never
  int line = 0;                               // in the config file
};

struct Config {
  Thresholds thresholds;
  std::vector<std::string> known_accounts;
  std::vector<Waiver> waivers;
};

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses the YAML text of a config file named `name` (for messages).
Config parse_config(const std::string& text, const std::string& name);

struct WaiverOutcome {
  std::size_t waived = 0;
  std::vector<std::string> expired;  // "id resource (expired DATE)" for waivers past their date
};

// Removes the findings that an unexpired waiver covers; expired waivers let findings through
// (and are listed in the outcome, and noted in the finding's message).
WaiverOutcome apply_waivers(const std::vector<Waiver>& waivers, account::Timestamp now,
                            std::vector<Finding>& findings);

}  // namespace iw::audit
