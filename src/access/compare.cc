#include "access/compare.h"

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

#include "access/find.h"
#include "catalog/catalog.h"
#include "core/strings.h"
#include "policy/glob.h"
#include "reason/requests.h"
#include "reason/smt.h"

namespace iw::access {

namespace {

constexpr std::string_view kAllowAll =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

bool resource_side(policy::Kind k) { return k == policy::Kind::resource || k == policy::Kind::trust; }

// An account no principal of the vocabulary belongs to: the owner of the analysed resource.
std::string owner_account(const reason::Vocabulary& v) {
  for (long long n = 0;; ++n) {
    std::string a = std::to_string(n);
    a.insert(0, 12 - a.size(), '0');
    if (a != v.fresh_account && std::find(v.accounts.begin(), v.accounts.end(), a) == v.accounts.end()) return a;
  }
}

// The engines of one policy under analysis, per principal account where the kind needs it.
class Policies {
 public:
  Policies(const PolicyInput& p, policy::Kind kind, std::string owner)
      : input_(p), kind_(kind), owner_(std::move(owner)), allow_all_(helper_document(kAllowAll)) {}

  Side side(const eval::Principal& principal) {
    const std::string key = resource_side(kind_) ? std::string() : principal.account;
    auto it = sides_.find(key);
    if (it == sides_.end()) {
      auto e = std::make_unique<Entry>();
      eval::PolicySet set;
      if (resource_side(kind_)) {
        set.identity.push_back(allow_all_);
        set.resource = input_.doc;
        e->view.identity.push_back(&allow_all_);
        e->view.resource = &input_.doc;
      } else {
        e->resource_doc = helper_document(account_resource_policy(principal.account));
        set.identity.push_back(input_.doc);
        set.resource = e->resource_doc;
        e->view.identity.push_back(&input_.doc);
        e->view.resource = &e->resource_doc;
      }
      eval::CompileError error;
      auto engine = eval::Engine::compile(set, error);
      if (!engine) throw std::runtime_error(error.message);
      e->engine.emplace(std::move(*engine));
      it = sides_.emplace(key, std::move(e)).first;
    }
    return Side{&*it->second->engine, it->second->view};
  }

  // The policies of a counterexample request, as contracts.md §4 lists them.
  void fill(Counterexample& c, const eval::Principal& principal, bool with_resource_side) const {
    c.identity_policies.clear();
    c.resource_policy.clear();
    if (resource_side(kind_)) {
      c.identity_policies.emplace_back(kAllowAll);
      c.resource_policy = input_.text;
    } else {
      c.identity_policies.push_back(input_.text);
      if (with_resource_side) c.resource_policy = account_resource_policy(principal.account);
    }
  }

  // Decides `spec` as `simulate` would with the policies fill() lists.
  eval::Outcome decide(const eval::RequestSpec& spec, bool with_resource_side) {
    auto made = eval::make_request(spec);
    if (!made) return eval::Outcome::implicit_deny;
    if (resource_side(kind_) || with_resource_side) return side(made.value->principal).engine->evaluate(*made.value).outcome;
    if (!identity_only_) {
      eval::PolicySet set;
      set.identity.push_back(input_.doc);
      eval::CompileError error;
      auto engine = eval::Engine::compile(set, error);
      if (!engine) return eval::Outcome::implicit_deny;
      identity_only_.emplace(std::move(*engine));
    }
    return identity_only_->evaluate(*made.value).outcome;
  }

  const std::string& owner() const { return owner_; }

