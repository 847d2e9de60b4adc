// Data-driven audit cases: tests/cases/audit/<name>/ is an account snapshot and expected.txt
// lists every finding the audit must report for it ("<id> <resource>", one per line; '#'
// starts a comment). Ages are measured from the snapshot's taken_at.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "account/account.h"
#include "audit/audit.h"
#include "audit/config.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> case_dirs() {
  std::vector<fs::path> out;
  const fs::path root = fs::path(IW_CASES_DIR) / "audit";
  if (!fs::exists(root)) return out;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) out.push_back(entry.path());
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

class AuditCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(AuditCase, ReportsExactlyTheExpectedFindings) {
  const fs::path dir = GetParam();
  const account::Account a = account::load_snapshot(dir.string());
  audit::AuditOptions options;
  options.as_of = audit::resolve_as_of(a, 0, 0);
  ASSERT_NE(options.as_of, 0) << "the case needs snapshot.json with taken_at";
  const audit::AuditResult result = audit::audit_account(a, options);
  std::vector<std::string> actual;
  std::ostringstream detail;
  for (const Finding& f : result.findings) {
    actual.push_back(f.id + " " + f.resource);
    detail << "\n  got: " << f.id << " " << f.resource << ": " << f.message;
    EXPECT_FALSE(f.title.empty()) << f.id;
    EXPECT_FALSE(f.remediation.empty()) << f.id;
    EXPECT_EQ(f.account, a.id) << f.id;
  }
  std::sort(actual.begin(), actual.end());
  EXPECT_EQ(actual, expected_lines(dir / "expected.txt")) << dir << detail.str();
}

INSTANTIATE_TEST_SUITE_P(Cases, AuditCase, ::testing::ValuesIn(case_dirs()),
                         [](const ::testing::TestParamInfo<fs::path>& param) {
                           std::string name = param.param.filename().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(AuditWaivers, WaivedFindingsDisappearUntilTheWaiverExpires) {
  const audit::Config config = audit::parse_config(
      "waivers:\n"
      "  - id: user-console-no-mfa\n"
      "    resource: arn:aws:iam::111122223333:user/bob\n"
      "    reason: hardware token ordered\n"
      "    expires: 2026-12-01\n",
      "config.yaml");
  ASSERT_EQ(config.waivers.size(), 1u);
  const auto make = [] {
    Finding f;
    f.id = "user-console-no-mfa";
    f.resource = "arn:aws:iam::111122223333:user/bob";
    return std::vector<Finding>{f};
  };
  std::vector<Finding> before = make();
  const auto in_force = audit::apply_waivers(config.waivers, *account::parse_timestamp("2026-11-01"), before);
  EXPECT_TRUE(before.empty());
  EXPECT_EQ(in_force.waived, 1u);
  std::vector<Finding> after = make();
  const auto expired = audit::apply_waivers(config.waivers, *account::parse_timestamp("2027-01-01"), after);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after[0].message.find("waiver expired"), std::string::npos);
  EXPECT_EQ(expired.expired.size(), 1u);
}

TEST(AuditConfig, RejectsAWaiverOfAnUnknownCheckWithFileAndLine) {
  try {
    audit::parse_config("waivers:\n  - id: user-console-no-mfa\n    resource: '*'\n    reason: r\n"
                        "  - id: user-console-no-mfaa\n    resource: '*'\n    reason: typo\n",
                        "audit.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const audit::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("audit.yaml:5:9: no check has the id \"user-console-no-mfaa\""),
              std::string::npos)
        << e.what();
  }
}

TEST(AuditConfig, RejectsUnknownKeysWithTheirPosition) {
  try {
    audit::parse_config("thresholds:\n  unused_dayz: 30\n", "c.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const audit::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("c.yaml:2:3: unknown key \"unused_dayz\""), std::string::npos) << e.what();
  }
  EXPECT_THROW(audit::parse_config("thresholds:\n  unused_days: -4\n", "c.yaml"), audit::ConfigError);
  EXPECT_THROW(audit::parse_config("waivers: [{id: x, resource: y}]\n", "c.yaml"), audit::ConfigError);
  EXPECT_THROW(audit::parse_config("known_accounts: [\"123\"]\n", "c.yaml"), audit::ConfigError);
  EXPECT_THROW(audit::parse_config("thresholds: [1, 2\n", "c.yaml"), audit::ConfigError);
  const audit::Config ok = audit::parse_config("thresholds:\n  unused_days: 45\n", "c.yaml");
  EXPECT_EQ(ok.thresholds.unused_days, 45);
}

}  // namespace
}  // namespace iw
