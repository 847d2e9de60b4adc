// The Access Analyzer custom policy checks, offline and exact (contracts.md §9):
//   diff               does NEW allow some request that OLD denies?
//   check_not_granted  does the policy allow one of these actions (on one of these resources)?
//   check_no_public    (external.h) does a resource or trust policy let anyone outside in?
//
// Each answer is a proof (`pass`: no request exists, over every class of requests the policies
// tell apart), a counterexample (`fail`: a concrete request, re-made from its contracts.md §4
// fields and decided by the engine before it is returned) or `unknown` with the reason (a
// dimension whose classes could not all be enumerated). Never a `pass` that was not proved.
//
// How a policy is put before the engine, per kind:
//   identity  the policy is the principal's identity policy; the resource side lets its own
//             account in (so KMS keys and role trust do not hide differences); the principal and
//             the resource are in one account.
//   resource, trust
//             the policy is the resource (trust) policy of a resource in an account no principal
//             belongs to, and the principal's own side allows everything: the decision is the
//             policy's grant. A trust policy is the policy of a role in that account.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/request.h"
#include "policy/policy.h"

namespace iw::access {

enum class Result : std::uint8_t { pass, fail, unknown };
std::string_view to_string(Result r);

// A policy under analysis: the document and its JSON text.
struct PolicyInput {
  policy::Document doc;
  std::string text;  // JSON (decoded when it was URL-encoded)
};

// A request in contracts.md §4 form with the policies that decide it.
struct Counterexample {
  eval::RequestSpec request;              // principal, action, resource, resource_account, context
  std::vector<std::string> identity_policies;  // JSON texts
  std::string resource_policy;                 // JSON text, "" = none
  bool future_action = false;                  // the action is in no service's list today
};

struct Proof {
  Result result = Result::unknown;
  std::optional<Counterexample> counterexample;
  std::string reason;
};

// `kind`: identity (also boundary, session), resource or trust.
Proof diff(const PolicyInput& old_policy, const PolicyInput& new_policy, policy::Kind kind);

// `actions`: action names or patterns; `resources`: ARNs or patterns (empty: any resource).
Proof check_not_granted(const PolicyInput& policy, policy::Kind kind, const std::vector<std::string>& actions,
                        const std::vector<std::string>& resources);

// --- shared with external.h ------------------------------------------------------------------

// The JSON text of a policy that allows every action on every resource (the principal's side).
std::string_view allow_all_identity();
// A resource policy that lets account `account` in through its IAM policies.
std::string account_resource_policy(std::string_view account);
// Parses one of the helper texts above.
policy::Document helper_document(std::string_view text);

}  // namespace iw::access
