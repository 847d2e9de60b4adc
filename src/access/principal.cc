#include "access/principal.h"

#include <array>

#include "core/strings.h"
#include "policy/arn.h"

namespace iw::access {

namespace {

using account::PolicyDoc;

void add_managed(const account::Account& a, const std::vector<std::string>& arns, const std::string& owner,
                 PrincipalPolicies& p) {
  for (const std::string& arn : arns) {
    const account::ManagedPolicy* mp = a.policy_by_arn(arn);
    const PolicyDoc* doc = mp != nullptr ? mp->default_document() : nullptr;
    if (doc == nullptr) continue;
    p.identity.push_back(doc);
    p.identity_names.push_back(mp->name + (owner.empty() ? "" : " (via " + owner + ")"));
  }
}

void add_inline(const std::vector<account::InlinePolicy>& policies, const std::string& owner,
                PrincipalPolicies& p) {
  for (const account::InlinePolicy& ip : policies) {
    p.identity.push_back(&ip.doc);
    p.identity_names.push_back("inline " + ip.name + (owner.empty() ? "" : " (via " + owner + ")"));
  }
}

const PolicyDoc* boundary_doc(const account::Account& a, const std::optional<std::string>& arn) {
  if (!arn) return nullptr;
  const account::ManagedPolicy* mp = a.policy_by_arn(*arn);
  return mp != nullptr ? mp->default_document() : nullptr;
}

// Keys settled for every IAM principal's own request (lower-cased).
constexpr std::array<std::string_view, 15> kFixed{
    "aws:principalarn",    "aws:principalaccount",     "aws:principaltype",
    "aws:username",        "aws:principalisawsservice", "aws:principalservicename",
    "aws:principalservicenamelist", "aws:resourceaccount", "aws:currenttime",
    "aws:epochtime",       "aws:sourcearn",            "aws:sourceaccount",
    "aws:sourceorgid",     "aws:sourceorgpaths",       "aws:sourceowner"};

// Keys a user's own requests settle: its unique id, and no token issue time — an IAM user calls
// with long-term access keys (temporary credentials of its own cannot call IAM without MFA).
// Whether MFA was used stays the requester's choice (aws:MultiFactorAuthPresent): a user with
// an MFA device can sign its calls with it. A role session chooses all of them.
constexpr std::array<std::string_view, 2> kCredential{"aws:tokenissuetime", "aws:userid"};

}  // namespace

std::string account_of(std::string_view arn) {
  auto parsed = policy::parse_arn(arn);
  return parsed ? std::string(parsed->account) : std::string();
}

const account::Group* group_of(const account::Account& a, std::string_view account, std::string_view name) {
  const account::Group* g = a.group_by_name(name);
  if (g != nullptr && account_of(g->arn) == account) return g;
  for (const account::Group& x : a.groups) {
    if (x.name == name && account_of(x.arn) == account) return &x;
  }
  return nullptr;
}

void add_group_policies(const account::Account& a, const account::Group& g, PrincipalPolicies& p) {
  add_inline(g.inline_policies, "group " + g.name, p);
  add_managed(a, g.attached_policy_arns, "group " + g.name, p);
}

PrincipalPolicies policies_of(const account::Account& a, const account::User& u) {
  PrincipalPolicies p;
  p.arn = u.arn;
  p.name = u.name;
  p.account = account_of(u.arn);
  p.is_user = true;
  p.tags = u.tags;
  p.id = u.id;
  add_inline(u.inline_policies, "", p);
  add_managed(a, u.attached_policy_arns, "", p);
  for (const std::string& group_name : u.groups) {
    if (const account::Group* g = group_of(a, p.account, group_name)) add_group_policies(a, *g, p);
  }
  p.boundary = boundary_doc(a, u.boundary_arn);
  p.boundary_arn = u.boundary_arn.value_or("");
  return p;
}

PrincipalPolicies policies_of(const account::Account& a, const account::Role& r) {
  PrincipalPolicies p;
  p.arn = r.arn;
  p.name = r.name;
  p.account = account_of(r.arn);
  p.tags = r.tags;
  p.id = r.id;
  add_inline(r.inline_policies, "", p);
  add_managed(a, r.attached_policy_arns, "", p);
  p.boundary = boundary_doc(a, r.boundary_arn);
  p.boundary_arn = r.boundary_arn.value_or("");
  return p;
}

Facts Facts::of(const PrincipalPolicies& p, const World& world) {
  Facts f;
  f.user_ = p.is_user;
  for (const account::Tag& t : p.tags) f.context_.set("aws:PrincipalTag/" + t.key, t.value);
  f.context_.set("aws:CurrentTime", format_timestamp(world.now));
  f.context_.set("aws:EpochTime", std::to_string(world.now));
  if (p.is_user && !p.id.empty()) f.context_.set("aws:userid", p.id);
  if (!world.org_id.empty()) {
    f.org_known_ = true;
    f.context_.set("aws:PrincipalOrgID", world.org_id);
  }
  return f;
}

bool Facts::fixed(std::string_view key) const {
  for (std::string_view k : kFixed) {
    if (k == key) return true;
  }
  if (key.starts_with("aws:principaltag/")) return true;
  if (user_) {
    for (std::string_view k : kCredential) {
      if (k == key) return true;
    }
  }
  if (org_known_ && key == "aws:principalorgid") return true;
  return false;
}

}  // namespace iw::access
