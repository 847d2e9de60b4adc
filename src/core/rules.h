// The registry of every finding id: its fixed title, default severity, why it matters and
// how to fix it. Writers use it for rule metadata (SARIF rules, help text); analyses use it
// to fill Finding::title and the default remediation. Ids are stable (contracts.md §2).
#pragma once

#include <span>
#include <string_view>

#include "core/finding.h"

namespace iw {

struct RuleInfo {
  std::string_view id;
  std::string_view title;        // short, fixed per id
  Severity severity;             // default severity (an occurrence may raise or lower it)
  std::string_view description;  // why it matters
  std::string_view remediation;  // how to fix it in general
  std::string_view compliance;   // comma-separated mappings, e.g. "CIS-AWS-3.0:1.16,SecurityHub:IAM.1"
};

// Every known rule, sorted by id.
std::span<const RuleInfo> all_rules();
// The rule with this id, or nullptr.
const RuleInfo* find_rule(std::string_view id);

// A Finding for rule `id` with title, severity, remediation and compliance filled in from the
// registry. `id` must be registered (asserted).
Finding make_finding(std::string_view id, std::string message);

}  // namespace iw
