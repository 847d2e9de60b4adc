// The naive reference for trail/sigma.h: Sigma rule matching written straight from the Sigma
// specification (the subset sigma.h documents), independently of src/trail/sigma*. The rule is
// kept as its YAML tree and interpreted afresh for every event: no compilation, no index, a
// recursive-descent condition parser that evaluates as it parses, wildcards matched by dynamic
// programming over code points. Slow and plain; the differential tests check the product
// against it.
//
// Where the specification leaves a choice open, the reference decides so (and the product must
// agree):
//   - a field's values are every node its dotted path reaches, arrays on the way and at the end
//     fanned out (nested arrays flattened); a field "exists" when it has at least one value, so an
//     empty array neither exists nor has a value (as a document index sees it);
//   - `null` matches a field without values or with a null value; '' only an empty string;
//   - plain values, keywords and fieldref compare ASCII case-insensitively unless `cased`;
//     base64 encodings compare exactly; `re` is RE2, unanchored, case-sensitive unless `i`;
//   - `contains`, `startswith`, `endswith`, `re`, `cidr`, `exists`, `fieldref`, `gt`, `gte`,
//     `lt`, `lte`: at most one per field; `i`, `m`, `s` only with `re`; `base64` or
//     `base64offset` (not both) only with plain, contains, startswith or endswith values, the
//     encoding taken literally; `base64offset` searches for any of its three fragments (those
//     characters of the encoding that do not depend on the neighbouring bytes; an empty fragment
//     is dropped);
//   - a keyword list searches every string, number and boolean of the event (contains); a map
//     entry without a field name (`'|all': [...]`) is a keyword search with its modifiers;
//   - `1 of P` / `all of P`: P's `*` matches any run of characters, and `_` names are included
//     when P matches them; `them` is every name not starting with `_`.
#pragma once

#include <yaml-cpp/yaml.h>

#include <stdexcept>
#include <string>

#include "json/json.h"

namespace iw::reference {

// A rule the reference does not accept.
struct SigmaRefError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SigmaRefRule {
  std::string id;
  bool cloudtrail = true;  // false: the logsource names another product or service
  YAML::Node detection;
};

// Reads one rule (one YAML document) and checks every part of its detection. Throws
// SigmaRefError for what the specification (as above) does not allow.
SigmaRefRule ref_sigma_load(const std::string& yaml);

// Does `rule` match the event `event` (a JSON object)?
bool ref_sigma_matches(const SigmaRefRule& rule, const json::Document& event);

}  // namespace iw::reference
