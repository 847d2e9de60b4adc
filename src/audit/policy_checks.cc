// Every lint check on every policy of the account, attributed to the policy or principal ARN
// (the permission set ARN for a permission set's inline policy);
// trust-policy findings of roles under their audit ids.
#include <algorithm>

#include "audit/checks.h"
#include "lint/lint.h"

namespace iw::audit {

namespace {

using account::PolicyDoc;

// Audit ids for the lint ids of a role's trust policy (the owner account is known here).
std::string_view trust_id(std::string_view lint_id) {
  if (lint_id == "public-principal") return "role-trust-public";
  if (lint_id == "trust-cross-account-no-external-id") return "role-trust-cross-account-no-external-id";
  if (lint_id == "trust-oidc-unrestricted") return "role-trust-oidc-unrestricted";
  return {};
}

bool known_account(const AuditContext& ctx, std::string_view message) {
  return std::any_of(ctx.options.known_accounts.begin(), ctx.options.known_accounts.end(),
                     [&](const std::string& a) { return message.find(a) != std::string_view::npos; });
}

class PolicyLinter {
 public:
  explicit PolicyLinter(const AuditContext& ctx) : ctx_(ctx) {}

  void lint(const PolicyDoc& doc, policy::Kind kind, const std::string& resource) {
    ++count_;
    lint::Target target{&doc.located_in(), resource, ctx_.account.id, doc.text};
    std::vector<Finding> found;
    if (!doc.readable) {
      lint::lint_unreadable(doc.grammar, target, ctx_.out);
      return;
    }
    lint::lint_document(doc.document, kind, doc.grammar, target, found);
    for (Finding& f : found) {
      if (kind == policy::Kind::trust) {
        const std::string_view mapped = trust_id(f.id);
        if (mapped == "role-trust-cross-account-no-external-id" && known_account(ctx_, f.message)) continue;
        if (!mapped.empty()) {
          Finding role = make_finding(mapped, f.message);
          role.account = f.account;
          role.resource = f.resource;
          role.location = f.location;
          role.snippet = f.snippet;
          if (f.id == "trust-oidc-unrestricted") role.severity = f.severity;  // critical for GitHub
          ctx_.out.push_back(std::move(role));
          continue;
        }
      }
      ctx_.out.push_back(std::move(f));
    }
  }

  std::size_t count() const { return count_; }

 private:
  const AuditContext& ctx_;
  std::size_t count_ = 0;
};

}  // namespace

std::size_t check_policies(const AuditContext& ctx) {
  PolicyLinter linter(ctx);
  const account::Account& a = ctx.account;
  for (const account::ManagedPolicy& p : a.policies) {
    if (p.aws_managed) continue;  // AWS's own policies: not the account's to fix
    // A policy used only as a permissions boundary caps permissions: lint it as a boundary.
    const bool boundary_only = p.attachment_count == 0 && p.boundary_usage_count > 0;
    if (const PolicyDoc* doc = p.default_document()) {
      linter.lint(*doc, boundary_only ? policy::Kind::boundary : policy::Kind::identity, p.arn);
    }
  }
  for (const account::User& u : a.users) {
    for (const auto& ip : u.inline_policies) linter.lint(ip.doc, policy::Kind::identity, u.arn);
  }
  for (const account::Group& g : a.groups) {
    for (const auto& ip : g.inline_policies) linter.lint(ip.doc, policy::Kind::identity, g.arn);
  }
  for (const account::Role& r : a.roles) {
    if (!r.service_linked()) linter.lint(r.trust, policy::Kind::trust, r.arn);
    for (const auto& ip : r.inline_policies) linter.lint(ip.doc, policy::Kind::identity, r.arn);
  }
  for (const account::ResourcePolicy& rp : a.resource_policies) {
    linter.lint(rp.doc, policy::Kind::resource, rp.arn);
  }
  for (const account::IdentityCenterInstance& instance : a.identity_center) {
    for (const account::PermissionSet& ps : instance.permission_sets) {
      if (ps.inline_policy) linter.lint(*ps.inline_policy, policy::Kind::identity, ps.arn);
    }
  }
  for (const auto* levels : {&a.scps, &a.rcps}) {
    const policy::Kind kind = levels == &a.scps ? policy::Kind::scp : policy::Kind::rcp;
    for (const auto& level : *levels) {
      for (const account::NamedPolicy& np : level) linter.lint(np.doc, kind, np.name);
    }
  }
  return linter.count();
}

}  // namespace iw::audit
