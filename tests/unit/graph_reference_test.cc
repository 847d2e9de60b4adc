// The escalation graph against a naive pairwise reference on small random accounts.
//
// The graph searches lazily, backwards from the admin principals, discovering only the edges
// into its frontier. The reference does the obvious thing instead: for every ordered pair of
// principals and every method of a small set, it asks the access model the direct questions the
// method needs (may S assume T, write a policy on T, create T's key, ...), builds every edge,
// then walks forwards from each principal. Both must name the same escalating principals, and
// every step of every graph path must be an edge of the reference.
//
// The random accounts use only the permissions of those methods (no conditions: gating is the
// witness property's subject), Allow and Deny statements on exact and wildcard resources, admin
// principals, an admin group and role trusts to users, roles, the account and a service. "Made
// admin" means admin-equivalent after the write: the principal's own Denies still apply, except
// those of the inline policies a Put*Policy overwrites.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include <unistd.h>

#include "access/model.h"
#include "account/account.h"
#include "graph/graph.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAccount = "444455556666";
constexpr int kUsers = 4;
constexpr int kRoles = 4;

std::string arn(const std::string& kind, const std::string& name) {
  return "arn:aws:iam::" + std::string(kAccount) + ":" + kind + "/" + name;
}

const std::string kAdminPolicy =
    R"({"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})";

class RandomAccount {
 public:
  explicit RandomAccount(unsigned seed) : rng_(seed) {}

  // Writes one random account as a snapshot directory.
  void write(const fs::path& dir) {
    fs::create_directories(dir);
    std::string users, roles, report =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,mfa_active,"
        "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,"
        "access_key_2_last_rotated,access_key_2_last_used_date,cert_1_active,cert_2_active\n";
    for (int i = 0; i < kUsers; ++i) {
      const std::string name = "u" + std::to_string(i);
      users += std::string(i ? ",\n" : "") + R"({"Path": "/", "UserName": ")" + name + R"(", "UserId": "AIDAU)" +
               std::to_string(i) + R"(", "Arn": ")" + arn("user", name) +
               R"(", "CreateDate": "2025-01-01T00:00:00Z", "GroupList": [], "Tags": [], "AttachedManagedPolicies": [)" +
               (chance(20) ? kAdminPolicy : "") + R"(], "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": )" +
               policy() + "}]}";
      report += name + "," + arn("user", name) + ",2025-01-01T00:00:00+00:00,false,N/A,N/A,false,false,N/A,N/A,false,N/A,N/A,false,false\n";
    }
    for (int i = 0; i < kRoles; ++i) {
      const std::string name = "r" + std::to_string(i);
      roles += std::string(i ? ",\n" : "") + R"({"Path": "/", "RoleName": ")" + name + R"(", "RoleId": "AROAR)" +
               std::to_string(i) + R"(", "Arn": ")" + arn("role", name) +
               R"(", "CreateDate": "2025-01-01T00:00:00Z", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": )" +
               trusted() + R"(, "Action": "sts:AssumeRole"}]}, "InstanceProfileList": [], "Tags": [], "RoleLastUsed": {}, "AttachedManagedPolicies": [)" +
               (chance(25) ? kAdminPolicy : "") + R"(], "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": )" +
               policy() + "}]}";
    }
    std::ofstream(dir / "authorization-details.json")
        << R"({"UserDetailList": [)" << users << R"(], "RoleDetailList": [)" << roles
        << R"(], "GroupDetailList": [{"Path": "/", "GroupName": "admins", "GroupId": "AGPAADMINS", "Arn": ")"
        << arn("group", "admins")
        << R"(", "CreateDate": "2025-01-01T00:00:00Z", "GroupPolicyList": [], "AttachedManagedPolicies": [)" << kAdminPolicy
        << R"(]}], "Policies": [{"PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMIN", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0, "IsAttachable": true, "CreateDate": "2025-01-01T00:00:00Z", "UpdateDate": "2025-01-01T00:00:00Z", "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "VersionId": "v1", "IsDefaultVersion": true, "CreateDate": "2025-01-01T00:00:00Z"}]}]})";
    std::ofstream(dir / "credential-report.csv") << report;
    std::ofstream(dir / "snapshot.json") << R"({"account_id": ")" << kAccount << R"(", "taken_at": "2026-11-01T00:00:00Z"})";
  }

 private:
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
  }
  bool chance(int percent) { return std::uniform_int_distribution<int>(0, 99)(rng_) < percent; }
  std::string user() { return arn("user", "u" + std::to_string(rng_() % kUsers)); }
  std::string role() { return arn("role", "r" + std::to_string(rng_() % kRoles)); }

  std::string trusted() {
    switch (rng_() % 4) {
      case 0: return R"({"AWS": ")" + user() + "\"}";
      case 1: return R"({"AWS": ")" + role() + "\"}";
      case 2: return R"({"AWS": "arn:aws:iam::)" + std::string(kAccount) + R"(:root"})";
      default: return R"({"Service": "lambda.amazonaws.com"})";
    }
  }

  std::string statement(bool allow) {
    static const std::vector<std::string> actions{
        "sts:AssumeRole",      "iam:AttachUserPolicy", "iam:PutUserPolicy",   "iam:AttachRolePolicy",
        "iam:PutRolePolicy",   "iam:AddUserToGroup",   "iam:CreateAccessKey", "s3:GetObject"};
    const std::vector<std::string> resources{"*", arn("user", "*"), arn("role", "*"), arn("group", "admins"),
                                             user(), user(), role(), role()};
    std::string s = std::string(R"({"Effect": ")") + (allow ? "Allow" : "Deny") + R"(", "Action": [")" + pick(actions) + "\"";
    if (chance(40)) s += ", \"" + pick(actions) + "\"";
    return s + R"(], "Resource": ")" + pick(resources) + "\"}";
  }

  std::string policy() {
    std::string s = R"({"Version": "2012-10-17", "Statement": [)" + statement(true);
    for (int i = 0; i < 2; ++i) {
      if (chance(50)) s += ", " + statement(!chance(25));
    }
    return s + "]}";
  }

  std::mt19937 rng_;
};

