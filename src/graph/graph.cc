#include "graph/graph.h"
#include "policy/glob.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <tuple>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "access/model.h"
#include "core/parallel.h"
#include "core/strings.h"
#include "eval/engine.h"
#include "eval/request.h"
#include "catalog/escalation.h"
#include "policy/policy.h"

namespace iw::graph {

// The method table lives with the catalog (lint derives its escalation sets from it too).
using catalog::Category;
using catalog::Method;
using catalog::methods;
using catalog::On;
using catalog::Perm;
using catalog::Prereq;
using catalog::Shape;

namespace {

constexpr std::string_view kAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";
constexpr std::string_view kNewRoleName = "iamwarden-new-role";
constexpr std::string_view kNewUserName = "iamwarden-new-user";
constexpr std::string_view kAdminDocText =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

// Glob with '*' and '?': actions compare ASCII case-insensitively, ARNs exactly.
bool glob(std::string_view p, std::string_view t, bool icase) { return glob_match(p, t, icase); }

// The '|'-separated alternatives of a method permission, without allocating.
class Alternatives {
 public:
  explicit Alternatives(std::string_view s) : s_(s) {}
  class iterator {
   public:
    iterator(std::string_view rest, bool end) : rest_(rest), bar_(rest.find('|')), end_(end) {}
    std::string_view operator*() const { return rest_.substr(0, bar_); }
    iterator& operator++() {
      if (bar_ == std::string_view::npos) {
        end_ = true;
      } else {
        rest_.remove_prefix(bar_ + 1);
        bar_ = rest_.find('|');
      }
      return *this;
    }
    bool operator!=(const iterator& o) const { return end_ != o.end_; }

   private:
    std::string_view rest_;
    std::size_t bar_;
    bool end_;
  };
  iterator begin() const { return iterator(s_, s_.empty()); }
  iterator end() const { return iterator({}, true); }

 private:
  std::string_view s_;
};
Alternatives alternatives(std::string_view action) { return Alternatives(action); }

void add_unique(std::vector<std::string>& v, std::string_view s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.emplace_back(s);
}

// Policy variables in a Resource pattern: ${aws:username} becomes the caller's name, the escapes
// ${*} ${?} ${$} their character, anything else a wildcard (the engine decides exactly later).
std::string substitute(std::string_view pattern, std::string_view username) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      const std::size_t end = pattern.find('}', i);
      if (end != std::string_view::npos) {
        const std::string_view var = pattern.substr(i + 2, end - i - 2);
        if (var == "*" || var == "?" || var == "$") {
          out += var;
        } else if (iequals(var, "aws:username") && !username.empty()) {
          out += username;
        } else {
          out += '*';
        }
        i = end;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

// A concrete ARN standing for a name the attacker picks: '*' in the region becomes us-east-1,
// elsewhere "iamwarden-new"; '?' becomes 'x'.
std::string instantiate(std::string_view pattern) {
  std::string out;
  int colons = 0;
  for (char c : pattern) {
    if (c == ':') ++colons;
    if (c == '*') {
      out += colons == 3 ? "us-east-1" : "iamwarden-new";
    } else if (c == '?') {
      out += 'x';
    } else {
      out += c;
    }
  }
  return out;
}

std::string replace_account(std::string_view tmpl, std::string_view account) {
  std::string out(tmpl);
  const std::size_t at = out.find("{account}");
  if (at != std::string::npos) out.replace(at, 9, account);
  return out;
}


struct Node {
  std::string arn, name, account;
  const account::User* user = nullptr;
  const account::Role* role = nullptr;
  access::PrincipalPolicies policies;
  const access::Checker* check = nullptr;  // the access model's (nullptr: a policy does not compile)
  // Actions denied on every resource by an unconditional Deny (filled lazily by the one thread
  // that searches from this node).
  mutable std::unordered_set<std::string> dead;
  std::vector<const policy::Statement*> allows;  // Allow statements of its identity policies
  // Per action of the method table (Impl::action_ids): 0 not decided yet, else 1 +
  // Checker::may_allow (filled lazily like `dead`).
  mutable std::vector<char> may_act;
  bool policy_arn_conditions = false;  // some identity statement conditions on iam:PolicyARN
  bool admin = false;
  bool writable = false;  // an admin policy written to it would make it admin (boundary, SCPs)
  bool is_user() const { return user != nullptr; }
};

struct Trust {
  bool star = false, account = false;
  std::vector<std::string> accounts;  // other accounts trusted as a whole (id or root ARN)
  std::vector<std::string> named, services;
};

// One edge of the graph.
struct Edge {
  std::uint32_t from = 0;
  std::int32_t to = -1;      // node reached (-1: a new role)
  bool terminal = false;     // `to` (or the new role) is admin-equivalent after the step
  std::uint16_t method = 0;
  std::string to_arn;
  std::vector<std::string> permissions, conditions, notes, grants;
  std::string resource;
};

struct Filter {
  const std::vector<char>* targets = nullptr;  // nodes a become-edge may reach
  bool terminal = false;                       // look for edges that end in admin
  bool become = true;                          // look for edges into `targets`
  bool first_only = true;                      // stop at the first edge found
  std::size_t per_method = 32;                 // with !first_only: edges per method
};

}  // namespace

struct Graph::Impl {
  std::unique_ptr<access::Model> owned;
  const access::Model& model;
  const account::Account& a;
  Options options;
  unsigned threads = 1;
  std::vector<Node> nodes;
  std::unordered_map<std::string, std::uint32_t> by_arn;
  std::vector<Trust> trusts;  // per node (roles only)
  std::vector<std::uint32_t> users_sorted, roles_sorted;     // node indexes by ARN
  std::vector<std::uint32_t> policies_sorted;                // customer-managed, by ARN
  std::unordered_map<std::string, std::vector<std::uint32_t>> roles_with_policy;
  // policies_sorted entries attached to some role, with those roles (same order as policies_sorted).
  std::vector<std::pair<std::uint32_t, const std::vector<std::uint32_t>*>> role_policies;
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> service_roles;  // trusted by service
  std::map<std::string, std::vector<char>, std::less<>> service_mask;            // the same, by node
  std::vector<std::uint32_t> account_trust_roles, star_trust_roles;
  std::unordered_map<std::string, std::vector<std::uint32_t>> named_trust_roles;
  std::vector<std::string> admin_policies;
  std::unordered_map<std::string, const account::CredentialRow*> credentials;
  // Every '|' alternative of the method table's permissions, numbered (Node::may_act).
  std::unordered_map<std::string_view, std::uint32_t> action_ids;
  account::PolicyDoc admin_doc;
  // Accounts in which an admin policy makes a new role / a new user admin (their SCPs allow).
  std::set<std::string, std::less<>> new_role_writable, new_user_writable;
  std::vector<const account::Group*> admin_groups;  // groups that make a new member admin
  bool scps_principal_specific = false;
  std::mutex writable_mutex;
  std::map<std::tuple<const void*, bool, std::string>, bool> writable_cache;
  // Trust policies naming one principal, for "rewrites the trust, then assumes the role".
  struct OwnTrust {
    std::string text;
    account::PolicyDoc doc;
  };
  mutable std::mutex own_trust_mutex;
  mutable std::unordered_map<std::string, std::unique_ptr<OwnTrust>> own_trusts;
  // `writable` with the node's own Denies applying (Impl::after_write): those of every identity
  // policy when a policy is only added (Attach*Policy, AddUserToGroup), those of its managed and
  // group policies when its inline policies are rewritten (Put*Policy replaces an inline policy
  // by name). Decided on first use, from any thread (a race decides the same answer twice);
  // -1: not yet.
  mutable std::vector<std::atomic<signed char>> added_state, put_state;
  mutable std::once_flag searched;
  mutable std::vector<int> dist;
  mutable std::vector<Edge> next;
  mutable std::atomic<std::size_t> checked{0};

