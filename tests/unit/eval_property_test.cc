// Differential and property tests of the engine (aws-evaluation-semantics.md §10) over random
// policies and requests drawn from a small alphabet: the compiled engine must agree with the
// naive reference evaluator, and the decision must obey the listed properties.
#include <gtest/gtest.h>

#include "core/strings.h"

#include <algorithm>
#include <random>

#include "eval/engine.h"
#include "reference/eval_reference.h"

namespace iw::eval {
namespace {

constexpr const char* kA = "111122223333";
constexpr const char* kX = "444455556666";

const std::vector<std::string> kCallers = {
    "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob",
    "arn:aws:iam::444455556666:user/carol", "arn:aws:iam::111122223333:root",
    "arn:aws:sts::111122223333:assumed-role/app/s1", "arn:aws:iam::111122223333:role/app",
    "arn:aws:sts::111122223333:federated-user/fed", "service:ec2.amazonaws.com", "anonymous",
    "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/slr"};
const std::vector<std::string> kActions = {"s3:GetObject", "s3:PutObject", "kms:Decrypt", "sts:AssumeRole",
                                           "ec2:RunInstances", "sts:GetCallerIdentity"};
const std::vector<std::string> kResources = {"arn:aws:s3:::b/k", "arn:aws:s3:::b/alice",
                                             "arn:aws:kms:us-east-1:111122223333:key/k",
                                             "arn:aws:iam::111122223333:role/r", "*",
                                             "arn:aws:sqs:us-east-1:444455556666:q"};
const std::vector<std::string> kActionPatterns = {"\"*\"", "\"s3:*\"", "\"s3:Get*\"", "\"kms:*\"", "\"S3:getobject\"",
                                                  "\"ec2:Run?nstances\"", "\"sts:AssumeRole\"", "[\"s3:PutObject\",\"kms:D*\"]"};
const std::vector<std::string> kResourcePatterns = {"\"*\"", "\"arn:aws:s3:::b/*\"", "\"arn:aws:s3:::b/${aws:username}\"",
                                                    "\"arn:aws:kms:*\"", "\"arn:aws:iam::*:role/*\"", "\"arn:aws:s3:::B/*\"",
                                                    "\"arn:aws:sqs:*\"", "\"arn:aws:s3:::b/${aws:PrincipalTag/t, 'k'}\""};
const std::vector<std::string> kPrincipals = {
    "\"*\"", "{\"AWS\":\"111122223333\"}", "{\"AWS\":\"444455556666\"}",
    "{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}", "{\"AWS\":\"arn:aws:iam::111122223333:role/app\"}",
    "{\"AWS\":\"arn:aws:sts::111122223333:assumed-role/app/s1\"}", "{\"Service\":\"ec2.amazonaws.com\"}",
    "{\"AWS\":[\"arn:aws:iam::111122223333:user/alice\",\"arn:aws:iam::111122223333:root\"]}",
    "{\"AWS\":\"arn:aws:sts::111122223333:federated-user/fed\"}", "{\"AWS\":\"*\"}"};
const std::vector<std::string> kConditions = {
    "{\"StringEquals\":{\"aws:username\":\"alice\"}}", "{\"StringNotEquals\":{\"aws:PrincipalTag/t\":\"x\"}}",
    "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\"]}}", "{\"ForAnyValue:StringLike\":{\"aws:tagkeys\":\"b*\"}}",
    "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":false}}",
    "{\"Null\":{\"aws:TagKeys\":\"true\"}}", "{\"NumericLessThan\":{\"s3:max-keys\":10}}",
    "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", "{\"StringLike\":{\"aws:PrincipalTag/T\":\"${aws:username}*\"}}",
    "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::*\"}}", "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}",
    "{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-1\"}}", "{\"NotIpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"::1\"]}}"};

