#include "core/finding.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <unordered_map>

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

bool finding_less(const Finding& a, const Finding& b) {
  const int al = a.location ? a.location->line : 0, bl = b.location ? b.location->line : 0;
  const int ac = a.location ? a.location->column : 0, bc = b.location ? b.location->column : 0;
  return std::tie(a.resource, al, ac, a.id, a.message) < std::tie(b.resource, bl, bc, b.id, b.message);
}

// The rank of each finding's `field` among the distinct values of all findings (equal values,
// equal ranks; order kept): integers to compare instead of strings with long common prefixes.
template <typename Field>
std::vector<std::uint32_t> ranks(const std::vector<Finding>& findings, Field field) {
  std::unordered_map<std::string_view, std::uint32_t> distinct;
  for (const Finding& f : findings) distinct.emplace(field(f), 0);
  std::vector<std::string_view> values;
  values.reserve(distinct.size());
  for (const auto& [v, rank] : distinct) values.push_back(v);
  std::sort(values.begin(), values.end());
  for (std::uint32_t i = 0; i < values.size(); ++i) distinct[values[i]] = i;
  std::vector<std::uint32_t> out;
  out.reserve(findings.size());
  for (const Finding& f : findings) out.push_back(distinct[field(f)]);
  return out;
}

// Sorting many findings (a Sigma rule that fires on most events of a log): by ranks of resource
// and id, then by message within each group of equal (resource, line, column, id), comparing
// only after the prefix every message of the group shares. The same order as finding_less.
void sort_many(std::vector<Finding>& findings) {
  const std::vector<std::uint32_t> resource = ranks(findings, [](const Finding& f) { return std::string_view(f.resource); });
  const std::vector<std::uint32_t> id = ranks(findings, [](const Finding& f) { return std::string_view(f.id); });
  const auto key = [&](std::uint32_t i) {
    const Finding& f = findings[i];
    return std::make_tuple(resource[i], f.location ? f.location->line : 0, f.location ? f.location->column : 0, id[i]);
  };
  std::vector<std::uint32_t> order(findings.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin + 1;
    while (end < order.size() && key(order[end]) == key(order[begin])) ++end;
    if (end - begin > 1) {
      std::string_view first = findings[order[begin]].message;
      std::size_t common = first.size();
      for (std::size_t k = begin + 1; k < end && common > 0; ++k) {
        const std::string_view m = findings[order[k]].message;
        common = std::min(common, static_cast<std::size_t>(
                                      std::mismatch(first.begin(), first.begin() + std::min(common, m.size()), m.begin()).first -
                                      first.begin()));
      }
      std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(begin), order.begin() + static_cast<std::ptrdiff_t>(end),
                       [&](std::uint32_t a, std::uint32_t b) {
                         return std::string_view(findings[a].message).substr(common) <
                                std::string_view(findings[b].message).substr(common);
                       });
    }
    begin = end;
  }
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(findings[i]));
  findings = std::move(sorted);
}

void sort_findings(std::vector<Finding>& findings) {
  if (findings.size() < 4096) return std::stable_sort(findings.begin(), findings.end(), finding_less);
  sort_many(findings);
}

bool findings_sorted(const std::vector<Finding>& findings) {
  return std::is_sorted(findings.begin(), findings.end(), finding_less);
}

}  // namespace iw
