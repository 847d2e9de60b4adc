// The decision procedure of aws-evaluation-semantics.md §3.3.
#include "eval/engine.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <mutex>
#include <span>
#include <unordered_map>

#include "catalog/catalog.h"
#include "eval/compiled.h"
#include "policy/glob.h"

namespace iw::eval {

using detail::CompiledPolicy;
using detail::CompiledStatement;
using detail::PrincipalMatch;

using Shared = std::shared_ptr<const CompiledPolicy>;

struct Engine::Compiled {
  std::vector<Shared> identity;
  Shared boundary;
  std::vector<Shared> session;
  Shared resource;
  std::vector<std::vector<Shared>> scps, rcps;
  bool (*rcp_supported)(std::string_view) = nullptr;
};

struct PolicyCache::Impl {
  std::mutex mutex;
  std::unordered_map<const policy::Document*, Shared> compiled;
  std::string only_action;  // PolicyCache(only_action)

  // The compiled form of `doc`, compiled on first use; nullptr (with `issue`) when it does not
  // compile.
  Shared get(const policy::Document* doc, detail::CompileIssue& issue) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto it = compiled.find(doc); it != compiled.end() && it->second) return it->second;
    }
    auto p = detail::compile_policy(*doc, issue, only_action);
    if (!p) return nullptr;
    auto shared = std::make_shared<const CompiledPolicy>(std::move(*p));
    std::lock_guard<std::mutex> lock(mutex);
    return compiled.emplace(doc, std::move(shared)).first->second;
  }
};

PolicyCache::PolicyCache(std::string_view only_action) : impl_(std::make_unique<Impl>()) {
  impl_->only_action = std::string(only_action);
}
PolicyCache::~PolicyCache() = default;

PolicyView PolicyView::of(const PolicySet& set) {
  PolicyView v;
  for (const auto& d : set.identity) v.identity.push_back(&d);
  if (set.boundary) v.boundary = &*set.boundary;
  for (const auto& d : set.session) v.session.push_back(&d);
  if (set.resource) v.resource = &*set.resource;
  for (const auto& level : set.scps) {
    v.scps.emplace_back();
    for (const auto& d : level) v.scps.back().push_back(&d);
  }
  for (const auto& level : set.rcps) {
    v.rcps.emplace_back();
    for (const auto& d : level) v.rcps.back().push_back(&d);
  }
  return v;
}

namespace {

constexpr std::array<std::string_view, 7> kLayerNames{"scp",      "rcp",     "resource", "identity",
                                                      "boundary", "session", "caller"};



GrantClass to_grant(PrincipalMatch m) { return static_cast<GrantClass>(static_cast<std::uint8_t>(m)); }

struct LayerResult {
  bool deny = false;
  bool allow = false;
  GrantClass grant = GrantClass::none;
};

// Evaluates one policy for one request: which statements apply (§3.1).
class PolicyEvaluator {
 public:
  PolicyEvaluator(const Request& r, bool has_boundary, Decision* trace, std::vector<Match>* considered)
      : r_(r), has_boundary_(has_boundary), trace_(trace), considered_(considered) {}

  void run(const CompiledPolicy& p, PolicyRef ref, bool principals, LayerResult& lr) const {
    detail::for_candidates(p, r_.service(), [&](const CompiledStatement& st) {
      if (trace_ == nullptr && considered_ == nullptr && skippable(st, principals, lr)) return;
      if (!detail::action_matches(st, r_.action_lower) || !detail::resource_matches(st, r_)) return;
      PrincipalMatch pm = PrincipalMatch::direct;
      if (principals) {
        pm = detail::principal_match(st, r_, has_boundary_);
        if (pm == PrincipalMatch::none) return;
      }
      if (considered_ != nullptr) {
        const GrantClass cg = st.effect == policy::Effect::allow && principals ? to_grant(pm) : GrantClass::none;
        considered_->push_back({ref, st.index, st.sid, st.effect, st.offset, cg});
      }
      if (!detail::conditions_hold(st, r_)) return;
      const bool allow = st.effect == policy::Effect::allow;
      GrantClass g = GrantClass::none;
      if (allow) {
        lr.allow = true;
        if (principals) g = to_grant(pm);
        lr.grant = std::max(lr.grant, g);
      } else {
        lr.deny = true;
      }
      if (trace_ != nullptr) trace_->matched.push_back({ref, st.index, st.sid, st.effect, st.offset, g});
    });
  }

