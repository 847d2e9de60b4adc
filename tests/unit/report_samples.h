// Fixed findings for the asff / ocsf / html writer tests: the awkward cases of report_test.cc
// (unicode, no location, unregistered ids, control characters, ill-formed UTF-8) plus hostile
// markup in every field a page shows (resource, message, Sid, file, compliance, principals).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/rules.h"
#include "report/report.h"

namespace iw::report_samples {

inline constexpr const char* kImgPayload = "<img src=x onerror=alert(1)>";
inline constexpr const char* kScriptPayload = "</script><script>window.__pwned=1</script>";

inline Finding located(std::string_view id, std::string message, std::string file, int line,
                       int column, int statement, std::string sid) {
  Finding f = make_finding(id, std::move(message));
  f.account = "111122223333";
  f.resource = file;
  f.location = Location{std::move(file), line, column, statement, std::move(sid)};
  return f;
}

inline std::vector<Finding> findings() {
  std::vector<Finding> v;
  v.push_back(located("admin-wildcard", "Statement \"Admin\" allows \"*\" on \"*\"",
                      "policies/admin.json", 4, 17, 0, "Admin"));
  v.push_back(located("redundant-action",
                      "bad \x1b[31mred\x07 \xFF\xFE <tag> & 'q' ]]> \xE2\x80\xAE" "evil\nsecond line",
                      "policies/admin.json", 9, 5, 2, ""));
  v.push_back(located("service-wildcard", "Action \"s3:*\" allows every S3 action",
                      "policies/\xC3\xBCn\xC3\xAF code,\"q\" #1%.json", 3, 30, 0, ""));
  // Hostile: a file name and Sid that are markup, a message that closes the script element.
  v.push_back(located("unknown-action", std::string(kScriptPayload) + " <!-- \xE2\x80\xA8 -->",
                      std::string("policies/") + kImgPayload + ".json", 2, 0, -1,
                      "\"><svg onload=alert(2)>"));
  v.back().compliance = {"CIS-AWS-3.0:1.16", "<b>x</b>"};
  Finding role;
  role.id = "admin-principal";
  role.severity = Severity::critical;
  role.title = "Principal is admin-equivalent";
  role.message = std::string("Role ") + kImgPayload + " can do everything";
  role.account = "111122223333";
  role.resource = std::string("arn:aws:iam::111122223333:role/") + kImgPayload;
  role.remediation = "Scope the role's policies down; '&' \"quotes\" </textarea>";
  role.compliance = {"CIS-AWS-3.0:1.16", "SecurityHub:IAM.1"};
  v.push_back(role);
  Finding root;
  root.id = "root-mfa-disabled";
  root.severity = Severity::critical;
  root.title = "Root user has no MFA";
  root.message = "The root user of account 111122223333 has no MFA device";
  root.account = "111122223333";
  root.resource = "arn:aws:iam::111122223333:root";
  root.remediation = "Enable a hardware MFA device for the root user.";
  root.compliance = {"CIS-AWS-3.0:1.5", "SecurityHub:IAM.9"};
  v.push_back(root);
  Finding user;  // no account: ASFF / OCSF fall back to 000000000000
  user.id = "user-console-no-mfa";
  user.severity = Severity::medium;
  user.title = "Console user without MFA";
  user.message = "User alice signs in to the console without MFA";
  user.resource = "arn:aws:iam::444455556666:user/alice";
  v.push_back(user);
  Finding info;
  info.id = "access-key-unused";
  info.severity = Severity::info;
  info.message = "Key AKIA... unused for 120 days";
  info.resource = "arn:aws:iam::111122223333:group/devs";
  info.account = "111122223333";
  v.push_back(info);
  return v;
}

inline report::ReportInput input() {
  report::ReportInput in;
  in.tool.version = "0.0.0-test";
  in.tool.catalog = "0.21.0-test";
  in.findings = findings();
  in.files = {"policies/admin.json", std::string("policies/") + kImgPayload + ".json"};
  in.policy_count = 3;
  in.notes = {{"policies/admin.json", "identity policy, inferred"},
              {"arn:aws:iam::111122223333:root", std::string("note ") + kScriptPayload}};
  in.generated_at = "2026-11-01T00:00:00Z";
  report::PrincipalSummary role;
  role.arn = std::string("arn:aws:iam::111122223333:role/") + kImgPayload;
  role.kind = "role";
  role.admin = true;
  role.policies = {"arn:aws:iam::aws:policy/AdministratorAccess", std::string("inline:") + kScriptPayload};
  role.notes = {"allowed * on * (no boundary, no SCP limits)", "<a href=javascript:alert(3)>x</a>"};
  report::PrincipalSummary clean;
  clean.arn = "arn:aws:iam::111122223333:user/bob";
  clean.kind = "user";
  clean.policies = {"ReadOnlyAccess"};
  in.principals = {role, clean};
  // policies/admin.json: three statements; the first two findings point into it.
  PolicyDocument doc;
  doc.name = "policies/admin.json";
  doc.file = "policies/admin.json";
  doc.begin = {1, 1};
  doc.end = {12, 2};
  doc.text = "{\"Statement\": [\n  {\"Sid\": \"Admin\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"},\n"
             "  {\"Effect\": \"Deny\", \"Action\": \"</script>\", \"Resource\": \"*\"},\n"
             "  {\"Effect\": \"Allow\", \"Action\": [\"s3:Get*\", \"s3:GetObject\"], \"Resource\": \"*\"}]}";
  for (std::string_view open : {"{\"Sid\"", "{\"Effect\": \"Deny\"", "{\"Effect\": \"Allow\", \"Action\": ["}) {
    const std::size_t b = doc.text.find(open);
    doc.statements.emplace_back(b, doc.text.find('}', b) + 1);
  }
  doc.holders = {role.arn, "arn:aws:iam::111122223333:user/bob"};
  in.documents = {doc};
  Chain chain;
  chain.finding_id = "admin-principal";
  chain.resource = role.arn;
  chain.nodes = {role.arn, std::string("arn:aws:iam::111122223333:role/") + kScriptPayload, "admin"};
  chain.links = {{"iam-pass-role", std::string("iam:PassRole on ") + kImgPayload}, {"sts-assume-role", "sts:AssumeRole"}};
  in.chains = {chain};
  in.snapshot_taken = "2026-10-31T12:00:00Z";
  in.ages_as_of = "2026-11-01T00:00:00Z (--as-of)";
  return in;
}

inline report::ReportInput empty_input() {
  report::ReportInput in;
  in.tool.version = "0.0.0-test";
  in.tool.catalog = "0.21.0-test";
  in.files = {"policies/clean.json"};
  in.policy_count = 1;
  return in;
}

// Compares `actual` with tests/golden/report/NAME, or rewrites it when IW_UPDATE_GOLDEN=1.
inline void expect_golden(std::string_view name, const std::string& actual) {
  const std::string path = std::string(IW_SOURCE_DIR) + "/tests/golden/report/" + std::string(name);
  const char* update = std::getenv("IW_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (run with IW_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "output differs from " << path
                                    << " (after an intended change: IW_UPDATE_GOLDEN=1)";
}

}  // namespace iw::report_samples
