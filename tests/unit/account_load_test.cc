// Loading good snapshots: tests/cases/snapshots/good has every file type; org/ is a folder of
// snapshots.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "account/account.h"

namespace iw::account {
namespace {

const std::string kSnapshots = std::string(IW_CASES_DIR) + "/snapshots/";

class GoodSnapshot : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { account_ = new Account(load_snapshot(kSnapshots + "good")); }
  static void TearDownTestSuite() {
    delete account_;
    account_ = nullptr;
  }
  static const Account& a() { return *account_; }
  static Account* account_;
};
Account* GoodSnapshot::account_ = nullptr;

TEST_F(GoodSnapshot, Identity) {
  EXPECT_EQ(a().id, "111122223333");
  EXPECT_EQ(a().taken_at, parse_timestamp("2026-11-01T00:00:00Z"));
  EXPECT_EQ(a().directory, kSnapshots + "good");
  EXPECT_EQ(a().root_arn(), "arn:aws:iam::111122223333:root");
  EXPECT_TRUE(a().skipped.empty());
  EXPECT_EQ(a().sources.size(), 10u);  // every file but the second credential report form
}

TEST_F(GoodSnapshot, Users) {
  ASSERT_EQ(a().users.size(), 2u);
  const User* alice = a().user_by_name("alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->arn, "arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ(alice->id, "AIDAEXAMPLEALICE0001");
  EXPECT_EQ(alice->path, "/");
  EXPECT_EQ(alice->create_date, parse_timestamp("2021-01-15T08:30:00Z"));
  EXPECT_EQ(alice->groups, std::vector<std::string>{"admins"});
  EXPECT_EQ(alice->attached_policy_arns, std::vector<std::string>{"arn:aws:iam::111122223333:policy/deploy"});
  EXPECT_EQ(alice->boundary_arn, "arn:aws:iam::111122223333:policy/boundary");
  ASSERT_EQ(alice->tags.size(), 1u);
  EXPECT_EQ(alice->tags[0].key, "team");
  EXPECT_EQ(alice->tags[0].value, "platform");
  const User* bob = a().user_by_arn("arn:aws:iam::111122223333:user/contractors/bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->name, "bob");
  EXPECT_EQ(bob->create_date, parse_timestamp("2022-06-01T12:00:00Z"));
  EXPECT_TRUE(bob->inline_policies.empty());
  EXPECT_FALSE(bob->boundary_arn);
  EXPECT_EQ(a().user_by_name("carol"), nullptr);
}

TEST_F(GoodSnapshot, UrlEncodedInlinePolicy) {
  const User* alice = a().user_by_name("alice");
  ASSERT_NE(alice, nullptr);
  ASSERT_EQ(alice->inline_policies.size(), 1u);
  const InlinePolicy& p = alice->inline_policies[0];
  EXPECT_EQ(p.name, "read-reports");
  EXPECT_TRUE(p.doc.url_encoded);
  ASSERT_TRUE(p.doc.decoded);
  EXPECT_EQ(p.doc.text.substr(0, 12), "{\"Version\":\"");
  EXPECT_EQ(p.doc.text.data(), p.doc.decoded->text().data());
  EXPECT_EQ(&p.doc.located_in(), &*p.doc.decoded);
  EXPECT_EQ(p.doc.decoded->name(), kSnapshots + "good/authorization-details.json@12:29");
  EXPECT_TRUE(p.doc.grammar.empty());
  ASSERT_EQ(p.doc.document.statements.size(), 1u);
  ASSERT_EQ(p.doc.document.statements[0].actions.size(), 1u);
  EXPECT_EQ(p.doc.document.statements[0].actions[0].text, "s3:GetObject");
  // Offsets are into the decoded text.
  const std::uint32_t at = p.doc.document.statements[0].actions[0].offset;
  EXPECT_EQ(p.doc.text.substr(at, 14), "\"s3:GetObject\"");
  // ... and the encoded string's position in the file is kept.
  EXPECT_EQ(p.doc.source->text().substr(p.doc.offset, 4), "\"%7B");
}

TEST_F(GoodSnapshot, ObjectPolicyIsReadInPlace) {
  const Group* admins = a().group_by_name("admins");
  ASSERT_NE(admins, nullptr);
  EXPECT_EQ(admins->create_date, parse_timestamp("2020-02-02T00:02:02Z"));
  EXPECT_EQ(admins->attached_policy_arns,
            std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
  ASSERT_EQ(admins->inline_policies.size(), 1u);
  const PolicyDoc& doc = admins->inline_policies[0].doc;
  EXPECT_FALSE(doc.url_encoded);
  EXPECT_FALSE(doc.decoded);
  EXPECT_EQ(doc.source->name(), kSnapshots + "good/authorization-details.json");
  EXPECT_EQ(&doc.located_in(), doc.source);
  EXPECT_EQ(doc.text.front(), '{');
  EXPECT_EQ(doc.text.back(), '}');
  EXPECT_NE(doc.text.find("\"Resource\": \"*\"}]"), std::string_view::npos);
  EXPECT_EQ(doc.text.data(), doc.source->text().data() + doc.offset);
  ASSERT_EQ(doc.document.statements.size(), 1u);
  const LineColumn at = doc.source->position(doc.document.statements[0].offset);
  EXPECT_EQ(at.line, 48);
  EXPECT_EQ(at.column, 27);
}

TEST_F(GoodSnapshot, Roles) {
  ASSERT_EQ(a().roles.size(), 2u);
  const Role* web = a().role_by_arn("arn:aws:iam::111122223333:role/web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(a().role_by_name("web"), web);
  EXPECT_EQ(web->create_date, parse_timestamp("2021-03-09T10:41:34Z"));
  EXPECT_TRUE(web->trust.url_encoded);
  ASSERT_EQ(web->trust.document.statements.size(), 1u);
  ASSERT_EQ(web->trust.document.statements[0].principals.size(), 1u);
  EXPECT_EQ(web->trust.document.statements[0].principals[0].value, "ec2.amazonaws.com");
  EXPECT_EQ(web->instance_profile_arns,
            std::vector<std::string>{"arn:aws:iam::111122223333:instance-profile/web"});
  EXPECT_EQ(web->last_used, parse_timestamp("2026-10-30T23:59:59Z"));
  EXPECT_EQ(web->last_used_region, "eu-west-1");
  EXPECT_EQ(web->max_session_duration, 43200);  // from roles.json
  EXPECT_FALSE(web->service_linked());

  const Role* support = a().role_by_name("AWSServiceRoleForSupport");
  ASSERT_NE(support, nullptr);
  EXPECT_TRUE(support->service_linked());
  EXPECT_FALSE(support->last_used);  // RoleLastUsed: {}
  EXPECT_FALSE(support->last_used_region);
  EXPECT_EQ(support->max_session_duration, 3600);
  EXPECT_FALSE(support->trust.url_encoded);
  EXPECT_TRUE(support->trust.grammar.empty());
}

TEST_F(GoodSnapshot, ManagedPolicies) {
  ASSERT_EQ(a().policies.size(), 3u);
  const ManagedPolicy* deploy = a().policy_by_arn("arn:aws:iam::111122223333:policy/deploy");
  ASSERT_NE(deploy, nullptr);
  EXPECT_FALSE(deploy->aws_managed);
  EXPECT_EQ(deploy->default_version_id, "v2");
  EXPECT_EQ(deploy->attachment_count, 2);
  ASSERT_EQ(deploy->versions.size(), 2u);
  EXPECT_FALSE(deploy->versions[0].is_default);
  EXPECT_TRUE(deploy->versions[0].doc.url_encoded);
  EXPECT_EQ(deploy->versions[0].doc.document.statements.at(0).actions.at(0).text, "iam:*");
  const PolicyDoc* current = deploy->default_document();
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current, &deploy->versions[1].doc);
  EXPECT_EQ(current->document.statements.at(0).actions.size(), 2u);

  const ManagedPolicy* boundary = a().policy_by_arn("arn:aws:iam::111122223333:policy/boundary");
  ASSERT_NE(boundary, nullptr);
  EXPECT_EQ(boundary->boundary_usage_count, 1);
  EXPECT_FALSE(boundary->versions[0].create_date);

  const ManagedPolicy* admin = a().policy_by_arn("arn:aws:iam::aws:policy/AdministratorAccess");
  ASSERT_NE(admin, nullptr);
  EXPECT_TRUE(admin->aws_managed);
  EXPECT_EQ(a().policy_by_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"), nullptr);
}

TEST_F(GoodSnapshot, CredentialReport) {
  ASSERT_TRUE(a().credential_report);
  const auto& rows = *a().credential_report;
  ASSERT_EQ(rows.size(), 3u);
  const CredentialRow& root = rows[0];
  EXPECT_TRUE(root.is_root());
  EXPECT_EQ(root.arn, "arn:aws:iam::111122223333:root");
  EXPECT_FALSE(root.password_enabled);  // not_supported
  EXPECT_EQ(root.password_last_used, parse_timestamp("2026-10-01T10:00:00Z"));
  EXPECT_FALSE(root.password_last_changed);
  EXPECT_TRUE(root.mfa_active);
  EXPECT_FALSE(root.keys[0].active);
  EXPECT_FALSE(root.keys[0].last_rotated);

  const CredentialRow& alice = rows[1];
  EXPECT_EQ(alice.user, "alice");
  EXPECT_TRUE(alice.password_enabled);  // TRUE
  EXPECT_FALSE(alice.password_last_used);  // no_information
  EXPECT_EQ(alice.password_last_changed, parse_timestamp("2021-01-15T08:31:00Z"));
  EXPECT_FALSE(alice.mfa_active);
  EXPECT_TRUE(alice.keys[0].active);
  EXPECT_EQ(alice.keys[0].last_rotated, parse_timestamp("2021-01-15T08:32:00Z"));
  EXPECT_EQ(alice.keys[0].last_used, parse_timestamp("2026-10-31T12:00:00Z"));
  EXPECT_FALSE(alice.keys[1].active);

  const CredentialRow& bob = rows[2];
  EXPECT_EQ(bob.user, "bob");  // quoted in the file
  EXPECT_TRUE(bob.keys[1].active);
  EXPECT_EQ(bob.keys[1].last_rotated, parse_timestamp("2023-01-01T00:00:00Z"));
  EXPECT_FALSE(bob.keys[1].last_used);
  EXPECT_FALSE(bob.cert_active[0]);
  EXPECT_FALSE(a().credential_report_generated);  // only the JSON form has it
}

TEST_F(GoodSnapshot, SummaryAndPasswordPolicy) {
  ASSERT_TRUE(a().summary);
  EXPECT_EQ(a().summary->at("AccountMFAEnabled"), 1);
  EXPECT_EQ(a().summary->at("PolicySizeQuota"), 6144);
  EXPECT_EQ(a().summary->size(), 7u);
  EXPECT_TRUE(a().password_policy_file_present);
  ASSERT_TRUE(a().password_policy);
  const PasswordPolicy& p = *a().password_policy;
  EXPECT_EQ(p.minimum_length, 14);
  EXPECT_TRUE(p.require_symbols);
  EXPECT_TRUE(p.require_numbers);
  EXPECT_TRUE(p.require_uppercase);
  EXPECT_FALSE(p.require_lowercase);
  EXPECT_TRUE(p.allow_users_to_change);
  EXPECT_TRUE(p.expire_passwords);
  EXPECT_FALSE(p.hard_expiry);
  EXPECT_EQ(p.max_age_days, 90);
  EXPECT_EQ(p.reuse_prevention, 24);
}

TEST_F(GoodSnapshot, OrganizationPolicies) {
  ASSERT_EQ(a().scps.size(), 3u);
  EXPECT_EQ(a().scps[0].size(), 1u);
  ASSERT_EQ(a().scps[1].size(), 2u);
  EXPECT_EQ(a().scps[1][1].name, "deny-leave-org");
  EXPECT_EQ(a().scps[1][1].target, "ou-ab12-11111111");
  EXPECT_TRUE(a().scps[1][1].doc.url_encoded);
  EXPECT_EQ(a().scps[1][1].doc.document.statements.at(0).effect, policy::Effect::deny);
  EXPECT_EQ(a().scps[2][0].target, "111122223333");
  ASSERT_EQ(a().rcps.size(), 1u);
  EXPECT_EQ(a().rcps[0][0].name, "RCPFullAWSAccess");
  EXPECT_EQ(a().rcps[0][0].doc.source->name(), kSnapshots + "good/rcps.json");
}

TEST_F(GoodSnapshot, ResourcePoliciesAndCompute) {
  ASSERT_EQ(a().resource_policies.size(), 2u);
  EXPECT_EQ(a().resource_policies[0].arn, "arn:aws:s3:::reports");
  EXPECT_FALSE(a().resource_policies[0].doc.decoded);
  // JSON text in a string (not percent-encoded) is decoded too.
  const PolicyDoc& queue = a().resource_policies[1].doc;
  EXPECT_FALSE(queue.url_encoded);
  ASSERT_TRUE(queue.decoded);
  EXPECT_TRUE(queue.grammar.empty());
  EXPECT_EQ(queue.document.statements.at(0).principals.at(0).type, policy::PrincipalType::star);
  ASSERT_EQ(a().compute.size(), 2u);
  EXPECT_EQ(a().compute[1].type, "lambda-function");
  EXPECT_EQ(a().compute[1].role_arn, "arn:aws:iam::111122223333:role/web");
}

TEST_F(GoodSnapshot, MovingKeepsViewsValid) {
  Account copy = load_snapshot(kSnapshots + "good");
  const std::string_view before = copy.users[0].inline_policies[0].doc.text;
  Account moved = std::move(copy);
  std::vector<Account> many;
  many.push_back(std::move(moved));
  many.emplace_back();
  const PolicyDoc& doc = many[0].users[0].inline_policies[0].doc;
  EXPECT_EQ(doc.text, before);
  EXPECT_EQ(doc.text.data(), doc.decoded->text().data());
  EXPECT_EQ(many[0].groups[0].inline_policies[0].doc.source->name(), kSnapshots + "good/authorization-details.json");
  EXPECT_NE(many[0].role_by_arn("arn:aws:iam::111122223333:role/web"), nullptr);
}

TEST(AccountLookup, WorksWithoutAnIndex) {
  Account a;
  User x;
  x.name = "x";
  a.users.push_back(x);
  EXPECT_NE(a.user_by_name("x"), nullptr);
  a.build_lookup();
  User y;
  y.name = "y";
  a.users.push_back(y);
  EXPECT_NE(a.user_by_name("y"), nullptr);  // the index is stale: scanned
  EXPECT_EQ(a.user_by_name("z"), nullptr);
}

TEST(AccountLoad, FromMemory) {
  std::map<std::string, std::string> files;
  files["authorization-details.json"] =
      R"({"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::999988887777:role/r",
          "AssumeRolePolicyDocument": {"Statement": []}}]})";
  const Account a = load_snapshot_files("", std::move(files));
  EXPECT_EQ(a.id, "999988887777");  // from the ARNs
  ASSERT_EQ(a.roles.size(), 1u);
  EXPECT_EQ(a.roles[0].trust.source->name(), "authorization-details.json");
  EXPECT_FALSE(a.credential_report);
  EXPECT_FALSE(a.password_policy_file_present);
}

TEST(AccountLoad, OnlyPrincipalsReadsTheListedOnesAndKeepsTheAccountId) {
  std::map<std::string, std::string> files;
  files["authorization-details.json"] = R"({
    "UserDetailList": [{"UserName": "u0", "Arn": "arn:aws:iam::111111111111:user/u0"},
                       {"UserName": "u1", "Arn": "arn:aws:iam::222222222222:user/u1", "GroupList": ["g"]},
                       {"UserName": "u2", "Arn": "arn:aws:iam::222222222222:user/u2"}],
    "GroupDetailList": [{"GroupName": "g", "Arn": "arn:aws:iam::222222222222:group/g"}],
    "RoleDetailList": [{"RoleName": "r0", "Arn": "arn:aws:iam::111111111111:role/r0",
                        "AssumeRolePolicyDocument": {"Statement": []}},
                       {"RoleName": "r1", "Arn": "arn:aws:iam::111111111111:role/r1",
                        "AssumeRolePolicyDocument": {"Statement": []}}],
    "Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::222222222222:policy/p"}]})";
  LoadOptions options;
  options.only_principals = std::vector<std::string>{"arn:aws:iam::222222222222:user/u1", "arn:aws:iam::x:role/none"};
  const Account a = load_snapshot_files("", files, options);
  EXPECT_EQ(a.id, "111111111111");  // as a whole load: the first user's account
  std::vector<std::string> users, roles;
  for (const User& u : a.users) users.push_back(u.name);
  for (const Role& r : a.roles) roles.push_back(r.name);
  EXPECT_EQ(users, (std::vector<std::string>{"u0", "u1"}));
  EXPECT_EQ(roles, (std::vector<std::string>{"r0"}));
  EXPECT_EQ(a.groups.size(), 1u);
  EXPECT_EQ(a.policies.size(), 1u);
  EXPECT_EQ(load_snapshot_files("", files).users.size(), 3u);
}

