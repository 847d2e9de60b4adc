// reason::glob_classes against the naive product exploration of tests/reference: the same
// classes, in the same order, with the same shortest representatives and the same `complete`.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "reason/witness.h"
#include "reference/glob_classes_reference.h"

namespace iw {
namespace {

using reason::GlobKind;
using reason::GlobSpec;

void expect_same(const std::vector<GlobSpec>& specs) {
  bool fast_complete = false, ref_complete = false;
  const auto fast = reason::glob_classes(specs, fast_complete);
  const auto ref = reference::glob_classes(specs, ref_complete);
  std::string shown;
  for (const GlobSpec& g : specs) shown += "[" + g.text + " kind " + std::to_string(static_cast<int>(g.kind)) + "] ";
  ASSERT_EQ(fast_complete, ref_complete) << shown;
  ASSERT_EQ(fast.size(), ref.size()) << shown;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    EXPECT_EQ(fast[i].text, ref[i].text) << shown << " class " << i;
    EXPECT_EQ(fast[i].accepted, ref[i].accepted) << shown << " class " << i;
  }
}

TEST(GlobClasses, ActionAndResourcePatterns) {
  expect_same({{"s3:Get*", GlobKind::icase}, {"s3:GetObject", GlobKind::icase}, {"s3:*", GlobKind::icase},
               {"", GlobKind::action_shape}});
  expect_same({{"arn:aws:s3:::bucket/*", GlobKind::resource}, {"arn:aws:s3:::bucket", GlobKind::resource},
               {"arn:aws:s3:*:*:*", GlobKind::resource}, {"", GlobKind::arn_shape}});
  expect_same({{"arn:aws:iam::*:role/a*", GlobKind::arn_like}, {"arn:aws:iam::111122223333:role/app", GlobKind::literal},
               {"no-arn", GlobKind::arn_like}});
  expect_same({});
}

TEST(GlobClasses, BoundHitTheSameWay) {
  std::vector<GlobSpec> specs;
  for (int i = 0; i < 300; ++i) {
    specs.push_back({"arn:aws:s3:us-east-1:111122223333:res-" + std::to_string(i) + "-*/x*y", GlobKind::resource});
  }
  specs.push_back({"", GlobKind::arn_shape});
  expect_same(specs);
}

TEST(GlobClasses, AgreesWithReferenceOnRandomSpecs) {
  std::mt19937 rng(13);
  const std::string alphabet = "ab:*?A";
  const GlobKind kinds[] = {GlobKind::plain,   GlobKind::icase,     GlobKind::resource,    GlobKind::arn_like,
                            GlobKind::literal, GlobKind::arn_shape, GlobKind::action_shape};
  for (int round = 0; round < 3000; ++round) {
    std::vector<GlobSpec> specs(1 + rng() % 6);
    for (GlobSpec& g : specs) {
      g.kind = kinds[rng() % std::size(kinds)];
      const std::size_t n = rng() % 12;
      for (std::size_t i = 0; i < n; ++i) g.text += alphabet[rng() % alphabet.size()];
    }
    expect_same(specs);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace iw