// The reference: every edge built eagerly, pair by pair, from the model's direct answers.
class PairwiseReference {
 public:
  static constexpr const char* kAdmin = "(made admin)";

  explicit PairwiseReference(const access::Model& m) {
    const auto can = [&](const access::Model::Entry& s, const char* action, const std::string& resource) {
      return m.can(s, action, resource).allowed();
    };
    // Would `t` be admin-equivalent holding an admin policy too? Its own Denies still apply,
    // except those of its inline policies when the write replaces them (Put*Policy).
    const account::PolicyDoc* admin_doc = m.account().policies.front().default_document();
    const auto made_admin = [&](const access::Model::Entry& t, bool replaces_inline) {
      access::PrincipalPolicies p = t.user ? access::policies_of(m.account(), *t.user) : access::policies_of(m.account(), *t.role);
      if (replaces_inline) {
        const auto& own = t.user ? t.user->inline_policies : t.role->inline_policies;
        for (std::size_t i = p.identity.size(); i-- > 0;) {
          if (std::any_of(own.begin(), own.end(), [&](const account::InlinePolicy& ip) { return &ip.doc == p.identity[i]; })) {
            p.identity.erase(p.identity.begin() + static_cast<std::ptrdiff_t>(i));
            p.identity_names.erase(p.identity_names.begin() + static_cast<std::ptrdiff_t>(i));
          }
        }
      }
      p.identity.push_back(admin_doc);
      p.identity_names.emplace_back("AdministratorAccess");
      const std::optional<access::Checker> c = m.checker_for(std::move(p));
      return c.has_value() && access::is_admin(*c);
    };
    for (const access::Model::Entry& s : m.entries()) {
      if (s.admin) admins_.insert(s.arn());
      std::set<std::string>& out = edges_[s.arn()];
      // Self-escalation: a policy written on itself, or itself added to the admin group.
      if (s.user != nullptr && ((made_admin(s, true) && can(s, "iam:PutUserPolicy", s.arn())) ||
                                (made_admin(s, false) && (can(s, "iam:AttachUserPolicy", s.arn()) ||
                                                          can(s, "iam:AddUserToGroup", arn("group", "admins")))))) {
        out.insert(kAdmin);
      }
      if (s.role != nullptr && ((made_admin(s, true) && can(s, "iam:PutRolePolicy", s.arn())) ||
                                (made_admin(s, false) && can(s, "iam:AttachRolePolicy", s.arn())))) {
        out.insert(kAdmin);
      }
      for (const access::Model::Entry& t : m.entries()) {
        if (&t == &s) continue;
        if (t.role != nullptr) {
          const bool assume = can(s, "sts:AssumeRole", t.arn());
          if (assume) out.insert(t.arn());
          // Make the role admin, then assume it.
          if (assume && ((made_admin(t, true) && can(s, "iam:PutRolePolicy", t.arn())) ||
                         (made_admin(t, false) && can(s, "iam:AttachRolePolicy", t.arn())))) {
            out.insert(kAdmin);
          }
        } else {
          const bool key = can(s, "iam:CreateAccessKey", t.arn());
          if (key) out.insert(t.arn());
          // Make the user admin (policy or admin group), then create its key.
          if (key && ((made_admin(t, true) && can(s, "iam:PutUserPolicy", t.arn())) ||
                      (made_admin(t, false) && (can(s, "iam:AttachUserPolicy", t.arn()) ||
                                                can(s, "iam:AddUserToGroup", arn("group", "admins")))))) {
            out.insert(kAdmin);
          }
        }
      }
    }
  }

