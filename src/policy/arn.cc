#include "policy/arn.h"

#include <array>
#include <vector>

#include "core/strings.h"
#include "policy/glob.h"

namespace iw::policy {

namespace {

bool wild(std::string_view s) { return s.find_first_of("*?$") != std::string_view::npos; }

bool all_of(std::string_view s, bool (*ok)(char)) {
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

bool lower_alnum_dash(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 8> kPartitions{
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

// S3 resource prefixes that carry a region and account (everything else is bucket/object).
constexpr std::array<std::string_view, 6> kS3Regional{
    "accesspoint/", "job/", "storage-lens/", "access-grants/", "async-request/", "storage-lens-group/"};

std::string partition_problem(std::string_view partition) {
  if (wild(partition)) return {};
  for (std::string_view p : kPartitions) {
    if (p == partition) return {};
  }
  return "unknown partition \"" + std::string(partition) + "\" (expected aws, aws-cn, aws-us-gov, ...)";
}

std::string service_field_problem(std::string_view service) {
  if (service.empty()) return "the service field is empty";
  if (!wild(service) && !all_of(service, lower_alnum_dash)) {
    return "the service \"" + std::string(service) + "\" must be lower-case";
  }
  return {};
}

std::string region_problem(std::string_view region) {
  if (!wild(region) && !all_of(region, lower_alnum_dash)) {
    return "the region \"" + std::string(region) + "\" is not a region code";
  }
  return {};
}

std::string account_problem(std::string_view account) {
  if (!wild(account) && !account.empty() && account != "aws" &&
      !(account.size() == 12 && all_of(account, digit))) {
    return "the account \"" + std::string(account) + "\" must be 12 digits";
  }
  return {};
}

std::string field_problem(const Arn& a) {
  for (std::string p : {partition_problem(a.partition), service_field_problem(a.service),
                        region_problem(a.region), account_problem(a.account)}) {
    if (!p.empty()) return p;
  }
  if (a.resource.empty()) return "the resource field is empty";
  return {};
}

// Could `start` (no wildcards) begin field `index` (1 partition … 4 account) of an ARN?
bool may_begin_field(std::size_t index, std::string_view start) {
  switch (index) {
    case 1:
      for (std::string_view p : kPartitions) {
        if (p.substr(0, start.size()) == start) return true;
      }
      return false;
    case 2:
    case 3: return all_of(start, lower_alnum_dash);
    case 4:
      return (start.size() <= 12 && all_of(start, digit)) ||
             std::string_view("aws").substr(0, start.size()) == start;
    default: return true;
  }
}

constexpr std::array<std::string_view, 6> kFieldNames{"prefix",  "partition", "service",
                                                      "region", "account",   "resource"};

// A pattern of fewer than six fields that ends in '*' (§4.3: that '*' may also match ':', so
// "arn:aws:sqs:*" covers every queue). The whole fields must be valid, and the text before the
// final '*' must be able to begin its field: "arn:aws:s3::bucket/*" is one colon short, and
// "bucket/" cannot begin an account.
std::string short_pattern_problem(std::string_view pattern) {
  const std::vector<std::string_view> fields = split(pattern, ':');  // "arn" and 1 to 4 more
  const std::size_t last = fields.size() - 1;
  using Check = std::string (*)(std::string_view);
  constexpr std::array<Check, 4> kChecks{partition_problem, service_field_problem, region_problem,
                                         account_problem};
  for (std::size_t i = 1; i < last; ++i) {
    if (std::string p = kChecks[i - 1](fields[i]); !p.empty()) return p;
  }
  const std::string_view start = fields[last].substr(0, fields[last].size() - 1);
  if (wild(start) || may_begin_field(last, start)) return {};
  return "an ARN has six fields (arn:partition:service:region:account:resource), and \"" +
         std::string(fields[last]) + "\" stands in the " + std::string(kFieldNames[last]) +
         " field (is a ':' missing?)";
}

std::string service_problem(const Arn& a) {
  if (a.service == "s3") {
    bool regional = false;
    for (std::string_view p : kS3Regional) regional = regional || a.resource.substr(0, p.size()) == p;
    if (!regional && (!a.region.empty() || !a.account.empty()) && !wild(a.region) && !wild(a.account)) {
      return "S3 bucket and object ARNs have no region or account (arn:aws:s3:::bucket/key)";
    }
  }
  if (a.service == "iam") {
    if (!a.region.empty() && !wild(a.region)) return "IAM ARNs have no region (arn:aws:iam::ACCOUNT:...)";
    if (a.account.empty()) return "IAM ARNs need an account (arn:aws:iam::ACCOUNT:...)";
  }
  return {};
}

}  // namespace

std::optional<Arn> parse_arn(std::string_view text) {
  std::array<std::string_view, 6> parts;
  if (!split_arn6(text, parts) || parts[0] != "arn") return std::nullopt;
  return Arn{parts[1], parts[2], parts[3], parts[4], parts[5]};
}

std::string arn_problem(std::string_view pattern) {
  if (pattern.empty()) return "the resource is empty";
  if (pattern.find_first_not_of("*?") == std::string_view::npos) return {};
  if (pattern.substr(0, 4) != "arn:") {
    if (pattern[0] == '*' || pattern.substr(0, 3) == "ar*" || pattern.substr(0, 2) == "a*") return {};
    return "a resource must be \"*\" or an ARN starting with \"arn:\"";
  }
  const auto arn = parse_arn(pattern);
  if (!arn) {
    // "arn:aws:sqs:*": a component-final '*' spans the remaining fields (§4.3).
    if (pattern.back() == '*') return short_pattern_problem(pattern);
    return "an ARN has six fields (arn:partition:service:region:account:resource)";
  }
  if (std::string p = field_problem(*arn); !p.empty()) return p;
  return service_problem(*arn);
}

}  // namespace iw::policy
