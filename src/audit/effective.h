// Effective permissions of a principal, decided by the authorization engine with the
// conditions read as IAM Access Analyzer does: "can some request context satisfy them?".
// An Allow counts whatever its conditions (they can be met), and a Deny that has conditions
// does not count (some context avoids it); conditions on the keys in `keep` are evaluated as
// written, with those keys absent from the request (e.g. iam:PassedToService) unless the request
// context supplies them (allows() with a context; the base context of build()). A keep entry
// ending in '/' keeps every key it prefixes ("aws:PrincipalTag/").
// Shared by audit/ and graph/.
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
  std::string boundary_arn;  // "" when none
};

PrincipalPolicies policies_of(const account::Account& a, const account::User& u);
// Adds a group's inline and attached policies (as a member of `g` gets them) to `p`.
void add_group_policies(const account::Account& a, const account::Group& g, PrincipalPolicies& p);
PrincipalPolicies policies_of(const account::Account& a, const account::Role& r);

// The existential form of `doc` (see above); `stripped`, when given, receives per statement the
// condition keys removed (they gate the statement).
policy::Document existential(const policy::Document& doc, const std::vector<std::string>& keep,
                             std::vector<std::vector<std::string>>* stripped = nullptr);

class EffectiveCheck {
 public:
  // Compiles the principal's policy set in existential form. nullopt if a policy cannot be
  // compiled (a grammar problem the policy lint already reports). `base` is merged into every
  // request context (facts such as aws:PrincipalTag/..., the time); kept keys are read from it.
  static std::optional<EffectiveCheck> build(const account::Account& a, const PrincipalPolicies& p,
                                             const std::vector<std::string>& keep = {},
                                             eval::Context base = {});

  // Is `action` allowed on `resource` (an ARN or "*") in some context?
  bool allows(const std::string& action, const std::string& resource) const;
  // The same with `extra` keys set in the request context (e.g. iam:PassedToService when it is
  // kept): kept conditions on them are evaluated against these values.
  bool allows(const std::string& action, const std::string& resource, const eval::Context& extra) const;
  // The full decision (layers, facts) for the same request; granted_by()/gating_keys() are
  // updated as by allows() when it allows.
  const eval::Decision& decide(const std::string& action, const std::string& resource,
                               const eval::Context& extra) const;
  // The identity policies (names) whose Allow statements granted the last allowed request,
  // and the condition keys those statements had (they gate the grant).
  const std::vector<std::string>& granted_by() const { return granted_by_; }
  const std::vector<std::string>& gating_keys() const { return gating_keys_; }

 private:
  EffectiveCheck(eval::Engine engine, const account::Account& a, const PrincipalPolicies& p,
                 std::vector<std::vector<std::vector<std::string>>> stripped, eval::Context base)
      : engine_(std::move(engine)), account_(&a), principal_(&p), stripped_(std::move(stripped)),
        base_(std::move(base)) {}

  eval::Engine engine_;
  const account::Account* account_;
  const PrincipalPolicies* principal_;
  // Per identity policy, per statement: the condition keys removed (gating conditions).
  std::vector<std::vector<std::vector<std::string>>> stripped_;
  eval::Context base_;
  mutable std::vector<std::string> granted_by_, gating_keys_;
  mutable eval::Decision decision_;
};

// Admin-equivalent: every action on every resource is effectively allowed after boundaries and
// SCPs ("*" probed with an action no specific pattern can name, plus the sensitive actions a
// targeted Deny would most likely carve out).
bool is_admin(const EffectiveCheck& check);

}  // namespace iw::audit
