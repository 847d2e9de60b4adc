// Could a policy Resource pattern match some ARN of a resource type?
//
// Both the ARN format and the policy pattern are read as sequences of steps: a literal
// character, one character of a class, or a run of characters of a class (possibly required
// non-empty). Two such sequences describe regular languages; they share a string exactly when
// the product of their automata reaches the pair of final states. That product has
// O(|format| * |pattern|) states and is explored breadth-first once: no backtracking.
#include <array>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/glob.h"
#include "core/strings.h"

namespace iw::catalog {

namespace {

// Characters a class leaves out.
enum Exclude : std::uint8_t { none = 0, colon = 1, slash = 2 };

using Step = ResourcePattern::Step;

// Placeholders whose values never hold '/', by the service field of the ARN format. The list
// is short on purpose: a name missing here only loses a finding, a wrong one invents one.
struct NoSlash {
  std::string_view service, placeholder;
};
constexpr std::array<NoSlash, 14> kNoSlash = {{
    {"s3", "BucketName"},
    {"s3", "AccessPointName"},
    {"s3-object-lambda", "AccessPointName"},
    {"s3express", "BucketName"},
    {"s3express", "AccessPointName"},
    {"s3-outposts", "BucketName"},
    {"s3-outposts", "AccessPointName"},
    {"s3tables", "TableBucketName"},
    {"s3vectors", "BucketName"},
    {"dynamodb", "TableName"},
    {"lambda", "FunctionName"},
    {"sqs", "QueueName"},
    {"sns", "TopicName"},
    {"kms", "KeyId"},
}};

// The service field of an ARN format "arn:${Partition}:s3:::...": "s3".
std::string_view format_service(std::string_view format) {
  for (int field = 0; field < 2; ++field) {
    const std::size_t colon = format.find(':');
    if (colon == std::string_view::npos) return {};
    format.remove_prefix(colon + 1);
  }
  return format.substr(0, format.find(':'));
}

Step placeholder_step(std::string_view service, std::string_view name) {
  if (name == "Partition") return {Step::run, 0, colon, false};
  if (name == "Region" || name == "Account") return {Step::run, 0, colon, true};
  for (const NoSlash& n : kNoSlash) {
    if (n.service == service && n.placeholder == name) return {Step::run, 0, slash, false};
  }
  return {Step::run, 0, none, false};
}

std::vector<Step> format_steps(std::string_view format) {
  const std::string_view service = format_service(format);
  std::vector<Step> steps;
  steps.reserve(format.size());
  for (std::size_t i = 0; i < format.size(); ++i) {
    const std::size_t close =
        format.substr(i, 2) == "${" ? format.find('}', i) : std::string_view::npos;
    if (close != std::string_view::npos) {
      steps.push_back(placeholder_step(service, format.substr(i + 2, close - i - 2)));
      i = close;
    } else if (format[i] == '*') {
      steps.push_back({Step::run, 0, none, true});
    } else if (format[i] == '?') {
      steps.push_back({Step::one, 0, none, true});
    } else {
      steps.push_back({Step::literal, format[i], none, true});
    }
  }
  return steps;
}

// The literal ':' of a policy pattern (those inside a ${...} reference do not count).
std::size_t literal_colons(std::string_view pattern) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::size_t close =
        pattern.substr(i, 2) == "${" ? pattern.find('}', i) : std::string_view::npos;
    if (close != std::string_view::npos) {
      i = close;
    } else if (pattern[i] == ':') {
      ++n;
    }
  }
  return n;
}

// A policy Resource: '*', '?', policy variables (as '*'; ${*} ${?} ${$} are literals).
// When the pattern writes all six ARN fields, a wildcard in the first five stays within its
// field: "arn:aws:iam::*:role/x" names a role in any account, never a user whose path happens
// to hold ":role/". (The spec lets a field-final '*' match ':' so that "arn:aws:sqs:*" spans the
// fields it leaves out; a pattern with fewer than six fields keeps that.)
std::vector<Step> pattern_steps(std::string_view pattern) {
  const bool six_fields = literal_colons(pattern) >= 5;
  std::size_t colons = 0;
  std::vector<Step> steps;
  steps.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::uint8_t within = six_fields && colons < 5 ? colon : none;
    const std::size_t close =
        pattern.substr(i, 2) == "${" ? pattern.find('}', i) : std::string_view::npos;
    if (close != std::string_view::npos) {
      const std::string_view inner = pattern.substr(i + 2, close - i - 2);
      if (inner == "*" || inner == "?" || inner == "$") {
        steps.push_back({Step::literal, inner[0], none, true});
      } else {
        steps.push_back({Step::run, 0, within, true});
      }
      i = close;
    } else if (pattern[i] == '*') {
      steps.push_back({Step::run, 0, within, true});
    } else if (pattern[i] == '?') {
      steps.push_back({Step::one, 0, within, true});
    } else {
      colons += pattern[i] == ':' ? 1 : 0;
      steps.push_back({Step::literal, pattern[i], none, true});
    }
  }
  return steps;
}

