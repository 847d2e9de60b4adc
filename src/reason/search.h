// Search over contexts: the one procedure that answers "can some context make this true?".
//
// The condition keys that matter to a request are those of the statements that apply to it
// (eval::Engine::evaluate with `considered`). ContextSpace gathers their conditions, takes each
// key's witness values (witness.h: one per class of values the conditions tell apart, plus
// "absent") and search() tries their combinations, odometer style, on a caller's predicate. Since
// every behaviour of every condition is tried, a predicate that is false on every combination is
// false on every context — provided the space is exact (every key's witnesses complete, the
// product under the bound). access::satisfy (one policy set) and access::compare (two) use it.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "eval/engine.h"
#include "eval/request.h"
#include "policy/policy.h"
#include "reason/witness.h"

namespace iw::reason {

// `fixed(key_lower)`: true when the key's value (or absence) is settled by the request itself.
using FixedKeys = std::function<bool(std::string_view)>;

class ContextSpace {
 public:
  // Adds the conditions of `s` on keys that are not fixed.
  void add(const policy::Statement& s, bool variables_enabled, const FixedKeys& fixed);
  // Adds the conditions of every statement in `considered` (documents looked up in `view`).
  void add(const eval::PolicyView& view, const std::vector<eval::Match>& considered, const FixedKeys& fixed);
  bool empty() const { return keys_.empty(); }
  const std::map<std::string, KeyConditions>& keys() const { return keys_; }

 private:
  std::map<std::string, KeyConditions> keys_;
};

// Narrows the witnesses of a key (values no request can carry); may add values.
using Restrict = std::function<void(const std::string& key_lower, Witnesses&)>;

struct SearchResult {
  bool found = false;   // the predicate held on `context`
  bool exact = true;    // false: some class was not tried (a "not found" proves nothing)
  bool too_many = false;  // the product exceeded the bound: nothing was tried
  bool variables = false;  // some witnesses were not exact because of policy variables
  std::vector<std::string> set_keys;  // keys (as written) present in the found combination
};

// Tries `accept` on `request` with the keys of `space` taking every combination of their
// witnesses (the other keys as in `request`), the all-absent combination first, at most
// `max_tries` combinations. On success `request.context` holds the found context; otherwise it
// is restored.
SearchResult search(const ContextSpace& space, eval::Request& request, std::size_t max_tries,
                    const std::function<bool(const eval::Request&)>& accept, const Restrict& restrict = {});

// The document a PolicyRef of `view` names (nullptr when out of range).
const policy::Document* document_of(const eval::PolicyView& view, const eval::PolicyRef& ref);

}  // namespace iw::reason
