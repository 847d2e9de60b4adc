// --format junit: one testsuite per resource, one testcase per rule id that fired there.
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "core/xml.h"
#include "report/report.h"
#include "report/report_util.h"

namespace iw::report {

namespace {

std::string attr(std::string_view s) { return xml_escape(s, true); }

std::string text(std::string_view s) {
  return xml_escape(s, false);
}

std::string position(const Finding& f) {
  std::string s = detail::artifact(f);
  if (f.location && f.location->line > 0) {
    s += fmt::format(":{}", f.location->line);
    if (f.location->column > 0) s += fmt::format(":{}", f.location->column);
  }
  return s;
}

// The findings of one resource, grouped by rule id (in id order).
using Cases = std::map<std::string, std::vector<const Finding*>>;

void write_case(std::string& out, const std::string& suite, const std::string& id,
                const std::vector<const Finding*>& occurrences) {
  const Finding& first = *occurrences.front();
  Severity worst = first.severity;
  for (const Finding* f : occurrences) worst = std::max(worst, f->severity);
  std::string message = first.title.empty() ? id : first.title;
  if (occurrences.size() > 1) message += fmt::format(" ({} occurrences)", occurrences.size());
  out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", attr(suite), attr(id));
  out += fmt::format("      <failure type=\"{}\" message=\"{}\">", to_string(worst), attr(message));
  for (const Finding* f : occurrences) {
    out += text(fmt::format("{}: {}: {}\n", position(*f), to_string(f->severity), f->message));
  }
  if (!first.remediation.empty()) out += text(fmt::format("fix: {}\n", first.remediation));
  out += "</failure>\n    </testcase>\n";
}

void write_suite(std::string& out, const std::string& name, const Cases& cases) {
  const std::size_t tests = cases.empty() ? 1 : cases.size();
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     attr(name), tests, cases.size());
  if (cases.empty()) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"no findings\"/>\n", attr(name));
  }
  for (const auto& [id, occurrences] : cases) write_case(out, name, id, occurrences);
  out += "  </testsuite>\n";
}

}  // namespace

namespace {

// The report of `findings` (sorted).
std::string write_junit_of(const ReportInput& input, const std::vector<Finding>& findings) {
  // Resources in first-seen (sorted) order, then the scanned files that had no finding.
  std::vector<std::string> order;
  std::map<std::string, Cases> suites;
  for (const Finding& f : findings) {
    auto [it, inserted] = suites.try_emplace(f.resource);
    if (inserted) order.push_back(f.resource);
    it->second[f.id].push_back(&f);
  }
  for (const std::string& file : input.files) {
    if (suites.try_emplace(file).second) order.push_back(file);
  }
  std::size_t tests = 0, failures = 0;
  for (const auto& [name, cases] : suites) {
    tests += cases.empty() ? 1 : cases.size();
    failures += cases.size();
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     attr(input.tool.name), tests, failures);
  for (const std::string& name : order) write_suite(out, name, suites.at(name));
  out += "</testsuites>\n";
  return out;
}

}  // namespace

std::string write_junit(const ReportInput& input) {
  std::vector<Finding> copy;
  return write_junit_of(input, detail::in_order(input.findings, copy));
}

void write_junit(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink) {
  std::vector<Finding> findings;
  std::set<std::pair<std::string, std::string>> cases;  // the first finding of a case titles it
  each([&](const Finding& f) { findings.push_back(detail::slim(f, cases.emplace(f.resource, f.id).second)); });
  sink(write_junit_of(input, findings));
}

}  // namespace iw::report
