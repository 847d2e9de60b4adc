// Amazon Resource Names: splitting and validating (for the lint id `invalid-arn`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iw::policy {

struct Arn {
  std::string_view partition, service, region, account, resource;
};

// Splits "arn:partition:service:region:account:resource" (the resource may hold more colons).
// nullopt when the text does not start with "arn:" or has fewer than six fields.
std::optional<Arn> parse_arn(std::string_view text);

// What is wrong with `pattern` as a Resource/NotResource value ("" when nothing): prefix,
// field count, partition, service, region and account syntax, and the service rules of S3
// (no region or account in bucket/object ARNs) and IAM (no region, an account). Wildcards are
// allowed anywhere and make a field unchecked; "*" alone is valid.
std::string arn_problem(std::string_view pattern);

}  // namespace iw::policy
