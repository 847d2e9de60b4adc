#include "access/model.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <thread>

#include "core/parallel.h"
#include "core/strings.h"

namespace iw::access {

namespace {

// The admin probes (see is_admin in model.h). Guardrail actions that organizations commonly deny
// to everyone by SCP (stopping CloudTrail, leaving the organization) are not probes: such an SCP
// does not make an administrator less dangerous.
constexpr std::string_view kAnyAction = "iamwarden-probe:AnyAction";
constexpr std::array<std::string_view, 12> kAdminProbes{
    "iam:CreateUser", "iam:AttachUserPolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion",
    "iam:UpdateAssumeRolePolicy", "iam:PassRole", "iam:CreateAccessKey", "s3:GetObject",
    "s3:PutBucketPolicy", "ec2:RunInstances", "lambda:CreateFunction", "secretsmanager:GetSecretValue"};

bool listed(const std::vector<std::string>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// An applicable Deny outside the resource side with Resource "*" and no Condition.
bool denies_everywhere(const eval::PolicyView& view, const eval::Decision& d) {
  for (const eval::Match& m : d.matched) {
    if (m.effect != policy::Effect::deny || m.policy.layer == eval::Layer::resource ||
        m.policy.layer == eval::Layer::rcp) {
      continue;
    }
    const policy::Document* doc = document_of(view, m.policy);
    if (doc == nullptr || m.statement >= doc->statements.size()) continue;
    const policy::Statement& st = doc->statements[m.statement];
    if (st.has_condition || st.resource != policy::Polarity::positive) continue;
    for (const policy::Located& r : st.resources) {
      if (r.text == "*") return true;
    }
  }
  return false;
}

std::vector<std::vector<const policy::Document*>> documents_of(const account::OrgPolicyLevels* levels) {
  std::vector<std::vector<const policy::Document*>> out;
  for (const auto& level : *levels) {
    out.emplace_back();
    for (const account::NamedPolicy& np : level) out.back().push_back(&np.doc.document);
  }
  return out;
}

}  // namespace

// ModelOptions::question_action: which principals can() might allow it, from their identity
// policies' text (eval::names_action), each managed policy decided once. (Which of their
// statements take part is the PolicyCache's to decide: it compiles only those.)
class Model::Question {
 public:
  static std::optional<Question> of(const Model& m, const ModelOptions& options) {
    if (options.question_action.empty() || eval::allowed_without_identity_allow(options.question_action) ||
        m.resource_policy(options.question_resource, nullptr, nullptr) != nullptr) {
      return std::nullopt;  // every principal may be allowed
    }
    Question q;
    q.action_ = options.question_action;
    std::vector<const account::PolicyDoc*> managed;
    for (const account::ManagedPolicy& mp : m.account().policies) {
      if (const account::PolicyDoc* d = mp.default_document()) managed.push_back(d);
    }
    std::vector<char> names(managed.size());
    parallel_for(managed.size(), m.threads(), [&](std::size_t i) { names[i] = q.names(managed[i]->document); });
    for (std::size_t i = 0; i < managed.size(); ++i) q.managed_.emplace(managed[i], names[i] != 0);
    return q;
  }

  // False when can() of the action certainly denies: no identity policy names it in an Allow.
  bool may_allow(const PrincipalPolicies& p) const {
    return std::any_of(p.identity.begin(), p.identity.end(), [&](const account::PolicyDoc* d) {
      const auto it = managed_.find(d);
      return it != managed_.end() ? it->second : names(d->document);
    });
  }

 private:
  bool names(const policy::Document& doc) const { return eval::names_action(doc, action_, eval::Effects::allow); }

