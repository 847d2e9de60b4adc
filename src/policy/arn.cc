#include "policy/arn.h"

#include <array>

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

std::string field_problem(const Arn& a) {
  if (!wild(a.partition)) {
    bool known = false;
    for (std::string_view p : kPartitions) known = known || p == a.partition;
    if (!known) return "unknown partition \"" + std::string(a.partition) + "\" (expected aws, aws-cn, aws-us-gov, ...)";
  }
  if (a.service.empty()) return "the service field is empty";
  if (!wild(a.service) && !all_of(a.service, lower_alnum_dash)) {
    return "the service \"" + std::string(a.service) + "\" must be lower-case";
  }
  if (!wild(a.region) && !all_of(a.region, lower_alnum_dash)) {
    return "the region \"" + std::string(a.region) + "\" is not a region code";
  }
  if (!wild(a.account) && !a.account.empty() && a.account != "aws" &&
      !(a.account.size() == 12 && all_of(a.account, digit))) {
    return "the account \"" + std::string(a.account) + "\" must be 12 digits";
  }
  if (a.resource.empty()) return "the resource field is empty";
  return {};
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
    if (pattern.back() == '*') return {};
    return "an ARN has six fields (arn:partition:service:region:account:resource)";
  }
  if (std::string p = field_problem(*arn); !p.empty()) return p;
  return service_problem(*arn);
}

}  // namespace iw::policy
