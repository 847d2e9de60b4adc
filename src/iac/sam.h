// Internal to iac/: SAM policy templates (AWS::Serverless::Function Policies entries such as
// `S3ReadPolicy: {BucketName: x}`) expanded to the statements SAM generates for them.
#pragma once

#include <string>
#include <string_view>

#include "iac/value.h"

namespace iw::iac {

// The statements of template `name` with parameter value `param` (already evaluated), built
// with `partition`, `region` and `account`. False when the template is not one iamwarden knows.
bool expand_sam_template(std::string_view name, const std::string& param, const std::string& partition,
                         const std::string& region, const std::string& account, const Origin& at,
                         Value& statements);

}  // namespace iw::iac