TEST(AccountLoad, OnlyPrincipalsReadsTheManagedPoliciesTheyUse) {
  const auto policy = [](const std::string& arn) {
    return R"({"PolicyName": "n", "Arn": ")" + arn + R"(", "PolicyVersionList": [{"VersionId": "v1",
      "IsDefaultVersion": true, "Document": {"Statement": []}}]})";
  };
  const std::string p = "arn:aws:iam::222222222222:policy/";
  std::map<std::string, std::string> files;
  files["authorization-details.json"] = R"({"Policies": [)" + policy(p + "first") + "," + policy(p + "unused") + "," +
                                        policy(p + "user") + "," + policy("arn:aws:iam::aws:policy/ReadOnlyAccess") +
                                        "," + policy(p + "group") + "," + policy(p + "boundary") + "," +
                                        policy(p + "other-role") + "," + policy(p + "asked") + "," + policy(p + "role") +
                                        R"(],
    "UserDetailList": [{"UserName": "u1", "Arn": "arn:aws:iam::222222222222:user/u1", "GroupList": ["g"],
                        "AttachedManagedPolicies": [{"PolicyArn": ")" + p + R"(user"},
                                                    {"PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
                        "PermissionsBoundary": {"PermissionsBoundaryArn": ")" + p + R"(boundary"}}],
    "GroupDetailList": [{"GroupName": "g", "Arn": "arn:aws:iam::222222222222:group/g",
                         "AttachedManagedPolicies": [{"PolicyArn": ")" + p + R"(group"}]}],
    "RoleDetailList": [{"RoleName": "r0", "Arn": "arn:aws:iam::222222222222:role/r0",
                        "AssumeRolePolicyDocument": {"Statement": []},
                        "AttachedManagedPolicies": [{"PolicyArn": ")" + p + R"(role"}]},
                       {"RoleName": "r1", "Arn": "arn:aws:iam::222222222222:role/r1",
                        "AssumeRolePolicyDocument": {"Statement": []},
                        "AttachedManagedPolicies": [{"PolicyArn": ")" + p + R"(other-role"}]}]})";
  LoadOptions options;
  options.only_principals = std::vector<std::string>{"arn:aws:iam::222222222222:user/u1", p + "asked"};
  const Account a = load_snapshot_files("", files, options);
  std::vector<std::string> read;
  for (const ManagedPolicy& m : a.policies) read.push_back(m.arn);
  // The first (it names the account), the user's, its group's and its boundary, the one asked
  // about, and those of the first role (read for the account id too); not the others.
  EXPECT_EQ(read, (std::vector<std::string>{p + "first", p + "user", "arn:aws:iam::aws:policy/ReadOnlyAccess",
                                            p + "group", p + "boundary", p + "asked", p + "role"}));
  EXPECT_EQ(a.id, load_snapshot_files("", files).id);
  EXPECT_EQ(load_snapshot_files("", files).policies.size(), 9u);
}