 private:
  struct Entry {
    policy::Document resource_doc;
    eval::PolicyView view;
    std::optional<eval::Engine> engine;
  };
  const PolicyInput& input_;
  policy::Kind kind_;
  std::string owner_;
  policy::Document allow_all_;
  std::map<std::string, std::unique_ptr<Entry>> sides_;
  std::optional<eval::Engine> identity_only_;
};

eval::RequestSpec spec_of(const eval::Request& r) {
  eval::RequestSpec s;
  s.principal = r.principal.arn;
  s.action = r.action;
  s.resource = r.resource;
  s.resource_account = r.resource_account;
  s.context = chosen_context(r);
  return s;
}

// The counterexample of a found request, confirmed by the engine: `target` allows it and
// `other` (if any) does not. A class representative that names no real action is replaced by a
// catalog action the same request works with, when there is one.
std::optional<Counterexample> confirm(const eval::Request& found, Policies& target, Policies* other,
                                      policy::Kind kind) {
  const auto holds = [&](const eval::RequestSpec& s, bool with_resource) {
    if (target.decide(s, with_resource) != eval::Outcome::allow) return false;
    return other == nullptr || other->decide(s, with_resource) != eval::Outcome::allow;
  };
  Counterexample c;
  c.request = spec_of(found);
  bool with_resource = false;
  if (!holds(c.request, false)) {
    if (resource_side(kind) || !holds(c.request, true)) return std::nullopt;
    with_resource = true;
  }
  const catalog::Catalog& cat = catalog::Catalog::get();
  if (const catalog::Action* known = cat.action(c.request.action); known != nullptr) {
    c.request.action = catalog::full_name(*known);  // AWS's spelling (actions ignore case)
  } else {
    eval::RequestSpec s = c.request;
    const std::string service = c.request.action.substr(0, c.request.action.find(':'));
    bool replaced = false;
    for (int pass = 0; pass < 2 && !replaced; ++pass) {
      for (const catalog::Action& a : cat.actions()) {
        if ((pass == 0) != iequals(a.service, service)) continue;
        s.action = catalog::full_name(a);
        if (holds(s, with_resource)) {
          c.request.action = s.action;
          replaced = true;
          break;
        }
      }
    }
    c.future_action = !replaced;
    if (!replaced) {  // a readable name for an action no service lists today, when it works too
      s.action = c.request.action + "FutureAction";
      if (cat.action(s.action) == nullptr && holds(s, with_resource)) c.request.action = s.action;
    }
  }
  target.fill(c, *eval::parse_principal(c.request.principal).value, with_resource);
  return c;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

struct Question {
  const PolicyInput* target = nullptr;
  const PolicyInput* other = nullptr;  // diff: OLD
  policy::Kind kind = policy::Kind::identity;
  std::vector<std::string> actions, resources;  // check_not_granted
};

// Policy variables relate fields that the witness search enumerates one at a time, so it proves
// nothing there. The SMT solver decides identity policies instead, one action class at a time
// (reason/smt.h): `unsat` for every class is the proof; a model is a counterexample only once
// the engine confirms it. Anything else stays `unknown`, with the reason.
Proof solve_variables(const Question& q, const reason::Vocabulary& v, const FindOptions& o, Policies& target,
                      Policies* other, const Found& f, std::string_view pass_text, std::string_view fail_text) {
  Proof p;
  const std::string not_proved = "not proved: " + join(f.why);
  if (resource_side(q.kind)) {
    p.reason = not_proved + " (the SMT solver decides policy variables in identity policies only)";
    return p;
  }
  for (const PolicyInput* in : {q.target, q.other}) {
    if (in == nullptr) continue;
    if (const std::string why = reason::smt::unsupported(in->doc); !why.empty()) {
      p.reason = not_proved + " (the SMT solver does not cover " + why + ")";
      return p;
    }
  }
  if (!v.actions_complete) {
    p.reason = not_proved;
    return p;
  }
  eval::RequestSpec probe;
  probe.principal = "arn:aws:iam::" + v.fresh_account + ":user/iamwarden-user";
  probe.resource = "*";
  const eval::Principal principal = *eval::parse_principal(probe.principal).value;
  const Side side = target.side(principal);
  eval::Decision d;
  std::vector<eval::Match> considered;
  std::size_t solved = 0;
  for (std::size_t a = 0; a < v.actions.size(); ++a) {
    if (!o.actions.empty() && !o.actions[a]) continue;
    bool may = false;  // some Allow of the target may apply to this action
    for (std::size_t s = 0; s < o.target_allows.size() && !may; ++s) may = o.target_allows[s] && v.action_hits[a][s];
    if (!may) continue;
    probe.action = v.actions[a];
    if (auto made = eval::make_request(probe); made) {
      side.engine->evaluate(*made.value, d, considered);
      if (d.facts.special_action) continue;  // decided before any policy (find_request skips it too)
    }
    reason::smt::Query sq;
    sq.target = &q.target->doc;
    sq.other = q.other != nullptr ? &q.other->doc : nullptr;
    sq.action = v.actions[a];
    sq.resources = q.resources;
    const reason::smt::Answer ans = reason::smt::solve(sq);
    ++solved;
    if (ans.status == reason::smt::Status::unsat) continue;
    if (ans.status == reason::smt::Status::unknown) {
      p.reason = not_proved + " (" + ans.reason + ")";
      return p;
    }
    auto made = eval::make_request(ans.request);
    std::optional<Counterexample> c;
    if (made) c = confirm(*made.value, target, other, q.kind);
    if (!c) {
      p.reason = not_proved + " (the SMT solver found a request for " + sq.action +
                 " that the engine decides otherwise; no answer)";
      return p;
    }
    p.result = Result::fail;
    p.reason = std::string(fail_text) + " (found by the SMT solver: policy variables relate the request's fields)";
    if (c->future_action) {
      p.reason += " (the action is one no service lists today: a wildcard grants actions a service adds later)";
    }
    p.counterexample = std::move(*c);
    return p;
  }
  p.result = Result::pass;
  p.reason = std::string(pass_text) + " (proved by the SMT solver over " + std::to_string(solved) +
             " action classes, every principal, resource and context: the policy variables relate their fields)";
  return p;
}

Proof answer(const Question& q, std::string_view pass_text, std::string_view fail_text) {
  std::vector<const policy::Document*> docs;
  if (q.other != nullptr) docs.push_back(&q.other->doc);
  docs.push_back(&q.target->doc);
  reason::VocabularyOptions vo;
  for (const std::string& a : q.actions) vo.actions.push_back({a, reason::GlobKind::icase});
  for (const std::string& r : q.resources) vo.resources.push_back({r, reason::GlobKind::resource});
  const reason::Vocabulary v = reason::vocabulary(docs, vo);
  const std::string owner = owner_account(v);
  Policies target(*q.target, q.kind, owner);
  std::optional<Policies> other;
  if (q.other != nullptr) other.emplace(*q.other, q.kind, owner);

  FindOptions o;
  const bool res_side = resource_side(q.kind);
  o.principal_ok = [&](const eval::Principal& p) {
    if (res_side) return true;
    return p.kind == eval::PrincipalKind::user || p.kind == eval::PrincipalKind::role;
  };
  o.resource_account = [&](const eval::Principal& p) { return res_side ? owner : p.account; };
  o.target = [&](const eval::Principal& p) { return target.side(p); };
  if (other) o.other = [&](const eval::Principal& p) -> std::optional<Side> { return other->side(p); };
  if (q.kind == policy::Kind::trust) o.resource_override = {"arn:aws:iam::" + owner + ":role/iamwarden-role"};
  std::size_t first = 0;
  if (q.other != nullptr) first = q.other->doc.statements.size();
  o.target_allows.assign(first + q.target->doc.statements.size(), false);
  for (std::size_t s = 0; s < q.target->doc.statements.size(); ++s) {
    o.target_allows[first + s] = q.target->doc.statements[s].effect == policy::Effect::allow;
  }
  if (!q.actions.empty()) {
    for (const auto& hits : v.action_extra) o.actions.push_back(std::find(hits.begin(), hits.end(), true) != hits.end());
  }
  if (!q.resources.empty()) {
    for (const auto& hits : v.resource_extra) o.resources.push_back(std::find(hits.begin(), hits.end(), true) != hits.end());
  }
  Proof p;
  Found f;
  try {
    f = find_request(v, o);
  } catch (const std::runtime_error& e) {
    p.reason = std::string("the policy cannot be evaluated: ") + e.what();
    return p;
  }
  if (f.request) {
    auto c = confirm(*f.request, target, other ? &*other : nullptr, q.kind);
    if (!c) {
      p.reason = "a candidate request was found but the engine did not confirm it; no answer";
      return p;
    }
    p.result = Result::fail;
    p.reason = std::string(fail_text);
    if (c->future_action) {
      p.reason += " (the action is one no service lists today: a wildcard grants actions a service adds later)";
    }
    p.counterexample = std::move(*c);
    return p;
  }
  if (!f.exact && f.variables) {
    return solve_variables(q, v, o, target, other ? &*other : nullptr, f, pass_text, fail_text);
  }
  if (!f.exact) {
    p.reason = "not proved: " + join(f.why);
    return p;
  }
  p.result = Result::pass;
  p.reason = std::string(pass_text) + " (proved over " + std::to_string(v.principals.size()) + " principal, " +
             std::to_string(v.actions.size()) + " action and " + std::to_string(v.resources.size()) +
             " resource classes and every class of their conditions; " + std::to_string(f.tried) + " engine calls)";
  return p;
}

}  // namespace

std::string_view to_string(Result r) {
  switch (r) {
    case Result::pass: return "pass";
    case Result::fail: return "fail";
    case Result::unknown: return "unknown";
  }
  return "";
}

std::string_view allow_all_identity() { return kAllowAll; }

std::string account_resource_policy(std::string_view account) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)" +
         std::string(account) + R"(:root"},"Action":"*","Resource":"*"}]})";
}

policy::Document helper_document(std::string_view text) {
  policy::ParseResult r = policy::parse_policy(text);
  return std::move(*r.document);
}

Proof diff(const PolicyInput& old_policy, const PolicyInput& new_policy, policy::Kind kind) {
  Question q;
  q.target = &new_policy;
  q.other = &old_policy;
  q.kind = kind;
  return answer(q, "NEW allows no request that OLD denies", "NEW allows a request that OLD denies");
}

Proof check_not_granted(const PolicyInput& policy, policy::Kind kind, const std::vector<std::string>& actions,
                        const std::vector<std::string>& resources) {
  Question q;
  q.target = &policy;
  q.kind = kind;
  q.actions = actions;
  q.resources = resources;
  return answer(q, "the policy grants none of the listed actions" + std::string(resources.empty() ? "" : " on the listed resources"),
                "the policy grants a listed action");
}

}  // namespace iw::access
