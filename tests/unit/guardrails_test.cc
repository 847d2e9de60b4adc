// guardrails generate: the catalog of names, parameters, the SCP size limit, every generated SCP
// lint-clean as an SCP, each guardrail's decisions on hand-built requests through the engine, and
// every generated test suite passing.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/source.h"
#include "eval/engine.h"
#include "guardrails/guardrails.h"
#include "lint/lint.h"
#include "policy/policy.h"
#include "testsuite/suite.h"

namespace iw::guardrails {
namespace {

Parameters full_parameters() {
  Parameters p;
  p.break_glass = {"arn:aws:iam::*:role/BreakGlass"};
  p.regions = {"eu-west-1", "eu-central-1"};
  p.protected_roles = {"OrgAdmin*", "security/Auditor"};
  return p;
}

std::vector<std::string> every_name() {
  std::vector<std::string> names;
  EXPECT_EQ(resolve({"all"}, names), "");
  return names;
}

std::map<std::string, std::string> files_of(const Generated& g) {
  std::map<std::string, std::string> out;
  for (const File& f : g.files) out["g/" + f.path] = f.text;
  return out;
}

// Decides one request with an administrator identity policy and the SCP beside FullAWSAccess.
eval::Outcome decide(const std::string& scp_text, const std::string& principal, const std::string& action,
                     const std::string& resource, const std::vector<std::pair<std::string, std::string>>& context = {}) {
  const auto parse = [](std::string_view t) { return *policy::parse_policy(t).document; };
  eval::PolicySet set;
  set.identity.push_back(parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"));
  set.scps.push_back({parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"),
                      parse(scp_text)});
  eval::CompileError error;
  const std::optional<eval::Engine> engine = eval::Engine::compile(set, error);
  EXPECT_TRUE(engine.has_value()) << error.message;
  eval::RequestSpec spec;
  spec.principal = principal;
  spec.action = action;
  spec.resource = resource;
  for (const auto& [k, v] : context) spec.context.set(k, v);
  auto request = eval::make_request(spec);
  EXPECT_TRUE(request) << request.error;
  return engine->evaluate(*request.value).outcome;
}

constexpr const char* kDev = "arn:aws:iam::111122223333:role/Developer";
constexpr const char* kBreakGlass = "arn:aws:iam::111122223333:role/BreakGlass";
using eval::Outcome;

TEST(Guardrails, NamesSortedAndResolved) {
  const auto infos = all();
  ASSERT_GE(infos.size(), 8u);
  EXPECT_TRUE(std::is_sorted(infos.begin(), infos.end(), [](const Info& a, const Info& b) { return a.name < b.name; }));
  for (const char* n : {"deny-root", "protect-logging", "protect-security-services", "deny-leave-org",
                        "region-allowlist", "require-imdsv2", "protect-iam-roles", "deny-access-key-creation"}) {
    EXPECT_NE(find(n), nullptr) << n;
  }
  std::vector<std::string> out;
  EXPECT_EQ(resolve({"protect-logging", "deny-root", "deny-root"}, out), "");
  EXPECT_EQ(out, (std::vector<std::string>{"deny-root", "protect-logging"}));
  const std::string error = resolve({"deny-everything"}, out);
  EXPECT_NE(error.find("unknown guardrail 'deny-everything'"), std::string::npos) << error;
  EXPECT_NE(error.find("protect-logging"), std::string::npos) << error;
  EXPECT_EQ(every_name().size(), infos.size());
}

TEST(Guardrails, ParametersChecked) {
  Parameters p = full_parameters();
  p.regions.push_back("eu-west-1");
  EXPECT_EQ(check(p), "");
  EXPECT_EQ(p.regions.size(), 2u);  // deduplicated
  Parameters bad_region;
  bad_region.regions = {"Europe"};
  EXPECT_NE(check(bad_region).find("'Europe' is not a region name"), std::string::npos);
  Parameters session;
  session.break_glass = {"arn:aws:sts::111122223333:assumed-role/BreakGlass/me"};
  EXPECT_NE(check(session).find("name the role ARN"), std::string::npos);
  Parameters not_iam;
  not_iam.break_glass = {"arn:aws:s3:::bucket"};
  EXPECT_NE(check(not_iam).find("not an IAM role or user ARN"), std::string::npos);
  Parameters role;
  role.protected_roles = {"bad name"};
  EXPECT_NE(check(role).find("is not a role name"), std::string::npos);
  EXPECT_EQ(role_arn_pattern("OrgAdmin*"), "arn:aws:iam::*:role/OrgAdmin*");
  EXPECT_EQ(concrete_principal("arn:aws:iam::*:role/Break*", "111122223333"), "arn:aws:iam::111122223333:role/Breakx");
  EXPECT_EQ(concrete_principal("arn:aws:s3:::b", "111122223333"), "");
}

TEST(Guardrails, MinifiedAndUnderTheSizeLimit) {
  const Generated g = generate(every_name(), full_parameters(), "test");
  ASSERT_EQ(g.error, "");
  std::size_t scps = 0;
  for (const File& f : g.files) {
    if (f.path.find('/') != std::string::npos || f.path.ends_with(".test.json") || f.path == "guardrails.json") continue;
    ++scps;
    EXPECT_LE(f.text.size(), kScpLimit) << f.path;
    EXPECT_EQ(f.text.find_first_of("\n\t"), std::string::npos) << f.path << " is not minified";
    EXPECT_EQ(f.text.find("\": "), std::string::npos) << f.path << " is not minified";
  }
  EXPECT_EQ(scps, all().size());
  EXPECT_TRUE(std::any_of(g.files.begin(), g.files.end(), [](const File& f) { return f.path == "guardrails.json"; }));

  // Too many regions: no files, an error naming the guardrail and the limit.
  Parameters huge;
  for (int i = 1; i <= 400; ++i) huge.regions.push_back("xx-region-" + std::to_string(i));
  ASSERT_EQ(check(huge), "");
  const Generated over = generate({"region-allowlist"}, huge, "test");
  EXPECT_TRUE(over.files.empty());
  EXPECT_NE(over.error.find("region-allowlist"), std::string::npos) << over.error;
  EXPECT_NE(over.error.find("5120"), std::string::npos) << over.error;
}

TEST(Guardrails, EverySCPLintsCleanAsAnScp) {
  for (const Parameters& p : {full_parameters(), Parameters{{}, {"us-east-1"}, {"Admin"}}}) {
    for (const std::string& name : every_name()) {
      const SourceText source(name + ".json", scp(name, p));
      lint::Options options;
      options.kind = policy::Kind::scp;
      std::vector<Finding> findings;
      const lint::Result r = lint::lint_text(source, options, findings);
      EXPECT_TRUE(r.parsed) << name;
      for (const Finding& f : findings) {
        EXPECT_LT(f.severity, Severity::medium) << name << ": " << f.id << " " << f.message;
      }
    }
  }
}

TEST(Guardrails, DecideAsIntended) {
  const Parameters p = full_parameters();
  const std::string root = "arn:aws:iam::111122223333:root";
  const std::string deny_root = scp("deny-root", p);
  EXPECT_EQ(decide(deny_root, root, "s3:ListAllMyBuckets", "*"), Outcome::explicit_deny);
  EXPECT_EQ(decide(deny_root, kDev, "s3:ListAllMyBuckets", "*"), Outcome::allow);

  const std::string logging = scp("protect-logging", p);
  const std::string trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org";
  EXPECT_EQ(decide(logging, kDev, "cloudtrail:StopLogging", trail), Outcome::explicit_deny);
  EXPECT_EQ(decide(logging, kBreakGlass, "cloudtrail:StopLogging", trail), Outcome::allow);
  EXPECT_EQ(decide(logging, kDev, "cloudtrail:LookupEvents", "*"), Outcome::allow);

  const std::string regions = scp("region-allowlist", p);
  EXPECT_EQ(decide(regions, kDev, "ec2:RunInstances", "*", {{"aws:RequestedRegion", "eu-west-1"}}), Outcome::allow);
  EXPECT_EQ(decide(regions, kDev, "ec2:RunInstances", "*", {{"aws:RequestedRegion", "us-west-2"}}),
            Outcome::explicit_deny);
  EXPECT_EQ(decide(regions, kBreakGlass, "ec2:RunInstances", "*", {{"aws:RequestedRegion", "us-west-2"}}),
            Outcome::allow);
  EXPECT_EQ(decide(regions, kDev, "iam:CreateRole", "*", {{"aws:RequestedRegion", "us-east-1"}}), Outcome::allow);

  const std::string imds = scp("require-imdsv2", p);
  const std::string instance = "arn:aws:ec2:eu-west-1:111122223333:instance/*";
  EXPECT_EQ(decide(imds, kDev, "ec2:RunInstances", instance, {{"ec2:MetadataHttpTokens", "optional"}}),
            Outcome::explicit_deny);
  EXPECT_EQ(decide(imds, kDev, "ec2:RunInstances", instance), Outcome::explicit_deny);
  EXPECT_EQ(decide(imds, kDev, "ec2:RunInstances", instance, {{"ec2:MetadataHttpTokens", "required"}}), Outcome::allow);
  EXPECT_EQ(decide(imds, kDev, "ec2:ModifyInstanceMetadataOptions", instance, {{"ec2:Attribute/HttpTokens", "optional"}}),
            Outcome::explicit_deny);
  EXPECT_EQ(decide(imds, kDev, "s3:GetObject", "arn:aws:s3:::b/k", {{"ec2:RoleDelivery", "1.0"}}), Outcome::explicit_deny);
  EXPECT_EQ(decide(imds, kDev, "s3:GetObject", "arn:aws:s3:::b/k", {{"ec2:RoleDelivery", "2.0"}}), Outcome::allow);

  const std::string roles = scp("protect-iam-roles", p);
  const std::string admin = "arn:aws:iam::111122223333:role/OrgAdmin";
  EXPECT_EQ(decide(roles, kDev, "iam:AttachRolePolicy", admin), Outcome::explicit_deny);
  EXPECT_EQ(decide(roles, kDev, "iam:DeleteRole", "arn:aws:iam::111122223333:role/security/Auditor"),
            Outcome::explicit_deny);
  EXPECT_EQ(decide(roles, admin, "iam:AttachRolePolicy", admin), Outcome::allow);
  EXPECT_EQ(decide(roles, kBreakGlass, "iam:AttachRolePolicy", admin), Outcome::allow);
  EXPECT_EQ(decide(roles, kDev, "iam:AttachRolePolicy", "arn:aws:iam::111122223333:role/App"), Outcome::allow);

  EXPECT_EQ(decide(scp("deny-leave-org", p), kDev, "organizations:LeaveOrganization", "*"), Outcome::explicit_deny);
  EXPECT_EQ(decide(scp("deny-access-key-creation", p), kDev, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/a"),
            Outcome::explicit_deny);
  EXPECT_EQ(decide(scp("protect-security-services", p), kDev, "guardduty:DeleteDetector", "*"), Outcome::explicit_deny);
}

TEST(Guardrails, GeneratedSuitesPass) {
  for (const Parameters& p : {full_parameters(), Parameters{{}, {"us-east-1"}, {"Admin"}}}) {
    const Generated g = generate(every_name(), p, "test");
    ASSERT_EQ(g.error, "");
    const std::map<std::string, std::string> files = files_of(g);
    const testsuite::FileReader reader = [&](const std::string& path, std::string& e) -> std::optional<std::string> {
      auto it = files.find(path);
      if (it == files.end()) {
        e = "missing";
        return std::nullopt;
      }
      return it->second;
    };
    std::size_t suites = 0;
    for (const auto& [path, text] : files) {
      if (!path.ends_with(".test.json")) continue;
      ++suites;
      auto loaded = testsuite::load_suite_file(path, reader);
      ASSERT_TRUE(loaded) << loaded.error;
      const testsuite::SuiteResult r = testsuite::run_suite(*loaded.value);
      EXPECT_GE(r.cases.size(), 2u) << path;
      for (const testsuite::CaseResult& c : r.cases) EXPECT_TRUE(c.passed) << path << ": " << c.name << ": " << c.summary;
    }
    EXPECT_EQ(suites, all().size());
  }
}

}  // namespace
}  // namespace iw::guardrails
