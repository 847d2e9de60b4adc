// The files of a guardrail set: SCPs, their test suites, the shared test policies and the
// manifest (guardrails.h).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/json_writer.h"
#include "guardrails/guardrails.h"
#include "policy/glob.h"

namespace iw::guardrails {

namespace {

constexpr std::string_view kAdministrator = "support/administrator.json";
constexpr std::string_view kFullAccess = "support/full-aws-access.json";

// The identity policy of every test principal: the SCP alone decides.
constexpr std::string_view kAdministratorText =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"TestPrincipalAllowsEverything","Effect":"Allow","Action":"*","Resource":"*"}]})";
// AWS's default SCP, attached beside the guardrail at the same level.
constexpr std::string_view kFullAccessText =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"}]})";

struct Case {
  std::string name, principal, action, resource;
  std::vector<std::pair<std::string, std::string>> context;
  bool allow = true;
};

std::string replace_account(std::string s) {
  constexpr std::string_view kSlot = "{account}";
  for (std::size_t i = s.find(kSlot); i != std::string::npos; i = s.find(kSlot)) s.replace(i, kSlot.size(), kExampleAccount);
  return s;
}

// The short name of a principal ARN in case names: "role/Developer", "root".
std::string who(std::string_view arn) {
  const std::size_t colon = arn.rfind(':');
  return std::string(colon == std::string_view::npos ? arn : arn.substr(colon + 1));
}

std::string describe(const Case& c) {
  std::string s = fmt::format("{} {} {}", who(c.principal), c.allow ? "may call" : "is denied", c.action);
  if (c.resource != "*") s += " on " + c.resource;
  for (const auto& [k, v] : c.context) s += fmt::format(" with {}={}", k, v);
  return s;
}

bool matches_any(std::string_view arn, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return Glob(p, GlobDialect::resource).matches(arn); });
}

// The principals exempt from guardrail `info` (break-glass, and the protected roles themselves).
std::vector<std::string> exempt_patterns(const Info& info, const Parameters& p) {
  std::vector<std::string> out;
  if (info.break_glass) out = p.break_glass;
  if (info.name == "protect-iam-roles") {
    for (const std::string& r : p.protected_roles) out.push_back(role_arn_pattern(r));
  }
  return out;
}

// An ordinary role of the example account that no exemption names ("" when every candidate is).
std::string ordinary_principal(const std::vector<std::string>& exempt) {
  for (std::string_view name : {"Developer", "AppDeployer", "iamwarden-ordinary-test-role"}) {
    std::string arn = fmt::format("arn:aws:iam::{}:role/{}", kExampleAccount, name);
    if (!matches_any(arn, exempt)) return arn;
  }
  return "";
}

std::vector<Case> cases_of(const Info& info, const Parameters& p) {
  std::vector<Case> out;
  const std::vector<std::string> exempt = exempt_patterns(info, p);
  const std::string ordinary = ordinary_principal(exempt);
  const std::vector<Probe> probe_list = probes(info.name, p);
  if (!ordinary.empty()) {
    for (const Probe& pr : probe_list) {
      out.push_back({"", ordinary, pr.action, replace_account(pr.resource), pr.context, pr.keep});
    }
  }
  std::vector<std::string> keepers;
  for (const std::string& e : exempt) {
    if (std::string arn = concrete_principal(e, kExampleAccount); !arn.empty()) keepers.push_back(arn);
  }
  for (const std::string& k : keepers) {
    for (const Probe& pr : probe_list) out.push_back({"", k, pr.action, replace_account(pr.resource), pr.context, true});
  }
  const std::string root = fmt::format("arn:aws:iam::{}:root", kExampleAccount);
  if (info.name == "deny-root") {
    out.push_back({"", root, "s3:ListAllMyBuckets", "*", {}, false});
    out.push_back({"", root, "iam:CreateAccessKey", fmt::format("arn:aws:iam::{}:root", kExampleAccount), {}, false});
  } else if (info.name == "region-allowlist" && !ordinary.empty()) {
    out.push_back({"", ordinary, "sts:GetCallerIdentity", "*", {{"aws:RequestedRegion", "ap-northeast-3"}}, true});
    out.push_back({"", ordinary, "cloudfront:CreateInvalidation",
                   fmt::format("arn:aws:cloudfront::{}:distribution/EXAMPLE", kExampleAccount),
                   {{"aws:RequestedRegion", "us-east-1"}}, true});
  } else if (info.name == "require-imdsv2" && !ordinary.empty()) {
    const std::string instance = fmt::format("arn:aws:ec2:us-east-1:{}:instance/*", kExampleAccount);
    out.push_back({"", ordinary, "ec2:RunInstances", instance, {}, false});
    out.push_back({"", ordinary, "ec2:ModifyInstanceMetadataOptions", instance, {{"ec2:Attribute/HttpTokens", "required"}}, true});
    out.push_back({"", ordinary, "s3:GetObject", "arn:aws:s3:::example-bucket/data.csv", {{"ec2:RoleDelivery", "1.0"}}, false});
    out.push_back({"", ordinary, "s3:GetObject", "arn:aws:s3:::example-bucket/data.csv", {{"ec2:RoleDelivery", "2.0"}}, true});
    out.push_back({"", ordinary, "s3:GetObject", "arn:aws:s3:::example-bucket/data.csv", {}, true});
  } else if (info.name == "protect-iam-roles" && !ordinary.empty()) {
    // A role no pattern names stays manageable.
    for (std::string_view name : {"AppRole", "iamwarden-unprotected-example"}) {
      std::string arn = fmt::format("arn:aws:iam::{}:role/{}", kExampleAccount, name);
      if (matches_any(arn, exempt)) continue;
      out.push_back({"", ordinary, "iam:AttachRolePolicy", arn, {}, true});
      break;
    }
  } else if (info.name == "protect-logging" && !ordinary.empty()) {
    out.push_back({"", ordinary, "cloudtrail:StopLogging",
                   fmt::format("arn:aws:cloudtrail:eu-west-1:{}:trail/other-trail", kExampleAccount), {}, false});
  }
  std::set<std::string> names;
  for (Case& c : out) {
    c.name = describe(c);
    for (int n = 2; !names.insert(c.name).second; ++n) c.name = describe(c) + fmt::format(" ({})", n);
  }
  return out;
}

