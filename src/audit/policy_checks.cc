// Every lint check on every policy of the account, attributed to the policy or principal ARN
// (the permission set ARN for a permission set's inline policy);
// trust-policy findings of roles under their audit ids.
#include <algorithm>

#include "audit/checks.h"
#include "core/parallel.h"
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

// One policy document to lint and the ARN its findings are attributed to.
struct Job {
  const PolicyDoc* doc;
  policy::Kind kind;
  const std::string* resource;
};

// Every policy document of the account, in report order.
std::vector<Job> jobs_of(const account::Account& a) {
  std::vector<Job> jobs;
  for (const account::ManagedPolicy& p : a.policies) {
    if (p.aws_managed) continue;  // AWS's own policies: not the account's to fix
    // A policy used only as a permissions boundary caps permissions: lint it as a boundary.
    const bool boundary_only = p.attachment_count == 0 && p.boundary_usage_count > 0;
    if (const PolicyDoc* doc = p.default_document()) {
      jobs.push_back({doc, boundary_only ? policy::Kind::boundary : policy::Kind::identity, &p.arn});
    }
  }
  for (const account::User& u : a.users) {
    for (const auto& ip : u.inline_policies) jobs.push_back({&ip.doc, policy::Kind::identity, &u.arn});
  }
  for (const account::Group& g : a.groups) {
    for (const auto& ip : g.inline_policies) jobs.push_back({&ip.doc, policy::Kind::identity, &g.arn});
  }
  for (const account::Role& r : a.roles) {
    if (!r.service_linked()) jobs.push_back({&r.trust, policy::Kind::trust, &r.arn});
    for (const auto& ip : r.inline_policies) jobs.push_back({&ip.doc, policy::Kind::identity, &r.arn});
  }
  for (const account::ResourcePolicy& rp : a.resource_policies) {
    jobs.push_back({&rp.doc, policy::Kind::resource, &rp.arn});
  }
  for (const account::IdentityCenterInstance& instance : a.identity_center) {
    for (const account::PermissionSet& ps : instance.permission_sets) {
      if (ps.inline_policy) jobs.push_back({&*ps.inline_policy, policy::Kind::identity, &ps.arn});
    }
  }
  for (const auto* levels : {&a.scps, &a.rcps}) {
    const policy::Kind kind = levels == &a.scps ? policy::Kind::scp : policy::Kind::rcp;
    for (const auto& level : *levels) {
      for (const account::NamedPolicy& np : level) jobs.push_back({&np.doc, kind, &np.name});
    }
  }
  return jobs;
}

// The findings of one document under their audit ids.
std::vector<Finding> lint_job(const AuditContext& ctx, const Job& job) {
  const PolicyDoc& doc = *job.doc;
  lint::Target target{&doc.located_in(), *job.resource, ctx.account.id, doc.text};
  std::vector<Finding> found;
  if (!doc.readable) {
    lint::lint_unreadable(doc.grammar, target, found);
    return found;
  }
  lint::lint_document(doc.document, job.kind, doc.grammar, target, found);
  if (job.kind != policy::Kind::trust) return found;
  std::vector<Finding> out;
  for (Finding& f : found) {
    const std::string_view mapped = trust_id(f.id);
    if (mapped.empty()) {
      out.push_back(std::move(f));
      continue;
    }
    if (mapped == "role-trust-cross-account-no-external-id" && known_account(ctx, f.message)) continue;
    Finding role = make_finding(mapped, f.message);
    role.account = f.account;
    role.resource = f.resource;
    role.location = f.location;
    role.snippet = f.snippet;
    if (f.id == "trust-oidc-unrestricted") role.severity = f.severity;  // critical for GitHub
    out.push_back(std::move(role));
  }
  return out;
}

}  // namespace

std::size_t check_policies(const AuditContext& ctx) {
  const std::vector<Job> jobs = jobs_of(ctx.account);
  std::vector<std::vector<Finding>> found(jobs.size());
  parallel_for(jobs.size(), ctx.model.threads(), [&](std::size_t i) { found[i] = lint_job(ctx, jobs[i]); });
  for (std::vector<Finding>& fs : found) {
    for (Finding& f : fs) ctx.out.push_back(std::move(f));
  }
  return jobs.size();
}

}  // namespace iw::audit
