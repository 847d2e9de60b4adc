// identity-center.json: the permission sets a snapshot reads, the errors (file:line:column) of a
// bad file, and where the audit's findings on a permission set point.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "account/account.h"
#include "audit/audit.h"
#include "core/time.h"

namespace iw::account {
namespace {

const std::string kDetails = R"({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []})";

Account load_with(std::string identity_center, const LoadOptions& options = {}) {
  return load_snapshot_files("snap", {{"authorization-details.json", kDetails},
                                      {"identity-center.json", std::move(identity_center)},
                                      {"snapshot.json", R"({"account_id": "111122223333"})"}},
                             options);
}

SnapshotError error_of(const std::string& text) {
  try {
    (void)load_with(text);
  } catch (const SnapshotError& e) {
    return e;
  }
  ADD_FAILURE() << "loaded without an error: " << text;
  return SnapshotError("", 0, 0, "");
}

void expect_error(const std::string& text, int line, int column, const std::string& part) {
  SCOPED_TRACE(text);
  const SnapshotError e = error_of(text);
  EXPECT_EQ(e.file, "snap/identity-center.json");
  EXPECT_EQ(e.line, line);
  EXPECT_EQ(e.column, column);
  EXPECT_NE(e.message.find(part), std::string::npos) << e.what();
}

// One instance holding `sets` (the text of a JSON array).
std::string with_sets(const std::string& sets) {
  return "{\"instances\": [{\"instance_arn\": \"arn:aws:sso:::instance/ssoins-1\",\n\"permission_sets\": " + sets +
         "}]}";
}

TEST(IdentityCenter, ReadsEveryFieldOfAPermissionSet) {
  const Account a = load_with(R"({"instances": [{
  "instance_arn": "arn:aws:sso:::instance/ssoins-1",
  "identity_store_id": "d-1",
  "permission_sets": [{
    "arn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
    "name": "Ops",
    "description": "operators",
    "session_duration": "PT8H",
    "inline_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]},
    "managed_policies": [{"Name": "ReadOnlyAccess", "Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
    "customer_managed_policies": [{"Name": "ops", "Path": "/team/"}, {"Name": "plain"}],
    "permissions_boundary": {"CustomerManagedPolicyReference": {"Name": "cap", "Path": "/"}},
    "assignments": [{"account": "111122223333", "principal_type": "GROUP", "principal_id": "g-1"}]
  }, {
    "arn": "arn:aws:sso:::permissionSet/ssoins-1/ps-2",
    "name": "Bare",
    "session_duration": "",
    "inline_policy": "{\"Version\": \"2012-10-17\", \"Statement\": []}",
    "permissions_boundary": {"ManagedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}
  }]
}]})");
  ASSERT_EQ(a.identity_center.size(), 1u);
  const IdentityCenterInstance& i = a.identity_center[0];
  EXPECT_EQ(i.arn, "arn:aws:sso:::instance/ssoins-1");
  EXPECT_EQ(i.identity_store_id, "d-1");
  ASSERT_EQ(i.permission_sets.size(), 2u);
  const PermissionSet& ops = i.permission_sets[0];
  EXPECT_EQ(ops.name, "Ops");
  EXPECT_EQ(ops.description, "operators");
  EXPECT_EQ(ops.session_duration, "PT8H");
  EXPECT_EQ(ops.session_seconds, 8 * 3600);
  ASSERT_TRUE(ops.inline_policy);
  ASSERT_EQ(ops.inline_policy->document.statements.size(), 1u);
  EXPECT_EQ(ops.inline_policy->located_in().name(), "snap/identity-center.json");
  EXPECT_EQ(ops.inline_policy->located_in().position(ops.inline_policy->offset).line, 9);
  EXPECT_EQ(ops.managed_policy_arns, std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
  ASSERT_EQ(ops.customer_managed.size(), 2u);
  EXPECT_EQ(ops.customer_managed[0].name, "ops");
  EXPECT_EQ(ops.customer_managed[0].path, "/team/");
  EXPECT_EQ(ops.customer_managed[1].path, "/");
  EXPECT_FALSE(ops.boundary_arn);
  ASSERT_TRUE(ops.boundary_reference);
  EXPECT_EQ(ops.boundary_reference->name, "cap");
  ASSERT_EQ(ops.assignments.size(), 1u);
  EXPECT_EQ(ops.assignments[0].account, "111122223333");
  EXPECT_EQ(ops.assignments[0].principal_type, "GROUP");
  EXPECT_EQ(ops.assignments[0].principal_id, "g-1");
  EXPECT_EQ(ops.source->position(ops.offset).line, 4);
  const PermissionSet& bare = i.permission_sets[1];
  EXPECT_FALSE(bare.session_seconds);
  ASSERT_TRUE(bare.inline_policy);  // a policy written as a string is decoded
  EXPECT_TRUE(bare.inline_policy->decoded);
  EXPECT_TRUE(bare.inline_policy->readable);
  EXPECT_EQ(bare.boundary_arn, "arn:aws:iam::aws:policy/PowerUserAccess");
  EXPECT_TRUE(bare.assignments.empty());
  EXPECT_TRUE(a.has_file("identity-center.json"));
}

TEST(IdentityCenter, AbsentFileMeansNoPermissionSets) {
  const Account a = load_snapshot_files("snap", {{"authorization-details.json", kDetails}});
  EXPECT_TRUE(a.identity_center.empty());
}

TEST(IdentityCenter, BadJsonIsLocated) {
  expect_error("{\"instances\": [\n  {\"instance_arn\": \"arn:x\",}\n]}", 2, 28, "");
  expect_error("", 1, 1, "");
}

TEST(IdentityCenter, WrongShapesAreLocated) {
  expect_error("[]", 1, 1, "expected a JSON object");
  expect_error(R"({"instances": {}})", 1, 15, "instances");
  expect_error(R"({"instances": [{"permission_sets": []}]})", 1, 16, "instance_arn");
  expect_error(with_sets(R"([{"arn": "ps-1"}])"), 2, 29, "must be an ARN");
  expect_error(with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/i/ps-1", "session_duration": "8 hours"}])"), 2,
               87, "ISO 8601 duration");
  expect_error(with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/i/ps-1", "managed_policies": ["arn:aws:iam::aws:policy/X"]}])"),
               2, 88, "each managed policy");
  expect_error(with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/i/ps-1", "customer_managed_policies": [{"Name": "x", "Path": "team"}]}])"),
               2, 119, "Path must start and end with '/'");
  expect_error(with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/i/ps-1", "permissions_boundary": {}}])"), 2, 91,
               "exactly one of ManagedPolicyArn and CustomerManagedPolicyReference");
  expect_error(with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/i/ps-1", "assignments": [{"account": "1234", "principal_type": "USER", "principal_id": "u"}]}])"),
               2, 95, "account must be 12 digits");
  expect_error(with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/i/ps-1", "assignments": [{"account": "111122223333", "principal_type": "ROLE", "principal_id": "u"}]}])"),
               2, 129, "principal_type must be USER or GROUP");
  expect_error(with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/i/ps-1", "name": "a", "name": "b"}])"), 2, 80,
               "duplicate");
}