 private:
  // Without a trace, a statement that cannot change the layer's result is skipped.
  static bool skippable(const CompiledStatement& st, bool principals, const LayerResult& lr) {
    if (lr.deny) return true;
    return st.effect == policy::Effect::allow && lr.allow && (!principals || lr.grant == GrantClass::direct);
  }

  const Request& r_;
  bool has_boundary_;
  Decision* trace_;
  std::vector<Match>* considered_;
};

bool is_trust_action(std::string_view a) {
  return a.starts_with("sts:assumerole") || a == "sts:tagsession" || a == "sts:setsourceidentity";
}

// KMS actions on a key, and trust actions on a role, need explicit trust (§3.3 step 5).
bool needs_trust(const Request& r) {
  std::array<std::string_view, 6> c;
  if (r.resource == "*" || !split_arn6(r.resource, c)) return false;
  if (r.service() == "kms") return c[2] == "kms" && c[5].starts_with("key/");
  return c[2] == "iam" && c[5].starts_with("role/") && is_trust_action(r.action_lower);
}

// §3.3 step 1: calls policies do not decide. Returns true when decided (into `out`).
bool decided_by_caller(const Request& r, Decision& out) {
  const std::string_view a = r.action_lower;
  const Principal& p = r.principal;
  const auto allow = [&] {
    out.facts.special_action = true;
    out.outcome = Outcome::allow;
    return true;
  };
  const auto refuse = [&] {
    out.facts.special_action = true;
    out.outcome = Outcome::implicit_deny;
    out.denied_by.add(Layer::caller);
    return true;
  };
  if (a == "sts:getcalleridentity") return allow();
  if (a == "sts:getsessiontoken" && (p.kind == PrincipalKind::user || p.kind == PrincipalKind::root)) return allow();
  if (p.kind == PrincipalKind::root && a == "sts:assumerole") return refuse();
  if (p.is_session() && (a == "sts:getfederationtoken" || a == "sts:getsessiontoken")) return refuse();
  if (p.kind == PrincipalKind::federated_user && (a.starts_with("iam:") || a.starts_with("sts:"))) return refuse();
  return false;
}

// s3:Get/Put/DeleteBucketPolicy: only the bucket owner's account may call them (§3.3 step 1).
bool bucket_policy_action(std::string_view a) {
  return a == "s3:getbucketpolicy" || a == "s3:putbucketpolicy" || a == "s3:deletebucketpolicy";
}

bool has_identity_layer(const Principal& p) {
  return p.kind == PrincipalKind::user || p.is_session() || p.kind == PrincipalKind::federated_user;
}

}  // namespace

std::string_view to_string(Layer l) { return kLayerNames[static_cast<std::size_t>(l)]; }

std::vector<Layer> LayerSet::list() const {
  std::vector<Layer> out;
  for (std::size_t i = 0; i < kLayerNames.size(); ++i) {
    if (has(static_cast<Layer>(i))) out.push_back(static_cast<Layer>(i));
  }
  return out;
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::allow: return "allow";
    case Outcome::explicit_deny: return "explicit_deny";
    case Outcome::implicit_deny: return "implicit_deny";
  }
  return "";
}

std::string_view to_string(GrantClass g) {
  switch (g) {
    case GrantClass::none: return "none";
    case GrantClass::account: return "account";
    case GrantClass::role: return "role";
    case GrantClass::direct: return "direct";
  }
  return "";
}

std::string label(const PolicyRef& p) {
  std::string s(to_string(p.layer));
  if (p.level >= 0) s += "[" + std::to_string(p.level) + "]";
  if (p.index >= 0) s += "[" + std::to_string(p.index) + "]";
  return s;
}

