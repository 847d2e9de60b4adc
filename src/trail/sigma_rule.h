// The compiled form of one Sigma rule (internal to sigma.cc and sigma_load.cc).
#pragma once

#include <re2/re2.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/values.h"
#include "policy/glob.h"
#include "trail/events.h"

namespace iw::trail::sigma {

// A regular expression that each thread matches with its own RE2. An RE2 builds its automaton
// while it matches and guards it with a lock that every match takes: threads sharing one RE2
// take turns on that lock's memory (on two threads, a rule matched against every event cost a
// fifth of the scan). Copies share the pattern and the thread's RE2.
class Regex {
 public:
  Regex() = default;
  Regex(const std::string& pattern, const RE2::Options& options)
      : compiled_(std::make_shared<const RE2>(pattern, options)), id_(next_id()) {}
  bool ok() const { return compiled_ && compiled_->ok(); }
  const std::string& error() const { return compiled_->error(); }
  bool partial_match(std::string_view text) const { return RE2::PartialMatch(text, own()); }

 private:
  std::shared_ptr<const RE2> compiled_;  // checked when loaded; the pattern each thread compiles
  std::uint64_t id_ = 0;                 // never reused, unlike an address
  static std::uint64_t next_id() {
    static std::atomic<std::uint64_t> next{1};
    return next++;
  }
  const RE2& own() const;
};

// One value of a field, with its modifiers applied.
struct ValueTest {
  enum class Kind { glob, re, cidr, null, exists, fieldref, compare, any };
  Kind kind = Kind::glob;
  Glob glob;                    // glob: the value (contains/startswith/endswith add '*')
  std::string literal;          // glob without active wildcards, lower-cased unless cased: the index key
  bool has_literal = false;
  Regex re;                     // re
  Network network;              // cidr
  bool exists = true;           // exists: true or false
  std::string text;             // fieldref: the other field; compare: the number
  bool cased = false;           // fieldref: compare case-sensitively
  std::vector<ValueTest> any;   // any: one of these (the fragments of a base64offset value)
  int compare_sign = 0;         // compare: gt = +1 …: see sigma.cc
  bool or_equal = false;
};

// field|modifiers: values — one item of a selection map.
struct Item {
  std::string field;  // dotted; "" = keywords (any string of the event)
  bool all = false;   // every test must match (|all); else any
  std::vector<ValueTest> tests;
};

// A selection: any alternative (a map of the list) whose items all match.
struct Selection {
  std::string name;
  std::vector<std::vector<Item>> alternatives;
};

struct Condition {
  enum class Op { selection, all, any, negate };
  Op op = Op::selection;
  int selection = -1;  // Op::selection
  std::vector<Condition> children;
};

struct Rule {
  std::string id, title, author, description, level;
  std::vector<std::string> references, falsepositives;
  std::string remediation;  // of every finding: the description and false positives (set by RuleSet)
  std::shared_ptr<const RuleRef> ref;  // what every finding says of the rule (set by RuleSet)
  std::string file;
  Severity severity = Severity::medium;
  std::vector<Selection> selections;
  Condition condition;
};

// Does `rule` match `e`?
bool matches(const Rule& rule, const Event& e);

// The lower-cased values `field` must take for `c` to be true, or nullopt when the condition
// does not constrain it to a finite set (the rule's index keys).
std::optional<std::set<std::string>> required_values(const Rule& rule, const Condition& c, std::string_view field);

}  // namespace iw::trail::sigma
