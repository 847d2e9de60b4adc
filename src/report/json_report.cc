// --format json: contracts.md §2.
#include "core/json_writer.h"
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
  w.end_object();
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
  w.end_object();
}

}  // namespace

std::string write_json(const ReportInput& input) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object();
  w.key("tool").begin_object();
  w.member("name", input.tool.name);
  w.member("version", input.tool.version);
  w.member("catalog", input.tool.catalog);
  w.end_object();
  w.key("findings").begin_array();
  for (const Finding& f : detail::sorted(input.findings)) write_finding(w, f);
  w.end_array();
  const Summary s = summary(input.findings);
  w.key("summary").begin_object();
  for (Severity sev : detail::kSeveritiesDescending) w.member(to_string(sev), s.count(sev));
  w.end_object();
  write_undecided(w, input.undecided);
  w.end_object();
  std::string out = std::move(w).take();
  out += '\n';
  return out;
}

}  // namespace iw::report
