// Resource patterns with policy variables: the in-place matcher of compile.cc decides as a Glob
// compiled from the substituted pattern does, whatever the pattern, value and resource.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "eval/compiled.h"
#include "policy/policy.h"

namespace iw::eval::detail {
namespace {

CompiledPolicy compile(const std::string& resource) {
  const std::string text = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": )" +
                           resource + "}]}";
  auto parsed = policy::parse_policy(text);
  EXPECT_TRUE(parsed.document) << text;
  CompileIssue issue;
  auto compiled = compile_policy(*parsed.document, issue);
  EXPECT_TRUE(compiled) << text;
  return std::move(*compiled);
}

// What a Glob of the substituted pieces says (the reference).
bool by_glob(const ResourcePattern& p, const Request& r) {
  if (!p.vars) return p.glob.matches(r.resource);
  std::vector<GlobPiece> pieces;
  if (!substitute(*p.vars, r.context, pieces)) return false;
  return Glob(pieces, GlobDialect::resource).matches(r.resource);
}

TEST(EvalResourceVars, InPlaceMatchingAgreesWithTheGlob) {
  const std::vector<std::string> patterns = {
      R"("arn:aws:s3:::b/${aws:username}/*")",
      R"("arn:aws:s3:::b-${aws:PrincipalTag/team}")",
      R"("arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/?x*")",
      R"("arn:aws:s3:::b/${*}${?}${$}/${aws:username}")",
      R"("arn:aws:iam::111122223333:user/${aws:username}")",
      R"("arn:aws:iam::*:role/${aws:PrincipalTag/team}-*")",
      R"("arn:aws:lambda:*:111122223333:function:${aws:PrincipalTag/team}-*")",
      R"("arn:aws:dynamodb:us-east-1:111122223333:table/${aws:PrincipalTag/team}*:*")",
      R"("arn:aws:s3:::é/${aws:username}")",
      R"("arn:aws:s3:::b/*${aws:username}*")",
      R"("arn:aws:s3:::b/${aws:username}/*/${aws:PrincipalTag/team}")",
  };
  const std::vector<std::string> values = {"alice", "", "a*b", "a?", "x:y", "ü", "alice/x", "team"};
  const std::vector<std::string> resources = {
      "arn:aws:s3:::b/alice/k", "arn:aws:s3:::b/alice", "arn:aws:s3:::b-alice", "arn:aws:s3:::b-a*b",
      "arn:aws:s3:::b/none/zx1", "arn:aws:s3:::b/*?$/alice", "arn:aws:iam::111122223333:user/alice",
      "arn:aws:iam::444455556666:role/team-x", "arn:aws:iam::4:4:role/team-x", "arn:aws:lambda:eu:111122223333:function:team-f",
      "arn:aws:dynamodb:us-east-1:111122223333:table/teamX:y", "arn:aws:s3:::é/alice", "arn:aws:s3:::b/ü",
      "arn:aws:s3:::b/xx/alice/ü/yy", "arn:aws:s3:::b/alice/x/q/team", "arn:aws:s3:::b/a?/k", "arn:aws:s3:::b/x:y/k",
      "arn:aws:s3:::b/\xC3/k", "arn:aws:s3:::", "*",
  };
  int compared = 0;
  for (const std::string& pattern : patterns) {
    const CompiledPolicy policy = compile(pattern);
    const CompiledStatement& st = policy.statements.at(0);
    for (const std::string& user : values) {
      for (const std::string& team : values) {
        for (int absent = 0; absent < 3; ++absent) {  // both set, no team, team multi-valued
          RequestSpec spec;
          spec.principal = "arn:aws:iam::111122223333:user/" + std::string(user.empty() ? "u" : "u2");
          spec.action = "s3:GetObject";
          spec.resource = "*";
          auto base = make_request(spec);
          ASSERT_TRUE(base);
          for (const std::string& resource : resources) {
            Request r = *base.value;
            r.resource = resource;
            r.context.set("aws:username", user);
            if (absent == 0) r.context.set("aws:PrincipalTag/team", team);
            if (absent == 2) r.context.set_list("aws:PrincipalTag/team", {team, "other"});
            EXPECT_EQ(resource_matches(st, r), by_glob(st.resources.at(0), r))
                << pattern << " user=" << user << " team=" << team << " case " << absent << " on " << resource;
            ++compared;
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 10000);
}

}  // namespace
}  // namespace iw::eval::detail
