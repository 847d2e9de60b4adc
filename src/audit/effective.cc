#include "audit/effective.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/strings.h"
#include "eval/request.h"

namespace iw::audit {

namespace {

using account::PolicyDoc;

bool kept(const std::vector<std::string>& keep, const std::string& key) {
  return std::any_of(keep.begin(), keep.end(), [&](const std::string& k) {
    return (!k.empty() && k.back() == '/') ? istarts_with(key, k) : iequals(k, key);
  });
}

}  // namespace

policy::Document existential(const policy::Document& doc, const std::vector<std::string>& keep,
                             std::vector<std::vector<std::string>>* stripped) {
  policy::Document out = doc;
  out.statements.clear();
  for (const policy::Statement& st : doc.statements) {
    std::vector<std::string> removed;
    policy::Statement copy = st;
    if (st.effect_valid && st.effect == policy::Effect::deny && st.has_condition) {
      // Some context escapes a conditional Deny, unless its conditions are all kept keys.
      const bool all_kept = std::all_of(st.conditions.begin(), st.conditions.end(),
                                        [&](const policy::Condition& c) { return kept(keep, c.key); });
      if (!all_kept) continue;
    } else {
      copy.conditions.clear();
      for (const policy::Condition& c : st.conditions) {
        if (kept(keep, c.key)) {
          copy.conditions.push_back(c);
        } else {
          removed.push_back(c.key);
        }
      }
      copy.has_condition = !copy.conditions.empty();
    }
    copy.index = static_cast<std::uint32_t>(out.statements.size());
    out.statements.push_back(std::move(copy));
    if (stripped != nullptr) stripped->push_back(std::move(removed));
  }
  return out;
}

namespace {

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

}  // namespace

void add_group_policies(const account::Account& a, const account::Group& g, PrincipalPolicies& p) {
  add_inline(g.inline_policies, "group " + g.name, p);
  add_managed(a, g.attached_policy_arns, "group " + g.name, p);
}

PrincipalPolicies policies_of(const account::Account& a, const account::User& u) {
  PrincipalPolicies p;
  p.arn = u.arn;
  p.name = u.name;
  p.is_user = true;
  add_inline(u.inline_policies, "", p);
  add_managed(a, u.attached_policy_arns, "", p);
  for (const std::string& group_name : u.groups) {
    if (const account::Group* g = a.group_by_name(group_name)) {
      add_group_policies(a, *g, p);
    }
  }
  p.boundary = boundary_doc(a, u.boundary_arn);
  p.boundary_arn = u.boundary_arn.value_or("");
  return p;
}

PrincipalPolicies policies_of(const account::Account& a, const account::Role& r) {
  PrincipalPolicies p;
  p.arn = r.arn;
  p.name = r.name;
  add_inline(r.inline_policies, "", p);
  add_managed(a, r.attached_policy_arns, "", p);
  p.boundary = boundary_doc(a, r.boundary_arn);
  p.boundary_arn = r.boundary_arn.value_or("");
  return p;
}

std::optional<EffectiveCheck> EffectiveCheck::build(const account::Account& a, const PrincipalPolicies& p,
                                                    const std::vector<std::string>& keep,
                                                    eval::Context base) {
  eval::PolicySet set;
  std::vector<std::vector<std::vector<std::string>>> stripped(p.identity.size());
  for (std::size_t i = 0; i < p.identity.size(); ++i) {
    set.identity.push_back(existential(p.identity[i]->document, keep, &stripped[i]));
  }
  if (p.boundary != nullptr) set.boundary = existential(p.boundary->document, keep, nullptr);
  for (const auto* levels : {&a.scps, &a.rcps}) {
    auto& target = levels == &a.scps ? set.scps : set.rcps;
    for (const auto& level : *levels) {
      target.emplace_back();
      for (const account::NamedPolicy& np : level) target.back().push_back(existential(np.doc.document, keep, nullptr));
    }
  }
  eval::CompileError error;
  auto engine = eval::Engine::compile(set, error);
  if (!engine) return std::nullopt;
  return EffectiveCheck(std::move(*engine), a, p, std::move(stripped), std::move(base));
}

bool EffectiveCheck::allows(const std::string& action, const std::string& resource) const {
  static const eval::Context kNone;
  return allows(action, resource, kNone);
}

bool EffectiveCheck::allows(const std::string& action, const std::string& resource,
                            const eval::Context& extra) const {
  return decide(action, resource, extra).outcome == eval::Outcome::allow;
}

const eval::Decision& EffectiveCheck::decide(const std::string& action, const std::string& resource,
                                             const eval::Context& extra) const {
  eval::RequestSpec spec;
  spec.principal = principal_->arn;
  spec.action = action;
  spec.resource = resource;
  spec.resource_account = account_->id;
  spec.context = base_;
  for (const eval::ContextEntry& e : extra.entries()) {
    if (e.multi) {
      spec.context.set_list(e.key, e.values);
    } else {
      spec.context.set(e.key, e.values.front());
    }
  }
  auto request = eval::make_request(spec);
  if (!request) {
    decision_ = eval::Decision{};
    return decision_;
  }
  engine_.evaluate(*request.value, decision_);
  const eval::Decision& d = decision_;
  if (d.outcome != eval::Outcome::allow) return d;
  granted_by_.clear();
  gating_keys_.clear();
  for (const eval::Match& m : d.matched) {
    if (m.policy.layer != eval::Layer::identity || m.effect != policy::Effect::allow) continue;
    const auto i = static_cast<std::size_t>(m.policy.index);
    if (i >= principal_->identity_names.size()) continue;
    if (std::find(granted_by_.begin(), granted_by_.end(), principal_->identity_names[i]) == granted_by_.end()) {
      granted_by_.push_back(principal_->identity_names[i]);
    }
    if (m.statement < stripped_[i].size()) {
      for (const std::string& k : stripped_[i][m.statement]) {
        if (std::find(gating_keys_.begin(), gating_keys_.end(), k) == gating_keys_.end()) gating_keys_.push_back(k);
      }
    }
  }
  return d;
}

namespace {
// Admin-equivalent: "*" on "*" (probed with an action no specific pattern can name, so only a
// "*" grant counts), and the actions that carry the power of an administrator — IAM writes,
// PassRole, data and compute — which a targeted Deny or boundary would carve out. Guardrail
// actions that organizations commonly deny to everyone by SCP (stopping CloudTrail, leaving the
// organization) are not probes: such an SCP does not make an administrator less dangerous.
constexpr std::string_view kAnyAction = "iamwarden-probe:AnyAction";
constexpr std::array<std::string_view, 12> kAdminProbes{
    "iam:CreateUser", "iam:AttachUserPolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion",
    "iam:UpdateAssumeRolePolicy", "iam:PassRole", "iam:CreateAccessKey", "s3:GetObject",
    "s3:PutBucketPolicy", "ec2:RunInstances", "lambda:CreateFunction", "secretsmanager:GetSecretValue"};
}  // namespace

bool is_admin(const EffectiveCheck& check) {
  if (!check.allows(std::string(kAnyAction), "*")) return false;
  for (std::string_view action : kAdminProbes) {
    if (!check.allows(std::string(action), "*")) return false;
  }
  // Report the grant of "*" on "*", not of the last probe.
  return check.allows(std::string(kAnyAction), "*");
}

}  // namespace iw::audit
