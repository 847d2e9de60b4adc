// admin-wildcard, service-wildcard, allow-not-action, allow-not-resource,
// passrole-wildcard-resource, credentials-exposure, data-exfiltration, privilege-escalation.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "catalog/catalog.h"
#include "core/strings.h"
#include "lint/catalog_cache.h"
#include "lint/escalation_sets.h"
#include "lint/rules.h"
#include "policy/arn.h"
#include "policy/glob.h"

namespace iw::lint {

namespace {

using policy::Polarity;
using policy::Statement;

// Actions that return credentials or secrets usable to act as someone else.
constexpr std::array<std::string_view, 22> kCredentialActions{
    "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
    "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
    "sts:AssumeRole", "sts:GetFederationToken", "sts:GetSessionToken",
    "ecr:GetAuthorizationToken", "ecr-public:GetAuthorizationToken",
    "codeartifact:GetAuthorizationToken", "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials",
    "ec2:GetPasswordData", "ec2-instance-connect:SendSSHPublicKey", "rds-db:connect",
    "lightsail:GetInstanceAccessDetails", "lightsail:DownloadDefaultKeyPair",
    "sso:GetRoleCredentials", "cognito-identity:GetCredentialsForIdentity",
    "gamelift:GetInstanceAccess"};

// Actions that read data or secrets.
constexpr std::array<std::string_view, 5> kDataActions{
    "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue"};

// Credential takeover actions (privilege-escalation): they escalate only on another user.
constexpr std::array<std::string_view, 3> kTakeoverActions{
    "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view action) {
  for (std::string_view a : list) {
    if (iequals(a, action)) return true;
  }
  return false;
}

// The actions of `list` that the catalog knows (so a renamed action never matches).
template <std::size_t N>
std::vector<std::string_view> known(const std::array<std::string_view, N>& list) {
  std::vector<std::string_view> out;
  for (std::string_view a : list) {
    if (catalog::Catalog::get().action(a) != nullptr) out.push_back(a);
  }
  return out;
}

// Catalog::action() for the fixed action names of this file, looked up once per name.
const catalog::Action* lookup(std::string_view action) {
  thread_local std::vector<std::pair<std::string_view, const catalog::Action*>> cache;
  for (const auto& [name, a] : cache) {
    if (name.data() == action.data() && name.size() == action.size()) return a;
  }
  const catalog::Action* a = catalog::Catalog::get().action(action);
  if (cache.size() < 256) cache.emplace_back(action, a);
  return a;
}

// "arn:aws:iam::aws:policy/...": a policy AWS manages (account "aws", any partition).
bool aws_managed_policy(std::string_view resource) {
  const auto arn = policy::parse_arn(resource);
  return arn && arn->service == "iam" && arn->account == "aws" && arn->resource.substr(0, 7) == "policy/";
}

bool is_star(const policy::Located& a) { return a.text == "*" || a.text == "*:*"; }

bool grants_everything(const Statement& st) {
  if (st.action != Polarity::positive) return false;
  for (const auto& a : st.actions) {
    if (is_star(a)) return true;
  }
  return false;
}

// Resource patterns that cover every IAM role.
bool covers_all_roles(std::string_view r) {
  return r == "*" || r == "arn:aws:iam::*:role/*" || r == "arn:*:iam::*:role/*" ||
         r == "arn:aws:iam::*:*" || r == "arn:aws:iam::*" || r == "arn:aws:iam:::role/*" ||
         (r.size() > 6 && r.substr(r.size() - 7) == ":role/*" && r.find("iam::") != std::string_view::npos);
}

std::string where(const Statement& st) {
  return st.resource == Polarity::negated ? "every resource but the NotResource list" : "\"*\"";
}

class PermissionRules {
 public:
  explicit PermissionRules(Context& ctx) : ctx_(ctx) {}

  void run() {
    const bool identity_like =
        ctx_.kind() == policy::Kind::identity || ctx_.kind() == policy::Kind::session;
    const bool resource_like = ctx_.kind() == policy::Kind::resource;
    if (!identity_like && !resource_like) return;
    bool admin = false;
    for (const Statement& st : ctx_.doc().statements) {
      if (!is_allow(st)) continue;
      check_not_elements(st);
      if (!identity_like) continue;
      if (check_admin(st)) {
        admin = true;  // everything below is implied, and already critical
        continue;
      }
      check_service_wildcards(st);
      check_passrole(st);
    }
    if (!identity_like || admin) return;  // an admin policy is already critical: no noise
    static const std::vector<std::string_view> credential = known(kCredentialActions);
    static const std::vector<std::string_view> data = known(kDataActions);
    check_unconstrained(credential, "credentials-exposure", {"returns credentials", "return credentials"});
    check_unconstrained(data, "data-exfiltration", {"reads data or secrets", "read data or secrets"});
    check_escalation();
  }

