// Terraform resources (from HCL or from a plan) to declarations: one code path for both.
//
// A TfResource is one resource instance with its attribute values as a tree (value.h): nested
// blocks are lists of objects, a policy attribute is a JSON string or (when the code built it
// with jsonencode or a policy document data source) the policy tree itself. extract() reads
// the IAM resources contracts.md §7 lists and appends to `out`.
#pragma once

#include <string>
#include <vector>

#include "iac/model.h"
#include "iac/value.h"

namespace iw::iac {

struct TfResource {
  std::string type;   // "aws_iam_role"
  Declared decl;      // address ("module.ci.aws_iam_role.deploy[0]") and declaration
  Value attrs;        // object of attributes
};

void extract(const std::vector<TfResource>& resources, const Environment& env, Declarations& out);

// The ARN a resource of `type` with these attributes will have ("" when the type is not one
// whose ARN iamwarden builds). Names missing from `attrs` are taken from `fallback_name`.
std::string resource_arn(const std::string& type, const Value& attrs, const std::string& fallback_name,
                         const Environment& env);

}  // namespace iw::iac

namespace iw::iac {

// A Lambda permission (AWS::Lambda::Permission, aws_lambda_permission) as the resource-policy
// statement Lambda adds for it. Each field is a value with its origin (missing = kind null).
struct LambdaPermission {
  Value principal, action, function_arn, source_arn, source_account, principal_org_id, url_auth_type;
  Origin at;
};
Value lambda_permission_document(const LambdaPermission& p);

}  // namespace iw::iac
