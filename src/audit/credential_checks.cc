// Credential report and account summary: root, MFA, access keys, passwords.
#include <fmt/format.h>

#include <algorithm>

#include "audit/checks.h"

namespace iw::audit {

namespace {

using account::CredentialRow;
using account::Timestamp;

std::string day_text(double days) { return fmt::format("{:.0f} days", days); }

std::string user_arn(const AuditContext& ctx, const CredentialRow& row) {
  if (!row.arn.empty()) return row.arn;
  return "arn:aws:iam::" + ctx.account.id + ":user/" + row.user;
}

long long summary_value(const AuditContext& ctx, const char* key) {
  if (!ctx.account.summary) return -1;
  auto it = ctx.account.summary->find(key);
  return it == ctx.account.summary->end() ? -1 : it->second;
}

void check_root(const AuditContext& ctx, const CredentialRow* root) {
  const std::string arn = ctx.account.root_arn();
  const long long mfa = summary_value(ctx, "AccountMFAEnabled");
  if ((root != nullptr && !root->mfa_active) || (root == nullptr && mfa == 0)) {
    ctx.add("root-mfa-disabled", arn, "the root user has no MFA device");
  }
  // The credential report wins over the account summary when both exist.
  const bool keys = root != nullptr ? (root->keys[0].active || root->keys[1].active)
                                    : summary_value(ctx, "AccountAccessKeysPresent") == 1;
  if (keys) ctx.add("root-access-keys-present", arn, "the root user has an active access key");
  if (root == nullptr) return;
  std::optional<Timestamp> last;
  for (const auto& t : {root->password_last_used, root->keys[0].last_used, root->keys[1].last_used}) {
    if (t && (!last || *t > *last)) last = t;
  }
  if (last && ctx.days_since(*last) <= ctx.options.thresholds.root_recent_days) {
    ctx.add("root-recently-used", arn,
            fmt::format("the root user was used {} ago ({}), within {} days",
                        day_text(std::max(0.0, ctx.days_since(*last))), account::format_timestamp(*last),
                        ctx.options.thresholds.root_recent_days));
  }
}

void check_keys(const AuditContext& ctx, const CredentialRow& row) {
  const Thresholds& th = ctx.options.thresholds;
  const std::string arn = user_arn(ctx, row);
  int active = 0;
  for (int k = 0; k < 2; ++k) {
    const auto& key = row.keys[k];
    if (!key.active) continue;
    ++active;
    if (key.last_rotated && ctx.days_since(*key.last_rotated) > th.access_key_max_age_days) {
      ctx.add("access-key-not-rotated", arn,
              fmt::format("access key {} of {} was created {} ago (limit {} days)", k + 1, row.user,
                          day_text(ctx.days_since(*key.last_rotated)), th.access_key_max_age_days));
    }
    // A key never used counts from its creation.
    const auto since = key.last_used ? key.last_used : key.last_rotated;
    if (since && ctx.days_since(*since) > th.unused_days) {
      ctx.add("access-key-unused", arn,
              key.last_used ? fmt::format("access key {} of {} was last used {} ago", k + 1, row.user,
                                          day_text(ctx.days_since(*since)))
                            : fmt::format("access key {} of {} was never used in the {} since it was created",
                                          k + 1, row.user, day_text(ctx.days_since(*since))));
    }
  }
  if (active == 2) {
    ctx.add("multiple-active-access-keys", arn, fmt::format("{} has two active access keys", row.user));
  }
}

void check_password(const AuditContext& ctx, const CredentialRow& row) {
  if (!row.password_enabled) return;
  const std::string arn = user_arn(ctx, row);
  if (!row.mfa_active) {
    ctx.add("user-console-no-mfa", arn, fmt::format("{} can sign in to the console without MFA", row.user));
  }
  const auto since = row.password_last_used  ? row.password_last_used
                     : row.password_last_changed ? row.password_last_changed
                                                 : row.user_creation_time;
  if (since && ctx.days_since(*since) > ctx.options.thresholds.unused_days) {
    ctx.add("password-unused", arn,
            row.password_last_used
                ? fmt::format("the console password of {} was last used {} ago", row.user,
                              day_text(ctx.days_since(*since)))
                : fmt::format("the console password of {} was never used in the {} since it was set",
                              row.user, day_text(ctx.days_since(*since))));
  }
}

}  // namespace

void check_credentials(const AuditContext& ctx) {
  const CredentialRow* root = nullptr;
  if (ctx.account.credential_report) {
    for (const CredentialRow& row : *ctx.account.credential_report) {
      if (row.is_root()) {
        root = &row;
        continue;
      }
      check_keys(ctx, row);
      check_password(ctx, row);
    }
  }
  check_root(ctx, root);
}

}  // namespace iw::audit
