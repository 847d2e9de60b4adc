// From a CloudTrail event to what IAM authorized: the IAM actions the call needed and the
// resources they were authorized on, as far as the event shows them. Shared by usage and
// generate-policy.
//
// The action is the eventSource's service prefix and the eventName, checked against the action
// catalog, with the known differences handled: services whose endpoint is not their IAM prefix
// (monitoring -> cloudwatch, email -> ses, tagging -> tag), Lambda's versioned event names
// (CreateFunction20150331 -> lambda:CreateFunction), S3 operations authorized by another action
// (ListObjects/ListObjectsV2/HeadBucket -> s3:ListBucket, HeadObject -> s3:GetObject, multipart
// uploads -> s3:PutObject, CopyObject -> s3:GetObject + s3:PutObject, DeleteObjects ->
// s3:DeleteObject). Events with no IAM action (ConsoleLogin, AWS service events) give none.
//
// Resources come from the event's `resources` ARNs and from request parameters (S3 bucket and
// key, IAM user/role/group names, Lambda functions, DynamoDB tables, SSM parameters, log groups,
// SQS queue URLs, any parameter holding an ARN), kept only when they fit one of the action's
// resource types in the catalog; "*" when none does.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "trail/events.h"

namespace iw::trail {

struct Call {
  const catalog::Action* action = nullptr;
  std::string name;      // "s3:GetObject" (AWS spelling)
  std::string resource;  // an ARN or "*"
};

// Resolves an IAM name of the event's account to its ARN (a snapshot knows the path):
// kind "user", "role", "group"; "" when unknown (then the ARN is built with path "/").
using IamNameResolver = std::function<std::string(std::string_view kind, std::string_view name)>;

// The calls `e` needed (several when an operation needs several actions). `unmapped` receives
// "source:Name" when no IAM action fits. Failed events give the same (callers decide).
std::vector<Call> calls_of(const Event& e, std::string* unmapped = nullptr, const IamNameResolver& names = {});

// True when `arn` fits one of `action`'s resource types (its ARN formats, placeholders as
// wildcards).
bool fits_resource_type(const catalog::Action& action, std::string_view arn);

}  // namespace iw::trail
