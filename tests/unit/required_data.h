// Tests that read data from outside this repository (../shared/reference): when it is missing
// they are skipped visibly (GoogleTest's SKIPPED, which CTest reports as "Skipped"), except under
// CI (the CI variable set and not "false" or "0"), where they fail: a CI run never passes
// without running them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace iw::test {

inline bool in_ci() {
  const char* ci = std::getenv("CI");
  if (ci == nullptr) return false;
  const std::string_view v = ci;
  return !v.empty() && v != "false" && v != "0";
}

}  // namespace iw::test

// In a TEST body: skips the test (or, under CI, fails it) unless `path` exists.
#define IW_REQUIRE_PATH(path)                                                                  \
  do {                                                                                         \
    if (!std::filesystem::exists(path)) {                                                      \
      if (::iw::test::in_ci()) FAIL() << (path) << " not found: CI requires this reference data"; \
      GTEST_SKIP() << (path) << " not found (reference data from ../shared): skipped";         \
    }                                                                                          \
  } while (false)