std::optional<PolicyRef> parse_label(std::string_view text) {
  PolicyRef ref;
  const std::size_t bracket = text.find('[');
  const std::string_view name = text.substr(0, bracket);
  std::size_t i = 0;
  while (i < kLayerNames.size() && kLayerNames[i] != name) ++i;
  if (i == kLayerNames.size()) return std::nullopt;
  ref.layer = static_cast<Layer>(i);
  std::vector<std::int32_t> numbers;
  text.remove_prefix(name.size());
  while (!text.empty()) {
    const std::size_t close = text.find(']');
    if (text[0] != '[' || close == std::string_view::npos) return std::nullopt;
    std::int32_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + close, v);
    if (ec != std::errc{} || ptr != text.data() + close || v < 0) return std::nullopt;
    numbers.push_back(v);
    text.remove_prefix(close + 1);
  }
  const bool levels = ref.layer == Layer::scp || ref.layer == Layer::rcp;
  const bool indexed = levels || ref.layer == Layer::identity || ref.layer == Layer::session;
  if (numbers.size() != (levels ? 2u : indexed ? 1u : 0u)) return std::nullopt;
  if (levels) ref.level = numbers[0];
  if (indexed) ref.index = numbers.back();
  return ref;
}

std::string_view caller_rule(const Request& r, const Decision& d) {
  const std::string_view a = r.action_lower;
  if (d.facts.bucket_owner_root) {
    return "the bucket owner's root user may always manage its bucket policy; only SCPs and RCPs apply";
  }
  if (!d.facts.special_action) return "";
  if (a == "sts:getcalleridentity") return "sts:GetCallerIdentity is always allowed, even under an explicit deny";
  if (a == "sts:getsessiontoken" && d.outcome == Outcome::allow) {
    return "sts:GetSessionToken needs no permission: policies cannot control it for users and the root user";
  }
  if (bucket_policy_action(a)) return "only the bucket owner's account may call the bucket-policy actions";
  switch (r.principal.kind) {
    case PrincipalKind::root: return "the root user cannot call sts:AssumeRole";
    case PrincipalKind::federated_user:
      return "a federated user cannot call IAM, nor STS other than GetCallerIdentity";
    default: return "a role session cannot call sts:GetFederationToken or sts:GetSessionToken";
  }
}

bool rcp_supported_builtin(std::string_view service) {
  const catalog::Service* s = catalog::Catalog::get().service(service);
  return s != nullptr && s->rcp_supported;
}

std::optional<Engine> Engine::compile(const PolicySet& set, CompileError& error, const EngineOptions& options) {
  PolicyCache cache;
  return compile(PolicyView::of(set), error, cache, options);
}

std::optional<Engine> Engine::compile(const PolicyView& view, CompileError& error, PolicyCache& cache,
                                      const EngineOptions& options) {
  auto c = std::make_shared<Compiled>();
  c->rcp_supported = options.rcp_supported ? options.rcp_supported : &rcp_supported_builtin;
  PolicyCache::Impl& pc = *cache.impl_;
  const auto one = [&](const policy::Document* doc, PolicyRef ref) -> Shared {
    detail::CompileIssue issue;
    Shared p = pc.get(doc, issue);
    if (!p) error = {ref, issue.offset, issue.message};
    return p;
  };
  for (std::size_t i = 0; i < view.identity.size(); ++i) {
    c->identity.push_back(one(view.identity[i], {Layer::identity, -1, static_cast<std::int32_t>(i)}));
    if (!c->identity.back()) return std::nullopt;
  }
  if (view.boundary != nullptr && !(c->boundary = one(view.boundary, {Layer::boundary, -1, -1}))) return std::nullopt;
  for (std::size_t i = 0; i < view.session.size(); ++i) {
    c->session.push_back(one(view.session[i], {Layer::session, -1, static_cast<std::int32_t>(i)}));
    if (!c->session.back()) return std::nullopt;
  }
  if (view.resource != nullptr && !(c->resource = one(view.resource, {Layer::resource, -1, -1}))) return std::nullopt;
  const auto levels = [&](const std::vector<std::vector<const policy::Document*>>& in, Layer layer,
                          std::vector<std::vector<Shared>>& out) {
    for (std::size_t l = 0; l < in.size(); ++l) {
      out.emplace_back();
      for (std::size_t i = 0; i < in[l].size(); ++i) {
        out.back().push_back(one(in[l][i], {layer, static_cast<std::int32_t>(l), static_cast<std::int32_t>(i)}));
        if (!out.back().back()) return false;
      }
    }
    return true;
  };
  if (!levels(view.scps, Layer::scp, c->scps) || !levels(view.rcps, Layer::rcp, c->rcps)) return std::nullopt;
  return Engine(std::move(c));
}