  // Principals that are not admin but reach an admin principal or make one.
  std::set<std::string> escalating() const {
    std::set<std::string> out;
    for (const auto& [start, unused] : edges_) {
      if (admins_.contains(start)) continue;
      std::set<std::string> seen{start};
      std::vector<std::string> todo{start};
      bool found = false;
      while (!todo.empty() && !found) {
        const std::string at = todo.back();
        todo.pop_back();
        for (const std::string& next : edges_.at(at)) {
          if (next == kAdmin || admins_.contains(next)) found = true;
          if (next != kAdmin && seen.insert(next).second) todo.push_back(next);
        }
      }
      if (found) out.insert(start);
    }
    return out;
  }

  bool edge(const std::string& from, const std::string& to) const {
    const auto it = edges_.find(from);
    return it != edges_.end() && it->second.contains(to);
  }
  const std::set<std::string>& admins() const { return admins_; }

 private:
  std::map<std::string, std::set<std::string>> edges_;
  std::set<std::string> admins_;
};

TEST(GraphPairwise, EscalationAgreesWithReference) {
  const fs::path root = fs::temp_directory_path() / ("iw-graph-pairwise-" + std::to_string(::getpid()));
  RandomAccount gen(20261206);
  std::size_t escalating = 0, multi_step = 0;
  for (int i = 0; i < 150; ++i) {
    gen.write(root);
    const account::Account a = account::load_snapshot(root.string());
    const access::Model m(a);
    const PairwiseReference ref(m);
    const graph::Graph g(m);
    std::set<std::string> found;
    for (const graph::Path& p : g.escalation_paths()) {
      found.insert(p.principal);
      multi_step += p.steps.size() > 1 ? 1 : 0;
      // Each step is an edge of the reference: to the next principal, or (last) making one admin.
      for (std::size_t k = 0; k < p.steps.size(); ++k) {
        const graph::Step& s = p.steps[k];
        const bool last = k + 1 == p.steps.size();
        const bool ok = ref.edge(s.from, s.to) || (last && ref.edge(s.from, PairwiseReference::kAdmin));
        EXPECT_TRUE(ok) << "account " << i << ": step " << s.method << " " << s.from << " -> " << s.to
                        << " is not an edge of the reference";
      }
    }
    const std::set<std::string> expected = ref.escalating();
    EXPECT_EQ(found, expected) << "account " << i << " (snapshot kept in " << root << ")";
    if (found != expected) return;  // keep the failing snapshot for a look
    for (const std::string& p : g.principals()) EXPECT_EQ(g.is_admin(p), ref.admins().contains(p)) << p;
    escalating += expected.size();
    fs::remove_all(root);
  }
  // The generator must exercise the search: many escalations, some of them through a principal.
  EXPECT_GT(escalating, 100u);
  EXPECT_GT(multi_step, 20u);
}

}  // namespace
}  // namespace iw
