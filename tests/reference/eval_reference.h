// The naive reference evaluator: aws-evaluation-semantics.md §1–§6 written out as directly as
// possible. No compilation, no indexes: every call re-reads the policy documents, re-parses the
// principal and the condition values, and globs with a dynamic program. Slow and obviously
// correct; the compiled engine (src/eval) is checked against it.
#pragma once

#include <string>

#include "eval/engine.h"
#include "eval/request.h"

namespace iw::reference {

struct RefDecision {
  std::string decision;   // "allow", "explicit_deny", "implicit_deny"
  std::string denied_by;  // comma-separated layers in contract order
};

RefDecision evaluate(const eval::PolicySet& policies, const eval::RequestSpec& request);

}  // namespace iw::reference
