// Joint satisfiability: is a request allowed in SOME context that agrees with the facts?
//
// The engine decides one concrete request. satisfy() asks the engine about the request with the
// fixed keys as given and every other condition key of the deciding statements taking, in
// turn, each of its witness values (reason/witness.h). Those values cover every behaviour of
// the conditions on a key, so trying their combinations is exact: an access counts only when
// one context satisfies the Allows that grant it and escapes every Deny at the same time, and
// the answer carries that context (the witness). The engine decides every candidate, so every
// combination rule (layers, boundaries, SCPs, resource side) stays the engine's.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/engine.h"
#include "eval/request.h"

namespace iw::access {

enum class Verdict : std::uint8_t {
  denied,   // no context allows it
  allowed,  // allowed as the facts stand (no chosen key needs a value)
  gated,    // allowed only when chosen keys take certain values (the witness)
};
std::string_view to_string(Verdict v);

struct Answer {
  Verdict verdict = Verdict::denied;
  // False when the search was cut short or a key's classes were not all enumerated: the answer
  // is then "gated" (possible) rather than a denial no one proved.
  bool exact = true;
  eval::Context witness;              // chosen keys of the allowing request (present ones)
  std::vector<std::string> gating;    // chosen keys the access depends on (as policies write them)
  eval::Decision decision;            // the engine's decision on the witness (or on the facts)
  bool allowed() const { return verdict != Verdict::denied; }
};

// `fixed(key_lower)`: true when the key's value (or absence) in `request` is settled.
using FixedKeys = std::function<bool(std::string_view)>;

// Decides `request` under `engine` (compiled from `view`) over every context that agrees with
// `request.context` on the fixed keys. With `explain`, decision.matched is filled.
Answer satisfy(const eval::Engine& engine, const eval::PolicyView& view, eval::Request request,
               const FixedKeys& fixed, bool explain = false);

// The document a PolicyRef of `view` names (nullptr when out of range).
const policy::Document* document_of(const eval::PolicyView& view, const eval::PolicyRef& ref);

}  // namespace iw::access
