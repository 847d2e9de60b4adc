// Coverage of Datadog pathfinding.cloud's path definitions (../shared/reference/pathfinding-cloud,
// Apache-2.0; read at test time, nothing copied): every path id there is mapped to one of our
// method ids, and an actor holding exactly the path's required permissions (on "*") is found to
// escalate by that method in a fixture account that has what the method needs (an admin role
// trusting the services and the account, an instance profile, compute running as the admin
// role, a non-admin role and user to write to). Paths we do not support would be listed in
// kUnsupported with the reason (docs/escalation.md).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include "account/account.h"
#include "graph/graph.h"
#include "catalog/escalation.h"
#include "required_data.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string> kMapping{
    {"apprunner-001", "apprunner-passrole-create-service"},
    {"apprunner-002", "apprunner-update-service"},
    {"bedrock-001", "bedrock-passrole-code-interpreter"},
    {"bedrock-002", "bedrock-code-interpreter-session"},
    {"cloudformation-001", "cfn-passrole-create-stack"},
    {"cloudformation-002", "cfn-update-stack"},
    {"cloudformation-003", "cfn-passrole-create-stackset"},
    {"cloudformation-004", "cfn-passrole-update-stackset"},
    {"cloudformation-005", "cfn-change-set"},
    {"codebuild-001", "codebuild-passrole-create-start"},
    {"codebuild-002", "codebuild-start-build"},
    {"codebuild-003", "codebuild-start-build-batch"},
    {"codebuild-004", "codebuild-passrole-create-start-batch"},
    {"datapipeline-001", "datapipeline-passrole-create"},
    {"ec2instanceconnect-003", "ec2-instance-connect-ssh"},
    {"ec2-001", "ec2-passrole-run-instances"},
    {"ec2-002", "ec2-modify-user-data"},
    {"ec2-003", "ec2-passrole-request-spot"},
    {"ec2-004", "ec2-launch-template-version"},
    {"ecs-001", "ecs-passrole-create-cluster-service"},
    {"ecs-002", "ecs-passrole-create-cluster-run-task"},
    {"ecs-003", "ecs-passrole-register-service"},
    {"ecs-004", "ecs-passrole-register-run-task"},
    {"ecs-005", "ecs-passrole-register-start-task"},
    {"glue-001", "glue-passrole-create-dev-endpoint"},
    {"glue-002", "glue-update-dev-endpoint"},
    {"glue-003", "glue-passrole-create-job-start"},
    {"glue-004", "glue-passrole-create-job-trigger"},
    {"glue-005", "glue-passrole-update-job-start"},
    {"glue-006", "glue-passrole-update-job-trigger"},
    {"iam-001", "iam-create-policy-version"},
    {"iam-002", "iam-create-access-key"},
    {"iam-003", "iam-create-access-key-delete-key"},
    {"iam-004", "iam-create-login-profile"},
    {"iam-005", "iam-put-role-policy"},
    {"iam-006", "iam-update-login-profile"},
    {"iam-007", "iam-put-user-policy"},
    {"iam-008", "iam-attach-user-policy"},
    {"iam-009", "iam-attach-role-policy"},
    {"iam-010", "iam-attach-group-policy"},
    {"iam-011", "iam-put-group-policy"},
    {"iam-012", "iam-update-assume-role-policy"},
    {"iam-013", "iam-add-user-to-group"},
    {"iam-014", "iam-attach-role-policy-assume-role"},
    {"iam-015", "iam-attach-user-policy-create-key"},
    {"iam-016", "iam-create-policy-version-assume-role"},
    {"iam-017", "iam-put-role-policy-assume-role"},
    {"iam-018", "iam-put-user-policy-create-key"},
    {"iam-019", "iam-attach-role-policy-update-trust"},
    {"iam-020", "iam-create-policy-version-update-trust"},
    {"iam-021", "iam-put-role-policy-update-trust"},
    {"lambda-001", "lambda-passrole-create-invoke"},
    {"lambda-002", "lambda-passrole-create-event-source"},
    {"lambda-003", "lambda-update-function-code"},
    {"lambda-004", "lambda-update-code-invoke"},
    {"lambda-005", "lambda-update-code-add-permission"},
    {"lambda-006", "lambda-passrole-create-add-permission"},
    {"sagemaker-001", "sagemaker-passrole-notebook"},
    {"sagemaker-002", "sagemaker-passrole-training-job"},
    {"sagemaker-003", "sagemaker-passrole-processing-job"},
    {"sagemaker-004", "sagemaker-presigned-notebook-url"},
    {"sagemaker-005", "sagemaker-lifecycle-config"},
    {"ssm-001", "ssm-start-session"},
    {"ssm-002", "ssm-send-command"},
    {"sts-001", "sts-assume-role"},
};

