// Sigma rules over CloudTrail events (the Sigma specification's detection part).
//
// A rule is a YAML document with `title`, `id`, `level`, `author`, `references`, `logsource` and
// `detection`. What is supported:
//   - selections: a map (every field must match: AND) or a list of maps (any: OR); a list of
//     plain values without field names searches every string, number and boolean of the event
//     (keywords); so does a map entry without a field name (`'|all': [a, b]`: every keyword);
//   - a field's value: a scalar or a list (any value: OR; with `|all`: every value);
//   - field names with dots reach nested members and fan out over arrays on the way;
//   - values compare case-insensitively (ASCII), `*` and `?` are wildcards, `\*`, `\?` and `\\`
//     literal; `null` matches an absent or null field, '' an empty one;
//   - modifiers: contains, startswith, endswith, all, re (RE2, case-sensitive; re|i, re|m, re|s),
//     cidr, exists, fieldref, cased, base64, base64offset, gt, gte, lt, lte; at most one of them
//     says how to compare (else a LoadError); base64/base64offset encode string values only, a
//     base64offset value matches when any of its three fragments does;
//   - a field's values are what its path reaches, arrays fanned out: an empty array is no value
//     (`exists: false`, matches `null`);
//   - conditions: identifiers, and, or, not, parentheses, `1 of X*`, `all of X*`, `1 of them`,
//     `all of them` (identifiers starting with `_` are not in `them`), or a list of conditions
//     (any). Aggregations (`| count() …`) are not supported: an error.
// Rules whose logsource names another product than aws, or another service than cloudtrail, are
// skipped (counted).
//
// Rules are indexed by the eventName (else eventSource) values their condition requires, so an
// event is tested only against the rules that can match it plus those that constrain neither
// (an event whose eventName or eventSource is not text, e.g. an array, against every rule).
// A RuleSet is immutable once loaded; match() may be called from several threads.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "trail/events.h"

namespace iw::trail::sigma {

// A rule that cannot be loaded: "FILE:LINE:COLUMN: message".
struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Rule;

class RuleSet {
 public:
  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  // Loads the rules of `paths`: files, or directories walked for *.yml / *.yaml (sorted). Throws
  // LoadError for a rule that does not load, std::runtime_error for a path that does not exist.
  static RuleSet load(const std::vector<std::string>& paths);
  // Adds the rules of one YAML text (one rule per document) named `file`. Throws LoadError.
  void add(std::string_view file, const std::string& yaml);

  // Appends a finding (id "sigma:<rule id>") for every rule matching `e`.
  void match(const Event& e, std::vector<Finding>& out) const;
  // The ids of the rules that match `e` (tests).
  std::vector<std::string> matching(const Event& e) const;

  std::size_t size() const;
  std::size_t skipped() const { return skipped_; }  // rules for other log sources

 private:
  struct Index;
  void reindex();
  template <typename Fn>
  void candidates(const Event& e, Fn&& fn) const;

  std::vector<std::unique_ptr<Rule>> rules_;
  std::unique_ptr<Index> index_;
  std::size_t skipped_ = 0;
};

}  // namespace iw::trail::sigma