struct Gen {
  std::mt19937 rng;
  explicit Gen(unsigned seed) : rng(seed) {}
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }
  bool coin(int percent) { return static_cast<int>(pick(100)) < percent; }
  template <class T>
  const T& any(const std::vector<T>& v) { return v[pick(v.size())]; }

  std::string statement(bool principals, bool allow_effect) {
    std::string s = "{\"Effect\":\"" + std::string(allow_effect ? "Allow" : "Deny") + "\",";
    s += std::string(coin(15) ? "\"NotAction\":" : "\"Action\":") + any(kActionPatterns) + ",";
    s += std::string(coin(10) ? "\"NotResource\":" : "\"Resource\":") + any(kResourcePatterns);
    if (principals) {
      s += std::string(coin(15) ? ",\"NotPrincipal\":" : ",\"Principal\":") + any(kPrincipals);
    }
    if (coin(40)) s += ",\"Condition\":" + any(kConditions);
    return s + "}";
  }
  std::string policy_text(bool principals, int max_statements = 3) {
    std::string s = std::string("{\"Version\":\"") + (coin(85) ? "2012-10-17" : "2008-10-17") + "\",\"Statement\":[";
    const std::size_t n = 1 + pick(static_cast<std::size_t>(max_statements));
    for (std::size_t i = 0; i < n; ++i) s += (i ? "," : "") + statement(principals, coin(65));
    return s + "]}";
  }
  policy::Document policy(bool principals) {
    auto r = policy::parse_policy(policy_text(principals));
    EXPECT_TRUE(r.document) << r.text;
    return *r.document;
  }
  PolicySet set() {
    PolicySet p;
    for (std::size_t i = pick(3); i > 0; --i) p.identity.push_back(policy(false));
    if (coin(25)) p.boundary = policy(false);
    for (std::size_t i = coin(30) ? 1 + pick(2) : 0; i > 0; --i) p.session.push_back(policy(false));
    if (coin(60)) p.resource = policy(true);
    for (std::size_t l = coin(30) ? 1 + pick(2) : 0; l > 0; --l) {
      p.scps.emplace_back();
      for (std::size_t i = pick(3); i > 0; --i) p.scps.back().push_back(policy(false));
    }
    for (std::size_t l = coin(20) ? 1 + pick(2) : 0; l > 0; --l) {
      p.rcps.emplace_back();
      for (std::size_t i = pick(2); i > 0; --i) p.rcps.back().push_back(policy(true));
    }
    return p;
  }
  RequestSpec request() {
    RequestSpec r;
    r.principal = any(kCallers);
    r.action = any(kActions);
    r.resource = any(kResources);
    if (coin(20)) r.resource_account = coin(50) ? kA : kX;
    if (r.principal.find("federated-user") != std::string::npos && coin(50)) {
      r.federated_by = "arn:aws:iam::111122223333:user/alice";
    }
    if (coin(50)) r.context.set("aws:PrincipalTag/t", coin(50) ? "x" : "alice1");
    if (coin(40)) {
      std::vector<std::string> keys;
      for (std::size_t i = pick(3); i > 0; --i) keys.push_back(coin(50) ? "a" : "b");
      r.context.set_list("aws:TagKeys", keys);
    }
    if (coin(50)) r.context.set("aws:SecureTransport", coin(50) ? "true" : "false");
    if (coin(30)) r.context.set("s3:max-keys", coin(50) ? "5" : "50");
    if (coin(40)) r.context.set("aws:SourceIp", coin(50) ? "10.1.1.1" : "192.0.2.1");
    if (coin(20)) r.context.set("aws:SourceArn", "arn:aws:s3:::x");
    if (coin(30)) r.context.set("aws:CurrentTime", coin(50) ? "2021-01-01T00:00:00Z" : "1500000000");
    if (coin(20)) r.context.set("aws:MultiFactorAuthPresent", "false");
    if (coin(15)) r.context.set("aws:PrincipalOrgID", "o-1");
    return r;
  }
};