  static access::ModelOptions model_options(const Options& o) {
    access::ModelOptions m;
    m.as_of = o.as_of;
    m.threads = o.threads;
    return m;
  }

  Impl(const account::Account& acc, const Options& o)
      : owned(std::make_unique<access::Model>(acc, model_options(o))), model(*owned), a(acc), options(o) {
    init();
  }
  Impl(const access::Model& m, const Options& o) : model(m), a(m.account()), options(o) { init(); }

  void init() {
    threads = model.threads();
    options.as_of = model.world().now;
    auto parsed = policy::parse_policy(kAdminDocText);
    admin_doc.text = kAdminDocText;
    admin_doc.document = std::move(*parsed.document);
    std::set<std::string, std::less<>> accounts;  // of the principals (an organization: several)
    for (const access::Model::Entry& entry : model.entries()) accounts.insert(access::account_of(entry.arn()));
    if (accounts.empty() && !a.id.empty()) accounts.insert(a.id);
    for (const std::string& id : accounts) {
      for (const auto& level : a.scps_of(id)) {
        for (const account::NamedPolicy& np : level) {
          if (principal_specific(np.doc.document)) scps_principal_specific = true;
        }
      }
    }
    for (const Method& m : methods()) {
      for (const Perm& p : m.perms) {
        for (std::string_view x : alternatives(p.action)) action_ids.emplace(x, static_cast<std::uint32_t>(action_ids.size()));
      }
    }
    build_nodes();
    for (const std::string& id : accounts) decide_new_principals(id);
    build_indexes();
  }

  // The escalation search runs once, on the first question that needs it.
  void ensure_searched() const {
    std::call_once(searched, [&] { search_admin(); });
  }

  // ---- building ------------------------------------------------------------------------------

  bool admin_with(const access::PrincipalPolicies& p) const {
    auto check = model.checker_for(p);
    return check && access::is_admin(*check);
  }

  void build_nodes() {
    for (const access::Model::Entry& entry : model.entries()) {
      Node& n = nodes.emplace_back();
      n.user = entry.user;
      n.role = entry.role;
      n.arn = entry.arn();
      n.name = entry.user ? entry.user->name : entry.role->name;
      n.account = access::account_of(n.arn);
      n.check = entry.checker ? &*entry.checker : nullptr;
      n.policies = entry.checker ? entry.checker->principal()
                   : entry.user  ? access::policies_of(a, *entry.user)
                                 : access::policies_of(a, *entry.role);
      n.admin = entry.admin;
    }
    trusts.resize(nodes.size());
    added_state = std::vector<std::atomic<signed char>>(nodes.size());
    put_state = std::vector<std::atomic<signed char>>(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) added_state[i] = put_state[i] = -1;
    parallel_for(nodes.size(), threads, [&](std::size_t k) {
      Node& n = nodes[k];
      for (const account::PolicyDoc* d : n.policies.identity) {
        for (const policy::Statement& st : d->document.statements) {
          if (st.effect_valid && st.effect == policy::Effect::allow) n.allows.push_back(&st);
          for (const policy::Condition& c : st.conditions) {
            if (iequals(c.key, "iam:PolicyARN")) n.policy_arn_conditions = true;
          }
        }
      }
      n.may_act.resize(action_ids.size());
      n.writable = n.admin || writable(n);
      if (n.role != nullptr) build_trust(k);
    });
  }

  // Whether an admin policy makes a new role, or a new user, of account `id` admin (its SCPs
  // decide), and which groups of `id` make a new member admin.
  void decide_new_principals(const std::string& id) {
    access::PrincipalPolicies fresh;
    fresh.account = id;
    fresh.arn = "arn:aws:iam::" + fresh.account + ":role/" + std::string(kNewRoleName);
    fresh.name = std::string(kNewRoleName);
    fresh.identity.push_back(&admin_doc);
    fresh.identity_names.push_back("admin policy");
    if (admin_with(fresh)) new_role_writable.insert(id);
    access::PrincipalPolicies fresh_user;
    fresh_user.account = fresh.account;
    fresh_user.arn = "arn:aws:iam::" + fresh.account + ":user/" + std::string(kNewUserName);
    fresh_user.name = std::string(kNewUserName);
    fresh_user.is_user = true;
    access::PrincipalPolicies member = fresh_user;
    fresh_user.identity.push_back(&admin_doc);
    fresh_user.identity_names.push_back("admin policy");
    if (admin_with(fresh_user)) new_user_writable.insert(id);
    for (const account::Group& g : a.groups) {
      if (g.inline_policies.empty() && g.attached_policy_arns.empty()) continue;
      if (access::account_of(g.arn) != id) continue;
      access::PrincipalPolicies joined = member;
      joined.account = id;
      joined.arn = "arn:aws:iam::" + joined.account + ":user/" + std::string(kNewUserName);
      access::add_group_policies(a, g, joined);
      if (admin_with(joined)) admin_groups.push_back(&g);
    }
  }

  // Would an admin policy written to `n` make it admin? Depends only on its boundary and the SCPs
  // unless they condition on the principal (tags, ARN, name): shared per boundary otherwise.
  static bool principal_specific(const policy::Document& d) {
    for (const policy::Statement& st : d.statements) {
      for (const policy::Condition& c : st.conditions) {
        if (istarts_with(c.key, "aws:Principal") || iequals(c.key, "aws:username")) return true;
      }
    }
    return false;
  }

  bool writable(const Node& n) {
    const bool shared = !scps_principal_specific &&
                        (n.policies.boundary == nullptr || !principal_specific(n.policies.boundary->document));
    const auto key = std::make_tuple(static_cast<const void*>(n.policies.boundary), n.is_user(), n.account);
    if (shared) {
      std::lock_guard<std::mutex> lock(writable_mutex);
      if (auto it = writable_cache.find(key); it != writable_cache.end()) return it->second;
    }
    access::PrincipalPolicies written = n.policies;
    written.identity.assign(1, &admin_doc);
    written.identity_names.assign(1, "admin policy");
    const bool result = admin_with(written);
    if (shared) {
      std::lock_guard<std::mutex> lock(writable_mutex);
      writable_cache.emplace(key, result);
    }
    return result;
  }

  // Is `n` admin-equivalent once an admin policy is added to it (its inline policies replaced by
  // it when `replaces_inline`)? The Denies of the policies it keeps still apply; without any,
  // the answer is `writable` (only the boundary and SCPs matter).
  bool admin_after_write(const Node& n, bool replaces_inline) const {
    access::PrincipalPolicies p = n.user ? access::policies_of(a, *n.user) : access::policies_of(a, *n.role);
    const std::vector<account::InlinePolicy>& inline_policies = n.user ? n.user->inline_policies : n.role->inline_policies;
    const auto is_inline = [&](const account::PolicyDoc* d) {
      return std::any_of(inline_policies.begin(), inline_policies.end(),
                         [&](const account::InlinePolicy& ip) { return &ip.doc == d; });
    };
    access::PrincipalPolicies written = p;
    written.identity.clear();
    written.identity_names.clear();
    bool deny = false;
    for (std::size_t i = 0; i < p.identity.size(); ++i) {
      if (replaces_inline && is_inline(p.identity[i])) continue;
      written.identity.push_back(p.identity[i]);
      written.identity_names.push_back(p.identity_names[i]);
      for (const policy::Statement& st : p.identity[i]->document.statements) {
        deny = deny || !st.effect_valid || st.effect == policy::Effect::deny;
      }
    }
    if (!deny) return n.writable;
    written.identity.push_back(&admin_doc);
    written.identity_names.push_back("admin policy");
    return admin_with(written);
  }

