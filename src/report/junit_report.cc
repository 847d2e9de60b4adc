// --format junit: one testsuite per resource, one testcase per rule id that fired there.
#include <fmt/format.h>

#include <algorithm>
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
using Cases = std::map<std::string, std::vector<Finding>>;

void write_case(std::string& out, const std::string& suite, const std::string& id,
                const std::vector<Finding>& occurrences) {
  const Finding& first = occurrences.front();
  Severity worst = first.severity;
  for (const Finding& f : occurrences) worst = std::max(worst, f.severity);
  std::string message = first.title.empty() ? id : first.title;
  if (occurrences.size() > 1) message += fmt::format(" ({} occurrences)", occurrences.size());
  out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", attr(suite), attr(id));
  out += fmt::format("      <failure type=\"{}\" message=\"{}\">", to_string(worst), attr(message));
  for (const Finding& f : occurrences) {
    out += text(fmt::format("{}: {}: {}\n", position(f), to_string(f.severity), f.message));
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

// The report of the findings of `each` (in report order: a resource's findings are together),
// one resource at a time: a first pass counts the cases for the totals the report opens with.
void write_junit(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink) {
  std::set<std::string, std::less<>> resources;
  std::set<std::string, std::less<>> ids;  // of the current resource
  std::size_t failures = 0;
  each([&](const Finding& f) {
    if (resources.insert(f.resource).second) ids.clear();
    if (ids.insert(f.id).second) ++failures;
  });
  std::vector<std::string> clean;  // the scanned files without findings, after the resources
  for (const std::string& file : input.files) {
    if (!resources.contains(file) && std::find(clean.begin(), clean.end(), file) == clean.end()) clean.push_back(file);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     attr(input.tool.name), failures + clean.size(), failures);
  std::string resource;
  Cases cases;
  const auto flush = [&] {
    if (cases.empty()) return;
    write_suite(out, resource, cases);
    cases.clear();
    sink(out);
    out.clear();
  };
  each([&](const Finding& f) {
    if (cases.empty() || f.resource != resource) {
      flush();
      resource = f.resource;
    }
    std::vector<Finding>& occurrences = cases[f.id];
    occurrences.push_back(detail::slim(f, occurrences.empty()));  // the first of a case titles it
  });
  flush();
  for (const std::string& file : clean) write_suite(out, file, {});
  out += "</testsuites>\n";
  sink(out);
}

std::string write_junit(const ReportInput& input) { return detail::held_string(input, write_junit); }

}  // namespace iw::report