 private:
  void check_not_elements(const Statement& st) {
    if (st.action == Polarity::negated) {
      const bool broad = all_resources(st);
      ctx_.emit("allow-not-action",
                fmt::format("Allow with NotAction grants every action except {} on {}",
                            st.actions.size() == 1 ? st.actions[0].text : "the listed ones",
                            broad ? "every resource" : "the listed resources"),
                st.action_offset, &st, broad ? Severity::high : Severity::medium);
    }
    if (st.resource == Polarity::negated) {
      ctx_.emit("allow-not-resource", "Allow with NotResource applies to every resource not listed",
                st.resource_offset, &st);
    }
  }

  bool check_admin(const Statement& st) {
    if (!grants_everything(st) || !all_resources(st)) return false;
    std::uint32_t at = st.action_offset;
    for (const auto& a : st.actions) {
      if (is_star(a)) {
        at = a.offset;  // point at the "*" entry itself
        break;
      }
    }
    ctx_.emit("admin-wildcard",
              st.has_condition ? "Allow \"*\" on " + where(st) + " (only when the Condition holds)"
                               : "Allow \"*\" on " + where(st) + ": full administrator access",
              at, &st);
    return true;
  }

  void check_service_wildcards(const Statement& st) {
    if (st.action != Polarity::positive) return;
    for (const auto& a : st.actions) {
      const std::size_t colon = a.text.find(':');
      if (colon == std::string::npos || colon == 0 || a.text.substr(colon) != ":*") continue;
      if (a.text.substr(0, colon).find_first_of("*?") != std::string::npos) continue;
      ctx_.emit("service-wildcard",
                fmt::format("\"{}\" allows every {} action, including permissions management and "
                            "actions AWS adds later",
                            a.text, a.text.substr(0, colon)),
                a.offset, &st);
    }
  }

  void check_passrole(const Statement& st) {
    if (!ctx_.covers_action(st, "iam:PassRole")) return;
    bool all_roles = st.resource == Polarity::negated;
    for (const auto& r : st.resources) all_roles = all_roles || covers_all_roles(r.text);
    if (!all_roles) return;
    bool service_limited = false;
    for (const auto& c : st.conditions) {
      service_limited = service_limited || iequals(c.key, "iam:PassedToService");
    }
    ctx_.emit("passrole-wildcard-resource",
              service_limited
                  ? "iam:PassRole on every role (limited by iam:PassedToService to some services)"
                  : "iam:PassRole on every role: any role, including admin roles, can be handed to "
                    "a service that runs code",
              st.action == Polarity::positive ? first_match(st, "iam:PassRole") : st.action_offset, &st,
              service_limited ? Severity::medium : Severity::high);
  }

  // The offset of the first Action entry covering `action`.
  std::uint32_t first_match(const Statement& st, std::string_view action) const {
    for (const auto& a : st.actions) {
      if (glob_match(a.text, action, true)) return a.offset;
    }
    return st.action_offset;
  }

  // An Allow that applies to `action` on every resource with no condition, unless an
  // unconditional Deny of it on every resource exists.
  const Statement* unconstrained_allow(std::string_view action) const {
    const Statement* found = nullptr;
    for (const Statement& st : ctx_.doc().statements) {
      if (!ctx_.covers_action(st, action)) continue;
      if (is_deny(st) && unconstrained(st)) return nullptr;
      if (is_allow(st) && unconstrained(st) && found == nullptr) found = &st;
    }
    return found;
  }

  // Any Allow that covers `action` on some resource the action can be authorized against
  // (maybe under a condition). Credential takeover needs another user: a statement limited to
  // the caller's own user (user/${aws:username}) does not count for it.
  // Memoized: escalation sets share actions (iam:PassRole).
  const Statement* some_allow(std::string_view action) {
    for (const auto& [a, st] : allow_memo_) {
      if (a == action) return st;
    }
    const Statement* st = find_allow(action);
    allow_memo_.emplace_back(action, st);
    return st;
  }

  const Statement* find_allow(std::string_view action) const {
    for (const Statement& st : ctx_.doc().statements) {
      if (is_deny(st) && unconstrained(st) && ctx_.covers_action(st, action)) return nullptr;
    }
    const catalog::Action* cat_action = lookup(action);
    const bool takeover = in(kTakeoverActions, action);
    for (const Statement& st : ctx_.doc().statements) {
      if (!is_allow(st) || !ctx_.covers_action(st, action)) continue;
      if (cat_action != nullptr && !may_authorize(st, *cat_action)) continue;
      if (takeover && own_user_only(st)) continue;
      return &st;
    }
    return nullptr;
  }