TEST(IdentityCenter, KeepGoingSkipsABadFile) {
  LoadOptions options;
  options.keep_going = true;
  const Account a = load_with(R"({"instances": 3})", options);
  EXPECT_TRUE(a.identity_center.empty());
  ASSERT_EQ(a.skipped.size(), 1u);
  EXPECT_NE(a.skipped[0].find("snap/identity-center.json:1:15"), std::string::npos) << a.skipped[0];
}

TEST(IdentityCenter, SessionDurations) {
  EXPECT_EQ(parse_duration("PT1H"), 3600);
  EXPECT_EQ(parse_duration("PT12H"), 43200);
  EXPECT_EQ(parse_duration("PT1H30M"), 5400);
  EXPECT_EQ(parse_duration("PT900S"), 900);
  EXPECT_EQ(parse_duration("P1DT2H"), 93600);
  EXPECT_EQ(parse_duration("P1D"), 86400);
  for (const char* bad : {"", "P", "PT", "PT8", "P1DT", "8H", "PT8h", "PT1M1H", "PT1H1H", "P1Y", "P1W", "PT1.5H",
                          "PT-1H", "P99999999999999999999D"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
}

TEST(IdentityCenter, AuditFindingsPointIntoIdentityCenterJson) {
  const Account a = load_snapshot(std::string(IW_CASES_DIR) + "/audit/identity-center-lint");
  audit::AuditOptions options;
  options.as_of = audit::resolve_as_of(a, 0, 0);
  const audit::AuditResult result = audit::audit_account(a, options);
  const auto it = std::find_if(result.findings.begin(), result.findings.end(),
                               [](const Finding& f) { return f.id == "allow-not-action"; });
  ASSERT_NE(it, result.findings.end());
  EXPECT_EQ(it->resource, "arn:aws:sso:::permissionSet/ssoins-2222222222222222/ps-4444444444444444");
  ASSERT_TRUE(it->location);
  EXPECT_TRUE(it->location->file.ends_with("identity-center-lint/identity-center.json")) << it->location->file;
  EXPECT_EQ(it->location->line, 47);
  EXPECT_EQ(it->location->statement, 0);
  EXPECT_EQ(it->location->sid, "EverythingButIam");
  bool has_assignments = false;
  for (const auto& [key, value] : it->json) has_assignments |= key == "assignments" && value == "[]";
  EXPECT_TRUE(has_assignments);
  // The document the finding points into is listed for the report.
  const auto doc = std::find_if(result.documents.begin(), result.documents.end(), [](const PolicyDocument& d) {
    return d.name.find("permission set Sloppy") != std::string::npos;
  });
  EXPECT_NE(doc, result.documents.end());
}

TEST(IdentityCenter, AdminSetWhoseBoundaryIsMissingIsJudgedWithoutItAndSaysSo) {
  const Account a = load_snapshot_files(
      "snap", {{"authorization-details.json", kDetails},
               {"identity-center.json", with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1", "name": "Capped",
                   "managed_policies": [{"Name": "AdministratorAccess", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
                                        {"Name": "Billing", "Arn": "arn:aws:iam::aws:policy/job-function/Billing"}],
                   "permissions_boundary": {"CustomerManagedPolicyReference": {"Name": "cap", "Path": "/"}}}])")},
               {"snapshot.json", R"({"account_id": "111122223333", "taken_at": "2026-11-01T00:00:00Z"})"}});
  audit::AuditOptions options;
  options.as_of = *a.taken_at;
  const audit::AuditResult result = audit::audit_account(a, options);
  std::vector<Finding> on_set;
  for (const Finding& f : result.findings) {
    if (f.resource == "arn:aws:sso:::permissionSet/ssoins-1/ps-1") on_set.push_back(f);
  }
  ASSERT_EQ(on_set.size(), 1u);
  const Finding& f = on_set[0];
  EXPECT_EQ(f.id, "admin-principal");
  EXPECT_EQ(f.severity, Severity::medium);  // assigned to nobody
  EXPECT_NE(f.message.find("assigned to nobody"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("not judged: arn:aws:iam::aws:policy/job-function/Billing"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("its boundary arn:aws:iam::111122223333:policy/cap is not in the snapshot: judged without it"),
            std::string::npos)
      << f.message;
  const auto info = std::find_if(result.principal_info.begin(), result.principal_info.end(),
                                 [](const audit::PrincipalInfo& p) { return p.kind == "permission set"; });
  ASSERT_NE(info, result.principal_info.end());
  EXPECT_TRUE(info->admin);
  EXPECT_EQ(info->boundary, "arn:aws:iam::111122223333:policy/cap");
}

TEST(IdentityCenter, AdminOnlyUnderARequesterChosenConditionSaysWhen) {
  const Account a = load_snapshot_files(
      "snap", {{"authorization-details.json", kDetails},
               {"identity-center.json", with_sets(R"([{"arn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1", "name": "Office",
                   "inline_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                     "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]},
                   "assignments": [{"account": "111122223333", "principal_type": "GROUP", "principal_id": "g-1"}]}])")},
               {"snapshot.json", R"({"account_id": "111122223333", "taken_at": "2026-11-01T00:00:00Z"})"}});
  audit::AuditOptions options;
  options.as_of = *a.taken_at;
  const audit::AuditResult result = audit::audit_account(a, options);
  const auto f = std::find_if(result.findings.begin(), result.findings.end(),
                              [](const Finding& x) { return x.id == "admin-principal"; });
  ASSERT_NE(f, result.findings.end());
  EXPECT_EQ(f->severity, Severity::high);
  EXPECT_NE(f->message.find("through its inline policy (only when its conditions hold, e.g. aws:"), std::string::npos)
      << f->message;
  EXPECT_NE(f->message.find("assigned to group g-1 in 111122223333"), std::string::npos) << f->message;
}

}  // namespace
}  // namespace iw::account