Decision Engine::evaluate(const Request& request) const {
  Decision d;
  evaluate(request, d, true);
  return d;
}

void Engine::evaluate(const Request& r, Decision& out, bool explain) const { run(r, out, explain, nullptr); }

void Engine::evaluate(const Request& r, Decision& out, std::vector<Match>& considered) const {
  considered.clear();
  run(r, out, false, &considered);
}

namespace {

// Does one of `policies` hold an Allow statement naming the action `a` (lower-cased)?
bool names_allow(std::span<const Shared> policies, std::string_view a) {
  const std::string_view service = a.substr(0, a.find(':'));
  for (const Shared& p : policies) {
    bool found = false;
    detail::for_candidates(*p, service, [&](const CompiledStatement& st) {
      found = found || (st.effect == policy::Effect::allow && detail::action_matches(st, a));
    });
    if (found) return true;
  }
  return false;
}

}  // namespace

bool allowed_without_identity_allow(std::string_view a) {
  return a == "sts:getcalleridentity" || a == "sts:getsessiontoken" || bucket_policy_action(a);
}

bool names_action(const policy::Document& doc, std::string_view a, Effects effects) {
  return std::any_of(doc.statements.begin(), doc.statements.end(), [&](const policy::Statement& st) {
    if (effects == Effects::allow && (!st.effect_valid || st.effect != policy::Effect::allow)) return false;
    return detail::statement_may_apply(st, a);
  });
}

bool Engine::may_allow(const Principal& caller, std::string_view a) const {
  const Compiled& c = *compiled_;
  if (!has_identity_layer(caller) || c.resource || allowed_without_identity_allow(a)) return true;
  const auto names = [&](std::span<const Shared> policies) { return names_allow(policies, a); };
  // Without a resource policy every applicable layer must allow (run(): identity, boundary,
  // session policies, each SCP level).
  if (!names(c.identity)) return false;
  if (c.boundary != nullptr && !names(std::span<const Shared>(&c.boundary, 1))) return false;
  if (!c.session.empty() && !names(c.session)) return false;
  if (caller.is_iam() && !caller.service_linked()) {
    for (const std::vector<Shared>& level : c.scps) {
      if (!names(level)) return false;
    }
  }
  return true;
}

