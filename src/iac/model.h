// What a scan of infrastructure code declares: the IAM policies to lint, the principals and
// attachments that make up the declared account (for --paths), inline suppressions, and the
// values that could not be resolved. Filled by the readers (cfn.h, terraform.h, plan.h),
// consumed by analyze.h. Plain data; no invariants beyond the comments.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "iac/value.h"
#include "policy/policy.h"

namespace iw::iac {

// Where an AWS resource is declared: its address ("aws_iam_role.deploy",
// "module.ci.aws_iam_role.x[0]", or a CloudFormation logical id) and its block / entry.
struct Declared {
  std::string address;
  Origin origin;  // the resource's first line and its last (end_line)
};

// One IAM policy document the code declares.
struct ExtractedPolicy {
  policy::Kind kind = policy::Kind::identity;
  Value document;      // the policy tree (an object); a JSON text string is parsed by the reader
  Declared owner;      // the resource that holds it (or the data source that builds it)
  std::string arn;     // Finding::resource: the ARN the owning resource will have
  std::string name;    // e.g. "inline policy deploy", for messages ("" = none)
};

// A user, group or role the code declares, and what it holds (for --paths).
struct DeclaredPrincipal {
  enum class Type { user, group, role } type = Type::role;
  std::string name, path = "/", arn;
  Declared decl;
  std::optional<Value> trust;                          // roles: the trust policy
  std::vector<std::pair<std::string, Value>> inline_policies;  // name, document
  std::vector<std::string> managed_policy_arns;        // attached managed policies
  std::optional<std::string> boundary_arn;
  std::vector<std::string> groups;                     // users: group names
  std::vector<std::string> instance_profiles;          // roles: instance profile ARNs
};

// A customer managed policy the code declares.
struct DeclaredManagedPolicy {
  std::string name, path = "/", arn;
  Value document;
  Declared decl;
};

// An attachment declared apart from its principal (aws_iam_role_policy_attachment, ...).
// `principal` is a name or an ARN of a user, group or role; `policy` is a policy ARN, or
// inline: a name and a document.
struct DeclaredAttachment {
  DeclaredPrincipal::Type type = DeclaredPrincipal::Type::role;
  std::string principal;
  std::string policy_arn;                    // managed attachment (empty for inline)
  std::optional<std::pair<std::string, Value>> inline_policy;
  std::optional<std::string> boundary_arn;   // a boundary set apart (rare)
  std::vector<std::string> group_users;      // group membership: users added to group `principal`
};

// A compute resource that runs with a role (functions, instance profiles) for --paths.
struct DeclaredCompute {
  std::string arn, type, role_arn;
};

// An inline suppression: "# iamwarden:ignore <id> <reason>" in HCL, Metadata in CloudFormation.
struct Suppression {
  std::string id;
  std::string reason;  // "" = none given: a suppression-without-reason finding, suppresses nothing
  Origin origin;       // the comment or metadata entry
  // What it covers: findings whose location is on lines [first, last] of this file.
  std::string file;
  int first = 0, last = 0;
};

// Why a placeholder could not be resolved, and where it was first used.
struct Unresolved {
  std::string what;  // "variable without a default", "known only after apply", ...
  Origin origin;
};

struct Declarations {
  std::vector<ExtractedPolicy> policies;
  std::vector<DeclaredPrincipal> principals;
  std::vector<DeclaredManagedPolicy> managed_policies;
  std::vector<DeclaredAttachment> attachments;
  std::vector<DeclaredCompute> compute;
  std::vector<Suppression> suppressions;
  std::map<std::string, Unresolved> unresolved;  // placeholder name -> why

  // Records placeholder `name` (first use wins) and returns the placeholder value.
  Value unresolved_value(const std::string& name, std::string what, const Origin& at);
};

// What the resources will be named: --account, and the ARN of the scanning identity.
struct Environment {
  std::string account = "123456789012";
  std::string partition = "aws";
  std::string region = "us-east-1";
  std::string caller_arn;  // "" = arn:aws:iam::ACCOUNT:user/iac-caller
  std::string caller() const {
    return caller_arn.empty() ? "arn:" + partition + ":iam::" + account + ":user/iac-caller" : caller_arn;
  }
};

}  // namespace iw::iac
