// The audit's "external access" section: every role trust policy and resource policy of the
// snapshot asked, with access::external, who outside the account may act on it.
#include <map>
#include <string_view>

#include "access/external.h"
#include "access/external_finding.h"
#include "access/principal.h"
#include "audit/checks.h"

namespace iw::audit {

namespace {

// Whether some Allow statement names a principal that may be outside `account`: "*", another
// account (its id or an ARN in it), a federated identity provider or a canonical user. Service
// principals and this account's own principals are inside; such documents need no search.
bool may_open_outside(const policy::Document& doc, std::string_view account) {
  for (const policy::Statement& s : doc.statements) {
    if (!s.effect_valid || s.effect != policy::Effect::allow) continue;
    if (s.principal == policy::Polarity::negated) return true;  // NotPrincipal: everyone else
    for (const policy::PrincipalEntry& p : s.principals) {
      if (p.type == policy::PrincipalType::service) continue;
      if (p.type != policy::PrincipalType::aws) return true;
      if (p.value != account && access::account_of(p.value) != account) return true;
    }
  }
  return false;
}

}  // namespace

void check_external_access(const account::Account& a, std::vector<ExternalAccess>& out) {
  if (a.id.empty()) return;
  const access::Zone zone{a.id, ""};
  // Roles stamped from one template share a trust policy: search each text once.
  std::map<std::string_view, access::ExternalResult> searched;
  const auto add = [&](const account::PolicyDoc& d, policy::Kind kind, const std::string& arn, const char* what) {
    if (!d.readable || !may_open_outside(d.document, a.id)) return;
    auto it = searched.find(d.text);
    if (it == searched.end() || d.text.empty()) {
      it = searched.insert_or_assign(d.text, access::external({&d.document, kind, arn}, zone)).first;
    }
    for (const access::ExternalGrant& g : it->second.grants) {
      out.push_back({arn, what, g.is_public, g.principals, g.actions, access::condition_texts(g)});
    }
  };
  for (const account::Role& r : a.roles) add(r.trust, policy::Kind::trust, r.arn, "trust policy");
  for (const account::ResourcePolicy& r : a.resource_policies) {
    const policy::Kind kind = policy::infer_kind(r.doc.document) == policy::Kind::trust ? policy::Kind::trust
                                                                                         : policy::Kind::resource;
    add(r.doc, kind, r.arn, "resource policy");
  }
}

}  // namespace iw::audit
