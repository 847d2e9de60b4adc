// access::names_only_zone_principals(): when it holds, external() finds no grant (the analyses
// that only want grants skip external() then). Written policies, and random trust and resource
// policies built from principals inside and outside the zone, with and without conditions.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "access/external.h"
#include "policy/policy.h"

namespace iw {
namespace {

const access::Zone kZone{"111122223333", ""};

policy::Document parse(const std::string& text) {
  policy::ParseResult r = policy::parse_policy(text);
  EXPECT_TRUE(r.document.has_value()) << text;
  return r.document ? std::move(*r.document) : policy::Document{};
}

std::string statement(const std::string& effect, const std::string& principal, const std::string& extra = "") {
  return R"({"Effect":")" + effect + R"(",)" + principal + R"(,"Action":"*","Resource":"*")" + extra + "}";
}

std::string policy_of(const std::vector<std::string>& statements) {
  std::string s = R"({"Version":"2012-10-17","Statement":[)";
  for (std::size_t i = 0; i < statements.size(); ++i) s += (i > 0 ? "," : "") + statements[i];
  return s + "]}";
}

bool has_grants(const policy::Document& doc, policy::Kind kind) {
  return !access::external({&doc, kind, ""}, kZone).grants.empty();
}

TEST(AccessExternalZone, WrittenPolicies) {
  const std::vector<std::string> inside = {
      R"("Principal":{"Service":"lambda.amazonaws.com"})",
      R"("Principal":{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"]})",
      R"("Principal":{"AWS":"111122223333"})",
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"})",
      R"("Principal":{"AWS":["arn:aws:iam::111122223333:role/deploy","111122223333"]})",
  };
  for (const std::string& p : inside) {
    const policy::Document doc = parse(policy_of({statement("Allow", p), statement("Deny", R"("NotPrincipal":{"AWS":"*"})")}));
    EXPECT_TRUE(access::names_only_zone_principals(doc, kZone)) << p;
    EXPECT_FALSE(has_grants(doc, policy::Kind::trust)) << p;
    EXPECT_FALSE(has_grants(doc, policy::Kind::resource)) << p;
  }
  const std::vector<std::string> outside = {
      R"("Principal":"*")",
      R"("Principal":{"AWS":"*"})",
      R"("Principal":{"AWS":"444455556666"})",
      R"("Principal":{"AWS":"arn:aws:iam::444455556666:root"})",
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"})",
      R"("Principal":{"AWS":"arn:aws:iam::*:root"})",
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:role/*"})",
      R"("Principal":{"Federated":"cognito-identity.amazonaws.com"})",
      R"("NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"})",
  };
  for (const std::string& p : outside) {
    const policy::Document doc = parse(policy_of({statement("Allow", p)}));
    EXPECT_FALSE(access::names_only_zone_principals(doc, kZone)) << p;
  }
  // Some of them do let outsiders in: the full search is needed for those.
  EXPECT_TRUE(has_grants(parse(policy_of({statement("Allow", outside[0])})), policy::Kind::resource));
  EXPECT_TRUE(has_grants(parse(policy_of({statement("Allow", outside[2])})), policy::Kind::trust));
}

TEST(AccessExternalZone, RandomPoliciesItHoldsForHaveNoGrants) {
  const std::vector<std::string> principals = {
      R"("Principal":{"Service":"lambda.amazonaws.com"})",
      R"("Principal":{"AWS":"111122223333"})",
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"})",
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:role/r"})",
      R"("Principal":{"AWS":["arn:aws:iam::111122223333:role/r","444455556666"]})",
      R"("Principal":"*")",
      R"("Principal":{"AWS":"444455556666"})",
      R"("NotPrincipal":{"AWS":"111122223333"})",
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:user/u"})",
  };
  const std::vector<std::string> extras = {
      "",
      R"(,"Condition":{"StringEquals":{"aws:PrincipalAccount":"444455556666"}})",
      R"(,"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}})",
      R"(,"Condition":{"Bool":{"aws:SecureTransport":"true"}})",
  };
  std::mt19937 rng(11);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  int held = 0, not_held = 0;
  for (int i = 0; i < 300; ++i) {
    std::vector<std::string> statements;
    const std::size_t n = 1 + pick(3);
    for (std::size_t k = 0; k < n; ++k) {
      statements.push_back(statement(pick(4) == 0 ? "Deny" : "Allow", principals[pick(principals.size())],
                                     extras[pick(extras.size())]));
    }
    const policy::Document doc = parse(policy_of(statements));
    if (!access::names_only_zone_principals(doc, kZone)) {
      ++not_held;
      continue;
    }
    ++held;
    EXPECT_FALSE(has_grants(doc, policy::Kind::trust)) << policy_of(statements);
    EXPECT_FALSE(has_grants(doc, policy::Kind::resource)) << policy_of(statements);
  }
  EXPECT_GT(held, 30);
  EXPECT_GT(not_held, 30);
}

}  // namespace
}  // namespace iw
