// The compliance view: the requirements of every framework of core/compliance.h, each PASS,
// FAIL or MANUAL for one report.
//
//   FAIL    a finding names the requirement in its `compliance` (the findings are the evidence);
//   PASS    no finding names it, and the analysis decided it (ReportInput::compliance_scope
//           maps it to "": every check that can fail it ran on the input it needs);
//   MANUAL  otherwise: no check of iamwarden can decide it, or the analysis could not (the
//           note says why, e.g. a missing credential report or a different threshold).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/compliance.h"
#include "core/finding.h"

namespace iw::report {

enum class RequirementStatus { pass, fail, manual };
std::string_view to_string(RequirementStatus s);  // "PASS", "FAIL", "MANUAL"

struct RequirementResult {
  const Framework* framework = nullptr;
  const Requirement* requirement = nullptr;
  RequirementStatus status = RequirementStatus::manual;
  std::vector<const Finding*> evidence;  // the findings that name it, in the order given
  std::vector<std::string_view> checks;  // the rule ids that can fail it
  std::string note;                      // why it is MANUAL; what decided a PASS
};

// One result per requirement of every framework, in catalog order. The results point into
// `findings`, which must outlive them.
std::vector<RequirementResult> evaluate_compliance(const std::vector<Finding>& findings,
                                                   const std::map<std::string, std::string>& scope);

}  // namespace iw::report