  // Is node `t` admin-equivalent once an admin policy is added to it (replacing its inline
  // policies when `replaces_inline`)? See added_state.
  bool after_write(std::uint32_t t, bool replaces_inline) const {
    std::atomic<signed char>& state = (replaces_inline ? put_state : added_state)[t];
    signed char known = state.load(std::memory_order_relaxed);
    if (known < 0) {
      const Node& n = nodes[t];
      known = n.writable && (n.admin || admin_after_write(n, replaces_inline)) ? 1 : 0;
      state.store(known, std::memory_order_relaxed);
    }
    return known == 1;
  }

  // Whether target `t` made admin by `m` ends up admin-equivalent.
  bool writable_by(std::uint32_t t, const Method& m) const {
    const std::string_view write = m.perms[0].action;
    if (write.starts_with("iam:Put") && write.find("Group") == std::string_view::npos) return after_write(t, true);
    if (write.starts_with("iam:Attach") || write.starts_with("iam:AddUserToGroup")) return after_write(t, false);
    return nodes[t].writable;  // a managed policy rewritten: its own Denies go with it
  }

  void build_trust(std::size_t k) {
    Trust& t = trusts[k];
    const account::Role& r = *nodes[k].role;
    const std::string own_account = nodes[k].account;
    for (const policy::Statement& st : r.trust.document.statements) {
      if (!st.effect_valid || st.effect != policy::Effect::allow) continue;
      for (const policy::PrincipalEntry& p : st.principals) {
        if (p.type == policy::PrincipalType::star || (p.type == policy::PrincipalType::aws && p.value == "*")) {
          t.star = true;
        } else if (p.type == policy::PrincipalType::aws) {
          const bool root_arn = p.value.starts_with("arn:") && p.value.ends_with(":root");
          const std::string trusted = root_arn ? access::account_of(p.value) : p.value;
          if (trusted == own_account) {
            t.account = true;
          } else if (trusted.size() == 12 && trusted.find_first_not_of("0123456789") == std::string::npos) {
            t.accounts.push_back(trusted);  // principals of that account, with their own Allow
          } else {
            t.named.push_back(p.value);
          }
        } else if (p.type == policy::PrincipalType::service) {
          t.services.push_back(to_lower(p.value));
        }
      }
    }
  }

  void build_indexes() {
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
      by_arn.emplace(nodes[i].arn, i);
      (nodes[i].is_user() ? users_sorted : roles_sorted).push_back(i);
    }
    const auto by_node_arn = [&](std::uint32_t x, std::uint32_t y) { return nodes[x].arn < nodes[y].arn; };
    std::sort(users_sorted.begin(), users_sorted.end(), by_node_arn);
    std::sort(roles_sorted.begin(), roles_sorted.end(), by_node_arn);
    for (std::uint32_t p = 0; p < a.policies.size(); ++p) {
      if (!a.policies[p].aws_managed) policies_sorted.push_back(p);
    }
    std::sort(policies_sorted.begin(), policies_sorted.end(),
              [&](std::uint32_t x, std::uint32_t y) { return a.policies[x].arn < a.policies[y].arn; });
    for (std::uint32_t i : roles_sorted) {
      for (const std::string& arn : nodes[i].role->attached_policy_arns) roles_with_policy[arn].push_back(i);
    }
    for (std::uint32_t p : policies_sorted) {
      if (auto it = roles_with_policy.find(a.policies[p].arn); it != roles_with_policy.end()) {
        role_policies.emplace_back(p, &it->second);
      }
    }
    for (std::uint32_t i : roles_sorted) {
      const Trust& t = trusts[i];
      if (t.star) star_trust_roles.push_back(i);
      if (t.account) account_trust_roles.push_back(i);
      for (const std::string& arn : t.named) named_trust_roles[arn].push_back(i);
      for (const std::string& s : t.services) {
        if (trust_admits_service(i, s)) service_roles[s].push_back(i);
      }
    }
    for (const auto& [service, roles] : service_roles) {
      std::vector<char>& mask = service_mask[service];
      mask.assign(nodes.size(), 0);
      for (std::uint32_t r : roles) mask[r] = 1;
    }
    admin_policies.emplace_back(kAdministratorAccess);
    for (const account::ManagedPolicy& p : a.policies) {
      if (p.arn == kAdministratorAccess || p.default_document() == nullptr) continue;
      if (grants_everything(p.default_document()->document)) admin_policies.push_back(p.arn);
    }
    if (a.credential_report) {
      for (const account::CredentialRow& row : *a.credential_report) credentials[row.arn] = &row;
    }
  }

  static bool grants_everything(const policy::Document& d) {
    bool all = false;
    for (const policy::Statement& st : d.statements) {
      if (!st.effect_valid) continue;
      if (st.effect == policy::Effect::deny) return false;
      const bool any_action = std::any_of(st.actions.begin(), st.actions.end(), [](auto& x) { return x.text == "*"; });
      const bool any_resource =
          std::any_of(st.resources.begin(), st.resources.end(), [](auto& x) { return x.text == "*"; });
      if (any_action && any_resource && !st.has_condition && st.action == policy::Polarity::positive &&
          st.resource == policy::Polarity::positive) {
        all = true;
      }
    }
    return all;
  }

  // Can `service` assume the role in some context (the trust policy alone decides)?
  bool trust_admits_service(std::uint32_t role, const std::string& service) const {
    eval::PolicyView view;
    view.resource = &nodes[role].role->trust.document;
    eval::CompileError error;
    auto engine = eval::Engine::compile(view, error, model.cache());
    if (!engine) return false;
    eval::RequestSpec spec;
    spec.principal = "service:" + service;
    spec.action = "sts:AssumeRole";
    spec.resource = nodes[role].arn;
    auto request = eval::make_request(spec);
    if (!request) return false;
    const auto chosen = [](std::string_view) { return false; };  // the service's caller sets every key
    return access::satisfy(*engine, view, std::move(*request.value), chosen).allowed();
  }

  // ---- permission checks -----------------------------------------------------------------------

  // Does the statement's Action (or NotAction) element cover `action`?
  static bool names(const policy::Statement& st, std::string_view action) {
    const bool listed = std::any_of(st.actions.begin(), st.actions.end(),
                                    [&](const policy::Located& x) { return glob(x.text, action, true); });
    return st.action == policy::Polarity::negated ? !listed : listed;
  }

  // Could S be allowed `action` on some resource without a resource policy? False when its
  // identity policies, boundary or an SCP level hold no Allow naming it (Checker::may_allow, the
  // engine's action index); remembered per node for the actions of the method table.
  bool may(const Node& s, std::string_view action) const {
    if (s.check == nullptr) return false;
    const auto id = action_ids.find(action);
    if (id == action_ids.end()) return s.check->may_allow(action);
    char& known = s.may_act[id->second];
    if (known == 0) known = static_cast<char>(1 + s.check->may_allow(action));
    return known == 2;
  }

  // Is every alternative denied to S on every resource (known once one request was refused)?
  static bool dead(const Node& s, std::string_view alts) {
    for (std::string_view x : alternatives(alts)) {
      if (!s.dead.contains(std::string(x))) return false;
    }
    return true;
  }

  // Could one of the alternatives be allowed to S on some resource? False once each is known to
  // be denied on every resource (Node::dead), so a principal whose broad Allow a Deny cancels is
  // not re-checked against every target.
  bool may_any(const Node& s, std::string_view alts) const {
    for (std::string_view x : alternatives(alts)) {
      if (may(s, x) && (s.dead.empty() || !s.dead.contains(std::string(x)))) return true;
    }
    return false;
  }

  // Resource patterns of S's Allow statements for `action` ("*" when a NotResource one applies).
  std::vector<std::string> patterns(const Node& s, std::string_view alts) const {
    std::vector<std::string> out;
    for (std::string_view action : alternatives(alts)) {
      for (const policy::Statement* st : s.allows) {
        if (!names(*st, action)) continue;
        if (st->resource != policy::Polarity::positive) {
          add_unique(out, "*");
          continue;
        }
        for (const policy::Located& r : st->resources) add_unique(out, substitute(r.text, s.is_user() ? s.name : ""));
      }
    }
    return out;
  }

