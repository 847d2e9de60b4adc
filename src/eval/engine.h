// The authorization engine: decides a request exactly as aws-evaluation-semantics.md §3 says,
// and explains the decision.
//
// Usage: compile a PolicySet once with Engine::compile(), then call evaluate() for any number of
// requests (make_request() in request.h). An Engine is immutable after compile() and safe to
// share between threads; copying it is cheap (the compiled policies are shared). For policies
// without variables, evaluate(request, decision) does not allocate once `decision` has grown to
// its working size (reuse one Decision per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/request.h"
#include "policy/policy.h"

namespace iw::eval {

// Policy layers, in contract order (contracts.md §4 `denied_by`). `caller` is no policy: AWS
// refused the call for the caller's credential type or account before reading any (§3.3 step 1).
enum class Layer : std::uint8_t { scp, rcp, resource, identity, boundary, session, caller };
std::string_view to_string(Layer l);

// A small set of layers; iteration order is contract order.
class LayerSet {
 public:
  void add(Layer l) { bits_ |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(l)); }
  bool has(Layer l) const { return (bits_ >> static_cast<unsigned>(l)) & 1u; }
  bool empty() const { return bits_ == 0; }
  // The layers in contract order.
  std::vector<Layer> list() const;
  bool operator==(const LayerSet&) const = default;

 private:
  std::uint8_t bits_ = 0;
};

enum class Outcome : std::uint8_t { allow, explicit_deny, implicit_deny };
std::string_view to_string(Outcome o);

// How a resource-policy Allow names the caller (§3.2); ordered weakest to strongest.
enum class GrantClass : std::uint8_t { none, account, role, direct };
std::string_view to_string(GrantClass g);

// The policies of one request (contracts.md §4). `scps`/`rcps` hold one list per level, root
// first; an empty list means no organization policies apply.
struct PolicySet {
  std::vector<policy::Document> identity;
  std::optional<policy::Document> boundary;
  std::vector<policy::Document> session;
  std::optional<policy::Document> resource;  // resource, trust or key policy of the resource
  std::vector<std::vector<policy::Document>> scps;
  std::vector<std::vector<policy::Document>> rcps;
};

// The policies of one request by reference: the documents must outlive the compile() call only
// (the Engine keeps compiled forms). Same layout and meaning as PolicySet.
struct PolicyView {
  std::vector<const policy::Document*> identity;
  const policy::Document* boundary = nullptr;
  std::vector<const policy::Document*> session;
  const policy::Document* resource = nullptr;
  std::vector<std::vector<const policy::Document*>> scps;
  std::vector<std::vector<const policy::Document*>> rcps;

  static PolicyView of(const PolicySet& set);
};

// Compiled policies shared between engines: each document (by address) is compiled once. The
// documents must outlive the cache. Safe to use from several threads. With `only_action` (a
// lower-cased action), a document's statements that cannot apply to that action are not compiled
// (a statement that does not compile counts as one that may): the engines of such a cache decide
// requests for that action only, as a whole cache's would.
class PolicyCache {
 public:
  explicit PolicyCache(std::string_view only_action = {});
  ~PolicyCache();
  PolicyCache(const PolicyCache&) = delete;
  PolicyCache& operator=(const PolicyCache&) = delete;
  struct Impl;

 private:
  friend class Engine;
  std::unique_ptr<Impl> impl_;
};

// Which policy: layer plus index (identity[i], session[i]) or level and index (scp[l][i]).
struct PolicyRef {
  Layer layer = Layer::identity;
  std::int32_t level = -1;  // scp / rcp only
  std::int32_t index = -1;  // identity, session, scp, rcp
  bool operator==(const PolicyRef&) const = default;
};
// "identity[0]", "boundary", "session[1]", "resource", "scp[0][2]", "rcp[1][0]".
std::string label(const PolicyRef& p);
// The PolicyRef of a label; nullopt when malformed.
std::optional<PolicyRef> parse_label(std::string_view label);

// One applicable statement.
struct Match {
  PolicyRef policy;
  std::uint32_t statement = 0;   // 0-based index in the policy's Statement list
  std::string_view sid;          // view into the Engine (valid while it lives)
  policy::Effect effect = policy::Effect::allow;
  std::uint32_t offset = 0;      // source offset of the statement (policy::Statement::offset)
  GrantClass grant = GrantClass::none;  // resource-policy Allow: how it named the caller
};

