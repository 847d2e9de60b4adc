#include "core/compliance.h"

#include <array>

namespace iw {

namespace {

// CIS AWS Foundations Benchmark, section 1: v3.0.0 and v4.0.0 number it alike.
#define IW_CIS_SECTION_1(V)                                                                       \
  std::to_array<Requirement>({                                                                   \
      {V ":1.1", "Keep the account's contact details current"},                                  \
      {V ":1.2", "Register security contact information"},                                       \
      {V ":1.3", "Register security questions"},                                                 \
      {V ":1.4", "No access key for the root user"},                                             \
      {V ":1.5", "MFA for the root user"},                                                       \
      {V ":1.6", "Hardware MFA for the root user"},                                              \
      {V ":1.7", "No use of the root user for administrative and daily tasks"},                  \
      {V ":1.8", "Password policy: minimum length 14 or more"},                                  \
      {V ":1.9", "Password policy: prevent password reuse"},                                     \
      {V ":1.10", "MFA for every IAM user with a console password"},                             \
      {V ":1.11", "No access keys created at the initial setup of console users"},               \
      {V ":1.12", "Disable credentials unused for 45 days or more"},                             \
      {V ":1.13", "At most one active access key per IAM user"},                                 \
      {V ":1.14", "Rotate access keys every 90 days or less"},                                   \
      {V ":1.15", "IAM users receive permissions only through groups"},                          \
      {V ":1.16", "No attached policy allows full \"*:*\" administrative privileges"},           \
      {V ":1.17", "A support role exists to manage incidents with AWS Support"},                 \
      {V ":1.18", "Instances access AWS through IAM instance roles"},                            \
      {V ":1.19", "Remove expired SSL/TLS certificates stored in IAM"},                          \
      {V ":1.20", "IAM Access Analyzer enabled in all regions"},                                 \
      {V ":1.21", "IAM users managed centrally (federation or AWS Organizations)"},              \
      {V ":1.22", "Restrict access to AWSCloudShellFullAccess"},                                 \
  })

constexpr auto kCis30 = IW_CIS_SECTION_1("CIS-AWS-3.0");
constexpr auto kCis40 = IW_CIS_SECTION_1("CIS-AWS-4.0");
#undef IW_CIS_SECTION_1

constexpr auto kSecurityHub = std::to_array<Requirement>({
    {"SecurityHub:IAM.1", "IAM policies do not allow full \"*\" administrative privileges"},
    {"SecurityHub:IAM.2", "IAM users have no policies attached"},
    {"SecurityHub:IAM.3", "Access keys rotated every 90 days or less"},
    {"SecurityHub:IAM.4", "No root user access key"},
    {"SecurityHub:IAM.5", "MFA for IAM users with a console password"},
    {"SecurityHub:IAM.6", "Hardware MFA for the root user"},
    {"SecurityHub:IAM.7", "Strong password policy (character classes, length 8 or more)"},
    {"SecurityHub:IAM.8", "Remove IAM user credentials unused for 90 days"},
    {"SecurityHub:IAM.9", "MFA for the root user"},
    {"SecurityHub:IAM.10", "Password policy with PCI DSS settings"},
    {"SecurityHub:IAM.11", "Password policy requires an uppercase letter"},
    {"SecurityHub:IAM.12", "Password policy requires a lowercase letter"},
    {"SecurityHub:IAM.13", "Password policy requires a symbol"},
    {"SecurityHub:IAM.14", "Password policy requires a number"},
    {"SecurityHub:IAM.15", "Password policy: minimum length 14 or more"},
    {"SecurityHub:IAM.16", "Password policy prevents reuse of the last 24 passwords"},
    {"SecurityHub:IAM.17", "Passwords expire within 90 days"},
    {"SecurityHub:IAM.18", "A support role exists to manage incidents with AWS Support"},
    {"SecurityHub:IAM.19", "MFA for every IAM user"},
    {"SecurityHub:IAM.20", "Avoid the use of the root user"},
    {"SecurityHub:IAM.21", "Customer policies do not allow every action of a service"},
    {"SecurityHub:IAM.22", "Remove IAM user credentials unused for 45 days"},
    {"SecurityHub:IAM.26", "Remove expired SSL/TLS certificates managed in IAM"},
    {"SecurityHub:IAM.27", "No identity has AWSCloudShellFullAccess attached"},
    {"SecurityHub:IAM.28", "IAM Access Analyzer external access analyzer enabled"},
});

constexpr auto kFsbp = std::to_array<Requirement>({
    {"AWS-FSBP:IAM.1", "IAM policies do not allow full \"*\" administrative privileges"},
    {"AWS-FSBP:IAM.2", "IAM users have no policies attached"},
    {"AWS-FSBP:IAM.3", "Access keys rotated every 90 days or less"},
    {"AWS-FSBP:IAM.4", "No root user access key"},
    {"AWS-FSBP:IAM.5", "MFA for IAM users with a console password"},
    {"AWS-FSBP:IAM.6", "Hardware MFA for the root user"},
    {"AWS-FSBP:IAM.7", "Strong password policy (character classes, length 8 or more)"},
    {"AWS-FSBP:IAM.8", "Remove IAM user credentials unused for 90 days"},
    {"AWS-FSBP:IAM.21", "Customer policies do not allow every action of a service"},
});

const auto kFrameworks = std::to_array<Framework>({
    {"CIS-AWS-3.0", "CIS Amazon Web Services Foundations Benchmark v3.0.0, section 1 (Identity and Access Management)", kCis30},
    {"CIS-AWS-4.0", "CIS Amazon Web Services Foundations Benchmark v4.0.0, section 1 (Identity and Access Management)", kCis40},
    {"SecurityHub", "AWS Security Hub controls for IAM", kSecurityHub},
    {"AWS-FSBP", "AWS Foundational Security Best Practices v1.0.0, IAM controls", kFsbp},
});

}  // namespace

std::span<const Framework> compliance_frameworks() { return kFrameworks; }

const Requirement* find_requirement(std::string_view id) {
  for (const Framework& f : kFrameworks) {
    if (f.id != framework_of(id)) continue;
    for (const Requirement& r : f.requirements) {
      if (r.id == id) return &r;
    }
  }
  return nullptr;
}

std::string_view requirement_number(std::string_view id) {
  const std::size_t colon = id.find(':');
  return colon == std::string_view::npos ? id : id.substr(colon + 1);
}

std::string_view framework_of(std::string_view id) { return id.substr(0, id.find(':')); }

}  // namespace iw