std::string suite(const Info& info, const Parameters& p) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("version", 1).member("name", fmt::format("guardrail {}", info.name));
  w.member("description", fmt::format("{}: what {}.json denies and what it keeps. Every principal holds an "
                                      "administrator policy, so the SCP alone decides.",
                                      info.description, info.name));
  w.key("policies").begin_object();
  w.key("identity_policies").begin_array().value(kAdministrator).end_array();
  w.key("scps").begin_array().begin_array().value(kFullAccess).value(fmt::format("{}.json", info.name)).end_array().end_array();
  w.end_object();
  w.key("cases").begin_array();
  for (const Case& c : cases_of(info, p)) {
    w.begin_object().member("name", c.name).member("principal", c.principal).member("action", c.action);
    w.member("resource", c.resource);
    if (!c.context.empty()) {
      w.key("context").begin_object();
      for (const auto& [k, v] : c.context) w.member(k, v);
      w.end_object();
    }
    if (c.allow) {
      w.member("expect", "allow");
    } else {
      w.member("expect", "explicit_deny").member("denied_by", "scp");
    }
    w.end_object();
  }
  w.end_array().end_object();
  return std::move(w).take() + "\n";
}

void parameters(JsonWriter& w, const Info& info, const Parameters& p) {
  w.key("parameters").begin_object();
  if (info.break_glass || info.name == "protect-iam-roles") w.member("break_glass", p.break_glass);
  if (info.needs == Needs::regions) w.member("regions", p.regions);
  if (info.needs == Needs::protected_roles) w.member("protected_roles", p.protected_roles);
  w.end_object();
}

std::string manifest(const std::vector<std::string>& names, const Parameters& p, const std::vector<File>& scps,
                     std::string_view version) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("version", 1).member("generator", fmt::format("iamwarden {}", version));
  w.key("parameters").begin_object();
  w.member("break_glass", p.break_glass).member("regions", p.regions).member("protected_roles", p.protected_roles);
  w.end_object();
  w.key("guardrails").begin_array();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Info& info = *find(names[i]);
    w.begin_object().member("name", info.name).member("file", scps[i].path);
    w.member("tests", fmt::format("{}.test.json", info.name)).member("description", info.description);
    w.member("characters", scps[i].text.size());
    parameters(w, info, p);
    w.end_object();
  }
  w.end_array().end_object();
  return std::move(w).take() + "\n";
}

}  // namespace

Generated generate(const std::vector<std::string>& names, const Parameters& p, std::string_view version) {
  Generated g;
  std::vector<File> scps;
  for (const std::string& n : names) {
    File f{fmt::format("{}.json", n), scp(n, p)};
    if (f.text.size() > kScpLimit) {
      g.error = fmt::format(
          "{}: the SCP would be {} characters, over the SCP limit of {} (AWS Organizations counts every "
          "character); give fewer values (regions, roles, break-glass ARNs) or use wildcards",
          n, f.text.size(), kScpLimit);
      return g;
    }
    scps.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    g.files.push_back(scps[i]);
    g.files.push_back({fmt::format("{}.test.json", names[i]), suite(*find(names[i]), p)});
  }
  g.files.push_back({std::string(kAdministrator), std::string(kAdministratorText) + "\n"});
  g.files.push_back({std::string(kFullAccess), std::string(kFullAccessText) + "\n"});
  g.files.push_back({"guardrails.json", manifest(names, p, scps, version)});
  return g;
}

}  // namespace iw::guardrails