bool excluded(std::uint8_t exclude, char c) {
  return ((exclude & colon) != 0 && c == ':') || ((exclude & slash) != 0 && c == '/');
}

// Is there a character both steps accept? (The alphabet is large: two classes always meet.)
bool meet(const Step& a, const Step& b) {
  if (a.kind == Step::literal && b.kind == Step::literal) {
    return ascii_lower(a.c) == ascii_lower(b.c);
  }
  if (a.kind == Step::literal) return !excluded(b.exclude, a.c);
  if (b.kind == Step::literal) return !excluded(a.exclude, b.c);
  return true;
}

// A position in a step sequence: before step `at`, or (inside = true) within the run `at`
// after at least one character.
struct Pos {
  std::size_t at;
  bool inside;
};

// Where one character consumed at `p` leads (the step at p.at must exist).
Pos after_char(const std::vector<Step>& steps, Pos p) {
  return steps[p.at].kind == Step::run ? Pos{p.at, true} : Pos{p.at + 1, false};
}

// Whether `p` may move on without consuming (leave a run that has what it needs).
bool can_skip(const std::vector<Step>& steps, Pos p) {
  return p.at < steps.size() && steps[p.at].kind == Step::run &&
         (p.inside || steps[p.at].may_be_empty);
}

bool intersects(const std::vector<Step>& a, const std::vector<Step>& b) {
  const std::size_t width = (b.size() + 1) * 2;
  const auto index = [&](Pos x, Pos y) {
    return ((x.at * 2 + (x.inside ? 1 : 0)) * width) + y.at * 2 + (y.inside ? 1 : 0);
  };
  // Reused per thread: this runs for every (resource type, pattern) pair lint meets.
  thread_local std::vector<bool> seen;
  thread_local std::vector<std::pair<Pos, Pos>> queue;
  seen.assign((a.size() + 1) * 2 * width, false);
  queue.clear();
  const auto visit = [&](Pos x, Pos y) {
    const std::size_t i = index(x, y);
    if (!seen[i]) {
      seen[i] = true;
      queue.emplace_back(x, y);
    }
  };
  visit({0, false}, {0, false});
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const auto [x, y] = queue[q];
    if (x.at == a.size() && y.at == b.size()) return true;
    if (can_skip(a, x)) visit({x.at + 1, false}, y);
    if (can_skip(b, y)) visit(x, {y.at + 1, false});
    if (x.at < a.size() && y.at < b.size() && meet(a[x.at], b[y.at])) {
      visit(after_char(a, x), after_char(b, y));
    }
  }
  return false;
}

// True when the pattern is only runs ('*', variables): it matches anything.
bool matches_everything(const std::vector<Step>& steps) {
  for (const Step& s : steps) {
    if (s.kind != Step::run || s.exclude != none) return false;
  }
  return true;
}

}  // namespace

namespace {

// The literal service field of a policy pattern ("s3" in "arn:aws:s3:::b/*"), or "" when the
// pattern is not an ARN or its service field holds a wildcard or variable.
std::string_view literal_pattern_service(std::string_view pattern) {
  if (pattern.substr(0, 4) != "arn:") return {};
  const std::string_view service = format_service(pattern);
  return service.find_first_of("*?$") == std::string_view::npos ? service : std::string_view();
}

// The steps of a resource type's ARN format, built once per type and thread.
const std::vector<Step>& cached_format_steps(const ResourceType& type) {
  thread_local std::unordered_map<const ResourceType*, std::vector<Step>> cache;
  auto [it, added] = cache.try_emplace(&type);
  if (added) it->second = format_steps(type.arn_format);
  return it->second;
}

}  // namespace

ResourcePattern::ResourcePattern(std::string_view pattern)
    : steps_(pattern_steps(pattern)),
      service_(literal_pattern_service(pattern)),
      everything_(!steps_.empty() && matches_everything(steps_)),
      star_(intersects(steps_, {{Step::literal, '*', none, true}})) {}

bool ResourcePattern::may_match(const ResourceType& type) const {
  if (everything_) return true;
  // Different literal services never meet: skip the product automaton.
  if (!service_.empty() && service_ != format_service(type.arn_format)) return false;
  return intersects(cached_format_steps(type), steps_);
}

bool ResourcePattern::may_match(const Action& action) const {
  if (takes_only_star(action)) return star_;
  for (const ActionResource& r : action.resource_types) {
    if (may_match(*r.type)) return true;
  }
  return false;
}

bool resource_type_may_match(const ResourceType& type, std::string_view resource_pattern) {
  return ResourcePattern(resource_pattern).may_match(type);
}

bool action_may_match_resource(const Action& action, std::string_view resource_pattern) {
  return ResourcePattern(resource_pattern).may_match(action);
}

}  // namespace iw::catalog
