// --format asff (Security Hub) and --format ocsf (OCSF 1.1.0 Compliance Finding).
//
// Golden files: tests/golden/report/*.asff.json, *.ocsf.json; regenerate after an intended
// change with IW_UPDATE_GOLDEN=1 build/.../iw_unit_tests --gtest_filter='Report*' and review.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "report/export_util.h"
#include "report/report.h"
#include "report_samples.h"

namespace iw {
namespace {

using report_samples::expect_golden;

simdjson::dom::element parse_or_fail(simdjson::dom::parser& parser, const std::string& text) {
  simdjson::dom::element doc;
  const auto error = parser.parse(text).get(doc);
  EXPECT_EQ(error, simdjson::SUCCESS) << simdjson::error_message(error) << "\n" << text;
  return doc;
}

std::string str(simdjson::dom::element e, std::string_view path) {
  std::string_view v;
  const auto error = e.at_pointer(path).get(v);
  EXPECT_EQ(error, simdjson::SUCCESS) << "missing string " << path;
  return std::string(v);
}

TEST(ReportGolden, Asff) {
  expect_golden("findings.asff.json", report::write_asff(report_samples::input()));
  expect_golden("empty.asff.json", report::write_asff(report_samples::empty_input()));
}

TEST(ReportGolden, Ocsf) {
  expect_golden("findings.ocsf.json", report::write_ocsf(report_samples::input()));
  expect_golden("empty.ocsf.json", report::write_ocsf(report_samples::empty_input()));
}

TEST(ReportAsff, EveryFindingHasTheRequiredAttributes) {
  const report::ReportInput in = report_samples::input();
  const std::string out = report::write_asff(in);
  simdjson::dom::parser parser;
  simdjson::dom::array findings = parse_or_fail(parser, out).get_array();
  ASSERT_EQ(findings.size(), in.findings.size());
  const std::set<std::string> labels = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"};
  const std::set<std::string> types = {"AwsIamUser", "AwsIamRole", "AwsIamPolicy", "AwsIamGroup",
                                       "AwsAccount", "Other"};
  std::set<std::string> ids;
  for (simdjson::dom::element f : findings) {
    EXPECT_EQ(str(f, "/SchemaVersion"), "2018-10-08");
    const std::string id = str(f, "/Id");
    EXPECT_TRUE(id.starts_with("iamwarden/")) << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate Id " << id;
    const std::string account = str(f, "/AwsAccountId");
    EXPECT_EQ(account.size(), 12u);
    EXPECT_EQ(str(f, "/ProductArn"),
              "arn:aws:securityhub:us-east-1:" + account + ":product/" + account + "/default");
    EXPECT_TRUE(str(f, "/GeneratorId").starts_with("iamwarden/"));
    EXPECT_GE(f["Types"].get_array().size(), 1u);
    EXPECT_EQ(str(f, "/CreatedAt"), "2026-11-01T00:00:00Z");
    EXPECT_EQ(str(f, "/UpdatedAt"), "2026-11-01T00:00:00Z");
    EXPECT_TRUE(labels.contains(str(f, "/Severity/Label")));
    EXPECT_FALSE(str(f, "/Title").empty());
    EXPECT_LE(str(f, "/Title").size(), 256u);
    EXPECT_FALSE(str(f, "/Description").empty());
    EXPECT_LE(str(f, "/Description").size(), 1024u);
    EXPECT_FALSE(str(f, "/Remediation/Recommendation/Text").empty());
    EXPECT_TRUE(types.contains(str(f, "/Resources/0/Type")));
    EXPECT_FALSE(str(f, "/Resources/0/Id").empty());
    EXPECT_EQ(str(f, "/Compliance/Status"), "FAILED");
  }
}

TEST(ReportAsff, IdsMatchSarifFingerprintsAndResourceTypesFollowArns) {
  const report::ReportInput in = report_samples::input();
  simdjson::dom::parser p1, p2;
  simdjson::dom::array asff = parse_or_fail(p1, report::write_asff(in)).get_array();
  simdjson::dom::element sarif = parse_or_fail(p2, report::write_sarif(in));
  simdjson::dom::array results = sarif.at_pointer("/runs/0/results").get_array();
  ASSERT_EQ(asff.size(), results.size());
  std::size_t i = 0;
  std::map<std::string, std::string> type_of;
  for (simdjson::dom::element r : results) {
    const simdjson::dom::element f = asff.at(i++);
    EXPECT_EQ(str(f, "/Id"), "iamwarden/" + str(r, "/ruleId") + "/" +
                                 str(r, "/partialFingerprints/iamwarden~1v1"));
    type_of[str(f, "/Resources/0/Id")] = str(f, "/Resources/0/Type");
  }
  EXPECT_EQ(type_of["arn:aws:iam::111122223333:root"], "AwsAccount");
  EXPECT_EQ(type_of["arn:aws:iam::444455556666:user/alice"], "AwsIamUser");
  EXPECT_EQ(type_of["arn:aws:iam::111122223333:group/devs"], "AwsIamGroup");
  EXPECT_EQ(type_of[std::string("arn:aws:iam::111122223333:role/") + report_samples::kImgPayload],
            "AwsIamRole");
  EXPECT_EQ(type_of["policies/admin.json"], "Other");
  EXPECT_EQ(report::detail::aws_resource_type("arn:aws:iam::aws:policy/ReadOnlyAccess"), "AwsIamPolicy");
  EXPECT_EQ(report::detail::aws_resource_type("arn:aws:s3:::bucket"), "Other");
  EXPECT_EQ(report::detail::aws_resource_type("arn:aws:iam::1:root/x"), "Other");
}

TEST(ReportAsff, RegionAccountFallbackEpochAndLimits) {
  report::ReportInput in;
  Finding f = make_finding("admin-wildcard", std::string(3000, 'x') + "\xC3\xA9");
  f.title = std::string(300, '\xC3');  // ill-formed and too long: replaced, then cut
  f.resource = "p.json";
  in.findings = {f};
  in.region = "eu-west-3";
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parse_or_fail(parser, report::write_asff(in));
  EXPECT_EQ(str(doc, "/0/AwsAccountId"), "000000000000");
  EXPECT_EQ(str(doc, "/0/ProductArn"),
            "arn:aws:securityhub:eu-west-3:000000000000:product/000000000000/default");
  EXPECT_EQ(str(doc, "/0/Resources/0/Region"), "eu-west-3");
  EXPECT_EQ(str(doc, "/0/CreatedAt"), "1970-01-01T00:00:00Z");
  EXPECT_LE(str(doc, "/0/Description").size(), 1024u);
  EXPECT_TRUE(str(doc, "/0/Description").ends_with("\xE2\x80\xA6"));
  EXPECT_LE(str(doc, "/0/Title").size(), 256u);
  EXPECT_EQ(report::write_asff(report::ReportInput{}), "[]\n");
}

TEST(ReportOcsf, EveryEventIsAComplianceFinding) {
  const report::ReportInput in = report_samples::input();
  simdjson::dom::parser parser;
  simdjson::dom::array events = parse_or_fail(parser, report::write_ocsf(in)).get_array();
  ASSERT_EQ(events.size(), in.findings.size());
  std::set<std::string> uids;
  for (simdjson::dom::element e : events) {
    EXPECT_EQ(int64_t(e["class_uid"]), 2003);
    EXPECT_EQ(int64_t(e["category_uid"]), 2);
    EXPECT_EQ(int64_t(e["activity_id"]), 1);
    EXPECT_EQ(int64_t(e["type_uid"]), 200301);
    const int64_t sev = e["severity_id"];
    EXPECT_GE(sev, 1);
    EXPECT_LE(sev, 5);
    EXPECT_FALSE(str(e, "/severity").empty());
    EXPECT_EQ(int64_t(e["time"]), 1793491200000);  // 2026-11-01T00:00:00Z
    EXPECT_EQ(str(e, "/metadata/version"), "1.1.0");
    EXPECT_EQ(str(e, "/metadata/product/name"), "iamwarden");
    EXPECT_EQ(str(e, "/metadata/product/vendor_name"), "iamwarden");
    EXPECT_EQ(str(e, "/metadata/product/version"), "0.0.0-test");
    EXPECT_TRUE(uids.insert(str(e, "/finding_info/uid")).second);
    EXPECT_FALSE(str(e, "/finding_info/title").empty());
    EXPECT_FALSE(str(e, "/finding_info/desc").empty());
    EXPECT_GE(e.at_pointer("/finding_info/types").get_array().size(), 1u);
    EXPECT_FALSE(str(e, "/resources/0/uid").empty());
    EXPECT_FALSE(str(e, "/resources/0/type").empty());
    EXPECT_EQ(int64_t(e.at_pointer("/compliance/status_id")), 3);
    EXPECT_EQ(str(e, "/compliance/status"), "Fail");
    EXPECT_GE(e.at_pointer("/compliance/standards").get_array().size(), 1u);
    EXPECT_FALSE(str(e, "/remediation/desc").empty());
    EXPECT_EQ(str(e, "/cloud/provider"), "AWS");
    EXPECT_EQ(str(e, "/cloud/account/uid").size(), 12u);
  }
  // In resource order the group's informational finding comes first: OCSF severity_id 1.
  simdjson::dom::element first = events.at(0);
  EXPECT_EQ(str(first, "/resources/0/uid"), "arn:aws:iam::111122223333:group/devs");
  EXPECT_EQ(int64_t(first["severity_id"]), 1);
}

TEST(ReportOcsf, TimeReadsIso8601) {
  EXPECT_EQ(report::detail::epoch_millis("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(report::detail::epoch_millis("2026-11-01T00:00:00Z"), 1793491200000);
  EXPECT_EQ(report::detail::epoch_millis("2024-02-29 12:34:56.789Z"), 1709210096789);
  EXPECT_EQ(report::detail::epoch_millis("yesterday"), 0);
  EXPECT_EQ(report::detail::epoch_millis("2026-13-01T00:00:00Z"), 0);
  EXPECT_EQ(report::write_ocsf(report::ReportInput{}), "[]\n");
}

TEST(ReportExport, ParseFormatAndDispatch) {
  for (auto format : {report::Format::asff, report::Format::ocsf, report::Format::html}) {
    EXPECT_EQ(report::parse_format(report::to_string(format)), format);
  }
  EXPECT_EQ(report::parse_format("ASFF"), report::Format::asff);
  EXPECT_EQ(report::parse_format("Html"), report::Format::html);
  const report::ReportInput in = report_samples::input();
  EXPECT_EQ(report::write(report::Format::asff, in), report::write_asff(in));
  EXPECT_EQ(report::write(report::Format::ocsf, in), report::write_ocsf(in));
  EXPECT_EQ(report::write(report::Format::html, in), report::write_html(in));
}

TEST(ReportExport, OutputDoesNotDependOnInputOrder) {
  report::ReportInput a = report_samples::input();
  report::ReportInput b = a;
  std::reverse(b.findings.begin(), b.findings.end());
  EXPECT_EQ(report::write_asff(a), report::write_asff(b));
  EXPECT_EQ(report::write_ocsf(a), report::write_ocsf(b));
  EXPECT_EQ(report::write_html(a), report::write_html(b));
}

}  // namespace
}  // namespace iw
