// Property test of access diff against the engine: on random pairs of identity policies built
// from a small vocabulary (actions and wildcards, resources and wildcards, string, IP, numeric
// and boolean conditions, Allow and Deny),
//   - every `fail` counterexample is allowed by NEW and not by OLD when the engine decides it;
//   - every `pass` survives random requests drawn from both policies' vocabularies (catalog
//     actions, actions no catalog lists, resources and context values near the policies'
//     boundaries): none is allowed by NEW and denied by OLD.
// At least 100,000 requests a run; IW_ACCESS_PROPERTY_SCALE=N multiplies pairs and requests.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "access/compare.h"
#include "eval/engine.h"
#include "policy/policy.h"

namespace iw {
namespace {

int scale() {
  const char* s = std::getenv("IW_ACCESS_PROPERTY_SCALE");
  const int n = s != nullptr ? std::atoi(s) : 1;
  return n > 0 ? n : 1;
}

const std::vector<std::string> kActions = {"s3:GetObject", "s3:PutObject", "s3:Get*", "s3:*", "sqs:GetQueueUrl",
                                           "sqs:Get*", "iam:PassRole", "*"};
const std::vector<std::string> kResources = {"arn:aws:s3:::b/*", "arn:aws:s3:::b/public/*", "arn:aws:s3:::b/p?",
                                             "arn:aws:sqs:us-east-1:111122223333:q", "*"};
const std::vector<std::string> kConditions = {
    R"({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})",
    R"({"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}})",
    R"({"NotIpAddress": {"aws:SourceIp": "10.1.2.0/24"}})",
    R"({"StringEquals": {"aws:PrincipalTag/team": "red"}})",
    R"({"StringLike": {"aws:PrincipalTag/team": "r*"}})",
    R"({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}})",
    R"({"Bool": {"aws:SecureTransport": "true"}})",
    R"({"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}})"};

std::string random_policy(std::mt19937& rng) {
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::string out = R"({"Version": "2012-10-17", "Statement": [)";
  const int n = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ",";
    const bool deny = rng() % 4 == 0;
    out += std::string(R"({"Effect": ")") + (deny ? "Deny" : "Allow") + R"(", )";
    out += std::string(rng() % 6 == 0 ? "\"NotAction\"" : "\"Action\"") + ": [\"" + pick(kActions) + "\", \"" +
           pick(kActions) + "\"], ";
    out += "\"Resource\": \"" + pick(kResources) + "\"";
    if (rng() % 2 == 0) out += ", \"Condition\": " + pick(kConditions);
    out += "}";
  }
  return out + "]}";
}

access::PolicyInput input_of(const std::string& text) {
  access::PolicyInput in;
  policy::ParseResult r = policy::parse_policy(text);
  in.doc = std::move(*r.document);
  in.text = r.text;
  return in;
}

eval::Engine engine_of(const policy::Document& doc) {
  eval::PolicySet set;
  set.identity.push_back(doc);
  set.resource = access::helper_document(access::account_resource_policy("111122223333"));
  eval::CompileError error;
  return *eval::Engine::compile(set, error);
}

eval::Outcome decide(const access::Counterexample& c, const policy::Document& doc) {
  eval::PolicySet set;
  set.identity.push_back(doc);
  if (!c.resource_policy.empty()) set.resource = *policy::parse_policy(c.resource_policy).document;
  eval::CompileError error;
  auto engine = eval::Engine::compile(set, error);
  return engine->evaluate(*eval::make_request(c.request).value).outcome;
}

