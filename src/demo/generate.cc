#include "demo/generate.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "catalog/catalog.h"
#include "core/json_writer.h"
#include "core/time.h"
#include "demo/aws_managed.h"

namespace iw::demo {

namespace {

namespace fs = std::filesystem;

// A small deterministic generator (splitmix64): same seed, same numbers, on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(double p) { return static_cast<double>(next() % 1000000) < p * 1000000.0; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))]; }

 private:
  std::uint64_t state_;
};

const std::vector<std::string> kTeams = {"payments", "search", "platform", "data", "mobile", "identity",
                                         "billing", "growth"};
const std::vector<std::string> kServices = {"s3", "dynamodb", "sqs", "sns", "lambda", "logs", "kms",
                                            "ssm", "ec2", "ecr", "cloudwatch", "secretsmanager"};
const std::vector<std::string> kReadActions = {"Get*", "List*", "Describe*"};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A time between min and max days before the snapshot (2026-11-01), in IAM's "+00:00" form.
std::string date(Rng& rng, int min_days_ago, int max_days_ago) {
  constexpr Timestamp kTakenAt = 1793491200;  // 2026-11-01T00:00:00Z
  const int days = min_days_ago + rng.below(std::max(1, max_days_ago - min_days_ago));
  std::string text = format_timestamp(kTakenAt - static_cast<Timestamp>(days) * 86400 - rng.below(86400));
  text.pop_back();  // 'Z'
  return text + "+00:00";
}

// Writes one policy statement list as a document value.
void statement(JsonWriter& w, const std::string& effect, const std::vector<std::string>& actions,
               const std::vector<std::string>& resources) {
  w.begin_object().member("Effect", effect).key("Action").value(actions).key("Resource").value(resources);
  w.end_object();
}

class AccountWriter {
 public:
  AccountWriter(const GenerateOptions& o, int index, Rng& rng)
      : o_(o), rng_(rng), id_(fmt::format("{:012}", 111100000000ull + static_cast<unsigned>(index) * 1111ull)),
        partner_(fmt::format("{:012}", 999900000000ull + static_cast<unsigned>(rng.below(9999)))) {}

  const std::string& id() const { return id_; }

  void write(const fs::path& dir) {
    fs::create_directories(dir);
    write_file(dir / "authorization-details.json", authorization_details());
    write_file(dir / "credential-report.csv", credential_report());
    write_file(dir / "roles.json", roles_json());
    write_file(dir / "account-summary.json",
               fmt::format("{{\"SummaryMap\": {{\"AccountMFAEnabled\": {}, \"AccountAccessKeysPresent\": {}, "
                           "\"Users\": {}, \"Roles\": {}, \"Policies\": {}}}}}\n",
                           root_mfa_ ? 1 : 0, root_keys_ ? 1 : 0, o_.users, o_.roles, o_.policies));
    if (rng_.chance(0.7)) {
      const bool strong = rng_.chance(0.5);
      write_file(dir / "password-policy.json",
                 fmt::format("{{\"PasswordPolicy\": {{\"MinimumPasswordLength\": {}, \"RequireSymbols\": true, "
                             "\"RequireNumbers\": true, \"RequireUppercaseCharacters\": true, "
                             "\"RequireLowercaseCharacters\": {}, \"AllowUsersToChangePassword\": true, "
                             "\"ExpirePasswords\": false, \"PasswordReusePrevention\": {}}}}}\n",
                             strong ? 16 : 8, strong ? "true" : "false", strong ? 24 : 5));
    }
    write_file(dir / "snapshot.json",
               fmt::format("{{\"account_id\": \"{}\", \"taken_at\": \"{}\"}}\n", id_, o_.taken_at));
    write_file(dir / "scps.json", scps());
  }

 private:
  std::string arn(const std::string& kind, const std::string& name) const {
    return fmt::format("arn:aws:iam::{}:{}/{}", id_, kind, name);
  }

