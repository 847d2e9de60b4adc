// IW_REQUIRE_PATH: a missing reference path skips the test, or fails it under CI.
#include "required_data.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace iw::test {
namespace {

// The results a body using IW_REQUIRE_PATH(path) records with CI set to `ci` (nullopt: unset).
std::vector<testing::TestPartResult> run_with_ci(std::optional<std::string> ci, const std::string& path) {
  const char* old = std::getenv("CI");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  if (ci) setenv("CI", ci->c_str(), 1);
  else unsetenv("CI");
  testing::TestPartResultArray results;
  {
    testing::ScopedFakeTestPartResultReporter reporter(
        testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    [&] { IW_REQUIRE_PATH(path); }();
  }
  if (saved) setenv("CI", saved->c_str(), 1);
  else unsetenv("CI");
  std::vector<testing::TestPartResult> out;
  for (int i = 0; i < results.size(); ++i) out.push_back(results.GetTestPartResult(i));
  return out;
}

TEST(RequiredData, MissingPathIsSkippedOutsideCi) {
  for (std::optional<std::string> ci : {std::optional<std::string>(), std::optional<std::string>("false"),
                                        std::optional<std::string>("0")}) {
    const auto results = run_with_ci(ci, "/nonexistent/reference");
    ASSERT_EQ(results.size(), 1u);
    EXPECT_TRUE(results[0].skipped()) << ci.value_or("(unset)");
  }
}

TEST(RequiredData, MissingPathFailsUnderCi) {
  for (const char* ci : {"true", "1"}) {
    const auto results = run_with_ci(std::string(ci), "/nonexistent/reference");
    ASSERT_EQ(results.size(), 1u);
    EXPECT_TRUE(results[0].fatally_failed()) << ci;
    EXPECT_NE(std::string(results[0].message()).find("/nonexistent/reference"), std::string::npos);
  }
}

TEST(RequiredData, PresentPathRecordsNothing) {
  EXPECT_EQ(run_with_ci(std::string("true"), IW_SOURCE_DIR).size(), 0u);
}

}  // namespace
}  // namespace iw::test
