// Effective permissions of a principal, decided by the authorization engine with the
// conditions read as IAM Access Analyzer does: "can some request context satisfy them?".
// An Allow counts whatever its conditions (they can be met), and a Deny that has conditions
// does not count (some context avoids it); conditions on the keys in `keep` are evaluated as
// written, with those keys absent from the request (e.g. iam:PassedToService).
// Internal to audit/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "account/account.h"
#include "eval/engine.h"

namespace iw::audit {

// The policies AWS evaluates for a user (its own and its groups') or a role.
struct PrincipalPolicies {
  std::string arn;
  std::string name;
  bool is_user = false;
  std::vector<const account::PolicyDoc*> identity;
  std::vector<std::string> identity_names;  // where each came from, for messages
  const account::PolicyDoc* boundary = nullptr;
};

PrincipalPolicies policies_of(const account::Account& a, const account::User& u);
PrincipalPolicies policies_of(const account::Account& a, const account::Role& r);

class EffectiveCheck {
 public:
  // Compiles the principal's policy set in existential form. nullopt if a policy cannot be
  // compiled (a grammar problem the policy lint already reports).
  static std::optional<EffectiveCheck> build(const account::Account& a, const PrincipalPolicies& p,
                                             const std::vector<std::string>& keep = {});

  // Is `action` allowed on `resource` (an ARN or "*") in some context?
  bool allows(const std::string& action, const std::string& resource) const;
  // The identity policies (names) whose Allow statements granted the last allowed request,
  // and the condition keys those statements had (they gate the grant).
  const std::vector<std::string>& granted_by() const { return granted_by_; }
  const std::vector<std::string>& gating_keys() const { return gating_keys_; }

 private:
  EffectiveCheck(eval::Engine engine, const account::Account& a, const PrincipalPolicies& p,
                 std::vector<std::vector<std::vector<std::string>>> stripped)
      : engine_(std::move(engine)), account_(&a), principal_(&p), stripped_(std::move(stripped)) {}

  eval::Engine engine_;
  const account::Account* account_;
  const PrincipalPolicies* principal_;
  // Per identity policy, per statement: the condition keys removed (gating conditions).
  std::vector<std::vector<std::vector<std::string>>> stripped_;
  mutable std::vector<std::string> granted_by_, gating_keys_;
};

}  // namespace iw::audit
