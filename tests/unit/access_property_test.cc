// Properties of the access model and the escalation graph on small random accounts:
//   - limiters only remove: adding a Deny, an SCP level or a permissions boundary never adds a
//     principal that is admin or can become admin, nor an allowed access;
//   - witnesses: every gated access carries a context in which a fresh engine allows it;
//   - the thread count does not change the paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <unistd.h>

#include "access/model.h"
#include "account/account.h"
#include "graph/graph.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAccount = "111122223333";

std::string arn(const std::string& kind, const std::string& name) {
  return "arn:aws:iam::" + std::string(kAccount) + ":" + kind + "/" + name;
}

// A random account, written as a snapshot directory.
class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
  }
  bool chance(int percent) { return std::uniform_int_distribution<int>(0, 99)(rng_) < percent; }

  std::string condition() {
    static const std::vector<std::string> conditions{
        R"({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})",
        R"({"IpAddress": {"aws:SourceIp": "10.20.0.0/16"}})",
        R"({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})",
        R"({"StringEquals": {"aws:PrincipalTag/team": "a"}})",
        R"({"StringEquals": {"aws:PrincipalTag/team": "b"}})",
        R"({"Bool": {"aws:MultiFactorAuthPresent": "true"}})",
        R"({"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}})",
        R"({"StringLike": {"aws:RequestedRegion": "us-*"}})",
        R"({"StringNotEquals": {"aws:PrincipalArn": ")" + arn("user", "u0") + R"("}})"};
    return pick(conditions);
  }

  std::string statement(bool allow) {
    static const std::vector<std::string> actions{
        "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy", "sts:AssumeRole",
        "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:AddUserToGroup", "iam:PassRole",
        "lambda:CreateFunction", "lambda:InvokeFunction", "*", "iam:*", "s3:GetObject", "iam:CreateUser"};
    std::vector<std::string> resources{"*", arn("user", "*"), arn("role", "*"), arn("group", "admins")};
    for (int i = 0; i < 3; ++i) resources.push_back(arn("user", "u" + std::to_string(i)));
    for (int i = 0; i < 3; ++i) resources.push_back(arn("role", "r" + std::to_string(i)));
    std::string s = std::string(R"({"Effect": ")") + (allow ? "Allow" : "Deny") + R"(", "Action": [")" +
                    pick(actions) + "\"";
    if (chance(40)) s += ", \"" + pick(actions) + "\"";
    s += R"(], "Resource": ")" + pick(resources) + "\"";
    if (chance(35)) s += ", \"Condition\": " + condition();
    return s + "}";
  }

  std::string policy(int statements, int deny_percent) {
    std::string s = R"({"Version": "2012-10-17", "Statement": [)";
    for (int i = 0; i < statements; ++i) s += (i ? ", " : "") + statement(!chance(deny_percent));
    return s + "]}";
  }

  struct Account {
    std::vector<std::string> users, roles, groups;  // JSON objects
    std::vector<std::string> scp_levels;             // JSON arrays of {name, document}
  };

  Account account() {
    Account a;
    a.groups.push_back(R"({"Path": "/", "GroupName": "admins", "GroupId": "AGPAADMINS", "Arn": ")" +
                       arn("group", "admins") +
                       R"(", "CreateDate": "2025-01-01T00:00:00Z", "GroupPolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]})");
    for (int i = 0; i < 3; ++i) {
      const std::string name = "u" + std::to_string(i);
      const std::string admin = chance(20) ? R"({"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})" : "";
      a.users.push_back(R"({"Path": "/", "UserName": ")" + name + R"(", "UserId": "AIDA)" + name + R"(", "Arn": ")" +
                        arn("user", name) + R"(", "CreateDate": "2025-01-01T00:00:00Z", "GroupList": [], "Tags": [{"Key": "team", "Value": ")" +
                        (chance(50) ? "a" : "b") + R"("}], "AttachedManagedPolicies": [)" + admin +
                        R"(], "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": )" + policy(2, 20) + "}]}");
    }
    for (int i = 0; i < 3; ++i) {
      const std::string name = "r" + std::to_string(i);
      const std::string principal = chance(50) ? R"({"AWS": ")" + arn("user", "u" + std::to_string(i)) + "\"}"
                                    : chance(50) ? R"({"AWS": "arn:aws:iam::111122223333:root"})"
                                                 : R"({"Service": "lambda.amazonaws.com"})";
      const std::string admin = chance(30) ? R"({"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})" : "";
      a.roles.push_back(R"({"Path": "/", "RoleName": ")" + name + R"(", "RoleId": "AROA)" + name + R"(", "Arn": ")" +
                        arn("role", name) +
                        R"(", "CreateDate": "2025-01-01T00:00:00Z", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": )" +
                        principal + R"(, "Action": "sts:AssumeRole"}]}, "InstanceProfileList": [], "Tags": [], "RoleLastUsed": {}, "AttachedManagedPolicies": [)" +
                        admin + R"(], "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": )" + policy(2, 15) + "}]}");
    }
    return a;
  }

  // One more limiter: a Deny in a principal's policy, an SCP level, or a boundary.
  void limit(Account& a) {
    const int kind = std::uniform_int_distribution<int>(0, 2)(rng_);
    std::vector<std::string>& list = chance(50) ? a.users : a.roles;
    std::string& p = list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(rng_)];
    if (kind == 0) {
      const std::size_t at = p.find(R"("Statement": [)");
      p.insert(at + 14, statement(false) + ", ");
    } else if (kind == 1) {
      a.scp_levels.push_back(R"([{"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}, {"name": "guard", "document": )" +
                             policy(1, 100) + "}]");
    } else if (p.find("PermissionsBoundary") == std::string::npos) {
      p.insert(1, R"("PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": ")" +
                      arn("policy", "boundary") + R"("}, )");
    }
  }

  static void write(const Account& a, const fs::path& dir) {
    fs::create_directories(dir);
    const auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const std::string& x : v) s += (s.empty() ? "" : ",\n") + x;
      return s;
    };
    std::ofstream(dir / "authorization-details.json")
        << R"({"UserDetailList": [)" << join(a.users) << R"(], "GroupDetailList": [)" << join(a.groups)
        << R"(], "RoleDetailList": [)" << join(a.roles) << R"(], "Policies": [)"
        << R"({"PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMIN", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": true, "CreateDate": "2025-01-01T00:00:00Z", "UpdateDate": "2025-01-01T00:00:00Z", "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2025-01-01T00:00:00Z"}]},)"
        << R"({"PolicyName": "boundary", "PolicyId": "ANPABOUNDARY", "Arn": ")" << arn("policy", "boundary")
        << R"(", "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 0, "PermissionsBoundaryUsageCount": 1, "IsAttachable": true, "CreateDate": "2025-01-01T00:00:00Z", "UpdateDate": "2025-01-01T00:00:00Z", "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:Attach*", "sts:AssumeRole"], "Resource": "*"}]}, "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2025-01-01T00:00:00Z"}]}]})";
    std::ofstream(dir / "snapshot.json") << R"({"account_id": "111122223333", "taken_at": "2026-11-01T00:00:00Z"})";
    if (!a.scp_levels.empty()) {
      std::string levels;
      for (const std::string& l : a.scp_levels) levels += (levels.empty() ? "" : ", ") + std::string(R"({"target": "ou", "policies": )") + l + "}";
      std::ofstream(dir / "scps.json") << R"({"levels": [)" << levels << "]}";
    }
  }

 private:
  std::mt19937 rng_;
};