// What the procedure found, for explanations.
struct Facts {
  bool special_action = false;  // decided before any policy: GetCallerIdentity, GetSessionToken,
                                // a credential-type refusal (§3.3 step 1)
  bool bucket_owner_root = false;  // the bucket owner's root on a bucket-policy action (§3.3 step 1)
  LayerSet applicable;          // layers evaluated for this caller and action
  LayerSet denying;             // layers with an applicable Deny
  bool identity_allows = false; // I (true for root)
  bool boundary_allows = true;  // B
  bool session_allows = true;   // S
  std::int32_t scp_level_failed = -1;  // first SCP level without an applicable Allow
  GrantClass resource_grant = GrantClass::none;
  bool same_account = false;
  bool trust_rule = false;      // KMS key action or role trust action (§3.3 step 5)
  bool rcp_supported = false;   // the action's service is governed by RCPs
};

struct Decision {
  Outcome outcome = Outcome::implicit_deny;
  LayerSet denied_by;           // empty iff outcome == allow
  std::vector<Match> matched;   // applicable statements, by policy (contract order) then statement
  Facts facts;
};

struct CompileError {
  PolicyRef policy;
  std::uint32_t offset = 0;  // source offset in that policy's text
  std::string message;
};

struct EngineOptions {
  // Whether RCPs govern a service (lower-cased prefix). Null: rcp_supported_builtin().
  bool (*rcp_supported)(std::string_view service) = nullptr;
};

// The catalog's rcpSupportedServices (catalog::Service::rcp_supported; unknown services: false).
bool rcp_supported_builtin(std::string_view service);

// One sentence on why §3.3 step 1 decided `r` (Facts::special_action or bucket_owner_root), for
// explanations; "" when it did not.
std::string_view caller_rule(const Request& r, const Decision& d);

class Engine {
 public:
  struct Compiled;  // private representation

  // Compiles every policy of `set`. Fails (with the policy and offset) on what cannot be
  // evaluated: an unknown condition operator, a statement without a valid Effect or without
  // Action/NotAction. Other grammar problems are the caller's to reject (policy::ParseResult).
  static std::optional<Engine> compile(const PolicySet& set, CompileError& error,
                                       const EngineOptions& options = {});
  // The same from documents by reference, reusing (and filling) `cache`: an Engine for a
  // principal costs a few pointer copies once its policies are compiled.
  static std::optional<Engine> compile(const PolicyView& view, CompileError& error, PolicyCache& cache,
                                       const EngineOptions& options = {});

  // Decides `request`. The Decision's vectors are reused (cleared, capacity kept).
  // With explain == false, `matched` stays empty (slightly faster).
  void evaluate(const Request& request, Decision& out, bool explain = true) const;
  Decision evaluate(const Request& request) const;
  // As evaluate(), and fills `considered` with every statement whose Action, Resource and
  // Principal apply to the request, whatever its Condition says (grant: the Principal's class):
  // the statements whose conditions decide the request. Used to reason over contexts (access/).
  void evaluate(const Request& request, Decision& out, std::vector<Match>& considered) const;

  // Could any request of `caller` for `action_lower` be allowed? False only when the caller has
  // an identity layer (a user, a session, a federated user), there is no resource policy, §3.3
  // step 1 allows no such call, and the identity policies, the permissions boundary, the session
  // policies or a level of SCPs that applies hold no Allow statement naming the action: every
  // such request is then denied, whatever its resource and context. A cheap test (the action
  // index only) for callers that ask one action of many policy sets.
  bool may_allow(const Principal& caller, std::string_view action_lower) const;

 private:
  explicit Engine(std::shared_ptr<const Compiled> c) : compiled_(std::move(c)) {}
  void run(const Request& request, Decision& out, bool explain, std::vector<Match>* considered) const;
  std::shared_ptr<const Compiled> compiled_;
};

// Engine::may_allow() before compiling, for an IAM user or role: no request for the action
// (lower-cased) can be allowed without a resource policy unless an identity policy names it in
// an Allow statement (names_action(…, Effects::allow): a pattern matching it, or NotAction) or
// the action needs no identity Allow (allowed_without_identity_allow). Both may say yes where
// the engine says no (a boundary, an SCP), never the reverse.
// With Effects::any, names_action() tells whether any statement of `doc` may apply to requests
// for the action, whatever its effect: one that does not compile (no valid Effect, no Action, an
// unknown condition operator) counts, so that such a policy is not left out of a checker that
// would fail.
enum class Effects : std::uint8_t { allow, any };
bool names_action(const policy::Document& doc, std::string_view action_lower, Effects effects);
bool allowed_without_identity_allow(std::string_view action_lower);

}  // namespace iw::eval
