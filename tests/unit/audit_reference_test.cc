// The audit of a realistic public account dump (../shared/reference/cloudsplaining-example,
// BSD-3-Clause, not part of this repository) must run cleanly and report a stable set of
// findings: tests/golden/audit/cloudsplaining.txt ("<id> <resource>" per finding, sorted).
// Regenerate after a deliberate change with IW_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "account/account.h"
#include "audit/audit.h"
#include "required_data.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

TEST(AuditReference, CloudsplainingExampleMatchesGolden) {
  const fs::path dump = fs::path(IW_SOURCE_DIR) / ".." / "shared" / "reference" / "cloudsplaining-example";
  IW_REQUIRE_PATH(dump / "authorization-details.json");
  const account::Account a = account::load_snapshot(dump.string());
  audit::AuditOptions options;
  options.as_of = *account::parse_timestamp("2023-06-01T00:00:00Z");  // fixed: ages must not drift
  const audit::AuditResult result = audit::audit_account(a, options);
  // Every user and every role but the service-linked ones has its permissions decided.
  EXPECT_GT(result.principals, 100u);
  std::vector<std::string> lines;
  for (const Finding& f : result.findings) lines.push_back(f.id + " " + f.resource);
  std::sort(lines.begin(), lines.end());
  std::string actual;
  for (const std::string& l : lines) actual += l + "\n";
  const fs::path golden = fs::path(IW_SOURCE_DIR) / "tests" / "golden" / "audit" / "cloudsplaining.txt";
  if (std::getenv("IW_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden) << actual;
  }
  std::ifstream in(golden);
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden " << golden << " differs; rerun with IW_UPDATE_GOLDEN=1 if intended";
  EXPECT_GT(result.policies, 100u);
}

}  // namespace
}  // namespace iw
