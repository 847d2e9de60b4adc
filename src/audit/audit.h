// The account audit (contracts.md §2, audit ids): every check of an account snapshot, plus
// every lint check on every policy of the account, attributed to its policy or principal ARN.
//
// audit_account() never throws on account content: a problem in a policy is a finding. Ages
// are measured from AuditOptions::as_of (resolve_as_of() picks --as-of, else the snapshot's
// taken_at, else now). Thread-safe: accounts may be audited concurrently.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "account/account.h"
#include "core/evidence.h"
#include "core/finding.h"
#include "core/undecided.h"

namespace iw::graph {
class Graph;
}  // namespace iw::graph

namespace iw::audit {

// Defaults are contracts.md §2's; a config file may change each (config.h).
struct Thresholds {
  int access_key_max_age_days = 90;
  int unused_days = 90;            // keys, passwords, roles
  int root_recent_days = 90;
  int max_session_seconds = 3600;  // role-max-session-long
  int permission_set_max_session_seconds = 8 * 3600;  // permission-set-session-long
  int password_min_length = 14;
  int password_reuse_prevention = 24;
};

struct AuditOptions {
  account::Timestamp as_of = 0;
  Thresholds thresholds;
  std::vector<std::string> known_accounts;  // trusted partner accounts: not "cross-account"
  // The escalation graph of the whole organization (over account::merge_organization), when the
  // audited account is one of several: its paths may cross into another account, and this
  // account's principals are reported from it. nullptr: a graph of this account alone.
  const graph::Graph* organization_graph = nullptr;
  // The access model and escalation graph built for the audit are left to the process exit
  // (core/lasting.h) instead of being freed: for a command that exits after the audit.
  bool keep_until_exit = false;
};

// What the audit decided about one user or role, for reports.
struct PrincipalInfo {
  std::string arn;
  std::string kind;                   // "user", "role" or "permission set" (Identity Center)
  bool admin = false;                 // admin-equivalent after boundary and SCPs
  std::vector<std::string> policies;  // identity policies, with where they come from
  std::string boundary;               // permissions boundary policy ARN, if any
};

struct AuditResult {
  std::vector<Finding> findings;
  std::vector<PrincipalInfo> principal_info;
  std::vector<PolicyDocument> documents;  // the policy documents the findings point into
  std::vector<Chain> chains;              // escalation paths of privilege-escalation-principal
  std::vector<ExternalAccess> external_access;  // trust and resource policies open outside the account
  // Compliance requirement id -> "" when this audit decides it (PASS unless a finding names
  // it), else why it is not decided. Requirements absent have no check (core/compliance.h).
  std::map<std::string, std::string> compliance_scope;
  std::size_t policies = 0;    // policy documents checked
  std::size_t principals = 0;  // users and roles whose effective permissions were decided
  std::vector<Undecided> undecided;  // checks and escalation methods the snapshot cannot decide
};

AuditResult audit_account(const account::Account& account, const AuditOptions& options);

// The checks (credential report, roles.json) and escalation methods (compute.json) that this
// snapshot lacks the file to decide.
std::vector<Undecided> undecided(const account::Account& account);

// --as-of if given (non-zero), else the snapshot's taken_at, else `now`.
account::Timestamp resolve_as_of(const account::Account& account, account::Timestamp as_of,
                                 account::Timestamp now);

}  // namespace iw::audit