std::string decide(const PolicySet& p, const RequestSpec& spec, Decision* out = nullptr) {
  CompileError ce;
  auto e = Engine::compile(p, ce);
  if (!e) return "compile error: " + ce.message;
  auto r = make_request(spec);
  if (!r) return "request error: " + r.error;
  Decision d = e->evaluate(*r.value);
  std::string s(to_string(d.outcome));
  s += " [";
  for (Layer l : d.denied_by.list()) s += std::string(to_string(l)) + ",";
  if (out) *out = d;
  return s + "]";
}

std::string ref_decide(const PolicySet& p, const RequestSpec& spec) {
  const reference::RefDecision r = reference::evaluate(p, spec);
  std::string s = r.decision + " [";
  if (!r.denied_by.empty()) s += r.denied_by + ",";
  return s + "]";
}

bool is_allow(const std::string& s) { return s.starts_with("allow"); }
bool is_explicit(const std::string& s) { return s.starts_with("explicit_deny"); }

constexpr int kIterations = 3000;

TEST(EvalProperty, CompiledAgreesWithReference) {
  Gen g(12345);
  for (int i = 0; i < kIterations; ++i) {
    const PolicySet p = g.set();
    const RequestSpec r = g.request();
    ASSERT_EQ(decide(p, r), ref_decide(p, r)) << "iteration " << i << " principal " << r.principal << " action "
                                              << r.action << " resource " << r.resource;
  }
}

// may_allow() is a sound filter: whenever a request is allowed, may_allow() said it could be; and
// it rules something out (it is not "true" for everything).
TEST(EvalProperty, MayAllowNeverHidesAnAllow) {
  Gen g(31337);
  int ruled_out = 0;
  for (int i = 0; i < kIterations; ++i) {
    const PolicySet p = g.set();
    const RequestSpec spec = g.request();
    CompileError ce;
    auto e = Engine::compile(p, ce);
    auto r = make_request(spec);
    if (!e || !r) continue;
    const bool may = e->may_allow(r.value->principal, r.value->action_lower);
    if (e->evaluate(*r.value).outcome == Outcome::allow) {
      EXPECT_TRUE(may) << "iteration " << i << " principal " << spec.principal << " action " << spec.action;
    }
    if (!may) ++ruled_out;
  }
  EXPECT_GT(ruled_out, kIterations / 20);
}

TEST(EvalProperty, DenyWinsAndMonotone) {
  Gen g(777);
  for (int i = 0; i < kIterations; ++i) {
    PolicySet p = g.set();
    const RequestSpec r = g.request();
    const std::string before = decide(p, r);
    // Adding any Deny never turns a deny into allow (§10.4).
    PolicySet more = p;
    more.identity.push_back(g.policy(false));
    more.identity.back().statements.resize(1);
    more.identity.back().statements[0].effect = policy::Effect::deny;
    if (!is_allow(before)) { EXPECT_FALSE(is_allow(decide(more, r))) << i; }
    // An applicable Deny * on * in the identity layer wins (§10.1).
    PolicySet deny_all = p;
    deny_all.identity.push_back(*policy::parse_policy(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]})").document);
    const bool identity_caller = r.principal.starts_with("arn:") && r.principal.find(":root") == std::string::npos;
    // Calls that policies do not decide (§3.3 step 1) are the exception.
    const std::string with_deny = decide(deny_all, r);
    const bool step_one = with_deny.find("caller") != std::string::npos || iequals(r.action, "sts:GetCallerIdentity") ||
                          iequals(r.action, "sts:GetSessionToken");
    if (identity_caller && !step_one) { EXPECT_TRUE(is_explicit(with_deny)) << i << " " << with_deny; }
    // Adding an Allow never turns allow into deny, nor changes explicit_deny (§10.5).
    PolicySet allow_more = p;
    allow_more.identity.push_back(*policy::parse_policy(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})").document);
    const std::string after = decide(allow_more, r);
    if (is_allow(before)) { EXPECT_TRUE(is_allow(after)) << i; }
    if (is_explicit(before)) { EXPECT_EQ(after, before) << i; }
  }
}

