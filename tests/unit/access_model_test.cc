// The access model (src/access/): facts against chosen keys, joint satisfiability with a
// witness the engine confirms, principals of several accounts in one dump.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "access/model.h"
#include "account/account.h"
#include "eval/engine.h"
#include "policy/policy.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

account::Account load(const std::string& name) {
  return account::load_snapshot((fs::path(IW_CASES_DIR) / "graph" / name).string());
}

const access::Checker& checker(const access::Model& m, const std::string& arn) {
  const access::Model::Entry* e = m.find(arn);
  EXPECT_NE(e, nullptr) << arn;
  EXPECT_TRUE(e->checker != nullptr) << arn;
  return *e->checker;
}

bool admin(const access::Model& m, const std::string& arn) {
  const access::Model::Entry* e = m.find(arn);
  EXPECT_NE(e, nullptr) << arn;
  return e != nullptr && e->admin;
}

constexpr const char* kA = "arn:aws:iam::111122223333:";
constexpr const char* kB = "arn:aws:iam::444455556666:";

TEST(AccessModel, ScpExceptionForBreakGlassIsAFact) {
  const account::Account a = load("scp-breakglass");
  const access::Model m(a);
  EXPECT_TRUE(admin(m, std::string(kA) + "user/breakglass"));
  EXPECT_FALSE(admin(m, std::string(kA) + "user/ops"));
  EXPECT_FALSE(checker(m, std::string(kA) + "user/ops").can("iam:CreateUser", "*").allowed());
  EXPECT_TRUE(checker(m, std::string(kA) + "user/ops").can("s3:GetObject", "*").allowed());
}

TEST(AccessModel, TagsAndTimeAreFacts) {
  const account::Account a = load("access-model");
  const access::Model m(a);
  EXPECT_TRUE(admin(m, std::string(kA) + "user/tag-admin"));
  EXPECT_FALSE(admin(m, std::string(kA) + "user/tag-admin-decoy"));
  EXPECT_FALSE(admin(m, std::string(kA) + "user/expired-admin-decoy"));
  const access::Access tag = checker(m, std::string(kA) + "user/tag-admin").can("s3:GetObject", "*");
  EXPECT_EQ(tag.verdict, access::Verdict::allowed);
  EXPECT_TRUE(tag.gating.empty());
}

// The witness of a gated access is a context in which the engine allows the request.
TEST(AccessModel, GatedAccessHasAWitnessTheEngineConfirms) {
  const account::Account a = load("access-model");
  const access::Model m(a);
  const std::string user = std::string(kA) + "user/ip-user";
  const access::Access ans = checker(m, user).can("iam:AttachUserPolicy", user);
  ASSERT_EQ(ans.verdict, access::Verdict::gated);
  EXPECT_TRUE(ans.exact);
  ASSERT_EQ(ans.gating, std::vector<std::string>{"aws:SourceIp"});
  const eval::ContextEntry* ip = ans.witness.find("aws:sourceip");
  ASSERT_NE(ip, nullptr);
  EXPECT_TRUE(ip->values[0].starts_with("10.20.")) << ip->values[0];
  EXPECT_EQ(ans.decision.outcome, eval::Outcome::allow);
  ASSERT_FALSE(ans.granted_by.empty());
  EXPECT_EQ(ans.granted_by[0].policy, "inline ip-user-inline");
}

TEST(AccessModel, AllowAndDenyThatNoContextSeparatesIsDenied) {
  const account::Account a = load("access-model");
  const access::Model m(a);
  const std::string user = std::string(kA) + "user/ip-decoy";
  const access::Access ans = checker(m, user).can("iam:AttachUserPolicy", user);
  EXPECT_EQ(ans.verdict, access::Verdict::denied);
  EXPECT_TRUE(ans.exact);
}