void Engine::run(const Request& r, Decision& out, bool explain, std::vector<Match>* considered) const {
  const Compiled& c = *compiled_;
  out.matched.clear();
  out.denied_by = {};
  out.facts = {};
  Facts& f = out.facts;
  if (decided_by_caller(r, out)) return;
  const Principal& p = r.principal;
  if (bucket_policy_action(r.action_lower)) {
    if (!r.same_account()) {
      f.special_action = true;
      out.outcome = Outcome::implicit_deny;
      out.denied_by.add(Layer::caller);
      return;
    }
    f.bucket_owner_root = p.kind == PrincipalKind::root;
  }
  const bool identity_layer = has_identity_layer(p);
  const bool has_boundary = identity_layer && c.boundary != nullptr;
  f.rcp_supported = c.rcp_supported(r.service());
  if (!c.scps.empty() && p.is_iam() && !p.service_linked()) f.applicable.add(Layer::scp);
  if (!c.rcps.empty() && f.rcp_supported && !p.service_linked()) f.applicable.add(Layer::rcp);
  if (c.resource && !f.bucket_owner_root) f.applicable.add(Layer::resource);
  if (identity_layer) f.applicable.add(Layer::identity);
  if (has_boundary) f.applicable.add(Layer::boundary);
  if (p.is_session() || p.kind == PrincipalKind::federated_user) f.applicable.add(Layer::session);

  const PolicyEvaluator ev(r, has_boundary, explain ? &out : nullptr, considered);
  if (f.applicable.has(Layer::scp)) {
    for (std::size_t l = 0; l < c.scps.size(); ++l) {
      LayerResult lr;
      for (std::size_t i = 0; i < c.scps[l].size(); ++i) {
        ev.run(*c.scps[l][i], {Layer::scp, static_cast<std::int32_t>(l), static_cast<std::int32_t>(i)}, false, lr);
      }
      if (lr.deny) f.denying.add(Layer::scp);
      if (!lr.allow && f.scp_level_failed < 0) f.scp_level_failed = static_cast<std::int32_t>(l);
    }
  }
  if (f.applicable.has(Layer::rcp)) {
    for (std::size_t l = 0; l < c.rcps.size(); ++l) {
      LayerResult lr;  // every level carries RCPFullAWSAccess: RCPs only deny
      for (std::size_t i = 0; i < c.rcps[l].size(); ++i) {
        ev.run(*c.rcps[l][i], {Layer::rcp, static_cast<std::int32_t>(l), static_cast<std::int32_t>(i)}, true, lr);
      }
      if (lr.deny) f.denying.add(Layer::rcp);
    }
  }
  if (f.applicable.has(Layer::resource)) {
    LayerResult lr;
    ev.run(*c.resource, {Layer::resource, -1, -1}, true, lr);
    if (lr.deny) f.denying.add(Layer::resource);
    f.resource_grant = lr.grant;
  }
  if (identity_layer) {
    LayerResult lr;
    for (std::size_t i = 0; i < c.identity.size(); ++i) {
      ev.run(*c.identity[i], {Layer::identity, -1, static_cast<std::int32_t>(i)}, false, lr);
    }
    if (lr.deny) f.denying.add(Layer::identity);
    f.identity_allows = lr.allow;
  }
  f.identity_allows = f.identity_allows || p.kind == PrincipalKind::root;
  if (has_boundary) {
    LayerResult lr;
    ev.run(*c.boundary, {Layer::boundary, -1, -1}, false, lr);
    if (lr.deny) f.denying.add(Layer::boundary);
    f.boundary_allows = lr.allow;
  }
  if (f.applicable.has(Layer::session)) {
    LayerResult lr;
    for (std::size_t i = 0; i < c.session.size(); ++i) {
      ev.run(*c.session[i], {Layer::session, -1, static_cast<std::int32_t>(i)}, false, lr);
    }
    if (lr.deny) f.denying.add(Layer::session);
    f.session_allows = c.session.empty() ? p.kind != PrincipalKind::federated_user : lr.allow;
  }

  f.same_account = r.same_account();
  f.trust_rule = needs_trust(r);
  if (!f.denying.empty()) {
    out.outcome = Outcome::explicit_deny;
    out.denied_by = f.denying;
    return;
  }
  const GrantClass g = f.resource_grant;
  LayerSet failed;
  if (f.scp_level_failed >= 0) failed.add(Layer::scp);
  if (f.bucket_owner_root) {
    // Only the organization's levels can stop the bucket owner's root here.
  } else if (p.is_iam()) {
    const bool ibs = f.identity_allows && f.boundary_allows && f.session_allows;
    const bool bs = f.boundary_allows && f.session_allows;
    const bool needs_resource = !f.same_account || f.trust_rule;
    bool granted;
    if (f.same_account) {
      granted = g == GrantClass::direct || (g == GrantClass::role && bs) ||
                (ibs && (!f.trust_rule || g != GrantClass::none));
    } else {
      granted = ibs && g != GrantClass::none;
    }
    if (!granted) {
      if ((f.applicable.has(Layer::resource) || needs_resource) && g == GrantClass::none) failed.add(Layer::resource);
      if (!f.identity_allows) failed.add(Layer::identity);
      if (!f.boundary_allows) failed.add(Layer::boundary);
      if (!f.session_allows) failed.add(Layer::session);
    }
  } else if (g != GrantClass::direct) {
    failed.add(Layer::resource);
  }
  out.denied_by = failed;
  out.outcome = failed.empty() ? Outcome::allow : Outcome::implicit_deny;
}

}  // namespace iw::eval
