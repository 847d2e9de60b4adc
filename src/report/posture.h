// The posture score and grade of the HTML report (not part of the public interface).
//
// Score = max(0, 100 - round(5 * W / N)). W weighs each finding: critical 10, high 5, medium
// 2, low 1, info 0, and every escalation finding 10 (kEscalation ids of severity high or
// critical: a lone policy's methods that need an existing resource are info, not a path).
// N is the number of principals assessed, or, when no principals are listed, the larger of the
// inputs scanned and the resources with findings (at least 1).
//
// The grade follows the score (A >= 90, B >= 75, C >= 50, D >= 25, else F) but never reassures
// while the worst problems exist: an escalation finding caps it at C, a critical finding at D,
// and both together make it F.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "report/report.h"

namespace iw::report::detail {

// Findings that are a way to administrator: a principal that can escalate (audit), or a policy
// that on its own grants a complete escalation method (lint).
inline constexpr std::array<std::string_view, 2> kEscalation = {"privilege-escalation-principal",
                                                                 "privilege-escalation"};

struct Posture {
  int score = 100;
  char grade = 'A';        // after the caps
  char score_grade = 'A';  // what the score alone would give
  long long weighted = 0;  // W
  std::size_t denominator = 1;  // N
  bool per_principal = false;   // N counts principals
  std::size_t critical = 0, escalation = 0;
  std::string cap;  // why the grade is below score_grade ("" when it is not)
};

// What the score reads of the findings, gathered one finding at a time.
struct PostureTally {
  long long weighted = 0;
  std::size_t critical = 0, escalation = 0;
  std::set<std::string, std::less<>> subjects;  // the resources (else files) with findings

  void add(const Finding& f);
};

// The posture of `input` (its principals and inputs scanned) with findings as `tally` counted.
Posture posture(const ReportInput& input, const PostureTally& tally);
// The posture of input.findings.
Posture posture(const ReportInput& input);

}  // namespace iw::report::detail
