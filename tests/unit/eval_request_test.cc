#include <gtest/gtest.h>

#include "eval/engine.h"
#include "eval/request.h"

namespace iw::eval {
namespace {

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
