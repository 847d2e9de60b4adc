// What a principal can do: the one access model under audit, graph, who-can, can and
// simulate --snapshot.
//
// A Checker holds one principal's compiled policy set (identity, boundary, the organization's
// SCP/RCP levels) and its facts (principal.h). can() answers "may it perform ACTION on
// RESOURCE?" through satisfy(): exact for the facts, existential over the keys a requester
// chooses, with the resource's own policy (trust, bucket, key …) on the resource side, every
// rule applied by the engine. A Model holds a Checker per user and role of a snapshot, compiled
// from one PolicyCache (each document compiled once, shared by every principal that holds it),
// and decides admin-equivalence once per principal.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "access/principal.h"
#include "access/satisfy.h"
#include "account/account.h"
#include "eval/engine.h"

namespace iw::access {

// Keys a request sets on top of the facts (a method's iam:PassedToService, the resource's
// tags …), and keys it leaves absent on purpose (a request without iam:PermissionsBoundary).
struct Fixed {
  eval::Context context;
  std::vector<std::string> absent;  // lower-cased
};

// A policy that granted an allowed request, as the user knows it.
struct Grant {
  std::string policy;     // "AdministratorAccess", "inline ci (via group dev)", "trust policy", "SCP x"
  std::uint32_t statement = 0;
  std::string sid;
  eval::Layer layer = eval::Layer::identity;
};

struct Access : Answer {
  std::vector<Grant> granted_by;  // identity (and resource) statements that allow, when allowed
  // Denied by an identity, boundary or SCP Deny with no Condition and Resource "*": no resource
  // and no context can be allowed this action (lets searches skip it).
  bool denied_everywhere = false;
};

class Checker {
 public:
  // nullopt when a policy cannot be compiled (a grammar problem the policy lint reports).
  static std::optional<Checker> build(const account::Account& a, PrincipalPolicies p, const World& world,
                                      eval::PolicyCache& cache);

  // May the principal perform `action` on `resource` (an ARN or "*")? `resource_policy` is the
  // resource's own policy (trust policy of a role, bucket policy …), nullptr when none.
  // `resource_account` defaults to the resource ARN's account, then the principal's. The RCPs are
  // those of the resource's account (none for an account the snapshot does not hold).
  Access can(std::string_view action, std::string_view resource, const Fixed& fixed = {},
             const account::PolicyDoc* resource_policy = nullptr, std::string_view resource_account = {},
             const std::string& resource_name = "resource policy") const;

  // Could can(action, …) allow, with this resource policy (nullptr: none)? False only when it
  // certainly denies (no Allow names the action): lets a question about many principals skip
  // the request of each one that cannot be allowed. `action` need not be lower-cased.
  bool may_allow(std::string_view action, const account::PolicyDoc* resource_policy = nullptr) const;

  const PrincipalPolicies& principal() const { return p_; }
  const Facts& facts() const;

 private:
  Checker() = default;
  PrincipalPolicies p_;
  const World* world_ = nullptr;  // the model's: outlives its checkers
  eval::Principal caller_;
  // The principal's facts and its request with them, which can() retargets a copy of: built on
  // first use (a question about many principals skips those that may_allow() rules out).
  struct Base {
    std::once_flag once;
    Facts facts;
    eval::Request request;
  };
  std::shared_ptr<Base> base_;
  const Base& built() const;
  const eval::Request& base() const { return built().request; }
  eval::PolicyView view_;
  std::optional<eval::Engine> engine_;
  eval::PolicyCache* cache_ = nullptr;
  std::vector<std::vector<const policy::Document*>> rcps_of(std::string_view resource_account) const;

  const account::Account* account_ = nullptr;
};

// Admin-equivalent: every action on every resource effectively allowed, as the facts stand or
// in some context (then `gate`, when given, receives the access of "*" on "*" with its gating
// keys and grants). Probed with an action no specific pattern can name, and with the actions
// that carry an administrator's power (IAM writes, PassRole, data, compute), which a targeted
// Deny, boundary or SCP would carve out.
bool is_admin(const Checker& c, Access* grant = nullptr);

struct ModelOptions {
  account::Timestamp as_of = 0;  // the time conditions see (0: the snapshot's taken_at, else now)
  unsigned threads = 0;          // 0: hardware concurrency
  bool decide_admin = true;      // decide Entry::admin for every principal (direct questions skip it)
  std::string only;              // when set: compile the checker of this principal ARN only (`can`)
  // When set (lower-cased action, with its resource): the model answers this question only — ask
  // it about that action only. Checkers compile only the statements that may apply to the action
  // (eval::PolicyCache's only_action), like account::LoadOptions::question_action, so that a
  // snapshot loaded for the question gives the same answers; and a principal whose identity policies
  // name the action in no Allow (eval::names_action) gets no checker, since can() of it would
  // certainly deny (unless the resource has a policy of its own, or the action needs no identity
  // Allow: then every principal gets one).
  std::string question_action, question_resource;
};

class Model {
 public:
  explicit Model(const account::Account& a, const ModelOptions& options = {});
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  struct Entry {
    const account::User* user = nullptr;
    const account::Role* role = nullptr;
    // Null: a policy does not compile (or, with ModelOptions::question_action, it cannot be
    // allowed). Held apart, as is admin_grant, so that the entries of principals without one
    // stay small.
    std::unique_ptr<Checker> checker;
    bool admin = false;
    std::unique_ptr<Access> admin_grant;  // with admin: the grant of "*" on "*"
    const std::string& arn() const { return user ? user->arn : role->arn; }
  };
  // Users, then roles (service-linked roles excluded), in snapshot order.
  std::span<const Entry> entries() const { return entries_; }
  const Entry* find(std::string_view arn) const;

  const account::Account& account() const { return a_; }
  const World& world() const { return world_; }
  eval::PolicyCache& cache() const { return *cache_; }
  unsigned threads() const { return threads_; }

  // May the principal of `e` perform `action` on `resource`? The resource's own policy (a role's
  // trust policy, resource-policies.json) and tags (a user or role of the snapshot) take part.
  Access can(const Entry& e, std::string_view action, std::string_view resource) const;
  // Checker::may_allow() with the resource's own policy: false when can() certainly denies.
  bool may_allow(const Entry& e, std::string_view action, std::string_view resource) const;

  // A checker for a principal that holds other policies than the snapshot says (an admin policy
  // written to it, a role about to be created), compiled from the same cache.
  std::optional<Checker> checker_for(PrincipalPolicies p) const;

 private:
  const account::Account& a_;
  World world_;
  unsigned threads_ = 1;
  std::unique_ptr<eval::PolicyCache> cache_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string_view, std::size_t> by_arn_;
  class Question;

  // The resource side of can(e, …, resource): its policy (nullptr: none) and its name, and its tags.
  const account::PolicyDoc* resource_policy(std::string_view resource, std::string* name, Fixed* fixed) const;
};


}  // namespace iw::access
