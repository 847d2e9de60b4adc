// Data-driven lint cases: tests/cases/lint/<id>/<name>.json is a policy file and
// <name>.expect lists every finding lint must report for it, one per line:
//   <id> <line>:<column> <severity>
// Lines starting with '#' set options ("# kind: trust", "# account: 111122223333") or are
// comments. An empty expectation (only comments) means: no finding at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/source.h"
#include "lint/lint.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

struct Case {
  fs::path policy;
  fs::path expect;
};

std::vector<Case> all_cases() {
  std::vector<Case> out;
  const fs::path root = fs::path(IW_CASES_DIR) / "lint";
  if (!fs::exists(root)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    fs::path expect = entry.path();
    expect.replace_extension(".expect");
    out.push_back({entry.path(), expect});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.policy < b.policy; });
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.policy.string(); }

class LintCase : public ::testing::TestWithParam<Case> {};

TEST_P(LintCase, ReportsExactlyTheExpectedFindings) {
  const Case& c = GetParam();
  ASSERT_TRUE(fs::exists(c.expect)) << "missing " << c.expect;
  lint::Options options;
  std::vector<std::string> expected;
  std::istringstream lines(slurp(c.expect));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# kind: ", 0) == 0) options.kind = policy::parse_kind(line.substr(8));
    if (line.rfind("# account: ", 0) == 0) options.account = line.substr(11);
    if (!line.empty() && line[0] != '#') expected.push_back(line);
  }
  const SourceText source(c.policy.filename().string(), slurp(c.policy));
  std::vector<Finding> findings;
  lint::lint_text(source, options, findings);
  std::vector<std::string> actual;
  for (const Finding& f : findings) {
    std::ostringstream s;
    s << f.id << ' ' << (f.location ? f.location->line : 0) << ':' << (f.location ? f.location->column : 0)
      << ' ' << to_string(f.severity);
    actual.push_back(s.str());
  }
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  std::ostringstream detail;
  for (const Finding& f : findings) detail << "\n  got: " << f.id << ": " << f.message;
  EXPECT_EQ(actual, expected) << c.policy << detail.str();
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.policy.parent_path().filename().string() + "_" +
                     info.param.policy.stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, LintCase, ::testing::ValuesIn(all_cases()), case_name);

// Every lint id of contracts.md §2 has at least two positive cases and one negative one.
TEST(LintCases, EveryContractIdIsCovered) {
  const char* ids[] = {"json-syntax", "policy-grammar", "missing-version", "variables-in-old-version",
                       "duplicate-sid", "policy-too-large", "unknown-service", "unknown-action",
                       "unknown-condition-key", "resource-mismatch", "invalid-arn",
                       "condition-type-mismatch", "redundant-action", "admin-wildcard",
                       "service-wildcard", "allow-not-action", "allow-not-resource",
                       "allow-not-principal", "passrole-wildcard-resource", "public-principal",
                       "privilege-escalation", "credentials-exposure", "data-exfiltration",
                       "mfa-condition-weak", "forallvalues-with-single-valued-key",
                       "missing-confused-deputy-condition", "trust-cross-account-no-external-id",
                       "trust-oidc-unrestricted"};
  for (const char* id : ids) {
    int positive = 0, negative = 0;
    for (const Case& c : all_cases()) {
      if (c.policy.parent_path().filename() != id) continue;
      const std::string expect = slurp(c.expect);
      (expect.find(std::string(id) + " ") != std::string::npos ? positive : negative)++;
    }
    EXPECT_GE(positive, 2) << id;
    EXPECT_GE(negative, 1) << id;
  }
}

TEST(LintMessages, OneFindingPerStatementListsEveryActionInStatementOrder) {
  const SourceText source("p.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["sts:AssumeRole", "iam:CreateAccessKey", "ecr:GetAuthorizationToken"],
     "Resource": "*"}]})");
  std::vector<Finding> findings;
  lint::lint_text(source, {}, findings);
  std::vector<const Finding*> exposure;
  for (const Finding& f : findings) {
    if (f.id == "credentials-exposure") exposure.push_back(&f);
  }
  ASSERT_EQ(exposure.size(), 1u);
  EXPECT_EQ(exposure[0]->message,
            "3 actions that return credentials are allowed on every resource without a condition: "
            "sts:AssumeRole, iam:CreateAccessKey, ecr:GetAuthorizationToken");
  EXPECT_EQ(exposure[0]->location->column, 36) << "at the first of them";
}

}  // namespace
}  // namespace iw
