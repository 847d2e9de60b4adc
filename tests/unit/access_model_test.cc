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
  EXPECT_TRUE(e->checker.has_value()) << arn;
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

}  // namespace
}  // namespace iw