  // Nodes of a sorted list whose ARN some pattern of S for `action` matches, and `keep` admits.
  template <class Keep>
  std::vector<std::uint32_t> targets(const Node& s, std::string_view action, const std::vector<std::uint32_t>& sorted,
                                     Keep&& keep) const {
    std::vector<std::uint32_t> out;
    const std::vector<std::string> pats = patterns(s, action);
    const bool all = std::any_of(pats.begin(), pats.end(), [](const std::string& p) { return !p.empty() && p[0] == '*'; });
    if (all) {
      for (std::uint32_t i : sorted) {
        if (keep(i)) out.push_back(i);
      }
      return out;
    }
    for (const std::string& p : pats) {
      const std::string prefix = p.substr(0, p.find_first_of("*?"));
      auto it = std::lower_bound(sorted.begin(), sorted.end(), prefix,
                                 [&](std::uint32_t i, const std::string& v) { return nodes[i].arn < v; });
      for (; it != sorted.end() && nodes[*it].arn.starts_with(prefix); ++it) {
        if (glob(p, nodes[*it].arn, false) && keep(*it)) out.push_back(*it);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Records an allowed access in `e`: the action, its gating keys and the statements that grant it.
  static void record(const std::string& action, const access::Access& ans, Edge& e) {
    add_unique(e.permissions, action);
    for (const std::string& k : ans.gating) add_unique(e.conditions, k);
    for (const access::Grant& g : ans.granted_by) {
      std::string where = g.policy + " statement " + std::to_string(g.statement);
      if (!g.sid.empty()) where += " (" + g.sid + ")";
      add_unique(e.grants, action + ": " + where);
    }
  }

  // Is one of the '|' alternatives of `alts` allowed to S on `resource`? Records the action,
  // gating keys and grants in `e`. Attach actions are tried with each admin policy as
  // iam:PolicyARN.
  bool allowed(const Node& s, std::string_view alts, const std::string& resource, const eval::Context& ctx,
               Edge& e) const {
    if (s.check == nullptr) return false;
    for (std::string_view action : alternatives(alts)) {
      const std::string act(action);
      if (s.dead.contains(act) || !s.check->may_allow(act)) continue;
      const bool attach = action.find("Attach") != std::string_view::npos;
      // Other admin policies matter only when a condition names the policy ARN.
      const std::size_t tries = attach ? (s.policy_arn_conditions ? admin_policies.size() : 1) : 1;
      access::Fixed fixed;
      fixed.context = ctx;
      // Keys a method's request either sets (ctx) or leaves out: never the requester's choice.
      for (std::string_view k : {"iam:passedtoservice", "iam:policyarn", "iam:permissionsboundary",
                                 "cloudformation:rolearn"}) {
        if (ctx.find(k) == nullptr) fixed.absent.emplace_back(k);
      }
      for (std::size_t i = 0; i < tries; ++i) {
        if (attach) fixed.context.set("iam:PolicyARN", admin_policies[i]);
        checked.fetch_add(1, std::memory_order_relaxed);
        const access::Access ans = s.check->can(act, resource, fixed);
        if (ans.allowed()) {
          record(act, ans, e);
          return true;
        }
        if (ans.denied_everywhere) s.dead.insert(act);
      }
    }
    return false;
  }

  bool allowed(const Node& s, std::string_view alts, const std::string& resource, Edge& e) const {
    return allowed(s, alts, resource, eval::Context{}, e);
  }

  // The resource's tags as the request sees them (aws:ResourceTag/K) for a user or role node.
  eval::Context resource_tags(std::uint32_t t) const {
    eval::Context c;
    for (const account::Tag& tag : nodes[t].policies.tags) c.set("aws:ResourceTag/" + tag.key, tag.value);
    return c;
  }

  // sts:AssumeRole of role T by S: the engine decides with T's trust policy as the resource
  // policy and S's identity, boundary and SCPs (same-account and cross-account rules alike).
  bool can_assume(const Node& s, std::uint32_t t, Edge& e) const {
    if (s.check == nullptr || nodes[t].role == nullptr) return false;
    access::Fixed fixed;
    fixed.context = resource_tags(t);
    checked.fetch_add(1, std::memory_order_relaxed);
    const access::Access ans = s.check->can("sts:AssumeRole", nodes[t].arn, fixed, &nodes[t].role->trust, {},
                                            "trust policy of " + nodes[t].name);
    if (!ans.allowed()) return false;
    record("sts:AssumeRole", ans, e);
    return true;
  }

  // Does role r's trust delegate to S's account as a whole (its own account, or another)?
  bool trusts_account_of(std::uint32_t r, const Node& s) const {
    const Trust& t = trusts[r];
    if (t.account && nodes[r].account == s.account) return true;
    return std::find(t.accounts.begin(), t.accounts.end(), s.account) != t.accounts.end();
  }

  // Roles whose trust policy may admit S: those naming "*", S's ARN, or (when S's identity may
  // allow sts:AssumeRole) S's account, in the role's account or another.
  std::vector<char> assumable_mask(const Node& s) const {
    std::vector<char> mask(nodes.size(), 0);
    for (std::uint32_t t : star_trust_roles) mask[t] = 1;
    if (may(s, "sts:AssumeRole")) {
      for (std::uint32_t t : targets(s, "sts:AssumeRole", roles_sorted, [&](std::uint32_t r) { return trusts_account_of(r, s); })) {
        mask[t] = 1;
      }
    }
    if (auto it = named_trust_roles.find(s.arn); it != named_trust_roles.end()) {
      for (std::uint32_t t : it->second) mask[t] = 1;
    }
    return mask;
  }

  // A trust policy that names S (what S writes before assuming a role it controls).
  const account::PolicyDoc& trust_naming(const Node& s) const {
    std::lock_guard<std::mutex> lock(own_trust_mutex);
    auto& slot = own_trusts[s.arn];
    if (!slot) {
      slot = std::make_unique<OwnTrust>();
      slot->text = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":")" + s.arn +
                   R"("},"Action":"sts:AssumeRole"}]})";
      auto parsed = policy::parse_policy(slot->text);
      if (parsed.document) slot->doc.document = std::move(*parsed.document);
      slot->doc.text = slot->text;
    }
    return slot->doc;
  }

  // After S rewrites a trust policy to name itself (or creates a role that does): can it assume?
  bool can_assume_own_trust(const Node& s, const std::string& role_arn) const {
    if (s.check == nullptr) return false;
    return s.check->can("sts:AssumeRole", role_arn, {}, &trust_naming(s)).allowed();
  }

  // Some ARN matching `tmpl` that S may create with every action of `actions` allowed on it.
  std::optional<std::string> new_resource(const Node& s, const std::string& tmpl,
                                          const std::vector<std::string_view>& actions, Edge& e) const {
    std::vector<std::string> candidates{instantiate(tmpl)};
    for (const std::string& p : patterns(s, actions.front())) {
      if (p == "*") continue;
      std::string c = instantiate(p);
      if (glob(tmpl, c, false)) add_unique(candidates, c);
    }
    for (const std::string& c : candidates) {
      Edge trial;
      bool ok = true;
      for (std::string_view act : actions) {
        if (!allowed(s, act, c, trial)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        for (auto& p : trial.permissions) add_unique(e.permissions, p);
        for (auto& k : trial.conditions) add_unique(e.conditions, k);
        return c;
      }
    }
    return std::nullopt;
  }

  // ---- prerequisites -----------------------------------------------------------------------------

  // Access-key count and password of user T from the credential report (nullptr when unknown).
  const account::CredentialRow* credential(const Node& t) const {
    auto it = credentials.find(t.arn);
    return it == credentials.end() ? nullptr : it->second;
  }

  bool prereq_user(Prereq p, const Node& t, Edge& e) const {
    const account::CredentialRow* row = credential(t);
    const auto keys = [row] {
      int n = 0;
      for (const auto& k : row->keys) n += (k.active || k.last_rotated) ? 1 : 0;
      return n;
    };
    switch (p) {
      case Prereq::keys_below_two:
        if (row == nullptr) {
          e.notes.push_back("access-key count unknown (no credential report row): assumed below 2");
          return true;
        }
        return keys() < 2;
      case Prereq::keys_two:
        if (row == nullptr) {
          e.notes.push_back("access-key count unknown (no credential report row): assumed 2");
          return true;
        }
        return keys() == 2;
      case Prereq::no_password:
        if (row == nullptr) {
          e.notes.push_back("password and MFA unknown (no credential report row): assumed none");
          return true;
        }
        return !row->password_enabled && !row->mfa_active;
      case Prereq::no_mfa:
        if (row == nullptr) {
          e.notes.push_back("MFA unknown (no credential report row): assumed none");
          return true;
        }
        return !row->mfa_active;
      case Prereq::has_password:
        if (row == nullptr) {
          e.notes.push_back("password and MFA unknown (no credential report row): assumed a password, no MFA");
          return true;
        }
        return row->password_enabled && !row->mfa_active;
      default: return true;
    }
  }

  // Customer-managed policies attached to S directly or through its groups.
  std::vector<const account::ManagedPolicy*> attached_policies(const Node& s) const {
    std::vector<const account::ManagedPolicy*> out;
    const auto add = [&](const std::vector<std::string>& arns) {
      for (const std::string& arn : arns) {
        const account::ManagedPolicy* p = a.policy_by_arn(arn);
        if (p != nullptr && !p->aws_managed && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
      }
    };
    if (s.user != nullptr) {
      add(s.user->attached_policy_arns);
      for (const std::string& g : s.user->groups) {
        if (const account::Group* grp = access::group_of(a, s.account, g)) add(grp->attached_policy_arns);
      }
    } else {
      add(s.role->attached_policy_arns);
    }
    return out;
  }

  bool versions_ok(const Node& s, const account::ManagedPolicy& p, Edge& e) const {
    if (p.versions.size() < 5) return true;
    return allowed(s, "iam:DeletePolicyVersion", p.arn, e);
  }

  // ---- edges -------------------------------------------------------------------------------------

  Edge start(std::uint32_t s, std::size_t m) const {
    Edge e;
    e.from = s;
    e.method = static_cast<std::uint16_t>(m);
    return e;
  }

  void finish(Edge& e, const Method& m) const {
    if (!m.note.empty()) e.notes.emplace_back(m.note);
  }

  // Completes `e` as an edge to node `to` on `resource` and appends it to `out`.
  void add_edge(Edge& e, std::uint32_t to, std::string resource, bool terminal, const Method& m,
                std::vector<Edge>& out) const {
    e.to = static_cast<std::int32_t>(to);
    e.to_arn = nodes[to].arn;
    e.terminal = terminal;
    e.resource = std::move(resource);
    finish(e, m);
    out.push_back(std::move(e));
  }

  // Every edge from S that `f` asks for, in method order.
  void edges_from(std::uint32_t s, const Filter& f, std::vector<Edge>& out) const {
    const Node& n = nodes[s];
    if (!n.check) return;
    const std::span<const Method> all = methods();
    std::unordered_map<std::uint64_t, bool> pass_cache;
    for (std::size_t mi = 0; mi < all.size(); ++mi) {
      const Method& m = all[mi];
      const bool terminal_shape = m.shape == Shape::self_write || m.shape == Shape::self_default_version ||
                                  m.shape == Shape::self_add_to_group || m.shape == Shape::self_drop_boundary ||
                                  m.shape == Shape::write_become || m.shape == Shape::create_role ||
                                  m.shape == Shape::create_user || m.shape == Shape::group_become;
      if (terminal_shape ? !f.terminal : !f.become) continue;
      bool possible = true;
      for (const Perm& p : m.perms) {
        // A trust policy may grant sts:AssumeRole with no identity Allow (a direct grant).
        if (!p.action.empty() && p.on != On::trust && !may_any(n, p.action)) {
          possible = false;
          break;
        }
      }
      if (!possible) continue;
      const std::size_t before = out.size();
      const std::size_t limit = f.first_only ? 1 : f.per_method;
      const auto full = [&] { return out.size() - before >= limit; };
      switch (m.shape) {
        case Shape::self_write: self_write(s, mi, out); break;
        case Shape::self_default_version: self_default_version(s, mi, out); break;
        case Shape::self_add_to_group: self_add_to_group(s, mi, out, full); break;
        case Shape::self_drop_boundary: self_drop_boundary(s, mi, out); break;
        case Shape::write_become: write_become(s, mi, out, full); break;
        case Shape::create_role: create_role(s, mi, out); break;
        case Shape::create_user: create_user(s, mi, out); break;
        case Shape::group_become: group_become(s, mi, out, full); break;
        case Shape::become: become(s, mi, *f.targets, out, full); break;
        case Shape::passrole: passrole(s, mi, *f.targets, out, full, pass_cache); break;
        case Shape::existing: existing(s, mi, *f.targets, out, full); break;
      }
      if (f.first_only && !out.empty()) return;
    }
  }

  void self_write(std::uint32_t s, std::size_t mi, std::vector<Edge>& out) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    if (!writable_by(s, m)) return;
    if (m.prereq == Prereq::user_self && !n.is_user()) return;
    if (m.prereq == Prereq::role_self && n.is_user()) return;
    const Perm& p = m.perms[0];
    std::vector<std::string> resources;
    if (p.on == On::self) {
      resources.push_back(n.arn);
    } else if (p.on == On::self_group) {
      for (const std::string& g : n.user->groups) {
        if (const account::Group* grp = access::group_of(a, n.account, g)) resources.push_back(grp->arn);
      }
    } else {
      for (const account::ManagedPolicy* pol : attached_policies(n)) resources.push_back(pol->arn);
    }
    for (const std::string& r : resources) {
      Edge e = start(s, mi);
      if (!allowed(n, p.action, r, e)) continue;
      if (m.prereq == Prereq::versions && !versions_ok(n, *a.policy_by_arn(r), e)) continue;
      add_edge(e, s, r, true, m, out);
      return;
    }
  }

  void self_default_version(std::uint32_t s, std::size_t mi, std::vector<Edge>& out) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    for (const account::ManagedPolicy* pol : attached_policies(n)) {
      if (pol->versions.size() < 2) continue;
      Edge e = start(s, mi);
      if (!allowed(n, m.perms[0].action, pol->arn, e)) continue;
      const account::PolicyDoc* current = pol->default_document();
      for (const account::PolicyVersion& v : pol->versions) {
        if (v.is_default) continue;
        access::PrincipalPolicies changed = n.policies;
        std::replace(changed.identity.begin(), changed.identity.end(), current, &v.doc);
        if (!admin_with(changed)) continue;
        e.notes.push_back("makes version " + v.version_id + " the default");
        add_edge(e, s, pol->arn, true, m, out);
        return;
      }
    }
  }

  template <class Full>
  void self_add_to_group(std::uint32_t s, std::size_t mi, std::vector<Edge>& out, Full&& full) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    if (!n.is_user()) return;
    for (const account::Group& g : a.groups) {
      if (std::find(n.user->groups.begin(), n.user->groups.end(), g.name) != n.user->groups.end()) continue;
      if (g.inline_policies.empty() && g.attached_policy_arns.empty()) continue;
      Edge e = start(s, mi);
      if (!allowed(n, m.perms[0].action, g.arn, e)) continue;
      if (access::account_of(g.arn) != n.account) continue;  // a group of another account
      access::PrincipalPolicies joined = n.policies;
      access::add_group_policies(a, g, joined);
      if (!admin_with(joined)) continue;
      add_edge(e, s, g.arn, true, m, out);
      if (full()) return;
    }
  }

  void self_drop_boundary(std::uint32_t s, std::size_t mi, std::vector<Edge>& out) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    if (n.policies.boundary == nullptr) return;
    const std::string action = n.is_user() ? "iam:DeleteUserPermissionsBoundary" : "iam:DeleteRolePermissionsBoundary";
    Edge e = start(s, mi);
    if (!allowed(n, action, n.arn, e)) return;
    access::PrincipalPolicies unbounded = n.policies;
    unbounded.boundary = nullptr;
    unbounded.boundary_arn.clear();
    if (!admin_with(unbounded)) return;
    add_edge(e, s, n.arn, true, m, out);
  }

  // Checks every permission of `m` from S against target T (and policy `pol` for role_policy).
  bool target_perms(const Node& n, const Method& m, std::uint32_t t, const account::ManagedPolicy* pol, Edge& e) const {
    for (const Perm& p : m.perms) {
      if (p.action.empty()) break;
      switch (p.on) {
        case On::user:
        case On::role:
          if (!allowed(n, p.action, nodes[t].arn, e)) return false;
          break;
        case On::role_policy:
          if (!allowed(n, p.action, pol->arn, e)) return false;
          if (m.prereq == Prereq::versions && !versions_ok(n, *pol, e)) return false;
          break;
        case On::trust:
          if (!can_assume(n, t, e)) return false;
          break;
        default: return false;
      }
    }
    return true;
  }

  template <class Full>
  void write_become(std::uint32_t s, std::size_t mi, std::vector<Edge>& out, Full&& full) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    const Perm& first = m.perms[0];
    const bool via_trust = std::any_of(m.perms.begin(), m.perms.end(), [](const Perm& p) { return p.on == On::trust; });
    const auto emit = [&](std::uint32_t t, Edge& e, const std::string& resource) {
      if (!via_trust && !can_assume_own_trust(n, nodes[t].arn) && !nodes[t].is_user()) return false;
      add_edge(e, t, resource, true, m, out);
      return true;
    };
    std::vector<char> assumable;
    if (via_trust) assumable = assumable_mask(n);
    const auto keep = [&](std::uint32_t t) {
      return t != s && !nodes[t].admin && (!via_trust || assumable[t]) && writable_by(t, m);
    };
    if (first.on == On::role_policy) {
      const std::vector<std::string> pats = patterns(n, first.action);
      if (pats.empty()) return;
      const bool every_policy = std::find(pats.begin(), pats.end(), "*") != pats.end();
      for (const auto& [pi, roles] : role_policies) {
        const account::ManagedPolicy& pol = a.policies[pi];
        if (!every_policy &&
            std::none_of(pats.begin(), pats.end(), [&](const std::string& p) { return glob(p, pol.arn, false); })) {
          continue;
        }
        for (std::uint32_t t : *roles) {
          if (via_trust && !assumable[t]) continue;
          if (!keep(t)) continue;
          Edge e = start(s, mi);
          if (!target_perms(n, m, t, &pol, e)) continue;
          if (emit(t, e, pol.arn) && full()) return;
        }
      }
      return;
    }
    const std::vector<std::uint32_t>& kind = first.on == On::user ? users_sorted : roles_sorted;
    for (std::uint32_t t : targets(n, first.action, kind, keep)) {
      if (dead(n, first.action)) return;
      Edge e = start(s, mi);
      if (m.prereq != Prereq::none && !prereq_user(m.prereq, nodes[t], e)) continue;
      if (!target_perms(n, m, t, nullptr, e)) continue;
      if (emit(t, e, nodes[t].arn) && full()) return;
    }
  }

  void create_role(std::uint32_t s, std::size_t mi, std::vector<Edge>& out) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    if (!new_role_writable.contains(n.account)) return;
    Edge e = start(s, mi);
    const std::string tmpl = "arn:aws:iam::" + n.account + ":role/*";
    // CreateRole first (on its own candidates), then the policy write on the same ARN.
    std::vector<std::string> candidates{"arn:aws:iam::" + n.account + ":role/" + std::string(kNewRoleName)};
    for (const std::string& p : patterns(n, m.perms[0].action)) {
      if (p == "*") continue;
      std::string c = instantiate(p);
      if (glob(tmpl, c, false)) add_unique(candidates, c);
    }
    for (const std::string& c : candidates) {
      Edge trial = start(s, mi);
      if (by_arn.contains(c)) continue;  // not a new role
      if (!allowed(n, m.perms[0].action, c, trial) || !allowed(n, m.perms[1].action, c, trial)) continue;
      if (!can_assume_own_trust(n, c)) continue;
      trial.to = -1;
      trial.to_arn = c;
      trial.terminal = true;
      trial.resource = c;
      finish(trial, m);
      out.push_back(std::move(trial));
      return;
    }
  }

  // Takes user T's credentials: a new access key (fewer than two), or a console password (set
  // when it has none, reset when it has one; only without MFA). Records the step in `e`.
  bool take_credentials(const Node& n, std::uint32_t t, Edge& e) const {
    const std::string& arn = nodes[t].arn;
    Edge probe;
    if (prereq_user(Prereq::keys_below_two, nodes[t], probe) && allowed(n, "iam:CreateAccessKey", arn, e)) {
      e.notes.insert(e.notes.end(), probe.notes.begin(), probe.notes.end());
      return true;
    }
    probe.notes.clear();
    if (prereq_user(Prereq::no_password, nodes[t], probe) && allowed(n, "iam:CreateLoginProfile", arn, e)) {
      e.notes.insert(e.notes.end(), probe.notes.begin(), probe.notes.end());
      return true;
    }
    probe.notes.clear();
    if (prereq_user(Prereq::has_password, nodes[t], probe) && allowed(n, "iam:UpdateLoginProfile", arn, e)) {
      e.notes.insert(e.notes.end(), probe.notes.begin(), probe.notes.end());
      return true;
    }
    return false;
  }

  // S creates a user, makes it admin (an admin policy, or a group that makes members admin) and
  // creates an access key or a console password for it. The new user has no boundary: a
  // condition forcing iam:PermissionsBoundary on CreateUser blocks the step.
  void create_user(std::uint32_t s, std::size_t mi, std::vector<Edge>& out) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    const std::string tmpl = "arn:aws:iam::" + n.account + ":user/*";
    std::vector<std::string> candidates{"arn:aws:iam::" + n.account + ":user/" + std::string(kNewUserName)};
    for (const std::string& p : patterns(n, "iam:CreateUser")) {
      if (p == "*") continue;
      std::string c = instantiate(p);
      if (glob(tmpl, c, false)) add_unique(candidates, c);
    }
    for (const std::string& c : candidates) {
      if (by_arn.contains(c)) continue;  // not a new user
      Edge e = start(s, mi);
      if (!allowed(n, "iam:CreateUser", c, e)) continue;
      bool admin = new_user_writable.contains(n.account) && allowed(n, "iam:AttachUserPolicy|iam:PutUserPolicy", c, e);
      for (std::size_t g = 0; !admin && g < admin_groups.size(); ++g) {
        if (access::account_of(admin_groups[g]->arn) != n.account) continue;
        if (allowed(n, "iam:AddUserToGroup", admin_groups[g]->arn, e)) {
          admin = true;
          e.notes.push_back("adds the new user to group " + admin_groups[g]->name);
        }
      }
      if (!admin || !allowed(n, std::string(m.perms[2].action), c, e)) continue;
      e.to = -1;
      e.to_arn = c;
      e.terminal = true;
      e.resource = c;
      finish(e, m);
      out.push_back(std::move(e));
      return;
    }
  }

  // S adds an existing user T to a group that makes members admin (T's boundary and the SCPs
  // let an admin policy through), then takes T's credentials.
  template <class Full>
  void group_become(std::uint32_t s, std::size_t mi, std::vector<Edge>& out, Full&& full) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    if (admin_groups.empty()) return;
    const auto keep = [&](std::uint32_t t) { return t != s && !nodes[t].admin && after_write(t, false); };
    for (std::uint32_t t : users_sorted) {
      if (dead(n, "iam:AddUserToGroup")) return;
      if (!keep(t)) continue;
      const Node& target = nodes[t];
      for (const account::Group* g : admin_groups) {
        if (access::account_of(g->arn) != target.account) continue;
        if (std::find(target.user->groups.begin(), target.user->groups.end(), g->name) != target.user->groups.end()) {
          continue;
        }
        Edge e = start(s, mi);
        if (!allowed(n, "iam:AddUserToGroup", g->arn, e) || !take_credentials(n, t, e)) continue;
        e.notes.push_back("adds " + target.name + " to group " + g->name);
        add_edge(e, t, target.arn, true, m, out);
        if (full()) return;
        break;
      }
    }
  }

  template <class Full>
  void become(std::uint32_t s, std::size_t mi, const std::vector<char>& ok, std::vector<Edge>& out, Full&& full) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    const Perm& first = m.perms[0];
    const auto keep = [&](std::uint32_t t) { return t != s && ok[t]; };
    if (first.on == On::trust) {
      std::vector<std::uint32_t> cands;
      for (std::uint32_t t : star_trust_roles) cands.push_back(t);
      if (may(n, "sts:AssumeRole")) {
        // Only the roles S's sts:AssumeRole patterns name (the identity Allow is needed).
        for (std::uint32_t t : targets(n, "sts:AssumeRole", roles_sorted, [&](std::uint32_t r) {
               return trusts_account_of(r, n) && keep(r);
             })) {
          cands.push_back(t);
        }
      }
      if (auto it = named_trust_roles.find(n.arn); it != named_trust_roles.end()) {
        cands.insert(cands.end(), it->second.begin(), it->second.end());
      }
      std::sort(cands.begin(), cands.end());
      cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
      for (std::uint32_t t : cands) {
        if (dead(n, "sts:AssumeRole")) return;
        if (!keep(t)) continue;
        Edge e = start(s, mi);
        if (!can_assume(n, t, e)) continue;
        add_edge(e, t, nodes[t].arn, false, m, out);
        if (full()) return;
      }
      return;
    }
    const std::vector<std::uint32_t>& kind = first.on == On::user ? users_sorted : roles_sorted;
    for (std::uint32_t t : targets(n, first.action, kind, keep)) {
      if (dead(n, first.action)) return;
      Edge e = start(s, mi);
      if (m.prereq != Prereq::none && !prereq_user(m.prereq, nodes[t], e)) continue;
      if (!target_perms(n, m, t, nullptr, e)) continue;
      if (first.on == On::role && !can_assume_own_trust(n, nodes[t].arn)) continue;
      add_edge(e, t, nodes[t].arn, false, m, out);
      if (full()) return;
    }
  }

  // Compute items of the method's types.
  std::vector<const account::Compute*> compute_of(const Method& m) const {
    std::vector<const account::Compute*> out;
    const std::vector<std::string_view> types = split(m.compute, ',');
    for (const account::Compute& c : a.compute) {
      if (std::find(types.begin(), types.end(), std::string_view(c.type)) != types.end()) out.push_back(&c);
    }
    return out;
  }

  // The permissions of `m` that do not depend on the role: new resources, "*", some existing
  // compute (`on` = the compute item's ARN for On::compute). Returns the main resource.
  std::optional<std::string> other_perms(const Node& n, const Method& m, const account::Compute* on,
                                         const eval::Context& ctx, Edge& e) const {
    std::string main;
    std::map<std::string, std::vector<std::string_view>> fresh;  // template -> actions
    std::vector<std::string_view> some;
    for (const Perm& p : m.perms) {
      if (p.action.empty()) break;
      switch (p.on) {
        case On::any:
          if (!allowed(n, p.action, "*", ctx, e)) return std::nullopt;
          break;
        case On::compute:
          if (!allowed(n, p.action, on->arn, ctx, e)) return std::nullopt;
          if (main.empty()) main = on->arn;
          break;
        case On::new_resource: fresh[replace_account(p.arn, n.account)].push_back(p.action); break;
        case On::some_compute: some.push_back(p.action); break;
        default: break;
      }
    }
    for (const auto& [tmpl, actions] : fresh) {
      auto arn = new_resource(n, tmpl, actions, e);
      if (!arn) return std::nullopt;
      if (main.empty()) main = *arn;
    }
    if (!some.empty()) {
      bool found = false;
      for (const account::Compute* c : compute_of(m)) {
        Edge trial;
        bool ok = true;
        for (std::string_view act : some) {
          if (!allowed(n, act, c->arn, ctx, trial)) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        for (auto& p : trial.permissions) add_unique(e.permissions, p);
        for (auto& k : trial.conditions) add_unique(e.conditions, k);
        if (main.empty()) main = c->arn;
        found = true;
        break;
      }
      if (!found) return std::nullopt;
    }
    if (main.empty()) main = "*";
    return main;
  }

  template <class Full>
  void passrole(std::uint32_t s, std::size_t mi, const std::vector<char>& ok, std::vector<Edge>& out,
                Full&& full, std::unordered_map<std::uint64_t, bool>& pass_cache) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    auto it = service_roles.find(m.service);
    if (it == service_roles.end()) return;
    const std::vector<char>& trusting = service_mask.find(m.service)->second;
    const bool any = std::any_of(it->second.begin(), it->second.end(), [&](std::uint32_t r) { return r != s && ok[r]; });
    if (!any) return;
    Edge base = start(s, mi);
    const auto main = other_perms(n, m, nullptr, eval::Context{}, base);
    if (!main) return;
    const auto keep = [&](std::uint32_t r) {
      if (r == s || !ok[r] || !trusting[r]) return false;
      return m.prereq != Prereq::instance_profile || !nodes[r].role->instance_profile_arns.empty();
    };
    for (std::uint32_t r : targets(n, "iam:PassRole", roles_sorted, keep)) {
      if (dead(n, "iam:PassRole")) return;
      Edge e = base;
      eval::Context ctx;
      ctx.set("iam:PassedToService", std::string(m.service));
      ctx.set("cloudformation:RoleArn", nodes[r].arn);
      // The same (service, role) pair recurs across the methods of one service: decide it once.
      const std::uint64_t key = (static_cast<std::uint64_t>(r) << 8) ^ std::hash<std::string_view>{}(m.service);
      auto cached = pass_cache.find(key);
      if (cached != pass_cache.end() && !cached->second) continue;
      const bool passed = allowed(n, "iam:PassRole", nodes[r].arn, ctx, e);
      pass_cache[key] = passed;
      if (!passed) continue;
      e.permissions.erase(std::remove(e.permissions.begin(), e.permissions.end(), "iam:PassRole"), e.permissions.end());
      e.permissions.insert(e.permissions.begin(), "iam:PassRole");
      add_edge(e, r, *main, false, m, out);
      if (full()) return;
    }
  }

  template <class Full>
  void existing(std::uint32_t s, std::size_t mi, const std::vector<char>& ok, std::vector<Edge>& out,
                Full&& full) const {
    const Node& n = nodes[s];
    const Method& m = methods()[mi];
    for (const account::Compute* c : compute_of(m)) {
      auto r = by_arn.find(c->role_arn);
      if (r == by_arn.end() || r->second == s || !ok[r->second]) continue;
      Edge e = start(s, mi);
      eval::Context ctx;
      ctx.set("cloudformation:RoleArn", c->role_arn);
      const auto main = other_perms(n, m, c, ctx, e);
      if (!main) continue;
      add_edge(e, r->second, c->arn, false, m, out);
      if (full()) return;
    }
  }

  // ---- search -------------------------------------------------------------------------------------

  // Reverse BFS: dist 0 for `seeds`; level k labels the principals with an edge into level k-1
  // (level 1 also those with an edge that ends in admin). Returns dist and the first edge.
  void search(const std::vector<char>& seeds, std::vector<int>& d, std::vector<Edge>& nxt) const {
    d.assign(nodes.size(), -1);
    nxt.assign(nodes.size(), Edge{});
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (seeds[i]) d[i] = 0;
    }
    for (int k = 1; k <= options.max_depth; ++k) {
      std::vector<char> frontier(nodes.size(), 0);
      bool any_frontier = false;
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (d[i] == k - 1) frontier[i] = 1, any_frontier = true;
      }
      if (!any_frontier && k > 1) break;
      std::vector<char> found(nodes.size(), 0);
      Filter f;
      f.targets = &frontier;
      f.terminal = k == 1;
      parallel_for(nodes.size(), threads, [&](std::size_t i) {
        if (d[i] != -1) return;
        std::vector<Edge> edges;
        edges_from(static_cast<std::uint32_t>(i), f, edges);
        if (edges.empty()) return;
        nxt[i] = std::move(edges.front());
        found[i] = 1;
      });
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (found[i]) d[i] = k;
      }
    }
  }

  void search_admin() const {
    std::vector<char> seeds(nodes.size(), 0);
    for (std::size_t i = 0; i < nodes.size(); ++i) seeds[i] = nodes[i].admin ? 1 : 0;
    search(seeds, dist, next);
  }

  Step step_of(const Edge& e) const {
    Step st;
    st.method = std::string(methods()[e.method].id);
    st.from = nodes[e.from].arn;
    st.to = e.to_arn;
    st.permissions = e.permissions;
    st.resource = e.resource;
    st.conditions = e.conditions;
    st.notes = e.notes;
    st.granted_by = e.grants;
    return st;
  }

  Path shortest(std::uint32_t s, const std::vector<int>& d, const std::vector<Edge>& nxt) const {
    Path p;
    p.principal = nodes[s].arn;
    std::uint32_t at = s;
    while (d[at] > 0) {
      const Edge& e = nxt[at];
      p.steps.push_back(step_of(e));
      if (e.terminal || e.to < 0) {
        p.target = "admin";
        return p;
      }
      at = static_cast<std::uint32_t>(e.to);
    }
    p.target = nodes[at].arn;
    return p;
  }

  std::vector<Path> all_paths() const {
    std::vector<char> reach(nodes.size(), 0);
    for (std::size_t i = 0; i < nodes.size(); ++i) reach[i] = dist[i] >= 0 ? 1 : 0;
    std::vector<std::vector<Edge>> adj(nodes.size());
    Filter f;
    f.targets = &reach;
    f.terminal = true;
    f.first_only = false;
    parallel_for(nodes.size(), threads, [&](std::size_t i) {
      if (dist[i] > 0) edges_from(static_cast<std::uint32_t>(i), f, adj[i]);
    });
    std::vector<Path> out;
    for (std::uint32_t s = 0; s < nodes.size(); ++s) {
      if (dist[s] <= 0) continue;
      std::vector<Path> mine;
      std::vector<Step> stack;
      std::vector<char> on(nodes.size(), 0);
      std::function<void(std::uint32_t)> dfs = [&](std::uint32_t at) {
        on[at] = 1;
        for (const Edge& e : adj[at]) {
          if (mine.size() >= options.max_paths) break;
          stack.push_back(step_of(e));
          if (e.terminal || e.to < 0) {
            mine.push_back(Path{nodes[s].arn, "admin", stack});
          } else if (dist[static_cast<std::size_t>(e.to)] == 0) {
            mine.push_back(Path{nodes[s].arn, e.to_arn, stack});
          } else if (!on[static_cast<std::size_t>(e.to)] && static_cast<int>(stack.size()) < options.max_depth) {
            dfs(static_cast<std::uint32_t>(e.to));
          }
          stack.pop_back();
        }
        on[at] = 0;
      };
      dfs(s);
      std::stable_sort(mine.begin(), mine.end(),
                       [](const Path& x, const Path& y) { return x.steps.size() < y.steps.size(); });
      for (Path& p : mine) out.push_back(std::move(p));
    }
    return out;
  }

  // ---- direct access (who-can / can) ------------------------------------------------------------

  Access direct(std::uint32_t s, const std::string& action, const std::string& resource) const {
    return direct_access(model, *model.find(nodes[s].arn), action, resource);
  }
};

