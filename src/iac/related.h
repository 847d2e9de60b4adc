// The nearest ids of other IaC scanners for each iamwarden id (Finding::related), so users can
// carry their existing checkov / KICS skips over. Only mappings that are plainly the same check
// are listed; most ids have none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iw::iac {

// "checkov:CKV_AWS_62", "kics:IAM Policies With Full Privileges", ... ; empty when none.
std::vector<std::string> related_ids(std::string_view id);

}  // namespace iw::iac