TEST(AccessModel, TokenIssueTimeOnlyForSessions) {
  const account::Account a = load("access-model");
  const access::Model m(a);
  const std::string user = std::string(kA) + "user/token-user-decoy";
  EXPECT_FALSE(checker(m, user).can("iam:PutUserPolicy", user).allowed());
  const std::string role = std::string(kA) + "role/token-role";
  const access::Access r = checker(m, role).can("iam:PutRolePolicy", role);
  EXPECT_EQ(r.verdict, access::Verdict::gated);
  EXPECT_NE(r.witness.find("aws:tokenissuetime"), nullptr);
}

TEST(AccessModel, FixedAbsentKeyBlocksAForcedBoundary) {
  const account::Account a = load("access-model");
  const access::Model m(a);
  const access::Checker& c = checker(m, std::string(kA) + "role/creator-boundary-decoy");
  const std::string user = std::string(kA) + "user/new-x";
  // The requester may set the boundary the condition asks for...
  EXPECT_EQ(c.can("iam:CreateUser", user).verdict, access::Verdict::gated);
  // ...but not when the request is one without a boundary.
  access::Fixed none;
  none.absent.push_back("iam:permissionsboundary");
  EXPECT_FALSE(c.can("iam:CreateUser", user, none).allowed());
}

TEST(AccessModel, EveryPrincipalIsJudgedInItsOwnAccount) {
  const account::Account a = load("two-accounts");
  const access::Model m(a);
  EXPECT_TRUE(admin(m, std::string(kB) + "user/b-admin"));
  EXPECT_TRUE(admin(m, std::string(kA) + "user/a-member"));
  EXPECT_FALSE(admin(m, std::string(kB) + "user/b-member"));  // its "devs" is read-only
  const access::Access own = checker(m, std::string(kB) + "user/b-admin").can("s3:GetObject", "arn:aws:s3:::b/k");
  EXPECT_TRUE(own.allowed());
  const std::string bdev = std::string(kB) + "user/b-dev";
  EXPECT_TRUE(checker(m, bdev).can("iam:PutUserPolicy", bdev).allowed());
}

// An organization of two accounts: `reader` in A may assume role `shared` of B, which trusts A.
// `rcp_in` names the account whose RCPs deny AssumeRole to principals outside B.
struct Org {
  std::vector<account::Account> members;  // the merged account points into them
  account::Account merged;
};

Org two_account_org(const fs::path& dir, const std::string& rcp_in) {
  const auto write_account = [&](const std::string& id, const std::string& users, const std::string& roles) {
    const fs::path d = dir / id;
    fs::create_directories(d);
    std::ofstream(d / "snapshot.json") << R"({"account_id": ")" << id << R"(", "taken_at": "2026-11-01T00:00:00Z"})";
    std::ofstream(d / "authorization-details.json") << R"({"UserDetailList": [)" << users
                                                    << R"(], "GroupDetailList": [], "RoleDetailList": [)" << roles
                                                    << R"(], "Policies": []})";
    if (id == rcp_in) {
      std::ofstream(d / "rcps.json")
          << R"({"levels": [{"target": "r-root", "policies": [{"name": "RCPFullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}}, {"name": "OnlyB", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}}}]}}]}]})";
    }
  };
  write_account("111122223333",
                R"({"Path": "/", "UserName": "reader", "UserId": "AIDAREADER", "Arn": "arn:aws:iam::111122223333:user/reader", "CreateDate": "2025-01-01T00:00:00Z", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [{"PolicyName": "assume", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}}]})",
                "");
  write_account("444455556666", "",
                R"({"Path": "/", "RoleName": "shared", "RoleId": "AROASHARED", "Arn": "arn:aws:iam::444455556666:role/shared", "CreateDate": "2025-01-01T00:00:00Z", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}, "InstanceProfileList": [], "Tags": [], "RoleLastUsed": {}, "AttachedManagedPolicies": [], "RolePolicyList": []})");
  Org org;
  org.members = account::load_snapshots(dir.string());
  org.merged = account::merge_organization(org.members);
  return org;
}