TEST(EvalProperty, LimitersOnlyRemove) {
  Gen g(4242);
  for (int i = 0; i < kIterations; ++i) {
    const PolicySet p = g.set();
    const RequestSpec r = g.request();
    if (is_allow(decide(p, r))) continue;
    if (!p.boundary) {
      PolicySet b = p;
      b.boundary = g.policy(false);
      EXPECT_FALSE(is_allow(decide(b, r))) << i << " boundary";
    }
    PolicySet s = p;
    s.session.push_back(g.policy(false));
    // Only for role sessions (a federated user without a session policy has no permissions), and
    // only the first session policy: several session policies are a union (spec §9 Q10).
    if (r.principal.find("federated-user") == std::string::npos && p.session.empty()) {
      EXPECT_FALSE(is_allow(decide(s, r))) << i << " session " << r.principal << " " << r.action << " " << r.resource << " before " << decide(p, r) << " sessions " << p.session.size() << "/" << s.session.size();
    }
    PolicySet scp = p;
    scp.scps.push_back({g.policy(false)});
    EXPECT_FALSE(is_allow(decide(scp, r))) << i << " scp " << decide(p, r) << " " << r.principal << " " << r.action
                                           << " " << r.resource << " levels " << p.scps.size();
    PolicySet rcp = p;
    rcp.rcps.push_back({g.policy(true)});
    EXPECT_FALSE(is_allow(decide(rcp, r))) << i << " rcp";
  }
}

TEST(EvalProperty, OrderDuplicatesCaseAndDeterminism) {
  Gen g(99);
  for (int i = 0; i < kIterations; ++i) {
    const PolicySet p = g.set();
    RequestSpec r = g.request();
    Decision d1, d2;
    const std::string before = decide(p, r, &d1);
    EXPECT_EQ(before, decide(p, r, &d2)) << i;
    EXPECT_EQ(d1.matched.size(), d2.matched.size()) << i;
    EXPECT_EQ(d1.denied_by.empty(), d1.outcome == Outcome::allow) << i;
    PolicySet q = p;
    std::reverse(q.identity.begin(), q.identity.end());
    for (auto& doc : q.identity) std::reverse(doc.statements.begin(), doc.statements.end());
    if (q.resource) {
      auto& sts = q.resource->statements;
      std::reverse(sts.begin(), sts.end());
      if (!sts.empty()) sts.push_back(sts.front());
    }
    for (auto& level : q.scps) std::reverse(level.begin(), level.end());
    EXPECT_EQ(before, decide(q, r)) << i << " order";
    RequestSpec upper = r;
    for (char& c : upper.action) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(before, decide(p, upper)) << i << " action case";
  }
}

TEST(EvalProperty, CrossAccountNeedsBothSides) {
  Gen g(2024);
  int checked = 0;
  for (int i = 0; i < kIterations * 3; ++i) {
    const PolicySet p = g.set();
    RequestSpec r = g.request();
    r.principal = "arn:aws:iam::444455556666:user/carol";
    if (!is_allow(decide(p, r)) || r.action == "sts:GetCallerIdentity") continue;
    auto make_request_ok = make_request(r);
    ASSERT_TRUE(make_request_ok);
    if (make_request_ok.value->same_account()) continue;
    ++checked;
    PolicySet no_identity = p;
    no_identity.identity.clear();
    EXPECT_FALSE(is_allow(decide(no_identity, r))) << i;
    PolicySet no_resource = p;
    no_resource.resource.reset();
    EXPECT_FALSE(is_allow(decide(no_resource, r))) << i;
  }
  EXPECT_GT(checked, 0);
}

