// Lint's escalation sets come from the escalation method table: every method a lone policy can
// complete is found there, with its permissions.
#include <gtest/gtest.h>

#include "catalog/escalation.h"
#include "lint/escalation_sets.h"

namespace iw {
namespace {

TEST(LintEscalation, EverySetIsAMethodOfTheTable) {
  const auto sets = lint::escalation_sets();
  EXPECT_EQ(sets.size(), 30u) << "a lone-policy method is missing from catalog/escalation.cc";
  for (const lint::EscalationSet& s : sets) {
    ASSERT_NE(s.method, nullptr);
    EXPECT_EQ(catalog::find_method(s.method->id), s.method);
    EXPECT_FALSE(s.permissions.empty()) << s.method->id;
  }
}

TEST(LintEscalation, AlternativesComeFromTheTable) {
  for (const lint::EscalationSet& s : lint::escalation_sets()) {
    if (s.method->id != "iam-create-role-attach") continue;
    ASSERT_EQ(s.permissions.size(), 2u);
    EXPECT_EQ(s.permissions[1], (std::vector<std::string_view>{"iam:AttachRolePolicy", "iam:PutRolePolicy"}));
    return;
  }
  FAIL() << "iam-create-role-attach is not a lone-policy set";
}

}  // namespace
}  // namespace iw