// RCPs apply to the resources of their account: the resource's account decides, not the caller's.
TEST(AccessModel, RcpsOfTheResourcesAccountApply) {
  const fs::path root = fs::temp_directory_path() / ("iw-rcp-org-" + std::to_string(::getpid()));
  const std::string reader = std::string(kA) + "user/reader", shared = std::string(kB) + "role/shared";
  for (const std::string& rcp_in : {std::string("444455556666"), std::string("111122223333"), std::string()}) {
    const Org org = two_account_org(root / (rcp_in.empty() ? "none" : rcp_in), rcp_in);
    const access::Model m(org.merged);
    const access::Model::Entry* e = m.find(reader);
    ASSERT_NE(e, nullptr);
    const access::Access ans = m.can(*e, "sts:AssumeRole", shared);
    EXPECT_EQ(ans.allowed(), rcp_in != "444455556666") << "RCPs in " << rcp_in;
    if (!ans.allowed()) {
      EXPECT_TRUE(ans.decision.denied_by.has(eval::Layer::rcp));
    }
  }
  fs::remove_all(root);
}

// Every witness the search returns is confirmed by a fresh engine on the same request.
TEST(AccessModel, WitnessesSurviveAFreshEvaluation) {
  const account::Account a = load("access-model");
  const access::Model m(a);
  std::size_t gated = 0;
  for (const access::Model::Entry& e : m.entries()) {
    if (!e.checker) continue;
    for (const char* action : {"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:CreateUser",
                               "iam:AddUserToGroup", "s3:GetObject", "iam:CreateLoginProfile"}) {
      const access::Access ans = e.checker->can(action, e.arn());
      if (ans.verdict != access::Verdict::gated) continue;
      ++gated;
      eval::PolicySet set;
      for (const account::PolicyDoc* d : e.checker->principal().identity) set.identity.push_back(d->document);
      eval::CompileError error;
      auto engine = eval::Engine::compile(set, error);
      ASSERT_TRUE(engine);
      eval::RequestSpec spec;
      spec.principal = e.arn();
      spec.action = action;
      spec.resource = e.arn();
      spec.context = e.checker->facts().context();
      for (const eval::ContextEntry& w : ans.witness.entries()) {
        if (w.multi) spec.context.set_list(w.key, w.values); else spec.context.set(w.key, w.values[0]);
      }
      auto request = eval::make_request(spec);
      ASSERT_TRUE(request);
      EXPECT_EQ(engine->evaluate(*request.value).outcome, eval::Outcome::allow) << e.arn() << " " << action;
    }
  }
  EXPECT_GE(gated, 2u);
}


