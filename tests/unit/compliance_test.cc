// Compliance: the catalog of frameworks and requirements, the mappings of the rule registry,
// what an audit decides (thresholds, input), and the PASS / FAIL / MANUAL view of the reports.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "account/account.h"
#include "audit/audit.h"
#include "core/compliance.h"
#include "core/rules.h"
#include "core/strings.h"
#include "report/compliance.h"
#include "report/report.h"

namespace iw {
namespace {

std::vector<std::string> mappings_of(std::string_view rule) {
  std::vector<std::string> out;
  for (std::string_view c : split(find_rule(rule)->compliance, ',')) {
    if (!c.empty()) out.emplace_back(c);
  }
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(ComplianceCatalog, EveryMappingOfTheRegistryIsARequirementOfTheCatalog) {
  std::size_t mapped = 0;
  for (const RuleInfo& r : all_rules()) {
    if (!r.compliance.empty()) ++mapped;
    for (std::string_view c : split(r.compliance, ',')) {
      if (c.empty()) continue;
      EXPECT_NE(find_requirement(c), nullptr) << r.id << ": " << c;
    }
  }
  EXPECT_GE(mapped, 13u);
  std::set<std::string_view> ids;
  for (const Framework& f : compliance_frameworks()) {
    EXPECT_FALSE(f.requirements.empty()) << f.id;
    for (const Requirement& q : f.requirements) {
      EXPECT_TRUE(ids.insert(q.id).second) << "duplicate " << q.id;
      EXPECT_EQ(framework_of(q.id), f.id) << q.id;
      EXPECT_FALSE(q.title.empty()) << q.id;
    }
  }
  EXPECT_EQ(requirement_number("CIS-AWS-4.0:1.22"), "1.22");
}

TEST(ComplianceCatalog, SectionOneOfCisThreeAndFourHasTwentyTwoRequirements) {
  for (const Framework& f : compliance_frameworks()) {
    if (f.id == "CIS-AWS-3.0" || f.id == "CIS-AWS-4.0") {
      ASSERT_EQ(f.requirements.size(), 22u) << f.id;
      EXPECT_EQ(requirement_number(f.requirements.back().id), "1.22");
    }
    if (f.id == "AWS-FSBP") {
      EXPECT_EQ(f.requirements.size(), 9u);  // IAM.1-8 and IAM.21
    }
  }
}

TEST(ComplianceCatalog, ChecksNameTheControlsTheyDecide) {
  // Facts of the frameworks (CIS v3.0.0 / v4.0.0 section 1, Security Hub IAM controls, FSBP).
  for (const char* id : {"CIS-AWS-3.0:1.5", "CIS-AWS-4.0:1.5", "SecurityHub:IAM.9"}) EXPECT_TRUE(has(mappings_of("root-mfa-disabled"), id)) << id;
  for (const char* id : {"CIS-AWS-3.0:1.4", "CIS-AWS-4.0:1.4", "SecurityHub:IAM.4", "AWS-FSBP:IAM.4"}) EXPECT_TRUE(has(mappings_of("root-access-keys-present"), id)) << id;
  for (const char* id : {"CIS-AWS-3.0:1.10", "SecurityHub:IAM.5", "AWS-FSBP:IAM.5"}) EXPECT_TRUE(has(mappings_of("user-console-no-mfa"), id)) << id;
  for (const char* id : {"CIS-AWS-3.0:1.14", "SecurityHub:IAM.3", "AWS-FSBP:IAM.3"}) EXPECT_TRUE(has(mappings_of("access-key-not-rotated"), id)) << id;
  for (const char* id : {"CIS-AWS-3.0:1.12", "SecurityHub:IAM.8", "SecurityHub:IAM.22"}) EXPECT_TRUE(has(mappings_of("password-unused"), id)) << id;
  for (const char* id : {"CIS-AWS-3.0:1.15", "SecurityHub:IAM.2", "AWS-FSBP:IAM.2"}) EXPECT_TRUE(has(mappings_of("user-direct-policy"), id)) << id;
  for (const char* id : {"CIS-AWS-4.0:1.16", "SecurityHub:IAM.1", "AWS-FSBP:IAM.1"}) EXPECT_TRUE(has(mappings_of("admin-wildcard"), id)) << id;
  EXPECT_TRUE(has(mappings_of("service-wildcard"), "AWS-FSBP:IAM.21"));
  EXPECT_TRUE(has(mappings_of("multiple-active-access-keys"), "CIS-AWS-4.0:1.13"));
  // Checks without a control in these frameworks carry none.
  EXPECT_TRUE(mappings_of("privilege-escalation-principal").empty());
  EXPECT_TRUE(mappings_of("role-trust-public").empty());
}

// ---- What the audit decides

class ComplianceAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    account_ = account::load_snapshot((std::filesystem::path(IW_CASES_DIR) / "audit" / "all-ids").string());
    options_.as_of = audit::resolve_as_of(account_, 0, 0);
  }
  audit::AuditResult run() { return audit::audit_account(account_, options_); }
  static std::vector<std::string> compliance_of(const audit::AuditResult& r, std::string_view id) {
    for (const Finding& f : r.findings) {
      if (f.id == id) return f.compliance;
    }
    return {};
  }
  account::Account account_;
  audit::AuditOptions options_;
};

TEST_F(ComplianceAudit, DefaultThresholdsDecideTheAutomatedRequirements) {
  const auto r = run();
  for (const char* id : {"CIS-AWS-3.0:1.14", "CIS-AWS-4.0:1.5", "SecurityHub:IAM.8", "AWS-FSBP:IAM.21", "CIS-AWS-3.0:1.16"}) {
    ASSERT_TRUE(r.compliance_scope.contains(id)) << id;
    EXPECT_EQ(r.compliance_scope.at(id), "") << id;
  }
  // 45-day controls: a finding at 90 days is evidence, but no finding does not prove 45.
  EXPECT_NE(r.compliance_scope.at("CIS-AWS-3.0:1.12"), "");
  EXPECT_TRUE(has(compliance_of(r, "access-key-unused"), "CIS-AWS-3.0:1.12"));
  // Hardware MFA: only a failure can be seen.
  EXPECT_NE(r.compliance_scope.at("SecurityHub:IAM.6").find("hardware"), std::string::npos);
  // No check at all: not in the scope (MANUAL, "no check").
  EXPECT_FALSE(r.compliance_scope.contains("CIS-AWS-3.0:1.17"));
}

TEST_F(ComplianceAudit, ALenientThresholdKeepsFindingsButCannotPass) {
  options_.thresholds.access_key_max_age_days = 120;
  const auto r = run();
  EXPECT_NE(r.compliance_scope.at("CIS-AWS-3.0:1.14").find("access_key_max_age_days at most 90 (configured: 120)"),
            std::string::npos);
  EXPECT_TRUE(has(compliance_of(r, "access-key-not-rotated"), "SecurityHub:IAM.3"));
}

TEST_F(ComplianceAudit, AStricterThresholdDecidesButItsFindingsAreNotEvidence) {
  options_.thresholds.unused_days = 30;
  const auto r = run();
  EXPECT_EQ(r.compliance_scope.at("CIS-AWS-3.0:1.12"), "");  // 30 <= 45: no finding proves a PASS
  const auto c = compliance_of(r, "password-unused");
  EXPECT_FALSE(has(c, "CIS-AWS-3.0:1.12")) << "unused for more than 30 days is not more than 45";
  EXPECT_FALSE(has(c, "SecurityHub:IAM.8"));
}

TEST_F(ComplianceAudit, WithoutTheCredentialReportCredentialRequirementsAreNotDecided) {
  account_.credential_report.reset();
  account_.summary.reset();
  const auto r = run();
  EXPECT_NE(r.compliance_scope.at("CIS-AWS-3.0:1.10").find("credential report"), std::string::npos);
  EXPECT_NE(r.compliance_scope.at("SecurityHub:IAM.4").find("account-summary.json"), std::string::npos);
  EXPECT_EQ(r.compliance_scope.at("CIS-AWS-3.0:1.15"), "");
}

TEST_F(ComplianceAudit, PasswordFindingsNameTheControlsThePolicysValuesFail) {
  account_.password_policy = account::PasswordPolicy{};
  auto& pp = *account_.password_policy;
  pp.require_symbols = pp.require_numbers = pp.require_uppercase = pp.require_lowercase = true;
  pp.reuse_prevention = 24;
  pp.minimum_length = 10;
  auto c = compliance_of(run(), "password-policy-weak");
  EXPECT_TRUE(has(c, "CIS-AWS-3.0:1.8"));
  EXPECT_TRUE(has(c, "SecurityHub:IAM.15"));
  EXPECT_FALSE(has(c, "SecurityHub:IAM.7")) << "IAM.7 asks for 8 characters";
  EXPECT_FALSE(has(c, "CIS-AWS-3.0:1.9"));
  pp.minimum_length = 6;
  pp.require_symbols = false;
  c = compliance_of(run(), "password-policy-weak");
  for (const char* id : {"SecurityHub:IAM.7", "AWS-FSBP:IAM.7", "SecurityHub:IAM.10", "SecurityHub:IAM.13"}) EXPECT_TRUE(has(c, id)) << id;
  account_.password_policy.reset();  // no policy: every password requirement fails
  c = compliance_of(run(), "password-policy-weak");
  for (const char* id : {"SecurityHub:IAM.17", "CIS-AWS-4.0:1.9", "SecurityHub:IAM.11"}) EXPECT_TRUE(has(c, id)) << id;
}

// ---- The view

TEST(ComplianceView, FailPassAndManual) {
  Finding f = make_finding("root-mfa-disabled", "no MFA");
  f.resource = "arn:aws:iam::111122223333:root";
  const std::vector<Finding> findings{f};
  const std::map<std::string, std::string> scope{{"CIS-AWS-3.0:1.4", ""}, {"CIS-AWS-3.0:1.10", "needs the credential report"}};
  const auto results = report::evaluate_compliance(findings, scope);
  const auto of = [&](std::string_view id) {
    return *std::find_if(results.begin(), results.end(), [&](const auto& r) { return r.requirement->id == id; });
  };
  EXPECT_EQ(of("CIS-AWS-3.0:1.5").status, report::RequirementStatus::fail);
  ASSERT_EQ(of("CIS-AWS-3.0:1.5").evidence.size(), 1u);
  EXPECT_EQ(of("CIS-AWS-3.0:1.5").evidence[0]->resource, f.resource);
  EXPECT_EQ(of("CIS-AWS-3.0:1.4").status, report::RequirementStatus::pass);
  EXPECT_EQ(of("CIS-AWS-3.0:1.4").note, "checked by root-access-keys-present: no finding names it");
  EXPECT_EQ(of("CIS-AWS-3.0:1.10").status, report::RequirementStatus::manual);
  EXPECT_EQ(of("CIS-AWS-3.0:1.10").note, "needs the credential report");
  EXPECT_EQ(of("CIS-AWS-3.0:1.1").status, report::RequirementStatus::manual);  // no check
  EXPECT_NE(of("CIS-AWS-3.0:1.1").note.find("no check"), std::string::npos);
  EXPECT_EQ(of("CIS-AWS-3.0:1.13").status, report::RequirementStatus::manual);  // a check, not decided
}

TEST(ComplianceView, JsonHasTheSectionOnlyWhenTheAnalysisReportsCompliance) {
  report::ReportInput in;
  in.findings = {make_finding("user-direct-policy", "bob has 1 inline policy")};
  in.findings[0].resource = "arn:aws:iam::111122223333:user/bob";
  EXPECT_EQ(report::write_json(in).find("\"framework\""), std::string::npos);
  in.compliance_scope = std::map<std::string, std::string>{{"CIS-AWS-3.0:1.15", ""}, {"SecurityHub:IAM.21", ""}};
  const std::string json = report::write_json(in);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
  std::size_t fails = 0, passes = 0;
  for (simdjson::dom::element r : doc["compliance"].get_array()) {
    const std::string_view status = r["status"];
    EXPECT_TRUE(status == "PASS" || status == "FAIL" || status == "MANUAL") << status;
    if (status == "FAIL") {
      ++fails;
      EXPECT_EQ(std::string_view(r["evidence"].at(0)["resource"]), "arn:aws:iam::111122223333:user/bob");
    }
    if (status == "PASS") {
      ++passes;
      EXPECT_EQ(std::string_view(r["framework"]), "SecurityHub");
      EXPECT_EQ(std::string_view(r["requirement"]), "IAM.21");
    }
  }
  EXPECT_EQ(fails, 4u);   // CIS 3.0 / 4.0 1.15, SecurityHub and FSBP IAM.2
  EXPECT_EQ(passes, 1u);  // CIS 1.15 is named by the finding: FAIL wins over a decided scope
}

}  // namespace
}  // namespace iw