Access direct_access(const access::Model& model, const access::Model::Entry& e, const std::string& action,
                     const std::string& resource) {
  Access out;
  out.principal = e.arn();
  const access::Access ans = model.can(e, action, resource);
  out.allowed = ans.allowed();
  out.denied_by = ans.decision.denied_by;
  if (!out.allowed) return out;
  for (const access::Grant& g : ans.granted_by) add_unique(out.granted_by, g.policy);
  out.conditions = ans.gating;
  out.witness = ans.witness;
  return out;
}

Graph::Graph(const access::Model& model, const Options& options)
    : impl_(std::make_unique<Impl>(model, options)) {}

Graph::Graph(const account::Account& account, const Options& options)
    : impl_(std::make_unique<Impl>(account, options)) {}

Graph::~Graph() = default;

std::vector<std::string> Graph::principals() const {
  std::vector<std::string> out;
  for (const Node& n : impl_->nodes) out.push_back(n.arn);
  return out;
}

bool Graph::has_principal(std::string_view arn) const { return impl_->by_arn.contains(std::string(arn)); }

bool Graph::is_admin(std::string_view arn) const {
  auto it = impl_->by_arn.find(std::string(arn));
  return it != impl_->by_arn.end() && impl_->nodes[it->second].admin;
}

std::vector<Path> Graph::escalation_paths() const {
  impl_->ensure_searched();
  std::vector<Path> out;
  if (impl_->options.all) {
    out = impl_->all_paths();
  } else {
    for (std::uint32_t s = 0; s < impl_->nodes.size(); ++s) {
      if (impl_->dist[s] > 0) out.push_back(impl_->shortest(s, impl_->dist, impl_->next));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Path& x, const Path& y) { return x.principal < y.principal; });
  return out;
}