TEST(EvalProperty, VersionWithoutVariablesIsIrrelevant) {
  Gen g(5150);
  for (int i = 0; i < kIterations; ++i) {
    const PolicySet p = g.set();
    const RequestSpec r = g.request();
    bool has_var = false;
    PolicySet q = p;
    const auto flip = [&](policy::Document& d) {
      for (const auto& st : d.statements) {
        for (const auto& res : st.resources) has_var |= res.text.find("${") != std::string::npos;
        for (const auto& c : st.conditions) {
          for (const auto& v : c.values) has_var |= v.text.find("${") != std::string::npos;
        }
      }
      d.version = policy::Located{d.variables_enabled() ? "2008-10-17" : "2012-10-17", 0};
    };
    for (auto& d : q.identity) flip(d);
    if (q.resource) flip(*q.resource);
    if (q.boundary) flip(*q.boundary);
    if (has_var) continue;
    EXPECT_EQ(decide(p, r), decide(q, r)) << i;
  }
}

TEST(EvalProperty, DefaultDeny) {
  Gen g(31337);
  for (int i = 0; i < 500; ++i) {
    const RequestSpec r = g.request();
    const std::string d = decide(PolicySet{}, r);
    const bool root = r.principal.ends_with(":root");
    if (r.action == "sts:GetCallerIdentity") {
      EXPECT_TRUE(is_allow(d));
    } else if (!root) {
      EXPECT_FALSE(is_allow(d)) << r.principal << " " << r.action;
    }
  }
}

TEST(EvalProperty, OperatorAlgebra) {
  // Key present: XIfExists == X; single-valued: negated == not positive; Null true == not Null false.
  Gen g(8);
  const std::vector<std::pair<std::string, std::string>> ops = {
      {"StringEquals", "StringNotEquals"}, {"StringLike", "StringNotLike"}, {"NumericEquals", "NumericNotEquals"},
      {"IpAddress", "NotIpAddress"}, {"ArnLike", "ArnNotLike"}, {"DateEquals", "DateNotEquals"}};
  const std::vector<std::string> values = {"\"10.0.0.0/8\"", "\"x*\"", "\"5\"", "\"arn:aws:s3:::*\"", "\"2021-01-01\""};
  const std::vector<std::string> ctx = {"10.1.2.3", "xyz", "5", "arn:aws:s3:::b", "2021-01-01T00:00:00Z"};
  for (const auto& [pos, neg] : ops) {
    for (const std::string& v : values) {
      for (const std::string& c : ctx) {
        RequestSpec r;
        r.principal = "arn:aws:iam::111122223333:user/alice";
        r.action = "s3:GetObject";
        r.resource = "*";
        r.context.set("k:k", c);
        const auto with = [&](const std::string& op) {
          PolicySet p;
          p.identity.push_back(*policy::parse_policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                                      "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"" + op +
                                                      "\":{\"k:k\":" + v + "}}}]}").document);
          return is_allow(decide(p, r));
        };
        EXPECT_EQ(with(pos), with(pos + "IfExists")) << pos << v << c;
        // Unparsable context values make both senses false (§5.2 rule 6); otherwise they complement.
        const bool a = with(pos), b = with(neg);
        EXPECT_FALSE(a && b) << pos << " " << v << " " << c;
      }
    }
  }
  RequestSpec r;
  r.principal = "arn:aws:iam::111122223333:user/alice";
  r.action = "s3:GetObject";
  r.resource = "*";
  for (int present = 0; present < 2; ++present) {
    if (present) r.context.set("k:k", "v");
    const auto null = [&](const char* v) {
      PolicySet p;
      p.identity.push_back(*policy::parse_policy(std::string("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                                             "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Null\":{\"k:k\":\"") +
                                                 v + "\"}}}]}").document);
      return is_allow(decide(p, r));
    };
    EXPECT_NE(null("true"), null("false"));
  }
}

}  // namespace
}  // namespace iw::eval
