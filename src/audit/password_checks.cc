// password-policy-weak: one finding per account listing each failed sub-rule.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "audit/checks.h"

namespace iw::audit {

void check_password_policy(const AuditContext& ctx) {
  const Thresholds& th = ctx.options.thresholds;
  std::vector<std::string> failed;
  std::vector<std::string> controls;
  const auto fail = [&](std::string what, std::initializer_list<const char*> mapping) {
    failed.push_back(std::move(what));
    for (const char* c : mapping) {
      if (std::find(controls.begin(), controls.end(), c) == controls.end()) controls.emplace_back(c);
    }
  };
  const auto& pp = ctx.account.password_policy;
  if (!pp) {
    fail("the account has no password policy", {"CIS-AWS-3.0:1.8", "CIS-AWS-3.0:1.9", "SecurityHub:IAM.7"});
  } else {
    if (pp->minimum_length < th.password_min_length) {
      fail(fmt::format("minimum length {} < {}", pp->minimum_length, th.password_min_length),
           {"CIS-AWS-3.0:1.8", "SecurityHub:IAM.15"});
    }
    if (pp->reuse_prevention < th.password_reuse_prevention) {
      fail(fmt::format("reuse prevention {} < {}", pp->reuse_prevention, th.password_reuse_prevention),
           {"CIS-AWS-3.0:1.9", "SecurityHub:IAM.16"});
    }
    if (!pp->require_uppercase) fail("uppercase letters not required", {"SecurityHub:IAM.11"});
    if (!pp->require_lowercase) fail("lowercase letters not required", {"SecurityHub:IAM.12"});
    if (!pp->require_symbols) fail("symbols not required", {"SecurityHub:IAM.13"});
    if (!pp->require_numbers) fail("numbers not required", {"SecurityHub:IAM.14"});
  }
  if (failed.empty()) return;
  Finding& f = ctx.add("password-policy-weak", ctx.account.root_arn(),
                       fmt::format("password policy: {}", fmt::join(failed, "; ")));
  f.compliance = controls;
}

}  // namespace iw::audit
