#include "eval/values.h"

#include <gtest/gtest.h>

#include "eval/engine.h"
#include "eval/request.h"

namespace iw::eval {
namespace {

int cmp(const char* a, const char* b) { return compare(*parse_decimal(a), *parse_decimal(b)); }

TEST(EvalValues, DecimalsCompareExactly) {
  EXPECT_EQ(cmp("10", "10.000"), 0);
  EXPECT_EQ(cmp("1e2", "100"), 0);
  EXPECT_EQ(cmp("0.1", "0.10000000000000000001"), -1);
  EXPECT_EQ(cmp("-2", "-10"), 1);
  EXPECT_EQ(cmp("-0", "0.0"), 0);
  EXPECT_EQ(cmp("123456789012345678901234567890", "123456789012345678901234567891"), -1);
  EXPECT_FALSE(parse_decimal(""));
  EXPECT_FALSE(parse_decimal("1."));
  EXPECT_FALSE(parse_decimal("+1"));
  EXPECT_FALSE(parse_decimal("1e"));
}

TEST(EvalValues, InstantsHonourZonesAndEpoch) {
  EXPECT_EQ(parse_instant("2020-01-01T00:00:00Z")->seconds, 1577836800);
  EXPECT_EQ(parse_instant("2020-01-01T01:00:00+01:00")->seconds, 1577836800);
  EXPECT_EQ(parse_instant("1577836800")->seconds, 1577836800);
  EXPECT_EQ(parse_instant("2020-01")->seconds, 1577836800);
  EXPECT_FALSE(parse_instant("2021-02-29"));
  EXPECT_FALSE(parse_instant("2020-01-01T24:00:00Z"));
  EXPECT_FALSE(parse_instant("2020-01-01Z"));
  EXPECT_LT(*parse_instant("2020-01-01T00:00:00Z"), *parse_instant("2020-01-01T00:00:00.000001Z"));
}

TEST(EvalValues, NetworksMaskAndSeparateFamilies) {
  EXPECT_TRUE(contains(*parse_network("10.1.2.3/8"), *parse_address("10.200.0.1")));
  EXPECT_FALSE(contains(*parse_network("10.0.0.0/8"), *parse_address("11.0.0.1")));
  EXPECT_TRUE(contains(*parse_network("2001:db8::/32"), *parse_address("2001:db8:ffff::1")));
  EXPECT_FALSE(contains(*parse_network("::/0"), *parse_address("1.2.3.4")));
  EXPECT_FALSE(parse_network("1.2.3"));
  EXPECT_FALSE(parse_network("1:2:3:4:5:6:7:8:9"));
  EXPECT_FALSE(parse_network("1::2::3"));
  EXPECT_TRUE(parse_network("::"));
}

TEST(EvalValues, Base64AndCaseFolding) {
  EXPECT_EQ(*base64_decode("aGVsbG8="), "hello");
  EXPECT_TRUE(base64_equals("aGVsbG8", "hello"));
  EXPECT_FALSE(base64_equals("aGVsbG8=", "hell"));
  EXPECT_FALSE(base64_decode("a"));
  EXPECT_TRUE(iequals_latin1("ÉCOLE", "école"));
  EXPECT_FALSE(iequals_latin1("×", "÷"));
}

TEST(EvalRequest, ParsesPrincipals) {
  auto u = parse_principal("arn:aws:iam::111122223333:user/a/b/alice");
  ASSERT_TRUE(u);
  EXPECT_EQ(u.value->path, "/a/b/");
  EXPECT_EQ(u.value->name, "alice");
  auto s = parse_principal("arn:aws:sts::111122223333:assumed-role/app/s1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s.value->role_arn, "arn:aws:iam::111122223333:role/app");
  EXPECT_FALSE(parse_principal("arn:aws:iam::1:user/a"));
  EXPECT_FALSE(parse_principal("arn:aws:s3:::b"));
  EXPECT_FALSE(parse_principal("service:"));
  EXPECT_TRUE(parse_principal("anonymous"));
}

TEST(EvalRequest, LabelsRoundTrip) {
  for (const char* l : {"identity[0]", "boundary", "session[1]", "resource", "scp[0][2]", "rcp[1][0]"}) {
    auto ref = parse_label(l);
    ASSERT_TRUE(ref) << l;
    EXPECT_EQ(label(*ref), l);
  }
  EXPECT_FALSE(parse_label("scp[0]"));
  EXPECT_FALSE(parse_label("boundary[0]"));
}

TEST(EvalEngine, UnknownOperatorFailsCompile) {
  PolicySet p;
  p.identity.push_back(*policy::parse_policy(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}]})").document);
  CompileError e;
  EXPECT_FALSE(Engine::compile(p, e));
  EXPECT_NE(e.message.find("StringEqualz"), std::string::npos);
}

}  // namespace
}  // namespace iw::eval