Access Graph::can(std::string_view principal, const std::string& action, const std::string& resource) const {
  auto it = impl_->by_arn.find(std::string(principal));
  if (it == impl_->by_arn.end()) return Access{std::string(principal), false, {}, {}, {}, {}};
  return impl_->direct(it->second, action, resource);
}

std::vector<Graph::WhoCan> Graph::who_can(const std::string& action, const std::string& resource,
                                          bool transitive) const {
  const Impl& g = *impl_;
  std::vector<Access> direct(g.nodes.size());
  parallel_for(g.nodes.size(), g.threads,
               [&](std::size_t i) { direct[i] = g.direct(static_cast<std::uint32_t>(i), action, resource); });
  std::vector<WhoCan> out;
  if (!transitive) {
    for (Access& d : direct) {
      if (d.allowed) out.push_back(WhoCan{std::move(d), std::nullopt});
    }
    return out;
  }
  g.ensure_searched();
  std::vector<char> seeds(g.nodes.size(), 0);
  for (std::size_t i = 0; i < g.nodes.size(); ++i) seeds[i] = (direct[i].allowed || g.nodes[i].admin) ? 1 : 0;
  std::vector<int> d;
  std::vector<Edge> nxt;
  g.search(seeds, d, nxt);
  for (std::uint32_t i = 0; i < g.nodes.size(); ++i) {
    if (direct[i].allowed) {
      out.push_back(WhoCan{std::move(direct[i]), std::nullopt});
    } else if (d[i] > 0) {
      Path p = g.shortest(i, d, nxt);
      out.push_back(WhoCan{std::move(direct[i]), std::move(p)});
    } else if (d[i] == 0) {
      // admin-equivalent but not allowed this request (a trust-rule action, a resource Deny)
    }
  }
  return out;
}

std::size_t Graph::edges_checked() const { return impl_->checked.load(); }

}  // namespace iw::graph
