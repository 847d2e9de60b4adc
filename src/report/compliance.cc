// The compliance view, and its text form (audit --format compliance).
#include "report/compliance.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <unordered_map>

#include "core/json_writer.h"
#include "core/rules.h"
#include "core/strings.h"
#include "report/report.h"
#include "report/report_util.h"

namespace iw::report {

namespace {

// Requirement id -> the rule ids whose findings can name it (from the rule registry).
const std::unordered_map<std::string_view, std::vector<std::string_view>>& checks_by_requirement() {
  static const auto map = [] {
    std::unordered_map<std::string_view, std::vector<std::string_view>> out;
    for (const RuleInfo& r : all_rules()) {
      for (std::string_view c : split(r.compliance, ',')) {
        if (!c.empty()) out[c].push_back(r.id);
      }
    }
    return out;
  }();
  return map;
}

std::string manual_note(const RequirementResult& r, const std::map<std::string, std::string>& scope) {
  if (const auto it = scope.find(std::string(r.requirement->id)); it != scope.end()) return it->second;
  if (r.checks.empty()) return "no check of iamwarden decides it: assess it by hand";
  return "not decided by this analysis";
}

}  // namespace

std::string_view to_string(RequirementStatus s) {
  switch (s) {
    case RequirementStatus::pass: return "PASS";
    case RequirementStatus::fail: return "FAIL";
    case RequirementStatus::manual: return "MANUAL";
  }
  return "MANUAL";
}

std::vector<RequirementResult> evaluate_compliance(const std::vector<Finding>& findings,
                                                   const std::map<std::string, std::string>& scope) {
  std::unordered_map<std::string_view, std::vector<const Finding*>> named;
  for (const Finding& f : findings) {
    for (const std::string& c : f.compliance) named[c].push_back(&f);
  }
  std::vector<RequirementResult> out;
  for (const Framework& fw : compliance_frameworks()) {
    for (const Requirement& req : fw.requirements) {
      RequirementResult r;
      r.framework = &fw;
      r.requirement = &req;
      if (const auto it = checks_by_requirement().find(req.id); it != checks_by_requirement().end()) r.checks = it->second;
      if (const auto it = named.find(req.id); it != named.end()) {
        r.status = RequirementStatus::fail;
        r.evidence = it->second;
      } else if (const auto s = scope.find(std::string(req.id)); s != scope.end() && s->second.empty()) {
        r.status = RequirementStatus::pass;
        r.note = fmt::format("checked by {}: no finding names it", fmt::join(r.checks, ", "));
      } else {
        r.note = manual_note(r, scope);
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

namespace {

constexpr std::size_t kEvidenceShown = 10;

void write_requirement(std::string& out, const RequirementResult& r) {
  out += fmt::format("  {:<7} {:<7} {}\n", requirement_number(r.requirement->id), to_string(r.status),
                     r.requirement->title);
  const std::string indent(18, ' ');
  if (r.status != RequirementStatus::fail) {
    out += indent + r.note + "\n";
    return;
  }
  for (std::size_t i = 0; i < r.evidence.size() && i < kEvidenceShown; ++i) {
    const Finding& f = *r.evidence[i];
    out += indent + detail::terminal_text(f.id) + "  " +
           detail::terminal_text(f.resource.empty() ? detail::artifact(f) : f.resource) + "\n";
  }
  if (r.evidence.size() > kEvidenceShown) {
    out += indent + fmt::format("... and {} more (every finding: --format json)\n", r.evidence.size() - kEvidenceShown);
  }
}

}  // namespace

std::string write_compliance(const ReportInput& input) {
  static const std::map<std::string, std::string> kNone;
  const std::vector<Finding> findings = detail::sorted(input.findings);
  const auto results = evaluate_compliance(findings, input.compliance_scope ? *input.compliance_scope : kNone);
  std::string out;
  const Framework* current = nullptr;
  std::array<std::size_t, 3> counts{};
  const auto close = [&] {
    if (current != nullptr) out += fmt::format("  {} PASS, {} FAIL, {} MANUAL\n", counts[0], counts[1], counts[2]);
    counts = {};
  };
  for (const RequirementResult& r : results) {
    if (r.framework != current) {
      close();
      if (current != nullptr) out += '\n';
      out += fmt::format("{}: {}\n", r.framework->id, r.framework->name);
      current = r.framework;
    }
    ++counts[static_cast<std::size_t>(r.status)];
    write_requirement(out, r);
  }
  close();
  return out;
}

}  // namespace iw::report