// ModelOptions::question_action leaves out only principals that cannot be allowed, and only
// policies that take no part, and so does account::LoadOptions::question_action: on every
// snapshot of the tests and examples, for actions their policies name and do not (and those an
// identity Allow does not decide), against "*" and against a role with a trust policy, the
// principals allowed, their grants and gating keys are those of a model with every checker
// built from the whole snapshot — with the question's model, and with it on the question's load.
TEST(AccessModel, AQuestionsModelLeavesOutOnlyWhoCannot) {
  std::size_t compared = 0, left_out = 0, policies_left_out = 0, principals_left_out = 0;
  std::vector<fs::path> files;
  for (const fs::path& root : {fs::path(IW_CASES_DIR), fs::path(IW_SOURCE_DIR) / "examples"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.path().filename() == "authorization-details.json") files.push_back(entry.path());
    }
  }
  // And one of every way a statement can name an action: NotAction, prefix, case, '?', '*',
  // a service wildcard, through a group's managed policy, beside a Deny.
  const fs::path own = fs::temp_directory_path() / ("iw-question-" + std::to_string(::getpid()));
  fs::create_directories(own);
  {
    const auto user = [](const std::string& name, const std::string& statements, const std::string& groups = "") {
      return R"({"UserName": ")" + name + R"(", "Arn": "arn:aws:iam::111122223333:user/)" + name +
             R"(", "GroupList": [)" + groups + R"(], "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": )" +
             R"({"Version": "2012-10-17", "Statement": [)" + statements + "]}}]}";
    };
    const auto allow = [](const std::string& actions) {
      return R"({"Effect": "Allow", "Action": )" + actions + R"(, "Resource": "*"})";
    };
    const std::string arn = "arn:aws:iam::111122223333:policy/";
    const auto attaching = [&](const std::string& name, const std::string& policy, bool bounded = false) {
      return R"({"UserName": ")" + name + R"(", "Arn": "arn:aws:iam::111122223333:user/)" + name +
             R"(", "AttachedManagedPolicies": [{"PolicyName": ")" + policy + R"(", "PolicyArn": ")" + arn + policy +
             R"("}])" + (bounded ? R"(, "PermissionsBoundary": {"PermissionsBoundaryArn": ")" + arn + R"(boundary"})" : "") +
             "}";
    };
    const auto version = [](const std::string& id, bool is_default, const std::string& statements, bool flag_last = false) {
      const std::string flag = std::string(R"("IsDefaultVersion": )") + (is_default ? "true" : "false");
      const std::string doc = R"("Document": {"Version": "2012-10-17", "Statement": [)" + statements + "]}";
      return R"({"VersionId": ")" + id + R"(", )" + (flag_last ? doc + ", " + flag : flag + ", " + doc) + "}";
    };
    const auto managed = [&](const std::string& name, const std::string& versions) {
      return R"({"PolicyName": ")" + name + R"(", "Arn": ")" + arn + name + R"(", "DefaultVersionId": "v)" +
             (name == "new-passrole" || name == "old-passrole" || name == "only-by-id" ? "2" : "1") + R"(", "PolicyVersionList": [)" + versions + "]}";
    };
    std::ofstream(own / "authorization-details.json")
        << R"({"UserDetailList": [)" << user("not-action", R"({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"})")
        << "," << user("prefix", allow(R"("iam:Pass*")")) << "," << user("upper", allow(R"("IAM:PASSROLE")"))
        << "," << user("qmark", allow(R"(["s3:List*", "iam:?assRol?"])")) << "," << user("star", allow(R"("*")"))
        << "," << user("service", allow(R"("ec2:*")")) << "," << user("none", allow(R"("s3:ListBucket")"))
        << "," << user("denied", allow(R"("*")") + R"(, {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"})")
        << "," << user("member", allow(R"("s3:ListBucket")"), R"("assumers")")
        << "," << attaching("old-version", "old-passrole") << "," << attaching("new-version", "new-passrole")
        << "," << attaching("encoded", "encoded") << "," << attaching("no-default-flag", "by-version-id")
        << "," << attaching("managed-not-action", "not-action") << "," << attaching("managed-deny", "deny", true)
        << "," << attaching("unflagged-default", "only-by-id")
        // A statement that cannot apply still fails its policy with an unknown operator.
        << "," << user("bad-operator", allow(R"("iam:PassRole")") + R"(, {"Effect": "Allow", "Action": "s3:GetObject", )"
                                        R"("Resource": "*", "Condition": {"StringEqualz": {"aws:SourceIp": "x"}}})")
        << R"(, {"UserName": "managed-bad-operator", "Arn": "arn:aws:iam::111122223333:user/managed-bad-operator",
          "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": )"
        << allow(R"("iam:PassRole")") << R"(}}], "AttachedManagedPolicies": [{"PolicyName": "bad-op", "PolicyArn": ")"
        << arn << R"(bad-op"}]})"
        // Of two policies of one ARN the first is the one in force; a group's inline policy; an
        // element in another grammar (an escaped ARN); a user the bucket policy names.
        << "," << attaching("first-of-two-denies", "twice-passrole-second") << ","
        << attaching("first-of-two-allows", "twice-passrole-first")
        << "," << user("in-inline-group", allow(R"("s3:ListBucket")"), R"("inline-admins", "no-such-group")")
        << R"(, {"UserName": "escaped", "Arn": "arn:aws:iam::111122223333:user/escaped", "AttachedManagedPolicies":
          [{"PolicyName": "x", "PolicyArn": "arn:aws:iam::111122223333:policy\/new-passrole"}]})"
        << "," << user("bucket-reader", allow(R"("sqs:SendMessage")"))
        << R"(], "GroupDetailList": [{"GroupName": "assumers", "Arn": "arn:aws:iam::111122223333:group/assumers",
          "AttachedManagedPolicies": [{"PolicyName": "assume", "PolicyArn": "arn:aws:iam::111122223333:policy/assume"}]},
          {"GroupName": "inline-admins", "Arn": "arn:aws:iam::111122223333:group/inline-admins", "GroupPolicyList":
          [{"PolicyName": "g", "PolicyDocument": {"Version": "2012-10-17", "Statement": )" << allow(R"("iam:*")")
        << R"(}}]}],
          "RoleDetailList": [{"RoleName": "trusting", "Arn": "arn:aws:iam::111122223333:role/trusting",
          "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action":
          "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111122223333:user/none"}}]}}],
          "Policies": [{"PolicyName": "assume", "Arn": "arn:aws:iam::111122223333:policy/assume",
          "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document":
          {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:Assume*", "kms:*"], "Resource": "*"}]}}]},)"
        // Versions: only the default one is in force, wherever IsDefaultVersion stands (or
        // DefaultVersionId says so); a document as a string; NotAction; a Deny; a boundary
        // that names no action of the questions.
        << managed("old-passrole", version("v1", false, allow(R"("iam:PassRole")")) + "," +
                                       version("v2", true, allow(R"("s3:GetObject")")))
        << "," << managed("new-passrole", version("v1", false, allow(R"("s3:GetObject")")) + "," +
                                              version("v2", true, allow(R"("iam:Pass*")"), true))
        << "," << managed("encoded", R"({"VersionId": "v1", "IsDefaultVersion": true, "Document": )"
                                     R"("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A)"
                                     R"(%22Allow%22%2C%22Action%22%3A%22iam%3APassRole%22%2C%22Resource%22%3A%22%2A%22%7D%7D"})")
        << "," << managed("by-version-id", R"({"VersionId": "v1", "Document": {"Version": "2012-10-17", "Statement": )" +
                                               allow(R"(["kms:Decrypt", "ec2:Run*"])") + "}}")
        << "," << managed("not-action", version("v1", true, R"({"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"})"))
        << "," << managed("deny", version("v1", true, allow(R"("*")") +
                                                           R"(, {"Effect": "Deny", "Action": "s3:Get*", "Resource": "*"})"))
        << "," << managed("boundary", version("v1", true, allow(R"("ec2:Describe*")")))
        << "," << managed("bad-op", version("v1", true, R"({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", )"
                                                        R"("Condition": {"Bool": {"aws:SecureTransport": "false"}, "NumericLessThen": {"s3:max-keys": "1"}}})"))
        // No version marked default: the one named by DefaultVersionId is in force.
        << "," << managed("only-by-id", version("v1", false, allow(R"("s3:GetObject")")) + "," +
                                            version("v2", false, allow(R"("iam:PassRole")"), true))
        << "," << managed("twice-passrole-second", version("v1", true, allow(R"("s3:GetObject")")))
        << "," << managed("twice-passrole-second", version("v1", true, allow(R"("iam:PassRole")")))
        << "," << managed("twice-passrole-first", version("v1", true, allow(R"("iam:PassRole")")))
        << "," << managed("twice-passrole-first", version("v1", true, allow(R"("s3:GetObject")")))
        << "]}";
    std::ofstream(own / "resource-policies.json")
        << R"([{"arn": "arn:aws:s3:::own-bucket", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111122223333:user/bucket-reader"}, "Action": "s3:*",
              "Resource": ["arn:aws:s3:::own-bucket", "arn:aws:s3:::own-bucket/*"]}]}}])";
  }
  files.push_back(own / "authorization-details.json");
  for (const fs::path& file : files) {
    const std::string path = file.string();
    account::Account a;
    try {
      a = account::load_snapshot(file.parent_path().string());
    } catch (const account::SnapshotError&) {
      continue;  // the cases of bad snapshots
    }
    access::ModelOptions every;
    every.decide_admin = false;
    const access::Model all(a, every);
    std::vector<std::string> resources{"*"};
    if (!a.roles.empty()) resources.push_back(a.roles.front().arn);
    if (!a.users.empty()) resources.push_back(a.users.back().arn);
    if (!a.resource_policies.empty()) resources.push_back(a.resource_policies.front().arn);
    for (const std::string action : {"iam:PassRole", "iam:CreateUser", "s3:GetObject", "sts:AssumeRole",
                                     "ec2:RunInstances", "sts:GetCallerIdentity", "s3:PutBucketPolicy",
                                     "kms:Decrypt", "iamwarden-probe:AnyAction"}) {
      for (const std::string& resource : resources) {
        access::ModelOptions question = every;
        question.question_action = action;
        for (char& c : question.question_action) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        question.question_resource = resource;
        const access::Model asked(a, question);
        account::LoadOptions scoped_load;
        scoped_load.question_action = question.question_action;
        const account::Account scoped = account::load_snapshot(file.parent_path().string(), scoped_load);
        policies_left_out += a.policies.size() - scoped.policies.size();
        scoped_load.question_resource = resource;
        const account::Account narrowed = account::load_snapshot(file.parent_path().string(), scoped_load);
        principals_left_out += narrowed.principals_left_out;
        EXPECT_EQ(narrowed.users.size() + narrowed.roles.size() + narrowed.principals_left_out,
                  a.users.size() + a.roles.size())
            << path << " " << action << " " << resource;
        if (file.parent_path() == own) {  // the resource's own policy: every principal read
          EXPECT_EQ(narrowed.principals_left_out == 0,
                    resource != "*" || eval::allowed_without_identity_allow(question.question_action))
              << action << " " << resource;
        }
        const access::Model asked_scoped(scoped, question);
        const access::Model asked_narrowed(narrowed, question);
        for (const access::Model* quick_model : {&asked, &asked_scoped, &asked_narrowed}) {
          const std::string how = quick_model == &asked          ? " (question's model)"
                                  : quick_model == &asked_scoped ? " (question's load)"
                                                                 : " (question's load for the resource)";
          if (quick_model != &asked_narrowed) {
            ASSERT_EQ(quick_model->entries().size(), all.entries().size()) << path << how;
          }
          for (std::size_t i = 0; i < all.entries().size(); ++i) {
            const access::Model::Entry& e = all.entries()[i];
            const access::Model::Entry* found = quick_model->find(e.arn());
            if (found == nullptr) {  // left out of the load: never allowed
              EXPECT_EQ(quick_model, &asked_narrowed) << path << ": " << e.arn() << how;
              EXPECT_FALSE(e.checker && all.can(e, action, resource).allowed())
                  << path << ": " << e.arn() << " " << action << " " << resource << how;
              ++compared;
              continue;
            }
            const access::Model::Entry& q = *found;
            const access::Access full = e.checker ? all.can(e, action, resource) : access::Access{};
            const access::Access quick = q.checker ? quick_model->can(q, action, resource) : access::Access{};
            EXPECT_EQ(full.allowed(), quick.allowed()) << path << ": " << e.arn() << " " << action << " " << resource << how;
            if (full.allowed() && quick.allowed()) {  // the same grants (policy and statement) and gating keys
              const auto grants = [](const access::Access& x) {
                std::vector<std::string> out;
                for (const access::Grant& g : x.granted_by) out.push_back(g.policy + "#" + std::to_string(g.statement));
                return out;
              };
              EXPECT_EQ(grants(full), grants(quick)) << path << ": " << e.arn() << " " << action << how;
              EXPECT_EQ(full.gating, quick.gating) << path << ": " << e.arn() << " " << action << how;
            }
            ++compared;
            left_out += e.checker && !q.checker;
          }
        }
      }
    }
  }
  fs::remove_all(own);
  EXPECT_GT(compared, 2000u);
  EXPECT_GT(left_out, 1000u);        // the filter does leave principals out
  EXPECT_GT(policies_left_out, 200u);  // and the load, policies
  EXPECT_GT(principals_left_out, 500u);  // and principals
}

}  // namespace
}  // namespace iw