  void identity_policy(JsonWriter& w, int i) {
    const std::string& svc = kServices[static_cast<std::size_t>(i) % kServices.size()];
    const std::string team = kTeams[static_cast<std::size_t>(i) % kTeams.size()];
    w.begin_object().member("Version", "2012-10-17").key("Statement").begin_array();
    const int kind = rng_.below(100);
    if (kind < 3) {
      statement(w, "Allow", {"*"}, {"*"});  // an admin policy
    } else if (kind < 8) {
      statement(w, "Allow", {"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"}, {"*"});
    } else if (kind < 12) {
      statement(w, "Allow", {"iam:CreatePolicyVersion", "iam:AttachRolePolicy"}, {"*"});
    } else if (kind < 25) {
      statement(w, "Allow", {svc + ":*"}, {"*"});
    } else {
      statement(w, "Allow", {svc + ":" + rng_.pick(kReadActions)},
                {fmt::format("arn:aws:{}:us-east-1:{}:{}-{}*", svc, id_, team, i)});
      if (rng_.chance(0.3)) statement(w, "Deny", {svc + ":Delete*"}, {"*"});
    }
    if (o_.realistic) realistic_statements(w, svc, team);
    w.end_array().end_object();
  }

  // What real customer policies add: exact action lists of a few kilobytes, conditions on the
  // network, region, tags and MFA, and a network Deny.
  void realistic_statements(JsonWriter& w, const std::string& svc, const std::string& team) {
    const catalog::Service* service = nullptr;
    for (const catalog::Service& s : catalog::Catalog::get().services()) {
      if (s.prefix == svc) service = &s;
    }
    std::vector<std::string> actions;
    for (std::size_t k = 0; service != nullptr && k < service->actions.size() && actions.size() < 60; ++k) {
      if (rng_.chance(0.5)) actions.push_back(svc + ":" + std::string(service->actions[k].name));
    }
    if (!actions.empty()) {
      w.begin_object().member("Sid", "TeamAccess").member("Effect", "Allow").key("Action").value(actions)
          .member("Resource", "*");
      conditions(w, team);
      w.end_object();
    }
    if (rng_.chance(0.25)) {
      w.begin_object().member("Sid", "DenyOutsideNetwork").member("Effect", "Deny").member("Action", "*")
          .member("Resource", "*").key("Condition").begin_object()
          .key("NotIpAddress").begin_object().key("aws:SourceIp")
          .value(std::vector<std::string>{"10.0.0.0/8", "192.0.2.0/24"}).end_object()
          .key("Bool").begin_object().member("aws:ViaAWSService", "false").end_object()
          .end_object().end_object();
    }
  }

  void conditions(JsonWriter& w, const std::string& team) {
    w.key("Condition").begin_object();
    switch (rng_.below(4)) {
      case 0: w.key("IpAddress").begin_object().member("aws:SourceIp", "10.0.0.0/8").end_object(); break;
      case 1:
        w.key("StringEquals").begin_object().key("aws:RequestedRegion")
            .value(std::vector<std::string>{"us-east-1", "eu-west-1"}).end_object();
        break;
      case 2: w.key("StringEquals").begin_object().member("aws:PrincipalTag/team", team).end_object(); break;
      default: w.key("Bool").begin_object().member("aws:MultiFactorAuthPresent", "true").end_object(); break;
    }
    w.end_object();
  }

  // An AWS-managed job-function policy for a third of the principals (realistic mode).
  void aws_managed(JsonWriter& w) {
    if (!o_.realistic || !rng_.chance(1.0 / 3.0)) return;
    const ManagedShape& m = rng_.pick(aws_managed_shapes());
    w.begin_object().member("PolicyName", m.name)
        .member("PolicyArn", "arn:aws:iam::aws:policy/" + std::string(m.name)).end_object();
  }