TEST(AccessDiffProperty, CounterexamplesHoldAndProofsSurviveSampling) {
  std::mt19937 rng(20261206);
  const std::vector<std::string> actions = {"s3:GetObject", "s3:PutObject", "s3:GetObjectAcl", "s3:GetFuture",
                                            "s3:DeleteBucket", "sqs:GetQueueUrl", "sqs:GetQueueAttributes",
                                            "sqs:GetFuture", "iam:PassRole", "ec2:RunInstances", "new:Thing"};
  const std::vector<std::string> resources = {"arn:aws:s3:::b/x", "arn:aws:s3:::b/public/x", "arn:aws:s3:::b/pq",
                                              "arn:aws:s3:::b/p", "arn:aws:s3:::c/x",
                                              "arn:aws:sqs:us-east-1:111122223333:q", "*"};
  const std::vector<std::string> ips = {"10.0.0.1", "10.1.0.1", "10.1.2.3", "10.255.255.255", "11.0.0.0",
                                        "192.0.2.1"};
  const std::vector<std::string> teams = {"red", "rose", "blue", ""};
  const std::vector<std::string> ages = {"0", "3599", "3600", "7200", ""};
  const std::vector<std::string> bools = {"true", "false", ""};
  const std::vector<std::string> regions = {"us-east-1", "eu-west-1", ""};
  const int pairs = 40 * scale();
  const int samples = 100'000 * scale();
  int passes = 0, fails = 0, sampled = 0;
  struct Passed {
    std::string old_text, new_text;
    eval::Engine old_e, new_e;
  };
  std::vector<Passed> proved;
  for (int i = 0; i < pairs; ++i) {
    const access::PolicyInput old_p = input_of(random_policy(rng));
    const access::PolicyInput new_p = input_of(random_policy(rng));
    const access::Proof p = access::diff(old_p, new_p, policy::Kind::identity);
    if (p.result == access::Result::fail) {
      ++fails;
      ASSERT_TRUE(p.counterexample);
      EXPECT_EQ(decide(*p.counterexample, new_p.doc), eval::Outcome::allow) << old_p.text << "\n" << new_p.text;
      EXPECT_NE(decide(*p.counterexample, old_p.doc), eval::Outcome::allow) << old_p.text << "\n" << new_p.text;
      continue;
    }
    if (p.result != access::Result::pass) continue;
    ++passes;
    proved.push_back({old_p.text, new_p.text, engine_of(old_p.doc), engine_of(new_p.doc)});
  }
  ASSERT_FALSE(proved.empty());
  eval::Decision d;
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  for (; sampled < samples; ++sampled) {
    const Passed& pair = proved[static_cast<std::size_t>(sampled) % proved.size()];
    eval::RequestSpec spec;
    spec.principal = rng() % 2 ? "arn:aws:iam::111122223333:user/u" : "arn:aws:iam::111122223333:role/r";
    spec.action = pick(actions);
    spec.resource = pick(resources);
    spec.resource_account = "111122223333";
    const auto put = [&](std::string_view key, const std::string& v) {
      if (!v.empty()) spec.context.set(key, v);
    };
    put("aws:SourceIp", pick(ips));
    put("aws:PrincipalTag/team", pick(teams));
    put("aws:MultiFactorAuthAge", pick(ages));
    put("aws:SecureTransport", pick(bools));
    put("aws:RequestedRegion", pick(regions));
    auto req = eval::make_request(spec);
    ASSERT_TRUE(req.value.has_value()) << req.error;
    pair.new_e.evaluate(*req.value, d, false);
    if (d.outcome != eval::Outcome::allow) continue;
    pair.old_e.evaluate(*req.value, d, false);
    ASSERT_EQ(d.outcome, eval::Outcome::allow)
        << "diff said pass, but NEW allows and OLD denies " << spec.action << " on " << spec.resource << "\nOLD "
        << pair.old_text << "\nNEW " << pair.new_text;
  }
  EXPECT_GT(passes, 5);
  EXPECT_GT(fails, 5);
  EXPECT_GE(sampled, 100'000);
}

// The same property for policies with policy variables, which the SMT solver decides (reason/smt.h):
// random pairs built from resources and conditions that name ${aws:username},
// ${aws:PrincipalTag/team} (with and without a default) and ${*}; every `fail` counterexample
// is confirmed by the engine, and every `pass` survives at least 10,000 random requests whose
// principals, resources and context values are drawn from both policies' vocabulary.
const std::vector<std::string> kVarActions = {"s3:GetObject", "s3:PutObject", "s3:Get*", "s3:*"};
const std::vector<std::string> kVarResources = {
    "arn:aws:s3:::b/home/${aws:username}/*", "arn:aws:s3:::b/home/*", "arn:aws:s3:::b/home/a*",
    "arn:aws:s3:::b/${aws:PrincipalTag/team}/*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*",
    "arn:aws:s3:::b/shared/*", "arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", "*"};
const std::vector<std::string> kVarConditions = {
    R"({"StringLike": {"aws:username": "a*"}})",
    R"({"StringEquals": {"aws:PrincipalTag/team": "red"}})",
    R"({"StringEquals": {"s3:prefix": "${aws:username}/"}})",
    R"({"StringLike": {"s3:prefix": "home/*"}})",
    R"({"StringNotEquals": {"aws:PrincipalTag/team": "${aws:username}"}})",
    R"({"StringEqualsIfExists": {"aws:PrincipalTag/team": "${aws:username}"}})",
    R"({"Null": {"aws:PrincipalTag/team": "true"}})",
    R"({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/a*"}})",
    R"({"Bool": {"aws:SecureTransport": "true"}})"};

std::string random_variable_policy(std::mt19937& rng) {
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::string out = R"({"Version": "2012-10-17", "Statement": [)";
  const int n = 1 + static_cast<int>(rng() % 2);
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ",";
    out += std::string(R"({"Effect": ")") + (rng() % 4 == 0 ? "Deny" : "Allow") + R"(", "Action": ")" +
           pick(kVarActions) + "\", ";
    out += std::string(rng() % 6 == 0 ? "\"NotResource\"" : "\"Resource\"") + ": [\"" + pick(kVarResources) +
           "\", \"" + pick(kVarResources) + "\"]";
    if (rng() % 2 == 0) out += ", \"Condition\": " + pick(kVarConditions);
    out += "}";
  }
  return out + "]}";
}

TEST(AccessVariablesProperty, SolverProofsSurviveSamplingAndCounterexamplesHold) {
  std::mt19937 rng(20261207);
  const std::vector<std::string> principals = {
      "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/a",
      "arn:aws:iam::111122223333:user/red",   "arn:aws:iam::444455556666:user/admin/bob",
      "arn:aws:iam::111122223333:role/r",     "arn:aws:iam::444455556666:role/alice"};
  const std::vector<std::string> actions = {"s3:GetObject", "s3:PutObject", "s3:GetObjectAcl", "s3:DeleteObject"};
  const std::vector<std::string> resources = {
      "arn:aws:s3:::b/home/alice/x", "arn:aws:s3:::b/home/a/x", "arn:aws:s3:::b/home/bob/x",
      "arn:aws:s3:::b/home/ax",      "arn:aws:s3:::b/home//x",  "arn:aws:s3:::b/red/x",
      "arn:aws:s3:::b/shared/x",     "arn:aws:s3:::b/blue/x",   "arn:aws:s3:::b/*",
      "arn:aws:s3:::b/x",            "arn:aws:s3:::c/x",        "*"};
  const std::vector<std::string> teams = {"red", "blue", "alice", "a", "shared", ""};
  const std::vector<std::string> prefixes = {"alice/", "a/", "bob/", "home/x", "red/", ""};
  const std::vector<std::string> bools = {"true", "false", ""};
  const int pairs = 30 * scale();
  const int per_pass = 10'000 * scale();
  int passes = 0, fails = 0, unknowns = 0, solver_passes = 0;
  eval::Decision d;
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  for (int i = 0; i < pairs; ++i) {
    const access::PolicyInput old_p = input_of(random_variable_policy(rng));
    const access::PolicyInput new_p = input_of(random_variable_policy(rng));
    const access::Proof p = access::diff(old_p, new_p, policy::Kind::identity);
    if (p.result == access::Result::unknown) {
      ++unknowns;
      continue;
    }
    if (p.result == access::Result::fail) {
      ++fails;
      ASSERT_TRUE(p.counterexample);
      EXPECT_EQ(decide(*p.counterexample, new_p.doc), eval::Outcome::allow) << old_p.text << "\n" << new_p.text;
      EXPECT_NE(decide(*p.counterexample, old_p.doc), eval::Outcome::allow) << old_p.text << "\n" << new_p.text;
      continue;
    }
    ++passes;
    if (p.reason.find("SMT solver") != std::string::npos) ++solver_passes;
    const eval::Engine old_e = engine_of(old_p.doc), new_e = engine_of(new_p.doc);
    for (int n = 0; n < per_pass; ++n) {
      eval::RequestSpec spec;
      spec.principal = pick(principals);
      spec.action = pick(actions);
      spec.resource = pick(resources);
      spec.resource_account = spec.principal.substr(13, 12);
      const auto put = [&](std::string_view key, const std::string& v) {
        if (!v.empty()) spec.context.set(key, v);
      };
      put("aws:PrincipalTag/team", pick(teams));
      put("s3:prefix", pick(prefixes));
      put("aws:SecureTransport", pick(bools));
      if (rng() % 16 == 0) spec.context.set_list("aws:PrincipalTag/team", {"red", "blue"});
      auto req = eval::make_request(spec);
      ASSERT_TRUE(req.value.has_value()) << req.error;
      new_e.evaluate(*req.value, d, false);
      if (d.outcome != eval::Outcome::allow) continue;
      old_e.evaluate(*req.value, d, false);
      ASSERT_EQ(d.outcome, eval::Outcome::allow)
          << "diff said pass (" << p.reason << "), but NEW allows and OLD denies " << spec.principal << " "
          << spec.action << " on " << spec.resource << "\nOLD " << old_p.text << "\nNEW " << new_p.text;
    }
  }
  std::printf("%d pairs: %d pass (%d proved by the solver), %d fail, %d unknown\n", pairs, passes, solver_passes,
              fails, unknowns);
  EXPECT_GE(passes, 3);
  EXPECT_GE(solver_passes, 2);
  EXPECT_GE(fails, 3);
  EXPECT_LE(unknowns, pairs / 3) << "the solver should decide most pairs";
}

}  // namespace
}  // namespace iw
