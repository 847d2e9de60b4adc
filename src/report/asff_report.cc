// --format asff: AWS Security Finding Format 2018-10-08, the `Findings` array that Security Hub's
// BatchImportFindings takes. Only the required attributes and the useful optional ones are
// written; strings are cut to the documented maximum lengths.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "report/export_util.h"
#include "report/report.h"
#include "report/report_util.h"

namespace iw::report {

namespace {

constexpr std::string_view kSchemaVersion = "2018-10-08";
constexpr std::string_view kType = "Software and Configuration Checks/AWS Security Best Practices";
constexpr std::string_view kCisType =
    "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark";
constexpr std::size_t kMaxRelatedRequirements = 32;

std::string_view label(Severity s) {
  switch (s) {
    case Severity::critical: return "CRITICAL";
    case Severity::high: return "HIGH";
    case Severity::medium: return "MEDIUM";
    case Severity::low: return "LOW";
    case Severity::info: return "INFORMATIONAL";
  }
  return "INFORMATIONAL";
}

std::string location_text(const Location& loc) {
  std::string out = loc.file;
  if (loc.line > 0) out += fmt::format(":{}", loc.line);
  if (loc.line > 0 && loc.column > 0) out += fmt::format(":{}", loc.column);
  return out;
}

// When the report was made (CreatedAt, UpdatedAt) and when the snapshot showed what it shows
// (FirstObservedAt, LastObservedAt; "" for a lint).
struct Times {
  std::string generated, observed;
};

void write_finding(JsonWriter& w, const Finding& f, const std::string& region, const Times& time) {
  const std::string account = detail::account_or_zero(f);
  const std::string resource = f.resource.empty() ? detail::artifact(f) : f.resource;
  const std::string title = detail::title_of(f);
  const std::string message = !f.message.empty() ? f.message : title;
  const std::string remediation = detail::remediation_of(f);

  w.begin_object();
  w.member("SchemaVersion", kSchemaVersion);
  w.member("Id", detail::truncate_utf8(
                     fmt::format("iamwarden/{}/{}", detail::truncate_utf8(f.id, 128),
                                 detail::stable_fingerprint(f)),
                     512));
  w.member("ProductArn",
           fmt::format("arn:aws:securityhub:{}:{}:product/{}/default", region, account, account));
  w.member("GeneratorId", detail::truncate_utf8("iamwarden/" + f.id, 512));
  w.member("AwsAccountId", account);
  w.key("Types").begin_array().value(kType);
  for (const std::string& c : f.compliance) {
    if (c.starts_with("CIS-AWS")) {
      w.value(kCisType);
      break;
    }
  }
  w.end_array();
  if (!time.observed.empty()) {
    w.member("FirstObservedAt", time.observed);
    w.member("LastObservedAt", time.observed);
  }
  w.member("CreatedAt", time.generated);
  w.member("UpdatedAt", time.generated);
  w.key("Severity").begin_object();
  w.member("Label", label(f.severity));
  w.member("Original", to_string(f.severity));
  w.end_object();
  w.member("Title", detail::truncate_utf8(title, 256));
  w.member("Description", detail::truncate_utf8(message, 1024));
  w.key("Remediation").begin_object().key("Recommendation").begin_object();
  w.member("Text", detail::truncate_utf8(remediation, 512));
  w.end_object().end_object();
  w.key("ProductFields").begin_object();
  w.member("iamwarden/RuleId", f.id);
  if (f.location) {
    w.member("iamwarden/Location", location_text(*f.location));
    if (f.location->statement >= 0) w.member("iamwarden/Statement", std::to_string(f.location->statement));
    if (!f.location->sid.empty()) w.member("iamwarden/Sid", f.location->sid);
  }
  w.end_object();
  w.key("Resources").begin_array().begin_object();
  w.member("Type", detail::aws_resource_type(resource));
  w.member("Id", detail::truncate_utf8(resource.empty() ? std::string("unknown") : resource, 512));
  w.member("Partition", "aws");
  w.member("Region", region);
  w.end_object().end_array();
  w.key("Compliance").begin_object();
  w.member("Status", "FAILED");
  if (!f.compliance.empty()) {
    w.key("RelatedRequirements").begin_array();
    for (std::size_t i = 0; i < f.compliance.size() && i < kMaxRelatedRequirements; ++i) {
      w.value(f.compliance[i]);
    }
    w.end_array();
  }
  w.end_object();
  w.member("RecordState", "ACTIVE");
  w.key("Workflow").begin_object().member("Status", "NEW").end_object();
  w.end_object();
}

}  // namespace

void write_asff(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink) {
  const std::string region = detail::region_or_default(input);
  const Times time{detail::generated_at_or_epoch(input), input.subject.as_of};
  detail::write_array(each, [&](JsonWriter& w, const Finding& f) { write_finding(w, f, region, time); }, sink);
}

std::string write_asff(const ReportInput& input) { return detail::held_string(input, write_asff); }

}  // namespace iw::report
