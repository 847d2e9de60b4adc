// CloudFormation, SAM and CDK output (cdk.out/*.template.json): templates to declarations.
//
// is_template() tells a template from other JSON/YAML (a Resources map of typed entries).
// read_template() evaluates the intrinsics contracts.md §7 names (Ref, Fn::Sub, Fn::Join,
// Fn::GetAtt, Fn::If with both branches, Fn::Select, Fn::Split, Fn::FindInMap, Fn::ImportValue,
// Fn::Base64, Fn::GetAZs, conditions), parameters with defaults and pseudo parameters
// (AWS::AccountId -> --account, AWS::Partition, AWS::Region, AWS::URLSuffix; AWS::StackName
// is unknown), and extracts every IAM policy: roles (trust, inline, managed, boundary), users,
// groups, policies, managed policies, instance profiles, resource policies (S3, SQS, SNS, KMS,
// Lambda permissions, ECR, Secrets Manager), Organizations policies (SCP/RCP) and SAM
// functions (Policies: inline, managed names, policy templates). Resources carrying
// Metadata.iamwarden.ignore get suppressions. Never throws; values it cannot compute become
// placeholders (Declarations::unresolved).
#pragma once

#include "iac/model.h"
#include "iac/value.h"

namespace iw::iac {

bool is_template(const Value& root);

void read_template(const Value& root, const Environment& env, Declarations& out);

}  // namespace iw::iac