  // Can one of the statement's resources be the resource the action is authorized against?
  // Uses the resource types the action requires (any of its types when none is required).
  // AWS-managed policies never count: they belong to AWS, and no customer can change them.
  static bool may_authorize(const Statement& st, const catalog::Action& action) {
    if (st.resource != Polarity::positive || all_resources(st)) return true;
    bool any_required = false;
    for (const auto& rt : action.resource_types) any_required = any_required || rt.required;
    for (const auto& r : st.resources) {
      if (aws_managed_policy(r.text)) continue;
      if (action.resource_types.empty() && cached_may_match(action, r.text)) return true;
      for (const auto& rt : action.resource_types) {
        if ((rt.required || !any_required) && cached_type_may_match(*rt.type, r.text)) return true;
      }
    }
    return false;
  }

  // Every Resource is the caller's own IAM user: ".../user/${aws:username}" (Version 2012-10-17).
  bool own_user_only(const Statement& st) const {
    if (!ctx_.doc().variables_enabled() || st.resource != Polarity::positive || st.resources.empty()) {
      return false;
    }
    for (const auto& r : st.resources) {
      const std::size_t user = r.text.find(":user/");
      if (user == std::string::npos || r.text.find("iam:") == std::string::npos) return false;
      const std::string_view path = std::string_view(r.text).substr(user + 6);
      if (!iends_with(path, "${aws:username}") || path.find_first_of("*?") != std::string_view::npos) {
        return false;
      }
      const std::string_view head = path.substr(0, path.size() - 15);
      if (!head.empty() && head.back() != '/') return false;
    }
    return true;
  }

  // One finding per statement that allows some of `actions` unconstrained; its message lists
  // them, and it points at the first.
  struct Verb {
    std::string_view one, many;  // "returns credentials", "return credentials"
  };

  void check_unconstrained(const std::vector<std::string_view>& actions, std::string_view id, Verb what) {
    std::vector<std::pair<const Statement*, std::vector<std::string_view>>> per_statement;
    for (std::string_view action : actions) {
      const Statement* st = unconstrained_allow(action);
      if (st == nullptr) continue;
      auto it = std::find_if(per_statement.begin(), per_statement.end(),
                             [st](const auto& entry) { return entry.first == st; });
      if (it == per_statement.end()) it = per_statement.insert(per_statement.end(), {st, {}});
      it->second.push_back(action);
    }
    for (auto& [statement, granted] : per_statement) {
      const Statement* st = statement;  // a lambda captures variables, not bindings (clang 14)
      const auto at = [this, st](std::string_view action) {
        return st->action == Polarity::positive ? first_match(*st, action) : st->action_offset;
      };
      std::stable_sort(granted.begin(), granted.end(), [&at](auto a, auto b) { return at(a) < at(b); });
      const std::string message =
          granted.size() == 1
              ? fmt::format("{} ({}) is allowed on every resource without a condition", granted[0], what.one)
              : fmt::format("{} actions that {} are allowed on every resource without a condition: {}",
                            granted.size(), what.many, fmt::join(granted, ", "));
      ctx_.emit(id, message, at(granted[0]), st);
    }
  }

  void check_escalation() {
    for (const EscalationSet& set : escalation_sets()) {
      const Statement* first = nullptr;
      std::vector<std::string_view> actions;  // the alternative granted, per permission
      for (const std::vector<std::string_view>& alternatives : set.permissions) {
        const Statement* st = nullptr;
        for (std::string_view action : alternatives) {
          if ((st = some_allow(action)) != nullptr) {
            actions.push_back(action);
            break;
          }
        }
        if (st == nullptr) break;
        if (first == nullptr) first = st;
      }
      if (actions.size() != set.permissions.size() || first == nullptr) continue;
      const std::uint32_t at =
          first->action == Polarity::positive ? first_match(*first, actions[0]) : first->action_offset;
      const std::string_view id = set.method->id;
      if (set.existing.empty()) {
        ctx_.emit("privilege-escalation",
                  fmt::format("{}: with {} the holder {}", id, fmt::join(actions, " + "), set.method->how), at,
                  first);
      } else {
        ctx_.emit("privilege-escalation",
                  fmt::format("{}: with {} the holder {}, if {}; whether that escalates depends on the roles "
                              "the targets run as, which audit and paths decide from an account snapshot",
                              id, fmt::join(actions, " + "), set.method->how, set.existing),
                  at, first, Severity::info);
      }
    }
  }

  Context& ctx_;
  std::vector<std::pair<std::string_view, const Statement*>> allow_memo_;
};

}  // namespace

void check_permission_rules(Context& ctx) { PermissionRules(ctx).run(); }

}  // namespace iw::lint
