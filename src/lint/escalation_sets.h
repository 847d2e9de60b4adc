// Permission sets that, granted together by one policy, let its holder escalate privileges
// (lint id `privilege-escalation`). Method ids are those of `paths` (docs/privesc-catalog);
// this table is the single-policy view: no resources, trust or inventory are known here.
//
// Some methods work only through a resource that must already exist (an instance profile, a
// function and its role, instances to open sessions on). Whether they escalate depends on what
// those resources run as, which `audit` and `paths` decide from an account snapshot; on a lone
// policy they are reported at info severity, saying which resource they need (`existing`).
#pragma once

#include <array>
#include <string_view>

namespace iw::lint {

struct EscalationSet {
  std::string_view method;
  std::array<std::string_view, 5> actions;  // unused slots are ""
  std::string_view how;
  std::string_view existing = {};  // "<the resource it needs> exists", or "" when it needs none
};

inline constexpr std::array kEscalationSets = std::to_array<EscalationSet>({
    {"iam-create-policy-version", {"iam:CreatePolicyVersion"},
     "write a new default version of a managed policy attached to itself"},
    {"iam-set-default-policy-version", {"iam:SetDefaultPolicyVersion"},
     "switch an attached policy to a more permissive stored version"},
    {"iam-attach-user-policy", {"iam:AttachUserPolicy"}, "attach AdministratorAccess to itself"},
    {"iam-attach-group-policy", {"iam:AttachGroupPolicy"}, "attach AdministratorAccess to its group"},
    {"iam-attach-role-policy", {"iam:AttachRolePolicy"}, "attach AdministratorAccess to its role"},
    {"iam-put-user-policy", {"iam:PutUserPolicy"}, "write an inline admin policy on itself"},
    {"iam-put-group-policy", {"iam:PutGroupPolicy"}, "write an inline admin policy on its group"},
    {"iam-put-role-policy", {"iam:PutRolePolicy"}, "write an inline admin policy on its role"},
    {"iam-add-user-to-group", {"iam:AddUserToGroup"}, "join a more privileged group"},
    {"iam-create-access-key", {"iam:CreateAccessKey"}, "mint access keys for another user"},
    {"iam-create-login-profile", {"iam:CreateLoginProfile"}, "set a console password for another user"},
    {"iam-update-login-profile", {"iam:UpdateLoginProfile"}, "reset another user's console password"},
    {"iam-update-assume-role-policy", {"iam:UpdateAssumeRolePolicy", "sts:AssumeRole"},
     "rewrite a role's trust policy to trust itself, then assume the role"},
    {"iam-create-role-attach", {"iam:CreateRole", "iam:AttachRolePolicy", "sts:AssumeRole"},
     "create a role it can assume and attach an admin policy"},
    {"ec2-passrole-run-instances", {"iam:PassRole", "ec2:RunInstances"},
     "launch an instance with a privileged role and read its credentials",
     "an instance profile holding that role exists"},
    {"lambda-passrole-create-invoke", {"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"},
     "create a function running as a privileged role and invoke it"},
    {"lambda-passrole-create-event-source",
     {"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"},
     "create a function running as a privileged role and trigger it from an event source"},
    {"lambda-update-function-code", {"lambda:UpdateFunctionCode"},
     "replace the code of a function that runs as a privileged role", "such a function exists"},
    {"glue-passrole-create-dev-endpoint", {"iam:PassRole", "glue:CreateDevEndpoint"},
     "create a Glue dev endpoint with a privileged role and log in to it"},
    {"glue-passrole-create-job-start", {"iam:PassRole", "glue:CreateJob", "glue:StartJobRun"},
     "create and run a Glue job with a privileged role"},
    {"glue-update-dev-endpoint", {"glue:UpdateDevEndpoint"},
     "add its SSH key to a dev endpoint that runs as a privileged role", "such a dev endpoint exists"},
    {"cfn-passrole-create-stack", {"iam:PassRole", "cloudformation:CreateStack"},
     "create a stack that runs as a privileged role and builds admin resources"},
    {"datapipeline-passrole-create",
     {"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"},
     "create a pipeline that runs commands as a privileged role"},
    {"codebuild-passrole-create-start", {"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"},
     "create and run a build project with a privileged role"},
    {"sagemaker-passrole-notebook", {"iam:PassRole", "sagemaker:CreateNotebookInstance"},
     "create a notebook with a privileged role and open a shell in it"},
    {"ecs-passrole-register-run-task", {"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"},
     "run a task with a privileged task role"},
    {"apprunner-passrole-create-service", {"iam:PassRole", "apprunner:CreateService"},
     "create an App Runner service with a privileged role"},
    {"ssm-send-command", {"ssm:SendCommand"},
     "run commands on instances whose profiles hold privileged roles", "such instances exist"},
    {"ssm-start-session", {"ssm:StartSession"},
     "open a shell on instances whose profiles hold privileged roles", "such instances exist"},
});

}  // namespace iw::lint
