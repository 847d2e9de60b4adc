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
  auto key = [](const Finding& f) {
    const int line = f.location ? f.location->line : 0;
    const int column = f.location ? f.location->column : 0;
    return std::tie(f.resource, line, column, f.id, f.message);
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
}

}  // namespace iw
