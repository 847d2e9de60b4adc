// --format json: contracts.md §2.
#include "core/json_writer.h"
#include "report/compliance.h"
#include "report/report.h"
#include "report/report_util.h"

namespace iw::report {

namespace {

void write_location(JsonWriter& w, const Location& loc) {
  w.key("location").begin_object();
  w.member("file", loc.file);
  if (loc.line > 0) w.member("line", loc.line);
  if (loc.column > 0) w.member("column", loc.column);
  if (loc.statement >= 0) w.member("statement", loc.statement);
  if (!loc.sid.empty()) w.member("sid", loc.sid);
  if (loc.record >= 0) w.member("record", loc.record);
  w.end_object();
}

// CloudTrail findings (contracts.md §6): the event and, for a Sigma rule, the rule credited.
void write_trail_fields(JsonWriter& w, const Finding& f) {
  if (!f.event.empty()) {
    w.key("event").begin_object();
    for (const auto& [k, v] : f.event) w.member(k, v);
    w.end_object();
  }
  if (f.rule) {
    w.key("rule").begin_object();
    w.member("id", f.rule->id).member("title", f.rule->title).member("author", f.rule->author);
    w.member("license", f.rule->license).member("references", f.rule->references);
    w.end_object();
  }
}

void write_finding(JsonWriter& w, const Finding& f) {
  w.begin_object();
  w.member("id", f.id);
  w.member("severity", to_string(f.severity));
  w.member("title", f.title);
  w.member("message", f.message);
  w.member("account", f.account);
  w.member("resource", f.resource);
  if (f.location) write_location(w, *f.location);
  w.member("remediation", f.remediation);
  w.member("compliance", f.compliance);
  write_trail_fields(w, f);
  for (const auto& [key, json] : f.json) w.key(key).raw(json);
  if (f.iac) {
    w.key("iac").begin_object();
    w.member("address", f.iac->address).member("file", f.iac->file).member("line", f.iac->line);
    w.end_object();
  }
  if (!f.related.empty()) w.member("related", f.related);
  w.end_object();
}

// "compliance": one entry per requirement (report/compliance.h), when the analysis reports it.
void write_compliance_section(JsonWriter& w, const std::vector<Finding>& findings,
                              const std::map<std::string, std::string>& scope) {
  w.key("compliance").begin_array();
  for (const RequirementResult& r : evaluate_compliance(findings, scope)) {
    w.begin_object();
    w.member("framework", r.framework->id);
    w.member("requirement", requirement_number(r.requirement->id));
    w.member("title", r.requirement->title);
    w.member("status", to_string(r.status));
    w.key("checks").begin_array();
    for (std::string_view c : r.checks) w.value(c);
    w.end_array();
    w.key("evidence").begin_array();
    for (const Finding* f : r.evidence) {
      w.begin_object().member("id", f->id).member("resource", f->resource).member("message", f->message).end_object();
    }
    w.end_array();
    w.member("note", r.note);
    w.end_object();
  }
  w.end_array();
}

// "external_access": the ways in from outside the account, when the analysis looked for them.
void write_external_access(JsonWriter& w, const std::vector<ExternalAccess>& ways) {
  w.key("external_access").begin_array();
  for (const ExternalAccess& e : ways) {
    w.begin_object().member("resource", e.resource).member("kind", e.kind).member("public", e.is_public);
    w.member("principals", e.principals).member("actions", e.actions).member("conditions", e.conditions);
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string write_json(const ReportInput& input) {
  return detail::collect([&](const auto& sink) { write_json(input, sink); });
}

namespace {

// The json report with the findings from `each` (`all`: the same findings held, for the
// compliance section; nullptr when they are not held).
void write_json_from(const ReportInput& input, const FindingSource& each, const Summary& s, const std::vector<Finding>* all,
                     const std::function<void(std::string_view)>& sink) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object();
  w.key("tool").begin_object();
  w.member("name", input.tool.name);
  w.member("version", input.tool.version);
  w.member("catalog", input.tool.catalog);
  w.end_object();
  w.key("findings").begin_array();
  each([&](const Finding& f) {
    write_finding(w, f);
    detail::drain_block(w, sink);
  });
  w.end_array();
  w.key("summary").begin_object();
  for (Severity sev : detail::kSeveritiesDescending) w.member(to_string(sev), s.count(sev));
  w.end_object();
  write_undecided(w, input.undecided);
  if (input.compliance_scope && all != nullptr) write_compliance_section(w, *all, *input.compliance_scope);
  if (input.external_access) write_external_access(w, *input.external_access);
  w.end_object();
  w.drain(sink);
  sink("\n");
}

}  // namespace

void write_json(const ReportInput& input, const std::function<void(std::string_view)>& sink) {
  std::vector<Finding> copy;
  const std::vector<Finding>& findings = detail::in_order(input.findings, copy);
  write_json_from(input, detail::source_of(findings), summary(input.findings), &findings, sink);
}

void write_json(const ReportInput& input, const FindingSource& each, const Summary& s,
                const std::function<void(std::string_view)>& sink) {
  write_json_from(input, each, s, nullptr, sink);
}

}  // namespace iw::report
