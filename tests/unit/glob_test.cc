#include "policy/glob.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "reference/glob_reference.h"

namespace iw {
namespace {

TEST(Glob, PlainWildcards) {
  EXPECT_TRUE(Glob("*").matches(""));
  EXPECT_TRUE(Glob("s3:Get*").matches("s3:GetObject"));
  EXPECT_FALSE(Glob("s3:Get*").matches("s3:getObject"));
  EXPECT_TRUE(Glob("s3:Get*", GlobDialect::plain, true).matches("S3:getobject"));
  EXPECT_TRUE(Glob("a?c").matches("abc"));
  EXPECT_FALSE(Glob("a?c").matches("ac"));
  EXPECT_TRUE(Glob("a?c").matches("a\xC3\xA9" "c")) << "? is one code point";
  EXPECT_FALSE(Glob("a??c").matches("a\xC3\xA9" "c"));
  EXPECT_TRUE(Glob("*a*b*c*").matches("xxaxxbxxcxx"));
  EXPECT_FALSE(Glob("*a*b*c*").matches("xxcxxbxxaxx"));
  EXPECT_TRUE(Glob("exact").matches("exact"));
  EXPECT_FALSE(Glob("exact").matches("exactly"));
}

TEST(Glob, ResourceDialectColonRules) {
  const auto r = [](std::string_view p, std::string_view t) {
    return Glob(p, GlobDialect::resource).matches(t);
  };
  // A component-final '*' crosses colons (§4.3): arn:aws:sqs:* covers every queue.
  EXPECT_TRUE(r("arn:aws:sqs:*", "arn:aws:sqs:us-east-1:111122223333:q"));
  EXPECT_TRUE(r("arn:aws:s3:::*", "arn:aws:s3:::bucket/a:b/c"));
  EXPECT_TRUE(r("arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:role/x"));
  // A '*' that does not end its component stays inside it.
  EXPECT_FALSE(r("arn:aws:sqs:us-*1:111122223333:q", "arn:aws:sqs:us-east:1:111122223333:q"));
  EXPECT_TRUE(r("arn:aws:sqs:us-*1:111122223333:q", "arn:aws:sqs:us-east-1:111122223333:q"));
  // '?' in the head never matches ':'
  EXPECT_FALSE(r("arn:aws:s3?::b", "arn:aws:s3:::b"));
  // In the sixth component anything goes.
  EXPECT_TRUE(r("arn:aws:s3:::b/?", "arn:aws:s3:::b/:"));
  EXPECT_TRUE(r("*", "anything:at:all"));
  // Short patterns without a trailing star match nothing useful.
  EXPECT_FALSE(r("arn:aws:s3", "arn:aws:s3:::b"));
}

TEST(Glob, LiteralPiecesKeepWildcardCharacters) {
  const std::vector<GlobPiece> pieces{{"arn:aws:s3:::bucket/", false}, {"a*b", true}, {"/*", false}};
  Glob g(pieces, GlobDialect::resource);
  EXPECT_TRUE(g.matches("arn:aws:s3:::bucket/a*b/x"));
  EXPECT_FALSE(g.matches("arn:aws:s3:::bucket/axxb/x"));
}

TEST(Glob, ArnLikeIsPerComponent) {
  EXPECT_TRUE(arn_like_match("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/a:b"));
  EXPECT_FALSE(arn_like_match("arn:aws:sqs:*", "arn:aws:sqs:us-east-1:111122223333:q"));
  EXPECT_FALSE(arn_like_match("arn:aws:iam::*", "arn:aws:iam::1:role/x"));
  EXPECT_TRUE(arn_like_match("arn:*:*:*:*:*", "arn:aws:s3:::b"));
  EXPECT_FALSE(arn_like_match("arn:*:*:*:*:*", "not-an-arn"));
}

TEST(Glob, LongPatternsUseSeveralWords) {
  std::string pattern, text;
  for (int i = 0; i < 50; ++i) {
    pattern += "a?*";
    text += "abx";
  }
  EXPECT_TRUE(Glob(pattern).matches(text));
  EXPECT_FALSE(Glob(pattern + "z").matches(text));
}

// Differential property: the compiled matcher agrees with the naive reference.
TEST(Glob, AgreesWithReferenceOnRandomInputs) {
  std::mt19937 rng(12345);
  const std::string alphabet[] = {"a", "b", ":", "/", "*", "?", "\xC3\xA9", "A"};
  const auto gen = [&](std::size_t max_len, bool wild) {
    std::string s;
    const std::size_t n = rng() % (max_len + 1);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = rng() % (wild ? 8 : 8);
      if (!wild && (k == 4 || k == 5)) { s += "b"; continue; }
      s += alphabet[k];
    }
    return s;
  };
  for (int iter = 0; iter < 20000; ++iter) {
    const std::string p = gen(iter % 7 == 0 ? 90 : 12, true);
    const std::string t = gen(iter % 7 == 0 ? 120 : 16, false);
    for (bool resource : {false, true}) {
      for (bool ic : {false, true}) {
        if (resource && ic) continue;
        const bool expect = reference::glob_reference(p, t, resource, ic);
        const bool got = Glob(p, resource ? GlobDialect::resource : GlobDialect::plain, ic).matches(t);
        ASSERT_EQ(got, expect) << "pattern=" << p << " text=" << t << " resource=" << resource
                               << " ic=" << ic;
        const std::string both = p + t;
        const bool ascii = std::all_of(both.begin(), both.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (!resource && ascii) {
          ASSERT_EQ(glob_match(p, t, ic), expect) << "glob_match pattern=" << p << " text=" << t;
        }
      }
    }
  }
}

}  // namespace
}  // namespace iw