// LoadOptions::question_resource: the users and roles whose identity policies cannot allow the
// action are left out, unless the resource has a policy of its own, in this account's files or
// another account's of the organization: then every principal is read.
TEST(AccountLoad, AQuestionAboutAResourceWithAPolicyReadsEveryPrincipal) {
  const std::filesystem::path org =
      std::filesystem::temp_directory_path() / ("iw-org-question-" + std::to_string(::getpid()));
  const auto account = [&](const std::string& dir, const std::string& id) {
    std::filesystem::create_directories(org / dir);
    const auto user = [&](const std::string& name, const std::string& action) {
      return R"({"UserName": ")" + name + R"(", "Arn": "arn:aws:iam::)" + id + ":user/" + name +
             R"(", "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": ")" + action + R"(", "Resource": "*"}]}}]})";
    };
    std::ofstream(org / dir / "authorization-details.json")
        << R"({"UserDetailList": [)" << user("reader", "s3:GetObject") << "," << user("sender", "sqs:SendMessage")
        << "," << user("other", "ec2:DescribeInstances") << "]}";
  };
  account("a", "111111111111");
  account("b", "222222222222");
  std::ofstream(org / "b" / "resource-policies.json")
      << R"([{"arn": "arn:aws:s3:::b-bucket", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111111111111:user/sender"}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b-bucket/*"}]}}])";
  LoadOptions options;
  options.question_action = "s3:getobject";
  options.question_resource = "*";
  for (const Account& a : load_snapshots(org.string(), options)) {
    EXPECT_EQ(a.users.size(), 1u) << a.id;  // reader only
    EXPECT_EQ(a.principals_left_out, 2u) << a.id;
  }
  options.question_resource = "arn:aws:s3:::b-bucket";
  for (const Account& a : load_snapshots(org.string(), options)) {
    EXPECT_EQ(a.users.size(), 3u) << a.id;
    EXPECT_EQ(a.principals_left_out, 0u) << a.id;
  }
  EXPECT_EQ(load_snapshot((org / "b").string(), options).users.size(), 3u);
  EXPECT_EQ(load_snapshot((org / "a").string(), options).users.size(), 1u);  // alone, it knows no such policy
  options.question_action = "sts:getcalleridentity";  // allowed without an identity Allow
  options.question_resource = "*";
  EXPECT_EQ(load_snapshot((org / "a").string(), options).users.size(), 3u);
  std::filesystem::remove_all(org);
}

// A direct question (question_action) does not read the files no direct answer uses: a
// malformed roles.json, credential report, account summary or password policy fails a whole
// load and not the question's, which reads the SCPs all the same.
TEST(AccountLoad, AQuestionReadsOnlyTheFilesThatAnswerIt) {
  const std::map<std::string, std::string> good = {
      {"authorization-details.json", R"({"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::1:user/u"}]})"},
      {"scps.json", R"({"levels": [{"target": "r-root", "policies": [{"name": "FullAWSAccess",
        "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}]})"}};
  LoadOptions question;
  question.question_action = "iam:passrole";
  for (const std::string name : {"roles.json", "credential-report.csv", "credential-report.json",
                                 "account-summary.json", "password-policy.json", "scps.json"}) {
    std::map<std::string, std::string> files = good;
    files[name] = "{not json";
    EXPECT_THROW(load_snapshot_files("", files), SnapshotError) << name;
    if (name == "scps.json") {
      EXPECT_THROW(load_snapshot_files("", files, question), SnapshotError);
    } else {
      const Account a = load_snapshot_files("", files, question);
      EXPECT_EQ(a.users.size(), 1u) << name;
      EXPECT_FALSE(a.scps.empty()) << name;
      EXPECT_FALSE(a.credential_report) << name;
    }
  }
}

TEST(AccountLoad, OnlyPrincipalsReadsTheRoleOfASession) {
  std::map<std::string, std::string> files;
  files["authorization-details.json"] = R"({
    "RoleDetailList": [{"RoleName": "first", "Arn": "arn:aws:iam::111111111111:role/first",
                        "AssumeRolePolicyDocument": {"Statement": []}},
                       {"RoleName": "deploy", "Arn": "arn:aws:iam::111111111111:role/ci/deploy",
                        "AssumeRolePolicyDocument": {"Statement": []}},
                       {"RoleName": "deploy", "Arn": "arn:aws:iam::222222222222:role/deploy",
                        "AssumeRolePolicyDocument": {"Statement": []}},
                       {"RoleName": "deployer", "Arn": "arn:aws:iam::111111111111:role/deployer",
                        "AssumeRolePolicyDocument": {"Statement": []}}]})";
  LoadOptions options;
  options.only_principals = std::vector<std::string>{"arn:aws:sts::111111111111:assumed-role/deploy/alice"};
  const Account a = load_snapshot_files("", files, options);
  std::vector<std::string> roles;
  for (const Role& r : a.roles) roles.push_back(r.arn);
  // The first role (for the account id), and the session's role by account and name, path or not.
  EXPECT_EQ(roles, (std::vector<std::string>{"arn:aws:iam::111111111111:role/first",
                                             "arn:aws:iam::111111111111:role/ci/deploy"}));
}

TEST(AccountLoad, AccountIdSkipsAwsManagedArns) {
  std::map<std::string, std::string> files;
  files["authorization-details.json"] = R"({"Policies": [
      {"PolicyName": "A", "Arn": "arn:aws:iam::aws:policy/A"},
      {"PolicyName": "B", "Arn": "arn:aws:iam::123456789012:policy/B"}]})";
  EXPECT_EQ(load_snapshot_files("", std::move(files)).id, "123456789012");
}

TEST(AccountLoad, EmptyPasswordPolicyFileMeansNoPolicy) {
  const Account a = load_snapshot(kSnapshots + "empty-password-policy");
  EXPECT_TRUE(a.password_policy_file_present);
  EXPECT_FALSE(a.password_policy);
}

TEST(AccountLoad, DuplicateKeysInDocumentsAreGrammarOfThatDocumentOnly) {
  const Account a = load_snapshot(kSnapshots + "duplicate-in-policy");
  ASSERT_EQ(a.users.size(), 1u);
  const auto& policies = a.users[0].inline_policies;
  ASSERT_EQ(policies.size(), 2u);
  ASSERT_EQ(policies[0].doc.grammar.size(), 1u);
  EXPECT_NE(policies[0].doc.grammar[0].message.find("duplicate key \"Effect\""), std::string::npos);
  const LineColumn at = policies[0].doc.source->position(policies[0].doc.grammar[0].offset);
  EXPECT_EQ(at.line, 7);
  EXPECT_EQ(at.column, 111);
  EXPECT_TRUE(policies[1].doc.grammar.empty());
  ASSERT_EQ(a.roles.size(), 1u);
  EXPECT_TRUE(a.roles[0].trust.grammar.empty());  // nor does the later instance-profile copy leak in
}

TEST(AccountLoad, BadPolicyStringsAreGrammarIssuesNotErrors) {
  const Account a = load_snapshot(kSnapshots + "bad-policy-string");
  ASSERT_EQ(a.roles.size(), 1u);
  const PolicyDoc& trust = a.roles[0].trust;
  ASSERT_EQ(trust.grammar.size(), 1u);
  EXPECT_NE(trust.grammar[0].message.find("percent-encoding"), std::string::npos);
  EXPECT_TRUE(trust.document.statements.empty());
  ASSERT_TRUE(trust.decoded);
  EXPECT_EQ(trust.decoded->name(), kSnapshots + "bad-policy-string/authorization-details.json@6:35");
  const PolicyDoc& inline_doc = a.roles[0].inline_policies.at(0).doc;
  ASSERT_EQ(inline_doc.grammar.size(), 1u);
  EXPECT_TRUE(inline_doc.url_encoded);
  EXPECT_EQ(inline_doc.text, "{\"Version\":");
}

TEST(AccountLoadSnapshots, OneSnapshotDirectory) {
  const auto accounts = load_snapshots(kSnapshots + "good");
  ASSERT_EQ(accounts.size(), 1u);
  EXPECT_EQ(accounts[0].id, "111122223333");
}

TEST(AccountLoadSnapshots, FolderOfSnapshotsSorted) {
  const auto accounts = load_snapshots(kSnapshots + "org");
  ASSERT_EQ(accounts.size(), 2u);  // notes/ is not a snapshot
  EXPECT_EQ(accounts[0].id, "111122223333");
  EXPECT_EQ(accounts[1].id, "444455556666");
  EXPECT_FALSE(accounts[0].credential_report);
  ASSERT_TRUE(accounts[1].credential_report);
  const auto& rows = *accounts[1].credential_report;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].is_root());
  EXPECT_TRUE(rows[0].password_enabled);  // Prowler-style "true" for root
  EXPECT_TRUE(rows[0].keys[0].active);
  EXPECT_EQ(rows[1].user, "carol");
  EXPECT_TRUE(rows[1].mfa_active);
  EXPECT_EQ(accounts[1].credential_report_generated, parse_timestamp("2026-10-31T22:00:00Z"));
}

}  // namespace
}  // namespace iw::account
