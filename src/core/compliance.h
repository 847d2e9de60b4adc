// The compliance frameworks whose identity and access requirements iamwarden reports on, and
// their requirements. A finding's `compliance` ids ("CIS-AWS-3.0:1.5") name requirements of this
// catalog: the rule registry (rules.h) says which checks can fail which requirement; an analysis
// says which requirements it decided (report.h, ReportInput::compliance_scope).
//
// Frameworks (ids before the ':'):
//   CIS-AWS-3.0   CIS Amazon Web Services Foundations Benchmark v3.0.0, section 1 (IAM)
//   CIS-AWS-4.0   the same for v4.0.0 (section 1 keeps v3.0.0's numbering)
//   SecurityHub   AWS Security Hub controls for IAM (IAM.1 to IAM.22 and IAM.26 to IAM.28;
//                 IAM.23 to IAM.25 only check tags)
//   AWS-FSBP      the IAM controls of AWS Foundational Security Best Practices v1.0.0
// Titles are short summaries in iamwarden's words; the frameworks' documents are the reference.
#pragma once

#include <span>
#include <string_view>

namespace iw {

struct Requirement {
  std::string_view id;     // "CIS-AWS-3.0:1.5"
  std::string_view title;  // what it asks, in a few words
};

struct Framework {
  std::string_view id;    // "CIS-AWS-3.0"
  std::string_view name;  // its full name and the part of it covered
  std::span<const Requirement> requirements;  // in the framework's order
};

// Every framework, in the order reports list them.
std::span<const Framework> compliance_frameworks();
// The requirement with this id, or nullptr.
const Requirement* find_requirement(std::string_view id);
// "1.5" for "CIS-AWS-3.0:1.5": the requirement's number within its framework.
std::string_view requirement_number(std::string_view id);
// "CIS-AWS-3.0" for "CIS-AWS-3.0:1.5".
std::string_view framework_of(std::string_view id);

}  // namespace iw