// Path ids we do not detect, with the reason (kept in step with docs/escalation.md).
const std::map<std::string, std::string> kUnsupported{};

fs::path paths_dir() { return fs::path(IW_SOURCE_DIR) / ".." / "shared" / "reference" / "pathfinding-cloud" / "data" / "paths"; }

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "\"" : ", \"") + s + "\"";
  return out;
}

// The fixture account; the actor (user `attacker` and role `attacker-role`) holds `actions`.
account::Account fixture(const std::vector<std::string>& actions) {
  const std::string id = "111122223333";
  const std::string acts = quoted_list(actions);
  const std::string attacker_policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)" + acts + R"(],"Resource":"*"}]})";
  const std::string admin = "arn:aws:iam::aws:policy/AdministratorAccess";
  const std::string services = quoted_list({"lambda.amazonaws.com", "ec2.amazonaws.com", "glue.amazonaws.com",
                                            "cloudformation.amazonaws.com", "codebuild.amazonaws.com",
                                            "sagemaker.amazonaws.com", "ecs-tasks.amazonaws.com",
                                            "datapipeline.amazonaws.com", "tasks.apprunner.amazonaws.com",
                                            "bedrock-agentcore.amazonaws.com"});
  const std::string admin_trust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":[)" +
                                  services + R"(]},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)" +
                                  id + R"(:root"},"Action":"sts:AssumeRole"}]})";
  const std::string root_trust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)" +
                                 id + R"(:root"},"Action":"sts:AssumeRole"}]})";
  const std::string ec2_trust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  const auto managed = [](const std::string& arn, const std::string& name, const std::string& doc) {
    return R"({"PolicyName":")" + name + R"(","PolicyId":"ANPA)" + name + R"(","Arn":")" + arn +
           R"(","Path":"/","DefaultVersionId":"v1","AttachmentCount":1,"IsAttachable":true,"PolicyVersionList":[{"Document":)" +
           doc + R"(,"VersionId":"v1","IsDefaultVersion":true}]})";
  };
  const std::string benign = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]})";
  const std::string all = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
  const auto attached = [](const std::string& arn) {
    return R"({"PolicyName":")" + arn.substr(arn.rfind('/') + 1) + R"(","PolicyArn":")" + arn + R"("})";
  };
  const std::string p = "arn:aws:iam::" + id + ":";
  std::string details = R"({"UserDetailList":[)";
  details += R"({"Path":"/","UserName":"attacker","UserId":"AIDAATTACKER","Arn":")" + p +
             R"(user/attacker","GroupList":["attackers"],"AttachedManagedPolicies":[)" + attached(p + "policy/attacker-policy") +
             R"(],"UserPolicyList":[{"PolicyName":"granted","PolicyDocument":)" + attacker_policy + R"(}]},)";
  details += R"({"Path":"/","UserName":"admin-user","UserId":"AIDAADMIN","Arn":")" + p +
             R"(user/admin-user","GroupList":["admins"],"AttachedManagedPolicies":[],"UserPolicyList":[]},)";
  details += R"({"Path":"/","UserName":"plain-user","UserId":"AIDAPLAIN","Arn":")" + p +
             R"(user/plain-user","GroupList":[],"AttachedManagedPolicies":[],"UserPolicyList":[]}],)";
  details += R"("GroupDetailList":[{"Path":"/","GroupName":"admins","GroupId":"AGPAADMINS","Arn":")" + p +
             R"(group/admins","GroupPolicyList":[],"AttachedManagedPolicies":[)" + attached(admin) + R"(]},)";
  details += R"({"Path":"/","GroupName":"attackers","GroupId":"AGPAATTACKERS","Arn":")" + p +
             R"(group/attackers","GroupPolicyList":[],"AttachedManagedPolicies":[]}],)";
  const auto role = [&](const std::string& name, const std::string& trust, const std::string& policies,
                        const std::string& inline_doc, bool profile) {
    std::string r = R"({"Path":"/","RoleName":")" + name + R"(","RoleId":"AROA)" + name + R"(","Arn":")" + p + "role/" +
                    name + R"(","AssumeRolePolicyDocument":)" + trust + R"(,"InstanceProfileList":[)";
    if (profile) {
      r += R"({"InstanceProfileName":")" + name + R"(","InstanceProfileId":"AIPA)" + name + R"(","Arn":")" + p +
           "instance-profile/" + name + R"(","Path":"/","Roles":[]})";
    }
    r += R"(],"RolePolicyList":[)";
    if (!inline_doc.empty()) r += R"({"PolicyName":"granted","PolicyDocument":)" + inline_doc + "}";
    r += R"(],"AttachedManagedPolicies":[)" + policies + R"(],"RoleLastUsed":{}})";
    return r;
  };
  details += R"("RoleDetailList":[)";
  details += role("target-role", admin_trust, attached(admin), "", true) + ",";
  details += role("plain-role", root_trust, attached(p + "policy/plain-policy"), "", false) + ",";
  details += role("attacker-role", ec2_trust, attached(p + "policy/attacker-policy"), attacker_policy, false) + "],";
  details += R"("Policies":[)" + managed(admin, "AdministratorAccess", all) + "," +
             managed(p + "policy/attacker-policy", "attacker-policy", benign) + "," +
             managed(p + "policy/plain-policy", "plain-policy", benign) + "]}";

  std::string compute = "[";
  const std::vector<std::pair<std::string, std::string>> items{
      {"lambda-function", "arn:aws:lambda:us-east-1:" + id + ":function:worker"},
      {"ec2-instance", "arn:aws:ec2:us-east-1:" + id + ":instance/i-0123456789abcdef0"},
      {"ec2-launch-template", "arn:aws:ec2:us-east-1:" + id + ":launch-template/lt-0123456789abcdef0"},
      {"cloudformation-stack", "arn:aws:cloudformation:us-east-1:" + id + ":stack/infra/1"},
      {"cloudformation-stackset", "arn:aws:cloudformation:us-east-1:" + id + ":stackset/baseline:1"},
      {"codebuild-project", "arn:aws:codebuild:us-east-1:" + id + ":project/release"},
      {"glue-job", "arn:aws:glue:us-east-1:" + id + ":job/etl"},
      {"glue-dev-endpoint", "arn:aws:glue:us-east-1:" + id + ":devEndpoint/dev"},
      {"sagemaker-notebook", "arn:aws:sagemaker:us-east-1:" + id + ":notebook-instance/lab"},
      {"apprunner-service", "arn:aws:apprunner:us-east-1:" + id + ":service/web/1"},
      {"bedrock-code-interpreter", "arn:aws:bedrock-agentcore:us-east-1:" + id + ":code-interpreter-custom/ci"},
      {"ecs-task-definition", "arn:aws:ecs:us-east-1:" + id + ":task-definition/app:1"},
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    compute += (i ? "," : "") + std::string(R"({"arn":")") + items[i].second + R"(","type":")" + items[i].first +
               R"(","role":")" + p + R"(role/target-role"})";
  }
  compute += "]";
  return account::load_snapshot_files(
      "fixture", {{"authorization-details.json", details},
                  {"compute.json", compute},
                  {"snapshot.json", R"({"account_id":")" + id + R"(","taken_at":"2026-11-01T00:00:00Z"})"}});
}

