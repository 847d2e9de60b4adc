// IAM Identity Center permission sets: admin-principal when the set's policies grant every action
// on every resource (decided by the access model, as for users and roles), and
// permission-set-session-long. A permission set becomes a role in each account it is assigned
// to; it is judged with the policies it gives that role: its inline policy, its AWS managed
// policies and customer managed policies found in this snapshot, its boundary, and the SCPs of
// the snapshot's account.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <unordered_map>

#include "audit/checks.h"
#include "core/json_writer.h"

namespace iw::audit {

namespace {

using account::PermissionSet;
using account::PolicyDoc;
using account::PolicyReference;

// AdministratorAccess as AWS publishes it: used when the snapshot holds no copy (the policy
// appears in authorization-details.json only when something in the account has it attached).
const PolicyDoc& administrator_access() {
  static const SourceText source(
      "AdministratorAccess",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  static const PolicyDoc doc = [] {
    PolicyDoc d;
    d.source = &source;
    d.text = source.text();
    policy::ParseResult parsed = policy::parse_policy(source.text());
    d.document = std::move(*parsed.document);
    return d;
  }();
  return doc;
}

bool is_administrator_access(std::string_view arn) {
  return arn.starts_with("arn:aws") && arn.ends_with(":iam::aws:policy/AdministratorAccess");
}

std::string reference_arn(std::string_view account, const PolicyReference& r) {
  return fmt::format("arn:aws:iam::{}:policy{}{}", account, r.path, r.name);
}

const PolicyDoc* managed_document(const account::Account& a, const std::string& arn) {
  const account::ManagedPolicy* mp = a.policy_by_arn(arn);
  return mp != nullptr ? mp->default_document() : nullptr;
}

std::string assignment_list(const PermissionSet& ps) {
  std::vector<std::string> parts;
  for (const account::PermissionSetAssignment& a : ps.assignments) {
    parts.push_back(fmt::format("{} {} in {}", a.principal_type == "USER" ? "user" : "group", a.principal_id,
                                a.account));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string display_name(const PermissionSet& ps) {
  return ps.name.empty() ? ps.arn : "permission set " + ps.name;
}

class PermissionSetChecks {
 public:
  explicit PermissionSetChecks(const AuditContext& ctx) : ctx_(ctx) {}

  void run() {
    for (const account::IdentityCenterInstance& instance : ctx_.account.identity_center) {
      for (const PermissionSet& ps : instance.permission_sets) {
        check_admin(ps);
        check_session(ps);
      }
    }
  }

 private:
  Finding& add(std::string_view id, const PermissionSet& ps, std::string message) const {
    Finding& f = ctx_.add(id, ps.arn, std::move(message));
    if (ps.source != nullptr) {
      const LineColumn at = ps.source->position(ps.offset);
      Location& l = f.location.emplace();
      l.file = ps.source->name();
      l.line = at.line;
      l.column = at.column;
    }
    return f;
  }

  // The account whose copies of customer managed policies (and SCPs) the set is judged with.
  std::string account_id(const PermissionSet& ps) const {
    if (!ctx_.account.id.empty()) return ctx_.account.id;
    return ps.assignments.empty() ? "000000000000" : ps.assignments.front().account;
  }

  void check_admin(const PermissionSet& ps) {
    const std::string account = account_id(ps);
    access::PrincipalPolicies p;
    p.name = ps.name.empty() ? "permission-set" : ps.name;
    p.arn = fmt::format("arn:aws:iam::{}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_{}", account, p.name);
    p.account = account;
    std::vector<std::string> missing;  // policies the snapshot does not hold: not judged
    if (ps.inline_policy) {
      p.identity.push_back(&*ps.inline_policy);
      p.identity_names.push_back("its inline policy");
    }
    for (const std::string& arn : ps.managed_policy_arns) {
      const PolicyDoc* doc = managed_document(ctx_.account, arn);
      if (doc == nullptr && is_administrator_access(arn)) doc = &administrator_access();
      if (doc == nullptr) {
        missing.push_back(arn);
        continue;
      }
      p.identity.push_back(doc);
      p.identity_names.push_back(arn.substr(arn.rfind('/') + 1));
    }
    for (const PolicyReference& r : ps.customer_managed) {
      const std::string arn = reference_arn(account, r);
      if (const PolicyDoc* doc = managed_document(ctx_.account, arn)) {
        p.identity.push_back(doc);
        p.identity_names.push_back(r.name + " (customer managed)");
      } else {
        missing.push_back(arn);
      }
    }
    if (ps.boundary_arn || ps.boundary_reference) {
      p.boundary_arn = ps.boundary_arn ? *ps.boundary_arn : reference_arn(account, *ps.boundary_reference);
      p.boundary = managed_document(ctx_.account, p.boundary_arn);
    }
    // The report's list of principals (HTML): the set, what it gives, and whether it is admin.
    PrincipalInfo& info = ctx_.principals.emplace_back();
    info.arn = ps.arn;
    info.kind = "permission set";
    info.policies = p.identity_names;
    for (const std::string& arn : missing) info.policies.push_back(arn + " (not in the snapshot)");
    info.boundary = p.boundary_arn;
    const bool bounded = p.boundary != nullptr;
    if (p.identity.empty()) return;
    const std::optional<access::Checker> checker = ctx_.model.checker_for(std::move(p));
    if (!checker) return;  // a policy that does not compile: its lint findings say why
    access::Access grant;
    if (!access::is_admin(*checker, &grant)) return;
    info.admin = true;
    std::vector<std::string> through;
    for (const access::Grant& g : grant.granted_by) {
      if (std::find(through.begin(), through.end(), g.policy) == through.end()) through.push_back(g.policy);
    }
    std::string message = fmt::format("{} ({}) grants every action on every resource", display_name(ps), ps.arn);
    if (!through.empty()) message += fmt::format(" through {}", fmt::join(through, ", "));
    message += gated(grant);
    if (ps.assignments.empty()) {
      message += "; it is assigned to nobody yet";
    } else {
      message += fmt::format("; assigned to {}", assignment_list(ps));
    }
    if (!missing.empty()) message += fmt::format(" (not in the snapshot, not judged: {})", fmt::join(missing, ", "));
    if (!info.boundary.empty() && !bounded) {
      message += fmt::format(" (its boundary {} is not in the snapshot: judged without it)", info.boundary);
    }
    Finding& f = add("admin-principal", ps, std::move(message));
    if (ps.assignments.empty()) f.severity = Severity::medium;  // nobody holds it today
  }

  void check_session(const PermissionSet& ps) {
    const int limit = ctx_.options.thresholds.permission_set_max_session_seconds;
    if (!ps.session_seconds || *ps.session_seconds <= limit) return;
    add("permission-set-session-long", ps,
        fmt::format("{} ({}) issues sessions of {} ({} s, over {} s)", display_name(ps), ps.arn,
                    ps.session_duration, *ps.session_seconds, limit));
  }

  const AuditContext& ctx_;
};

}  // namespace

void check_permission_sets(const AuditContext& ctx) { PermissionSetChecks(ctx).run(); }

void add_assignments(const account::Account& a, std::vector<Finding>& findings) {
  if (a.identity_center.empty()) return;
  std::unordered_map<std::string_view, const PermissionSet*> by_arn;
  for (const account::IdentityCenterInstance& instance : a.identity_center) {
    for (const PermissionSet& ps : instance.permission_sets) by_arn.emplace(ps.arn, &ps);
  }
  for (Finding& f : findings) {
    const auto it = by_arn.find(f.resource);
    if (it == by_arn.end()) continue;
    JsonWriter w;
    w.begin_array();
    for (const account::PermissionSetAssignment& x : it->second->assignments) {
      w.begin_object();
      w.member("account", x.account).member("principal_type", x.principal_type).member("principal_id", x.principal_id);
      w.end_object();
    }
    w.end_array();
    f.json.emplace_back("assignments", std::move(w).take());
  }
}

}  // namespace iw::audit
