// user-direct-policy, role-unused.
#include <fmt/format.h>

#include "audit/checks.h"

namespace iw::audit {

namespace {

void check_user(const AuditContext& ctx, const account::User& user) {
  const std::size_t inline_count = user.inline_policies.size();
  const std::size_t attached = user.attached_policy_arns.size();
  if (inline_count + attached == 0) return;
  ctx.add("user-direct-policy", user.arn,
          fmt::format("{} has {} inline and {} directly attached polic{}", user.name, inline_count,
                      attached, inline_count + attached == 1 ? "y" : "ies"));
}

void check_role(const AuditContext& ctx, const account::Role& role) {
  if (role.service_linked()) return;
  const int limit = ctx.options.thresholds.unused_days;
  if (role.last_used) {
    if (ctx.days_since(*role.last_used) > limit) {
      ctx.add("role-unused", role.arn,
              fmt::format("{} was last used {:.0f} days ago ({})", role.name, ctx.days_since(*role.last_used),
                          account::format_timestamp(*role.last_used)));
    }
  } else if (role.create_date && ctx.days_since(*role.create_date) > limit) {
    ctx.add("role-unused", role.arn,
            fmt::format("{} was never used in the {:.0f} days since it was created", role.name,
                        ctx.days_since(*role.create_date)));
  }
}

}  // namespace

void check_principals(const AuditContext& ctx) {
  for (const account::User& user : ctx.account.users) check_user(ctx, user);
  for (const account::Role& role : ctx.account.roles) check_role(ctx, role);
}

}  // namespace iw::audit