TEST(PathfindingCoverage, EveryPathIsMappedAndDetected) {
  const fs::path dir = paths_dir();
  IW_REQUIRE_PATH(dir);
  std::size_t total = 0, detected = 0;
  std::set<std::string> seen;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    const YAML::Node doc = YAML::LoadFile(entry.path().string());
    const std::string id = doc["id"].as<std::string>();
    ++total;
    seen.insert(id);
    if (kUnsupported.contains(id)) continue;
    auto mapped = kMapping.find(id);
    ASSERT_NE(mapped, kMapping.end()) << id << " is neither mapped nor listed as unsupported";
    ASSERT_NE(catalog::find_method(mapped->second), nullptr) << mapped->second;
    std::vector<std::string> actions;
    for (const YAML::Node& p : doc["permissions"]["required"]) actions.push_back(p["permission"].as<std::string>());
    const account::Account a = fixture(actions);
    graph::Options options;
    options.all = true;
    options.max_paths = 500;
    bool found = false;
    std::string seen_methods;
    for (const graph::Path& path : graph::Graph(a, options).escalation_paths()) {
      if (path.principal.find(":user/attacker") == std::string::npos &&
          path.principal.find(":role/attacker-role") == std::string::npos) {
        continue;
      }
      for (const graph::Step& s : path.steps) {
        seen_methods += " " + s.method;
        if (s.method == mapped->second) found = true;
      }
    }
    EXPECT_TRUE(found) << id << " (" << mapped->second << ") not detected; methods seen:" << seen_methods;
    detected += found ? 1 : 0;
  }
  for (const auto& [id, method] : kMapping) EXPECT_TRUE(seen.contains(id)) << "mapped id not in the reference: " << id;
  RecordProperty("paths", static_cast<int>(total));
  RecordProperty("detected", static_cast<int>(detected));
  EXPECT_EQ(total, 65u);
  std::printf("pathfinding.cloud: %zu paths, %zu mapped and detected, %zu unsupported\n", total, detected,
              kUnsupported.size());
}

}  // namespace
}  // namespace iw
