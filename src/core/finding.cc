#include "core/finding.h"

#include <algorithm>
#include <tuple>

#include "core/strings.h"

namespace iw {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::critical: return "critical";
    case Severity::high: return "high";
    case Severity::medium: return "medium";
    case Severity::low: return "low";
    case Severity::info: return "info";
  }
  return "info";
}

std::optional<Severity> parse_severity(std::string_view s) {
  for (Severity v : {Severity::critical, Severity::high, Severity::medium, Severity::low,
                     Severity::info}) {
    if (iequals(s, to_string(v))) return v;
  }
  return std::nullopt;
}

void sort_findings(std::vector<Finding>& findings) {
  const auto less = [](const Finding& a, const Finding& b) {
    const int al = a.location ? a.location->line : 0, bl = b.location ? b.location->line : 0;
    const int ac = a.location ? a.location->column : 0, bc = b.location ? b.location->column : 0;
    return std::tie(a.resource, al, ac, a.id, a.message) < std::tie(b.resource, bl, bc, b.id, b.message);
  };
  std::stable_sort(findings.begin(), findings.end(), less);
}

}  // namespace iw
