// remediate plan: from an audit's findings, the AWS calls that fix each fixable one, with the
// finding it fixes, the risk and what it changes; the manual steps for the rest (contracts.md
// §8). Nothing is changed by planning.
//
// plan.json: {"account", "created_at", "actions": [{"finding": {"id", "resource"}, "manual":
// false, "risk": "low|medium|high", "description", "calls": [{"service": "iam", "action":
// "UpdateAccessKey", "parameters": {...}}]}]}; a manual action has "steps" (text) instead of
// "calls". Fixable ids: access-key-unused and multiple-active-access-keys (deactivate a key),
// password-policy-weak (set a strong policy), password-unused (delete the login profile),
// role-trust-public (remove the public statements of the trust policy), role-max-session-long
// (1 hour sessions). Key ids come from the snapshot's access-keys.json (written by collect);
// without it a key finding becomes manual.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "account/account.h"
#include "core/finding.h"

namespace iw::remediate {

struct Param {
  enum class Kind { string, number, boolean };
  std::string name;
  std::string value;  // as text: "14", "true", "Inactive"
  Kind kind = Kind::string;
};

struct Call {
  std::string service = "iam";
  std::string action;
  std::vector<Param> parameters;
  // The parameter's value, or "" when absent.
  std::string get(std::string_view name) const;
};

struct Action {
  std::string finding_id, resource;
  bool manual = false;
  std::string risk;  // low, medium, high (of the change the calls or the manual steps make)
  std::string description;
  std::vector<Call> calls;
  std::vector<std::string> steps;
};

struct Plan {
  std::string account, created_at;
  std::vector<Action> actions;
};

struct PlanError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The plan for `findings` of `account` (already filtered by the caller, e.g. --ids).
// `created_at` is the plan's time ("2026-11-01T00:00:00Z"). Throws PlanError "FILE:LINE:COLUMN:
// message" when the snapshot's access-keys.json is not a list-access-keys answer.
Plan make_plan(const account::Account& account, const std::vector<Finding>& findings, const std::string& created_at);

// plan.json text (pretty, trailing newline).
std::string to_json(const Plan& plan);
std::string to_json(const Call& call);

// Reads plan.json. Throws PlanError "FILE:LINE:COLUMN: message" on a malformed plan.
Plan read_plan(const std::string& text, const std::string& name);

// Calls remediate apply knows how to back up and undo.
bool supported(const Call& call);

}  // namespace iw::remediate
