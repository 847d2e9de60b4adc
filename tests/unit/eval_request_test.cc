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

TEST(EvalRequest, ContextAddKeepsTheFirstAndDropsEmptyTagValues) {
  Context ctx;
  const std::string_view one[] = {"10.0.0.1"};
  const std::string_view other[] = {"10.0.0.2"};
  EXPECT_EQ(ctx.add("aws:SourceIp", one, false), Context::Added::added);
  EXPECT_EQ(ctx.add("AWS:SOURCEIP", other, false), Context::Added::present);
  EXPECT_EQ(ctx.find("aws:sourceip")->values, std::vector<std::string>{"10.0.0.1"});
  EXPECT_FALSE(ctx.find("aws:sourceip")->multi);
  const std::string_view empty[] = {""};
  EXPECT_EQ(ctx.add("aws:PrincipalTag/team", empty, false), Context::Added::absent);
  EXPECT_FALSE(ctx.has("aws:principaltag/team"));
  const std::string_view tags[] = {"a", "", "b"};
  EXPECT_EQ(ctx.add("aws:TagKeys", tags, true), Context::Added::added);
  EXPECT_EQ(ctx.find("aws:tagkeys")->values, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(ctx.find("aws:tagkeys")->multi);
  EXPECT_EQ(ctx.entries().size(), 2u);
}

TEST(EvalRequest, ContextClearKeepsStorageAndCopiesHoldPresentKeysOnly) {
  Context ctx;
  ctx.set("a", "1");
  ctx.set("b", "2");
  ctx.set_list("c", {"3", "4"});
  ctx.set("a", "5");  // replaces, and moves to the end
  ASSERT_EQ(ctx.entries().size(), 3u);
  EXPECT_EQ(ctx.entries()[2].key, "a");
  EXPECT_EQ(ctx.entries()[0].key, "b");
  ctx.clear();
  EXPECT_TRUE(ctx.entries().empty());
  EXPECT_EQ(ctx.find("a"), nullptr);
  ctx.set("d", "6");
  const Context copy = ctx;
  ASSERT_EQ(copy.entries().size(), 1u);
  EXPECT_EQ(copy.entries()[0].key, "d");
  EXPECT_FALSE(ctx.set_list("d", {}));  // an empty list removes the key
  EXPECT_TRUE(ctx.entries().empty());
}

TEST(EvalRequest, MakeRequestIntoAReusedRequestEqualsAFreshOne) {
  Request reused;
  for (const char* principal : {"arn:aws:sts::111122223333:assumed-role/app/s1", "arn:aws:iam::111122223333:user/p/bob",
                                "service:ec2.amazonaws.com", "anonymous", "arn:aws:iam::111122223333:role/r"}) {
    RequestSpec spec;
    spec.principal = principal;
    spec.action = "S3:GetObject";
    spec.resource = "arn:aws:s3:::b/k";
    spec.context.set("aws:SourceIp", "10.0.0.1");
    auto fresh = make_request(spec);
    ASSERT_TRUE(fresh) << fresh.error;
    ASSERT_EQ(make_request(spec, reused), "");
    EXPECT_EQ(reused.principal.arn, fresh.value->principal.arn);
    EXPECT_EQ(reused.principal.kind, fresh.value->principal.kind);
    EXPECT_EQ(reused.principal.path, fresh.value->principal.path);
    EXPECT_EQ(reused.principal.session, fresh.value->principal.session);
    EXPECT_EQ(reused.principal.role_arn, fresh.value->principal.role_arn);
    EXPECT_EQ(reused.action_lower, "s3:getobject");
    EXPECT_EQ(reused.resource_account, fresh.value->resource_account);
    ASSERT_EQ(reused.context.entries().size(), fresh.value->context.entries().size()) << principal;
    for (std::size_t i = 0; i < reused.context.entries().size(); ++i) {
      EXPECT_EQ(reused.context.entries()[i].key, fresh.value->context.entries()[i].key);
      EXPECT_EQ(reused.context.entries()[i].values, fresh.value->context.entries()[i].values);
    }
  }
  RequestSpec bad;
  bad.principal = "bob";
  bad.action = "s3:GetObject";
  bad.resource = "*";
  EXPECT_EQ(make_request(bad, reused), make_request(bad).error);
  EXPECT_EQ(check_request(bad, reused), make_request(bad).error);
  bad.principal = "anonymous";
  bad.resource = "bucket";
  EXPECT_EQ(check_request(bad, reused), make_request(bad).error);
  bad.resource = "*";
  EXPECT_EQ(check_request(bad, reused), "");
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