  std::string action_;
  std::unordered_map<const account::PolicyDoc*, bool> managed_;
};

std::optional<Checker> Checker::build(const account::Account& a, PrincipalPolicies p, const World& world,
                                      eval::PolicyCache& cache) {
  Checker c;
  c.world_ = &world;
  for (const account::PolicyDoc* d : p.identity) c.view_.identity.push_back(&d->document);
  if (p.boundary != nullptr) c.view_.boundary = &p.boundary->document;
  for (const auto& level : a.scps_of(p.account)) {
    c.view_.scps.emplace_back();
    for (const account::NamedPolicy& np : level) c.view_.scps.back().push_back(&np.doc.document);
  }
  c.account_ = &a;
  c.view_.rcps = documents_of(&a.rcps_of(p.account));
  eval::CompileError error;
  c.engine_ = eval::Engine::compile(c.view_, error, cache);
  if (!c.engine_) return std::nullopt;
  if (!eval::parse_principal(p.arn, c.caller_).empty()) return std::nullopt;
  c.base_ = std::make_shared<Base>();
  c.cache_ = &cache;
  c.p_ = std::move(p);
  return c;
}

const Checker::Base& Checker::built() const {
  std::call_once(base_->once, [&] {
    base_->facts = Facts::of(p_, *world_);
    eval::RequestSpec spec{p_.arn, "iam:GetUser", "*", {}, base_->facts.context(), {}};
    eval::make_request(spec, base_->request);  // cannot fail: the principal parsed in build()
  });
  return *base_;
}

const Facts& Checker::facts() const { return built().facts; }

Access Checker::can(std::string_view action, std::string_view resource, const Fixed& fixed,
                    const account::PolicyDoc* resource_policy, std::string_view resource_account,
                    const std::string& resource_name) const {
  Access out;
  eval::Request request = base();
  if (!eval::retarget(request, action, resource, resource_account)) return out;
  for (const std::string& k : fixed.absent) request.context.set_list(k, {});
  for (const eval::ContextEntry& e : fixed.context.entries()) {
    if (e.multi) {
      request.context.set_list(e.key, e.values);
    } else {
      request.context.set(e.key, e.values.front());
    }
  }
  const FixedKeys is_fixed = [&](std::string_view key) {
    return facts().fixed(key) || fixed.context.find(key) != nullptr || listed(fixed.absent, key);
  };
  const eval::PolicyView* view = &view_;
  const eval::Engine* engine = &*engine_;
  eval::PolicyView with_resource;
  std::optional<eval::Engine> resource_engine;
  // A resource of another account of the organization is under that account's RCPs.
  std::optional<std::vector<std::vector<const policy::Document*>>> foreign_rcps;
  if (!request.resource_account.empty() && request.resource_account != p_.account) {
    auto rcps = rcps_of(request.resource_account);
    if (rcps != view_.rcps) foreign_rcps = std::move(rcps);
  }
  if (resource_policy != nullptr || foreign_rcps) {
    with_resource = view_;
    if (resource_policy != nullptr) with_resource.resource = &resource_policy->document;
    if (foreign_rcps) with_resource.rcps = std::move(*foreign_rcps);
    eval::CompileError error;
    resource_engine = eval::Engine::compile(with_resource, error, *cache_);
    if (!resource_engine) return out;
    view = &with_resource;
    engine = &*resource_engine;
  }
  static_cast<Answer&>(out) = satisfy(*engine, *view, std::move(request), is_fixed, true);
  if (!out.allowed()) {
    out.denied_everywhere = denies_everywhere(*view, out.decision);
    return out;
  }
  for (const eval::Match& m : out.decision.matched) {
    if (m.effect != policy::Effect::allow) continue;
    Grant g;
    g.layer = m.policy.layer;
    g.statement = m.statement;
    g.sid = std::string(m.sid);
    if (m.policy.layer == eval::Layer::identity) {
      const auto i = static_cast<std::size_t>(m.policy.index);
      if (i >= p_.identity_names.size()) continue;
      g.policy = p_.identity_names[i];
    } else if (m.policy.layer == eval::Layer::resource) {
      g.policy = resource_name;
    } else {
      continue;
    }
    out.granted_by.push_back(std::move(g));
  }
  return out;
}

bool Checker::may_allow(std::string_view action, const account::PolicyDoc* resource_policy) const {
  if (resource_policy != nullptr) return true;
  std::string lower(action);
  for (char& ch : lower) ch = ascii_lower(ch);
  return engine_->may_allow(caller_, lower);
}

std::vector<std::vector<const policy::Document*>> Checker::rcps_of(std::string_view resource_account) const {
  if (resource_account == p_.account || resource_account.empty()) return view_.rcps;
  const auto it = account_->member_rcps.find(resource_account);
  return it != account_->member_rcps.end() ? documents_of(&it->second) : std::vector<std::vector<const policy::Document*>>{};
}

bool is_admin(const Checker& c, Access* grant) {
  if (c.principal().identity.empty()) return false;
  Access any = c.can(kAnyAction, "*");
  if (!any.allowed()) return false;
  for (std::string_view action : kAdminProbes) {
    if (!c.can(action, "*").allowed()) return false;
  }
  if (grant != nullptr) *grant = std::move(any);
  return true;
}

Model::Model(const account::Account& a, const ModelOptions& options)
    : a_(a), cache_(std::make_unique<eval::PolicyCache>(options.question_action)) {
  threads_ = thread_count(options.threads);
  world_.now = options.as_of != 0 ? options.as_of
               : a.taken_at       ? *a.taken_at
                                  : std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
  entries_.reserve(a.users.size() + a.roles.size());
  for (const account::User& u : a.users) entries_.push_back({&u, nullptr, nullptr, false, nullptr});
  for (const account::Role& r : a.roles) {
    if (!r.service_linked()) entries_.push_back({nullptr, &r, nullptr, false, nullptr});
  }
  // Documents with the same text (policies stamped onto many roles) are compiled once: every
  // principal's engine points at the first document of each text.
  std::unordered_map<std::string_view, const account::PolicyDoc*> canonical;
  const auto add = [&](const account::PolicyDoc& d) {
    if (!d.text.empty() && options.only.empty()) canonical.emplace(d.text, &d);  // one principal: nothing to share
  };
  for (const account::User& u : a.users) {
    for (const account::InlinePolicy& ip : u.inline_policies) add(ip.doc);
  }
  for (const account::Group& g : a.groups) {
    for (const account::InlinePolicy& ip : g.inline_policies) add(ip.doc);
  }
  for (const account::Role& r : a.roles) {
    for (const account::InlinePolicy& ip : r.inline_policies) add(ip.doc);
  }
  by_arn_.reserve(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) by_arn_.emplace(entries_[i].arn(), i);
  const std::optional<Question> question = Question::of(*this, options);
  parallel_for(entries_.size(), threads_, [&](std::size_t i) {
    Entry& e = entries_[i];
    if (!options.only.empty() && e.arn() != options.only) return;
    PrincipalPolicies p = e.user ? policies_of(a, *e.user) : policies_of(a, *e.role);
    for (const account::PolicyDoc*& d : p.identity) {
      if (auto it = canonical.find(d->text); !d->text.empty() && it != canonical.end()) d = it->second;
    }
    if (question && !question->may_allow(p)) return;  // can() would certainly deny: no checker
    std::optional<Checker> c = Checker::build(a, std::move(p), world_, *cache_);
    if (!c) return;
    e.checker = std::make_unique<Checker>(std::move(*c));
    if (!options.decide_admin) return;
    Access grant;
    e.admin = is_admin(*e.checker, &grant);
    if (e.admin) e.admin_grant = std::make_unique<Access>(std::move(grant));
  });
}

Model::~Model() = default;

const Model::Entry* Model::find(std::string_view arn) const {
  auto it = by_arn_.find(arn);
  return it == by_arn_.end() ? nullptr : &entries_[it->second];
}

const account::PolicyDoc* Model::resource_policy(std::string_view resource, std::string* name, Fixed* fixed) const {
  const account::PolicyDoc* policy = nullptr;
  if (const Entry* target = find(resource)) {
    if (fixed != nullptr) {
      for (const account::Tag& t : target->checker ? target->checker->principal().tags
                                   : target->user  ? target->user->tags
                                                   : target->role->tags) {
        fixed->context.set("aws:ResourceTag/" + t.key, t.value);
      }
    }
    if (target->role != nullptr) {
      policy = &target->role->trust;
      if (name != nullptr) *name = "trust policy of " + target->role->name;
    }
  } else {
    for (const account::ResourcePolicy& rp : a_.resource_policies) {
      if (rp.arn == resource) {
        policy = &rp.doc;
        if (name != nullptr) *name = "resource policy of " + rp.arn;
      }
    }
  }
  return policy;
}

Access Model::can(const Entry& e, std::string_view action, std::string_view resource) const {
  if (!e.checker) return {};
  Fixed fixed;
  std::string name = "resource policy";
  const account::PolicyDoc* policy = resource_policy(resource, &name, &fixed);
  return e.checker->can(action, resource, fixed, policy, {}, name);
}

bool Model::may_allow(const Entry& e, std::string_view action, std::string_view resource) const {
  return e.checker && e.checker->may_allow(action, resource_policy(resource, nullptr, nullptr));
}

std::optional<Checker> Model::checker_for(PrincipalPolicies p) const {
  return Checker::build(a_, std::move(p), world_, *cache_);
}

}  // namespace iw::access
