// Sigma matching, the rule index and findings (sigma.h). Loading is in sigma_load.cc.
#include "trail/sigma.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <span>
#include <unordered_map>

#include "core/strings.h"
#include "trail/sigma_rule.h"

namespace iw::trail::sigma {

const RE2& Regex::own() const {
  thread_local std::unordered_map<std::uint64_t, std::unique_ptr<const RE2>> copies;
  std::unique_ptr<const RE2>& copy = copies[id_];
  if (copy == nullptr) {
    if (copies.size() > 4096) {  // rule sets loaded again and again: forget the old ones' copies
      copies.clear();
      return own();
    }
    copy = std::make_unique<const RE2>(compiled_->pattern(), compiled_->options());
  }
  return *copy;
}

namespace {

bool is_scalar(const TreeNode& n) {
  return n.kind == json::Kind::string || n.kind == json::Kind::number || n.kind == json::Kind::boolean;
}

bool test_value(const ValueTest& t, const TreeNode& n, const Event& e) {
  if (n.kind == json::Kind::null) return t.kind == ValueTest::Kind::null;
  if (!is_scalar(n)) return false;
  const std::string_view text = Event::scalar_text(n);
  switch (t.kind) {
    case ValueTest::Kind::glob: return t.glob.matches(text);
    case ValueTest::Kind::re: return t.re.partial_match(text);
    case ValueTest::Kind::cidr: {
      const std::optional<Network> a = parse_address(text);
      return a && contains(t.network, *a);
    }
    case ValueTest::Kind::fieldref: {
      bool equal = false;
      e.for_each_value(t.text, [&](const TreeNode& other) {
        if (equal || !is_scalar(other)) return;
        equal = t.cased ? Event::scalar_text(other) == text : iequals(Event::scalar_text(other), text);
      });
      return equal;
    }
    case ValueTest::Kind::compare: {
      const std::optional<Decimal> a = parse_decimal(text), b = parse_decimal(t.text);
      if (!a || !b) return false;
      const int c = compare(*a, *b);
      return (c == 0 && t.or_equal) || (c != 0 && (c > 0) == (t.compare_sign > 0));
    }
    case ValueTest::Kind::any:
      return std::any_of(t.any.begin(), t.any.end(), [&](const ValueTest& a) { return test_value(a, n, e); });
    case ValueTest::Kind::null:
    case ValueTest::Kind::exists: return false;
  }
  return false;
}

// Every string, number and boolean of the event (keyword search), however deep: the recursion
// is bounded by the depth limit the event was parsed under (events.cc).
void each_scalar(const Tree& doc, const TreeNode& n, const std::function<bool(const TreeNode&)>& fn, bool& stop) {
  if (stop) return;
  if (n.kind == json::Kind::object || n.kind == json::Kind::array) {
    for (const TreeNode& c : doc.children(n)) each_scalar(doc, c, fn, stop);
    return;
  }
  if (is_scalar(n) && fn(n)) stop = true;
}

bool test_matches(const ValueTest& t, const Item& item, const Event& e, std::span<const TreeNode* const> values) {
  if (item.field.empty()) {
    bool found = false;
    each_scalar(e.document(), e.root(), [&](const TreeNode& n) { return test_value(t, n, e); }, found);
    return found;
  }
  if (t.kind == ValueTest::Kind::exists) return values.empty() != t.exists;
  if (t.kind == ValueTest::Kind::null && values.empty()) return true;
  return std::any_of(values.begin(), values.end(), [&](const TreeNode* n) { return test_value(t, *n, e); });
}

bool item_matches(const Item& item, const Event& e) {
  const TreeNode* direct = nullptr;
  std::span<const TreeNode* const> values;
  std::vector<const TreeNode*> fanned;  // values reached through arrays (allocated only then)
  if (!item.field.empty()) {
    direct = e.find(item.field);
    if (direct != nullptr && direct->kind != json::Kind::array) {
      values = std::span<const TreeNode* const>(&direct, 1);
    } else {
      e.for_each_value(item.field, [&](const TreeNode& n) { fanned.push_back(&n); });
      values = fanned;
    }
  }
  const auto one = [&](const ValueTest& t) { return test_matches(t, item, e, values); };
  return item.all ? std::all_of(item.tests.begin(), item.tests.end(), one)
                  : std::any_of(item.tests.begin(), item.tests.end(), one);
}

bool selection_matches(const Selection& s, const Event& e) {
  return std::any_of(s.alternatives.begin(), s.alternatives.end(), [&](const std::vector<Item>& items) {
    return std::all_of(items.begin(), items.end(), [&](const Item& i) { return item_matches(i, e); });
  });
}

bool eval(const Rule& rule, const Condition& c, const Event& e) {
  switch (c.op) {
    case Condition::Op::selection: return selection_matches(rule.selections[static_cast<std::size_t>(c.selection)], e);
    case Condition::Op::negate: return !eval(rule, c.children.front(), e);
    case Condition::Op::all:
      return std::all_of(c.children.begin(), c.children.end(), [&](const Condition& k) { return eval(rule, k, e); });
    case Condition::Op::any:
      return std::any_of(c.children.begin(), c.children.end(), [&](const Condition& k) { return eval(rule, k, e); });
  }
  return false;
}

// The literal values an alternative requires of `field`, or nullopt.
std::optional<std::set<std::string>> required_of(const std::vector<Item>& items, std::string_view field) {
  for (const Item& i : items) {
    if (i.field != field || i.all) continue;
    std::set<std::string> values;
    bool literal = true;
    for (const ValueTest& t : i.tests) {
      if (t.kind != ValueTest::Kind::glob || !t.has_literal) literal = false;
      else values.insert(to_lower(t.literal));
    }
    if (literal) return values;
  }
  return std::nullopt;
}

}  // namespace

bool matches(const Rule& rule, const Event& e) { return eval(rule, rule.condition, e); }

std::optional<std::set<std::string>> required_values(const Rule& rule, const Condition& c, std::string_view field) {
  switch (c.op) {
    case Condition::Op::selection: {
      std::set<std::string> all;
      for (const std::vector<Item>& alt : rule.selections[static_cast<std::size_t>(c.selection)].alternatives) {
        std::optional<std::set<std::string>> r = required_of(alt, field);
        if (!r) return std::nullopt;
        all.insert(r->begin(), r->end());
      }
      return all;
    }
    case Condition::Op::negate: return std::nullopt;
    case Condition::Op::all: {
      std::optional<std::set<std::string>> best;
      for (const Condition& k : c.children) {
        std::optional<std::set<std::string>> r = required_values(rule, k, field);
        if (r && (!best || r->size() < best->size())) best = std::move(r);
      }
      return best;
    }
    case Condition::Op::any: {
      std::set<std::string> all;
      for (const Condition& k : c.children) {
        std::optional<std::set<std::string>> r = required_values(rule, k, field);
        if (!r) return std::nullopt;
        all.insert(r->begin(), r->end());
      }
      return all;
    }
  }
  return std::nullopt;
}

struct RuleSet::Index {
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name, by_source;
  std::vector<std::uint32_t> rest;
};

RuleSet::RuleSet() : index_(std::make_unique<Index>()) {}
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

std::size_t RuleSet::size() const { return rules_.size(); }

void RuleSet::reindex() {
  auto index = std::make_unique<Index>();
  for (std::uint32_t i = 0; i < rules_.size(); ++i) {
    Rule& r = *rules_[i];
    r.remediation = r.description.empty() ? "Investigate the event." : "Investigate: " + r.description;
    if (!r.falsepositives.empty()) r.remediation += fmt::format(" Known false positives: {}.", fmt::join(r.falsepositives, "; "));
    r.ref = std::make_shared<const RuleRef>(
        RuleRef{r.id, r.title, r.author.empty() ? "unknown author" : r.author, "DRL-1.1", r.references});
    if (auto names = required_values(r, r.condition, "eventName"); names && !names->empty()) {
      for (const std::string& n : *names) index->by_name[n].push_back(i);
    } else if (auto sources = required_values(r, r.condition, "eventSource"); sources && !sources->empty()) {
      for (const std::string& s : *sources) index->by_source[s].push_back(i);
    } else {
      index->rest.push_back(i);
    }
  }
  index_ = std::move(index);
}

template <typename Fn>
void RuleSet::candidates(const Event& e, Fn&& fn) const {
  thread_local std::string lower;  // the key lower-cased, without an allocation per event
  const auto bucket = [&](const std::unordered_map<std::string, std::vector<std::uint32_t>>& map, std::string_view key) {
    if (map.empty()) return;
    lower.assign(key);
    for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const auto it = map.find(lower);
    if (it == map.end()) return;
    for (std::uint32_t i : it->second) fn(*rules_[i]);
  };
  // The index keys on text: an eventName or eventSource that is an array (fanned out by the
  // matcher), a boolean or an object, which CloudTrail never writes, sends the event to every rule.
  const TreeNode* name = e.find("eventName");
  const TreeNode* source = e.find("eventSource");
  const auto keyed = [](const TreeNode* n) {
    return n == nullptr || n->kind == json::Kind::string || n->kind == json::Kind::number || n->kind == json::Kind::null;
  };
  if (!keyed(name) || !keyed(source)) {
    for (const std::unique_ptr<Rule>& r : rules_) fn(*r);
    return;
  }
  bucket(index_->by_name, name != nullptr ? name->text : std::string_view());
  bucket(index_->by_source, source != nullptr ? source->text : std::string_view());
  for (std::uint32_t i : index_->rest) fn(*rules_[i]);
}

void RuleSet::match(const Event& e, std::vector<Finding>& out) const {
  candidates(e, [&](const Rule& r) {
    if (!matches(r, e)) return;
    Finding f;
    f.id = "sigma:" + r.id;
    f.severity = r.severity;
    f.title = r.title;
    const std::string_view actor = e.str("userIdentity.arn").empty() ? e.str("userIdentity.type") : e.str("userIdentity.arn");
    f.message = fmt::format("{}: {} called {} at {} (Sigma rule {} by {}, DRL-1.1)", r.title, actor, call_name(e),
                            format_timestamp(e.time()), r.id, r.ref->author);
    f.remediation = r.remediation;
    describe_event(e, f);
    f.rule = r.ref;
    out.push_back(std::move(f));
  });
}

std::vector<std::string> RuleSet::matching(const Event& e) const {
  std::vector<std::string> ids;
  candidates(e, [&](const Rule& r) {
    if (matches(r, e)) ids.push_back(r.id);
  });
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace iw::trail::sigma