// Principals that are admin or can become admin.
std::set<std::string> reach(const account::Account& a, unsigned threads = 1) {
  graph::Options o;
  o.threads = threads;
  const graph::Graph g(a, o);
  std::set<std::string> out;
  for (const std::string& p : g.principals()) {
    if (g.is_admin(p)) out.insert(p);
  }
  for (const graph::Path& p : g.escalation_paths()) out.insert(p.principal);
  return out;
}

TEST(AccessProperty, LimitersNeverAddAccessOrPaths) {
  const fs::path root = fs::temp_directory_path() / ("iw-access-property-" + std::to_string(::getpid()));
  Gen gen(20261206);
  int limited = 0;
  for (int i = 0; i < 40; ++i) {
    Gen::Account base = gen.account();
    Gen::Account more = base;
    gen.limit(more);
    Gen::write(base, root / "base");
    Gen::write(more, root / "more");
    const account::Account a = account::load_snapshot((root / "base").string());
    const account::Account b = account::load_snapshot((root / "more").string());
    const std::set<std::string> before = reach(a), after = reach(b);
    for (const std::string& p : after) EXPECT_TRUE(before.contains(p)) << "iteration " << i << ": " << p << " gained";
    EXPECT_EQ(reach(a, 2), before) << "iteration " << i << ": thread count changed the result";
    // Direct access: a limiter never turns a denied request into an allowed one.
    const access::Model ma(a), mb(b);
    for (const access::Model::Entry& e : mb.entries()) {
      const access::Model::Entry* old = ma.find(e.arn());
      ASSERT_NE(old, nullptr);
      for (const char* action : {"iam:AttachUserPolicy", "iam:PutRolePolicy", "sts:AssumeRole", "s3:GetObject"}) {
        for (const std::string& resource : {arn("user", "u1"), arn("role", "r1"), std::string("*")}) {
          if (mb.can(e, action, resource).allowed()) {
            EXPECT_TRUE(ma.can(*old, action, resource).allowed()) << i << " " << e.arn() << " " << action << " " << resource;
          }
        }
      }
    }
    limited += before != after ? 1 : 0;
    fs::remove_all(root);
  }
  EXPECT_GT(limited, 0) << "no limiter changed anything: the generator is too weak";
}

TEST(AccessProperty, GatedAccessWitnessesAreConfirmedByTheEngine) {
  const fs::path root = fs::temp_directory_path() / ("iw-access-witness-" + std::to_string(::getpid()));
  Gen gen(7);
  std::size_t gated = 0;
  for (int i = 0; i < 40; ++i) {
    Gen::write(gen.account(), root);
    const account::Account a = account::load_snapshot(root.string());
    const access::Model m(a);
    for (const access::Model::Entry& e : m.entries()) {
      for (const char* action : {"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:CreateUser",
                                 "s3:GetObject", "iam:PassRole", "lambda:CreateFunction", "iam:CreateAccessKey"}) {
        for (const std::string& resource : {std::string("*"), arn("user", "u1"), arn("role", "r1")}) {
          const access::Access ans = e.checker->can(action, resource);
          if (ans.verdict != access::Verdict::gated || !ans.exact) continue;
          ++gated;
          // The decision satisfy() returns is the engine's on the witness request; re-decide it
          // from scratch with the witness merged into the facts.
          access::Fixed fixed;
          fixed.context = ans.witness;
          const access::Access again = e.checker->can(action, resource, fixed);
          EXPECT_EQ(again.decision.outcome, eval::Outcome::allow) << i << " " << e.arn() << " " << action;
        }
      }
    }
    fs::remove_all(root);
  }
  EXPECT_GT(gated, 5u);
}

}  // namespace
}  // namespace iw
