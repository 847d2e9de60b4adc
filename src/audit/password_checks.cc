// password-policy-weak: one finding per account listing each failed sub-rule, with the
// compliance requirements that the policy's own values fail (a control's limit may differ from
// the configured threshold: CIS and IAM.15 want 14 characters, IAM.7 eight, IAM.10 seven).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "audit/checks.h"

namespace iw::audit {

namespace {

using Ids = std::initializer_list<const char*>;

class Failures {
 public:
  void fail(std::string what, Ids ids) {
    failed_.push_back(std::move(what));
    add(ids);
  }
  void add(Ids ids) {
    for (const char* c : ids) {
      if (std::find(controls_.begin(), controls_.end(), c) == controls_.end()) controls_.emplace_back(c);
    }
  }
  bool empty() const { return failed_.empty(); }
  const std::vector<std::string>& failed() const { return failed_; }
  const std::vector<std::string>& controls() const { return controls_; }

 private:
  std::vector<std::string> failed_, controls_;
};

void check_length(const account::PasswordPolicy& pp, int min, Failures& out) {
  if (pp.minimum_length >= min) return;
  out.fail(fmt::format("minimum length {} < {}", pp.minimum_length, min), {});
  if (pp.minimum_length < 14) out.add({"CIS-AWS-3.0:1.8", "CIS-AWS-4.0:1.8", "SecurityHub:IAM.15"});
  if (pp.minimum_length < 8) out.add({"SecurityHub:IAM.7", "AWS-FSBP:IAM.7"});
  if (pp.minimum_length < 7) out.add({"SecurityHub:IAM.10"});
}

void check_reuse(const account::PasswordPolicy& pp, int min, Failures& out) {
  if (pp.reuse_prevention >= min) return;
  out.fail(fmt::format("reuse prevention {} < {}", pp.reuse_prevention, min), {});
  if (pp.reuse_prevention < 24) out.add({"CIS-AWS-3.0:1.9", "CIS-AWS-4.0:1.9", "SecurityHub:IAM.16"});
  if (pp.reuse_prevention < 4) out.add({"SecurityHub:IAM.10"});
}

void check_classes(const account::PasswordPolicy& pp, Failures& out) {
  if (!pp.require_uppercase) {
    out.fail("uppercase letters not required", {"SecurityHub:IAM.11", "SecurityHub:IAM.7", "AWS-FSBP:IAM.7", "SecurityHub:IAM.10"});
  }
  if (!pp.require_lowercase) {
    out.fail("lowercase letters not required", {"SecurityHub:IAM.12", "SecurityHub:IAM.7", "AWS-FSBP:IAM.7", "SecurityHub:IAM.10"});
  }
  if (!pp.require_symbols) out.fail("symbols not required", {"SecurityHub:IAM.13", "SecurityHub:IAM.7", "AWS-FSBP:IAM.7"});
  if (!pp.require_numbers) {
    out.fail("numbers not required", {"SecurityHub:IAM.14", "SecurityHub:IAM.7", "AWS-FSBP:IAM.7", "SecurityHub:IAM.10"});
  }
}

}  // namespace

void check_password_policy(const AuditContext& ctx) {
  const Thresholds& th = ctx.options.thresholds;
  Failures failures;
  if (const auto& pp = ctx.account.password_policy) {
    check_length(*pp, th.password_min_length, failures);
    check_reuse(*pp, th.password_reuse_prevention, failures);
    check_classes(*pp, failures);
  } else {
    // No policy at all: every password-policy requirement fails (the registry lists them all).
    failures.fail("the account has no password policy", {});
  }
  if (failures.empty()) return;
  Finding& f = ctx.add("password-policy-weak", ctx.account.root_arn(),
                       fmt::format("password policy: {}", fmt::join(failures.failed(), "; ")));
  if (ctx.account.password_policy) f.compliance = failures.controls();
}

}  // namespace iw::audit
