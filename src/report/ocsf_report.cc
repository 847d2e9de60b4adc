// --format ocsf: OCSF 1.1.0 Compliance Finding events (Findings category, class_uid 2003,
// activity Create), one per finding, as a JSON array.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "report/export_util.h"
#include "report/report.h"
#include "report/report_util.h"

namespace iw::report {

namespace {

constexpr std::string_view kOcsfVersion = "1.1.0";
constexpr int kCategoryUid = 2;      // Findings
constexpr int kClassUid = 2003;      // Compliance Finding
constexpr int kActivityCreate = 1;   // Create
constexpr std::string_view kFindingType =
    "Software and Configuration Checks/AWS Security Best Practices";

// OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
int severity_id(Severity s) {
  switch (s) {
    case Severity::critical: return 5;
    case Severity::high: return 4;
    case Severity::medium: return 3;
    case Severity::low: return 2;
    case Severity::info: return 1;
  }
  return 1;
}


void write_event(JsonWriter& w, const ReportInput& input, const Finding& f, std::int64_t time,
                 const std::string& region) {
  const std::string account = detail::account_or_zero(f);
  const std::string resource = f.resource.empty() ? detail::artifact(f) : f.resource;
  const std::string title = detail::title_of(f);
  const std::string message = !f.message.empty() ? f.message : title;
  std::vector<std::string> standards = detail::compliance_standards(f.compliance);
  if (standards.empty()) standards.emplace_back("iamwarden");

  w.begin_object();
  w.member("activity_id", kActivityCreate);
  w.member("activity_name", "Create");
  w.member("category_uid", kCategoryUid);
  w.member("category_name", "Findings");
  w.member("class_uid", kClassUid);
  w.member("class_name", "Compliance Finding");
  w.member("type_uid", kClassUid * 100 + kActivityCreate);
  w.member("type_name", "Compliance Finding: Create");
  w.member("severity_id", severity_id(f.severity));
  w.member("severity", detail::severity_label(f.severity));
  w.member("status_id", 1);
  w.member("status", "New");
  w.member("time", time);
  w.member("message", message);
  w.key("metadata").begin_object();
  w.key("product").begin_object();
  w.member("name", input.tool.name);
  w.member("vendor_name", input.tool.name);
  w.member("version", input.tool.version);
  w.end_object();
  w.member("version", kOcsfVersion);
  w.end_object();
  w.key("finding_info").begin_object();
  w.member("uid", fmt::format("iamwarden/{}/{}", f.id, detail::stable_fingerprint(f)));
  w.member("title", title);
  w.member("desc", message);
  w.key("types").begin_array().value(kFindingType).end_array();
  w.member("created_time", time);
  w.end_object();
  w.key("resources").begin_array().begin_object();
  w.member("uid", resource);
  w.member("type", detail::aws_resource_type(resource));
  w.member("cloud_partition", "aws");
  w.member("region", region);
  w.end_object().end_array();
  w.key("compliance").begin_object();
  w.member("control", f.id);
  w.member("requirements", f.compliance);
  w.member("standards", standards);
  w.member("status_id", 3);  // Fail
  w.member("status", "Fail");
  w.end_object();
  w.key("remediation").begin_object();
  w.member("desc", detail::remediation_of(f));
  w.end_object();
  w.key("cloud").begin_object();
  w.member("provider", "AWS");
  w.member("region", region);
  w.key("account").begin_object().member("uid", account).member("type", "AWS Account");
  w.member("type_id", 10).end_object();
  w.end_object();
  if (f.location) {
    w.key("unmapped").begin_object().key("location").begin_object();
    w.member("file", f.location->file);
    if (f.location->line > 0) w.member("line", f.location->line);
    if (f.location->column > 0) w.member("column", f.location->column);
    if (f.location->statement >= 0) w.member("statement", f.location->statement);
    if (!f.location->sid.empty()) w.member("sid", f.location->sid);
    w.end_object().end_object();
  }
  w.end_object();
}

}  // namespace

void write_ocsf(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink) {
  const std::int64_t time = detail::epoch_millis(detail::generated_at_or_epoch(input));
  const std::string region = detail::region_or_default(input);
  detail::write_array(each, [&](JsonWriter& w, const Finding& f) { write_event(w, input, f, time, region); }, sink);
}

std::string write_ocsf(const ReportInput& input) { return detail::held_string(input, write_ocsf); }

}  // namespace iw::report