  void trust_policy(JsonWriter& w, int i) {
    w.begin_object().member("Version", "2012-10-17").key("Statement").begin_array().begin_object();
    w.member("Effect", "Allow").member("Action", i % 11 == 3 ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRole");
    const int kind = rng_.below(100);
    if (i % 11 == 3) {
      w.key("Principal").begin_object()
          .member("Federated", arn("oidc-provider", "token.actions.githubusercontent.com")).end_object();
      w.key("Condition").begin_object().key("StringEquals").begin_object()
          .member("token.actions.githubusercontent.com:aud", "sts.amazonaws.com");
      w.end_object();
      if (kind < 70) {
        w.key("StringLike").begin_object()
            .member("token.actions.githubusercontent.com:sub", "repo:example/" + kTeams[static_cast<std::size_t>(i) % kTeams.size()] + ":*")
            .end_object();
      }
      w.end_object();
    } else if (kind < 55) {
      w.key("Principal").begin_object().member("Service", rng_.pick(std::vector<std::string>{
          "lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "glue.amazonaws.com"})).end_object();
    } else if (kind < 80) {
      w.key("Principal").begin_object().member("AWS", fmt::format("arn:aws:iam::{}:root", id_)).end_object();
    } else {
      w.key("Principal").begin_object().member("AWS", fmt::format("arn:aws:iam::{}:root", partner_)).end_object();
      if (kind < 92) {
        w.key("Condition").begin_object().key("StringEquals").begin_object()
            .member("sts:ExternalId", fmt::format("ext-{}", rng_.below(100000))).end_object().end_object();
      }
    }
    w.end_object().end_array().end_object();
  }

  std::string authorization_details() {
    JsonWriter w(JsonWriter::Style::compact);
    w.begin_object();
    w.key("UserDetailList").begin_array();
    for (int u = 0; u < o_.users; ++u) {
      const std::string name = fmt::format("{}.{}", kTeams[static_cast<std::size_t>(u) % kTeams.size()], u);
      w.begin_object().member("Path", "/").member("UserName", name).member("UserId", fmt::format("AIDA{:016}", u))
          .member("Arn", arn("user", name)).member("CreateDate", date(rng_, 30, 1500));
      w.key("GroupList").begin_array().value(kTeams[static_cast<std::size_t>(u) % kTeams.size()]);
      if (u % 17 == 0) w.value("admins");
      w.end_array();
      w.key("AttachedManagedPolicies").begin_array();
      if (rng_.chance(0.15)) attached(w, rng_.below(o_.policies));
      aws_managed(w);
      w.end_array();
      w.key("UserPolicyList").begin_array().end_array().key("Tags").begin_array().end_array();
      w.end_object();
    }
    w.end_array();
    w.key("GroupDetailList").begin_array();
    for (std::size_t g = 0; g < kTeams.size(); ++g) group(w, kTeams[g], {static_cast<int>(g) % o_.policies}, false);
    group(w, "admins", {}, true);
    w.end_array();
    w.key("RoleDetailList").begin_array();
    for (int r = 0; r < o_.roles; ++r) role(w, r);
    w.end_array();
    w.key("Policies").begin_array();
    for (int p = 0; p < o_.policies; ++p) managed(w, p);
    w.begin_object().member("PolicyName", "AdministratorAccess").member("PolicyId", "ANPAIWMBCKSKIEE64ZLYK")
        .member("Arn", "arn:aws:iam::aws:policy/AdministratorAccess").member("Path", "/")
        .member("DefaultVersionId", "v1").member("AttachmentCount", 1).member("PermissionsBoundaryUsageCount", 0)
        .member("IsAttachable", true);
    w.key("PolicyVersionList").begin_array().begin_object().key("Document");
    w.begin_object().member("Version", "2012-10-17").key("Statement").begin_array();
    statement(w, "Allow", {"*"}, {"*"});
    w.end_array().end_object();
    w.member("VersionId", "v1").member("IsDefaultVersion", true).end_object().end_array().end_object();
    if (o_.realistic) {
      for (const ManagedShape& m : aws_managed_shapes()) {
        w.begin_object().member("PolicyName", m.name).member("PolicyId", "ANPA" + std::string(m.name))
            .member("Arn", "arn:aws:iam::aws:policy/" + std::string(m.name)).member("Path", "/")
            .member("DefaultVersionId", "v1").member("AttachmentCount", 1).member("PermissionsBoundaryUsageCount", 0)
            .member("IsAttachable", true);
        w.key("PolicyVersionList").begin_array().begin_object().key("Document").raw(m.document);
        w.member("VersionId", "v1").member("IsDefaultVersion", true).end_object().end_array().end_object();
      }
    }
    w.end_array();
    w.end_object();
    return std::move(w).take() + "\n";
  }

  void attached(JsonWriter& w, int p) {
    const std::string name = fmt::format("{}-policy-{}", kTeams[static_cast<std::size_t>(p) % kTeams.size()], p);
    w.begin_object().member("PolicyName", name).member("PolicyArn", arn("policy", name)).end_object();
  }

  void group(JsonWriter& w, const std::string& name, std::vector<int> policies, bool admin) {
    w.begin_object().member("Path", "/").member("GroupName", name).member("GroupId", "AGPA" + name)
        .member("Arn", arn("group", name)).member("CreateDate", date(rng_, 400, 2000));
    w.key("GroupPolicyList").begin_array().end_array();
    w.key("AttachedManagedPolicies").begin_array();
    for (int p : policies) attached(w, p);
    if (admin) {
      w.begin_object().member("PolicyName", "AdministratorAccess")
          .member("PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess").end_object();
    }
    w.end_array().end_object();
  }

  void role(JsonWriter& w, int r) {
    const std::string name = fmt::format("{}-service-{}", kTeams[static_cast<std::size_t>(r) % kTeams.size()], r);
    w.begin_object().member("Path", "/").member("RoleName", name).member("RoleId", fmt::format("AROA{:016}", r))
        .member("Arn", arn("role", name)).member("CreateDate", date(rng_, 100, 1500));
    w.key("AssumeRolePolicyDocument");
    trust_policy(w, r);
    w.key("InstanceProfileList").begin_array().end_array();
    w.key("RolePolicyList").begin_array();
    if (rng_.chance(0.3)) {
      w.begin_object().member("PolicyName", "inline-" + name).key("PolicyDocument");
      identity_policy(w, r);
      w.end_object();
    }
    w.end_array();
    w.key("AttachedManagedPolicies").begin_array();
    for (int k = rng_.below(3); k >= 0; --k) attached(w, rng_.below(o_.policies));
    aws_managed(w);
    w.end_array();
    if (rng_.chance(0.1)) {
      w.key("PermissionsBoundary").begin_object().member("PermissionsBoundaryType", "Policy")
          .member("PermissionsBoundaryArn", arn("policy", fmt::format("{}-policy-0", kTeams[0]))).end_object();
    }
    w.key("Tags").begin_array().end_array();
    w.key("RoleLastUsed").begin_object();
    if (rng_.chance(0.8)) w.member("LastUsedDate", date(rng_, 0, 400)).member("Region", "us-east-1");
    w.end_object().end_object();
  }

  void managed(JsonWriter& w, int p) {
    const std::string name = fmt::format("{}-policy-{}", kTeams[static_cast<std::size_t>(p) % kTeams.size()], p);
    const int versions = 1 + rng_.below(3);
    w.begin_object().member("PolicyName", name).member("PolicyId", fmt::format("ANPA{:016}", p))
        .member("Arn", arn("policy", name)).member("Path", "/")
        .member("DefaultVersionId", fmt::format("v{}", versions)).member("AttachmentCount", 1 + rng_.below(5))
        .member("PermissionsBoundaryUsageCount", 0).member("IsAttachable", true)
        .member("CreateDate", date(rng_, 200, 1500)).member("UpdateDate", date(rng_, 0, 200));
    w.key("PolicyVersionList").begin_array();
    for (int v = 1; v <= versions; ++v) {
      w.begin_object().key("Document");
      identity_policy(w, p);
      w.member("VersionId", fmt::format("v{}", v)).member("IsDefaultVersion", v == versions)
          .member("CreateDate", date(rng_, 0, 1500)).end_object();
    }
    w.end_array().end_object();
  }

  std::string credential_report() {
    root_mfa_ = rng_.chance(0.8);
    root_keys_ = rng_.chance(0.1);
    std::string csv =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
        "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
        "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
        "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
        "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";
    csv += fmt::format("<root_account>,arn:aws:iam::{}:root,{},not_supported,{},not_supported,not_supported,{},{},"
                       "{},N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
                       id_, date(rng_, 1500, 2000), rng_.chance(0.3) ? date(rng_, 0, 60) : date(rng_, 200, 900),
                       root_mfa_ ? "true" : "false", root_keys_ ? "true" : "false",
                       root_keys_ ? date(rng_, 400, 900) : "N/A");
    for (int u = 0; u < o_.users; ++u) {
      const std::string name = fmt::format("{}.{}", kTeams[static_cast<std::size_t>(u) % kTeams.size()], u);
      const bool console = rng_.chance(0.6);
      const bool key1 = rng_.chance(0.6), key2 = key1 && rng_.chance(0.1);
      const auto key = [&](bool active) {
        if (!active) return std::string("false,N/A,N/A,N/A,N/A");
        return fmt::format("true,{},{},us-east-1,s3", date(rng_, 10, 500),
                           rng_.chance(0.8) ? date(rng_, 0, 200) : std::string("N/A"));
      };
      csv += fmt::format("{},{},{},{},{},{},N/A,{},{},{},false,N/A,false,N/A\n", name, arn("user", name),
                         date(rng_, 300, 1500), console ? "true" : "false",
                         console ? date(rng_, 0, 300) : std::string("N/A"),
                         console ? date(rng_, 100, 600) : std::string("N/A"),
                         console && rng_.chance(0.8) ? "true" : "false", key(key1), key(key2));
    }
    return csv;
  }

  std::string roles_json() {
    std::string out = "{\"Roles\": [";
    for (int r = 0; r < o_.roles; ++r) {
      const std::string name = fmt::format("{}-service-{}", kTeams[static_cast<std::size_t>(r) % kTeams.size()], r);
      out += fmt::format("{}{{\"RoleName\": \"{}\", \"Arn\": \"{}\", \"MaxSessionDuration\": {}}}", r ? ", " : "",
                         name, arn("role", name), rng_.chance(0.15) ? 43200 : 3600);
    }
    return out + "]}\n";
  }

  static std::string scps() {
    return R"({"levels": [
  {"target": "r-root", "policies": [{"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]},
  {"target": "ou-workloads", "policies": [
    {"name": "FullAWSAccess", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
    {"name": "ProtectSecurityServices", "document": {"Version": "2012-10-17", "Statement": [{"Sid": "DenyTrailChanges", "Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "guardduty:DeleteDetector"], "Resource": "*"}]}}]}
]}
)";
  }

  const GenerateOptions& o_;
  Rng& rng_;
  std::string id_;
  std::string partner_;
  bool root_mfa_ = true, root_keys_ = false;
};

}  // namespace

void generate(const std::string& directory, const GenerateOptions& options) {
  if (options.accounts < 1 || options.users < 0 || options.roles < 0 || options.policies < 1) {
    throw std::runtime_error("accounts and policies must be at least 1; users and roles at least 0");
  }
  Rng rng(options.seed);
  for (int a = 0; a < options.accounts; ++a) {
    AccountWriter writer(options, a, rng);
    const fs::path dir = fs::path(directory) / fmt::format("account-{:02}", a);
    writer.write(dir);
  }
}

}  // namespace iw::demo
