// Escalation-graph scenarios: tests/cases/graph/<category>/ is an account snapshot (written by
// make_cases.py) and expected.txt lists every principal `paths` must report, with the target
// and the methods of its shortest path: "<principal ARN> <target> <method>[,<method>...]".
// Decoys (blocked by a condition, a boundary, an SCP, a trust policy, a missing prerequisite)
// are in the snapshot and must not appear.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "account/account.h"
#include "graph/graph.h"
#include "catalog/escalation.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> case_dirs() {
  std::vector<fs::path> out;
  const fs::path root = fs::path(IW_CASES_DIR) / "graph";
  if (!fs::exists(root)) return out;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && fs::exists(entry.path() / "expected.txt")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> expected_lines(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string line_of(const graph::Path& p) {
  std::string methods;
  for (const graph::Step& s : p.steps) methods += (methods.empty() ? "" : ",") + s.method;
  return p.principal + " " + p.target + " " + methods;
}

class GraphCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(GraphCase, ReportsExactlyTheExpectedPaths) {
  const fs::path dir = GetParam();
  const account::Account a = account::load_snapshot(dir.string());
  for (unsigned threads : {1u, 2u}) {
    graph::Options options;
    options.threads = threads;
    const graph::Graph g(a, options);
    std::vector<std::string> actual;
    std::string detail;
    for (const graph::Path& p : g.escalation_paths()) {
      actual.push_back(line_of(p));
      detail += "\n  got: " + line_of(p);
      for (const graph::Step& s : p.steps) {
        EXPECT_NE(catalog::find_method(s.method), nullptr) << s.method;
        EXPECT_FALSE(s.permissions.empty()) << s.method;
        EXPECT_FALSE(s.resource.empty()) << s.method;
      }
    }
    std::sort(actual.begin(), actual.end());
    EXPECT_EQ(actual, expected_lines(dir / "expected.txt")) << dir << detail;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, GraphCase, ::testing::ValuesIn(case_dirs()),
                         [](const ::testing::TestParamInfo<fs::path>& param) {
                           std::string name = param.param.filename().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

const graph::Path* path_of(const std::vector<graph::Path>& paths, std::string_view principal) {
  for (const graph::Path& p : paths) {
    if (p.principal == principal) return &p;
  }
  return nullptr;
}

account::Account load_case(const char* name) {
  return account::load_snapshot((fs::path(IW_CASES_DIR) / "graph" / name).string());
}

TEST(GraphPaths, ReportsTheGatingConditionOfAStep) {
  const account::Account a = load_case("self-escalation");
  const auto paths = graph::Graph(a).escalation_paths();
  const graph::Path* p = path_of(paths, "arn:aws:iam::111122223333:user/mfa-user");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->steps.size(), 1u);
  EXPECT_EQ(p->steps[0].conditions, std::vector<std::string>{"aws:MultiFactorAuthPresent"});
  EXPECT_EQ(p->steps[0].resource, "arn:aws:iam::111122223333:user/mfa-user");
}

TEST(GraphPaths, TrustGateIsReportedForAssumeRole) {
  const account::Account a = load_case("principal-access");
  const auto paths = graph::Graph(a).escalation_paths();
  const graph::Path* p = path_of(paths, "arn:aws:iam::111122223333:user/mfa");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->target, "arn:aws:iam::111122223333:role/mfa-admin");
  EXPECT_EQ(p->steps[0].conditions, std::vector<std::string>{"aws:MultiFactorAuthPresent"});
}

TEST(GraphPaths, MultiStepChainsCompose) {
  const account::Account a = load_case("principal-access");
  const auto paths = graph::Graph(a).escalation_paths();
  const graph::Path* p = path_of(paths, "arn:aws:iam::111122223333:user/hop");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->steps.size(), 2u);
  EXPECT_EQ(p->steps[0].to, "arn:aws:iam::111122223333:role/hop-role");
  EXPECT_EQ(p->steps[1].from, "arn:aws:iam::111122223333:role/hop-role");
  EXPECT_EQ(p->target, "admin");
}

TEST(GraphPaths, AllListsEveryRoute) {
  // PMapper #117: two routes to admin both appear under --all.
  const account::Account a = load_case("principal-access");
  graph::Options options;
  options.all = true;
  const auto paths = graph::Graph(a, options).escalation_paths();
  std::vector<std::string> methods;
  for (const graph::Path& p : paths) {
    if (p.principal == "arn:aws:iam::111122223333:user/two-ways") methods.push_back(p.steps.at(0).method);
  }
  std::sort(methods.begin(), methods.end());
  EXPECT_EQ(methods, (std::vector<std::string>{"iam-create-access-key", "sts-assume-role"}));
}

TEST(GraphPaths, UnknownKeyCountIsAssumedAndSaid) {
  const account::Account a = load_case("new-passrole");  // no credential report
  graph::Graph g(a);
  EXPECT_TRUE(g.is_admin("arn:aws:iam::111122223333:role/fn-admin"));
  EXPECT_FALSE(g.is_admin("arn:aws:iam::111122223333:role/capped-admin"));
}

TEST(GraphCan, DirectAccessIsDecidedWithTrustPolicies) {
  const account::Account a = load_case("principal-access");
  graph::Graph g(a);
  EXPECT_TRUE(g.can("arn:aws:iam::111122223333:user/named", "sts:AssumeRole",
                    "arn:aws:iam::111122223333:role/named-admin").allowed);
  EXPECT_FALSE(g.can("arn:aws:iam::111122223333:user/dev", "sts:AssumeRole",
                     "arn:aws:iam::111122223333:role/named-admin").allowed);
  EXPECT_FALSE(g.can("arn:aws:iam::111122223333:user/partner-decoy", "sts:AssumeRole",
                     "arn:aws:iam::111122223333:role/partner-admin").allowed);
  const auto direct = g.who_can("sts:AssumeRole", "arn:aws:iam::111122223333:role/ops-admin", false);
  std::vector<std::string> who;
  for (const auto& w : direct) who.push_back(w.access.principal);
  EXPECT_NE(std::find(who.begin(), who.end(), "arn:aws:iam::111122223333:user/dev"), who.end());
  EXPECT_EQ(std::find(who.begin(), who.end(), "arn:aws:iam::111122223333:user/boundary-decoy"), who.end());
  const auto transitive = g.who_can("s3:GetObject", "arn:aws:s3:::bucket/key", true);
  bool dev_through_path = false;
  for (const auto& w : transitive) {
    if (w.access.principal == "arn:aws:iam::111122223333:user/dev") dev_through_path = w.path.has_value();
  }
  EXPECT_TRUE(dev_through_path);
}

}  // namespace
}  // namespace iw
