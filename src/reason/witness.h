// Witness values of one condition key: a finite list of values that, between them, meet every
// combination of the given conditions that any value can meet.
//
// The conditions on a key split its values into classes (values on which every condition gives
// the same answer). witnesses() returns one value per class it can reach, and "absent": strings
// and ARNs by exploring the product of the conditions' glob automata, numbers, dates and IP
// addresses by the boundaries of their intervals, booleans and binary values by enumeration.
// A caller that tries every witness of every key therefore tries every behaviour of the
// conditions, which makes "is there a context in which …?" decidable by enumeration.
//
// `exact` is false when a class may be missing: the automaton exploration hit its bound, or a
// policy variable relates the key to a key whose value is not fixed. Callers must then not
// conclude that no context exists.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "eval/request.h"
#include "policy/policy.h"

namespace iw::reason {

// One value a key may take in a request: absent, one string, or a list (multi-valued key).
struct Witness {
  bool present = false;
  bool multi = false;
  std::vector<std::string> values;
};

struct Witnesses {
  std::vector<Witness> values;  // values[0] is "absent"
  bool exact = true;
  bool variables = false;  // not exact because a policy variable's key is not fixed
};

struct KeyConditions {
  std::string key;                                  // lower-cased
  std::string name;                                 // as first written in a policy
  std::vector<const policy::Condition*> conditions;  // every condition on the key
  bool variables_enabled = false;                   // some holder policy has Version 2012-10-17
};

// The witnesses of `k`. Variables in condition values are replaced by the value `fixed` gives
// their key (when fixed); otherwise the result is not exact. `type` is the key's catalog type
// (nullopt: unknown key, any string).
Witnesses witnesses(const KeyConditions& k, std::optional<catalog::KeyType> type, const eval::Context& fixed);

// ---- classes of strings under wildcard patterns (Action, Resource, principal ARNs) -------------

enum class GlobKind : std::uint8_t {
  plain,       // '*' and '?' match anything (StringLike)
  icase,       // as plain, ASCII case-insensitive (Action)
  resource,    // the Resource element's dialect (policy/glob.h): in the first five ARN components
               // '?' and a '*' not ending its component never match ':'
  arn_like,    // ArnLike: six components globbed separately
  literal,     // the text itself
  arn_shape,   // (text unused) arn:P:S:R:A:X with a service: what a request's resource must look like
  action_shape // (text unused) service:Name without a second ':'
};
struct GlobSpec {
  std::string text;
  GlobKind kind = GlobKind::plain;
};
struct GlobClass {
  std::string text;      // one shortest member of the class
  std::string accepted;  // per spec, '1' when it matches `text`, else '0'
};
// One string per reachable combination of matched specs (the classes the patterns tell apart),
// by exploring the product of their automata. `complete` is false when the exploration hit its
// bound (a class may be missing).
std::vector<GlobClass> glob_classes(const std::vector<GlobSpec>& specs, bool& complete);

// The catalog type of a condition key (templated keys such as aws:RequestTag/K included).
std::optional<catalog::KeyType> key_type(std::string_view key);

}  // namespace iw::reason
