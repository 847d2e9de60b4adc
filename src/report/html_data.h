// The data block of the HTML report (not part of the public interface): every finding, rule,
// principal and name the page's script shows, as one compact JSON text that can sit inside
// <script type="application/json"> (see html_data.cc for its layout).
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "report/report.h"

namespace iw::report::detail {

// `ordered` is the findings in the order the page lists them.
std::string html_data_json(const ReportInput& input, const std::vector<Finding>& ordered);

}  // namespace iw::report::detail
