// Writers for `iamwarden test` results. Each returns the complete text (ending in a newline),
// never fails, and escapes whatever bytes case names or paths hold.
//
//   text   one line per case (✓ / ✗), the explanation under each failure (under every case when
//          `verbose`), and a summary; ANSI colors only when `color` is true.
//   json   {"results": [...], "summary": {...}}: one result per case, in suite order.
//   junit  JUnit XML: one <testsuite> per suite file, one <testcase> per case, a <failure> holding
//          the explanation for each failed case.
#pragma once

#include <string>
#include <vector>

#include "testsuite/suite.h"

namespace iw::testsuite {

std::string write_text(const std::vector<SuiteResult>& suites, bool color, bool verbose = false);
std::string write_json(const std::vector<SuiteResult>& suites);
std::string write_junit(const std::vector<SuiteResult>& suites);

}  // namespace iw::testsuite
