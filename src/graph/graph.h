// The privilege-escalation graph of one account (docs/escalation.md).
//
// Nodes are the account's users and roles (service-linked roles excluded: they are never
// targets and cannot be taken over through IAM). An edge S -> T is one instance of a method of
// methods.h whose every permission the authorization engine allows S on the right resource
// ARN, after SCPs and S's boundary, "in some context": conditions on keys the attacker or the
// session chooses count as satisfiable (and are reported as the step's gating conditions),
// while the keys the method fixes (iam:PassedToService, iam:PolicyARN, cloudformation:RoleArn,
// iam:PermissionsBoundary) and the snapshot's facts (aws:PrincipalTag/..., aws:PrincipalArn,
// aws:PrincipalAccount, aws:username, the time of the snapshot) are evaluated as written.
// Assume-role edges are decided with the role's trust policy as the resource policy; pass-role
// edges need a role whose trust admits the service.
//
// Targets are the admin-equivalent principals (every action on every resource, engine-decided).
// One reverse breadth-first search from the targets labels every principal that can reach one,
// with a shortest path; edges are discovered lazily, only into the current frontier, so the
// work grows with the number of principals and the policies they hold, not with its square.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/model.h"
#include "account/account.h"
#include "core/undecided.h"

namespace iw::graph {

struct Step {
  std::string method;                    // methods.h id
  std::string from, to;                  // principal ARNs (to: the principal S acts as next)
  std::vector<std::string> permissions;  // the actions the step uses
  std::string resource;                  // the main resource (policy, role, user, compute, new resource)
  std::vector<std::string> conditions;   // condition keys that gate the step (must be met)
  std::vector<std::string> notes;        // assumptions the snapshot cannot confirm
  std::vector<std::string> granted_by;   // "action: policy statement N (Sid)" for each permission
};

struct Path {
  std::string principal;  // who escalates
  std::string target;     // "admin" (a principal made admin on the way) or the admin principal reached
  std::vector<Step> steps;
};

struct Options {
  int max_depth = 6;                  // longest path searched (steps)
  bool all = false;                   // every simple path up to max_depth, not only the shortest
  std::size_t max_paths = 50;         // with `all`: per principal
  unsigned threads = 0;               // 0 = std::thread::hardware_concurrency()
  account::Timestamp as_of = 0;       // the time conditions see (0 = snapshot's taken_at, else now)
};

// What a principal may do directly (who-can / can).
struct Access {
  std::string principal;
  bool allowed = false;
  std::vector<std::string> granted_by;  // identity policies (or "resource policy") that grant it
  std::vector<std::string> conditions;  // gating condition keys
  eval::LayerSet denied_by;             // when not allowed: the layers that denied (facts as they stand)
  eval::Context witness;                // when gated: chosen key values under which it is allowed
};

class Graph {
 public:
  // Builds the nodes on an access model (admin-equivalence, compiled policies shared with the
  // audit); the escalation search runs on the first question that needs it.
  explicit Graph(const access::Model& model, const Options& options = {});
  // The same on a model of its own.
  Graph(const account::Account& account, const Options& options = {});
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Principals (users and roles, without service-linked roles), in snapshot order.
  std::vector<std::string> principals() const;
  bool has_principal(std::string_view arn) const;
  bool is_admin(std::string_view arn) const;

  // One entry per principal that is not admin-equivalent but can become so: its shortest path
  // (with Options::all, every path up to max_depth), sorted by principal, then path length.
  std::vector<Path> escalation_paths() const;

  // Can `principal` perform `action` on `resource` directly (no escalation)? The resource's
  // policy (resource-policies.json, or a role's trust policy) takes part.
  Access can(std::string_view principal, const std::string& action, const std::string& resource) const;

  // Principals that can perform it directly; with `transitive`, also those that can reach, by
  // escalation, a principal that can (admin-equivalent ones included): their path is returned.
  struct WhoCan {
    Access access;                 // direct access (allowed may be false when only transitive)
    std::optional<Path> path;      // set when reached through escalation
  };
  std::vector<WhoCan> who_can(const std::string& action, const std::string& resource, bool transitive) const;

  std::size_t edges_checked() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Direct access of one principal of `model` (no escalation): who-can and can without a graph.
Access direct_access(const access::Model& model, const access::Model::Entry& e, const std::string& action,
                     const std::string& resource);

// The escalation methods this snapshot cannot decide, and the file that would decide them
// (methods through existing compute, without compute.json).
std::vector<Undecided> undecided(const account::Account& account);

// contracts.md §5 JSON (with "undecided" when some methods could not be decided), a readable
// text form, and Graphviz.
std::string paths_json(const std::vector<Path>& paths, const std::vector<Undecided>& undecided = {});
std::string paths_text(const std::vector<Path>& paths, bool color = false);
std::string paths_dot(const std::vector<Path>& paths);

}  // namespace iw::graph
