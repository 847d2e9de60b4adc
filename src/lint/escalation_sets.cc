#include "lint/escalation_sets.h"

#include <string>

#include "core/strings.h"

namespace iw::lint {

namespace {

// The methods a lone policy completes: it grants every permission. Methods that also need a
// trust policy, a group or a policy version the document cannot show are left to audit/paths.
constexpr std::string_view kLonePolicyMethods[] = {
    "iam-create-policy-version", "iam-set-default-policy-version", "iam-attach-user-policy",
    "iam-attach-group-policy", "iam-attach-role-policy", "iam-put-user-policy", "iam-put-group-policy",
    "iam-put-role-policy", "iam-add-user-to-group", "iam-create-access-key", "iam-create-login-profile",
    "iam-update-login-profile", "iam-update-assume-role-policy", "iam-create-role-attach", "iam-create-user-admin",
    "ec2-passrole-run-instances", "lambda-passrole-create-invoke", "lambda-passrole-create-event-source",
    "lambda-update-function-code", "glue-passrole-create-dev-endpoint", "glue-passrole-create-job-start",
    "glue-update-dev-endpoint", "cfn-passrole-create-stack", "datapipeline-passrole-create",
    "codebuild-passrole-create-start", "sagemaker-passrole-notebook", "ecs-passrole-register-run-task",
    "apprunner-passrole-create-service", "ssm-send-command", "ssm-start-session"};

// What must already exist for the method to work, or "".
std::string existing_resource(const catalog::Method& m) {
  if (m.prereq == catalog::Prereq::instance_profile) return "an instance profile holding the role exists";
  if (m.shape != catalog::Shape::existing) return "";
  std::string types(m.compute);
  for (char& c : types) c = c == ',' ? '/' : c;
  return "a " + types + " running as a privileged role exists";
}

std::vector<EscalationSet> build() {
  std::vector<EscalationSet> out;
  for (std::string_view id : kLonePolicyMethods) {
    const catalog::Method* m = catalog::find_method(id);
    if (m == nullptr) continue;  // a method the table no longer has (escalation_sets test fails)
    EscalationSet set;
    set.method = m;
    for (const catalog::Perm& p : m->perms) {
      if (p.action.empty()) break;
      set.permissions.push_back(split(p.action, '|'));
    }
    set.existing = existing_resource(*m);
    out.push_back(std::move(set));
  }
  return out;
}

}  // namespace

std::span<const EscalationSet> escalation_sets() {
  static const std::vector<EscalationSet> sets = build();
  return sets;
}

}  // namespace iw::lint
