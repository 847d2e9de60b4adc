#include "reason/witness.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <span>
#include <unordered_map>

#include "core/strings.h"
#include "core/time.h"
#include "core/values.h"
#include "policy/condition_op.h"

namespace iw::reason {

namespace {

using policy::OpBase;
using policy::OpFamily;

// ---- string and ARN classes: product of glob automata --------------------------------------

// One token of a pattern over bytes.
struct Tok {
  enum Kind : std::uint8_t { lit, any, star } kind = lit;
  char c = 0;
  bool icase = false;    // lit: ASCII case-insensitive
  bool no_colon = false; // any / star: never ':' (ARN components 1–5)
};
using Pattern = std::vector<Tok>;

bool tok_accepts(const Tok& t, char c) {
  switch (t.kind) {
    case Tok::lit:
      return t.c == c || (t.icase && ascii_lower(t.c) == ascii_lower(c));
    case Tok::any:
    case Tok::star: return !(t.no_colon && c == ':');
  }
  return false;
}

struct Literal {
  std::string text;
  bool wildcards = false;  // '*' and '?' are wildcards in `text` (else literal)
};

// The pattern of a glob (`wild`) or literal text; `no_colon` stars/any for ARN components.
void append(Pattern& out, std::string_view text, bool wild, bool icase, bool no_colon) {
  for (char c : text) {
    if (wild && c == '*') {
      out.push_back({Tok::star, 0, false, no_colon});
    } else if (wild && c == '?') {
      out.push_back({Tok::any, 0, false, no_colon});
    } else {
      out.push_back({Tok::lit, c, icase, false});
    }
  }
}

// ArnLike: six components globbed separately; fewer than six components match nothing.
std::optional<Pattern> arn_pattern(std::string_view text) {
  std::vector<std::string_view> comps;
  for (int k = 0; k < 5; ++k) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    comps.push_back(text.substr(0, colon));
    text.remove_prefix(colon + 1);
  }
  comps.push_back(text);
  Pattern p;
  for (std::size_t k = 0; k < 6; ++k) {
    if (k > 0) p.push_back({Tok::lit, ':', false, false});
    append(p, comps[k], true, false, k < 5);
  }
  return p;
}

// "has at least five colons": the shape every ARN operator needs of a context value.
Pattern arn_shape() {
  Pattern p;
  for (int k = 0; k < 6; ++k) {
    if (k > 0) p.push_back({Tok::lit, ':', false, false});
    p.push_back({Tok::star, 0, false, k < 5});
  }
  return p;
}

// The patterns laid end to end as one NFA over global positions: pattern i occupies
// [first[i], first[i] + size] where the last slot is its accepting position (no token).
struct Layout {
  std::vector<Tok> toks;                 // per position (accepting slots: unused)
  std::vector<std::int32_t> accepting;   // per position: the pattern it accepts, or -1
  std::vector<std::uint32_t> first;      // per pattern
};

Layout layout_of(const std::vector<Pattern>& patterns) {
  Layout l;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    l.first.push_back(static_cast<std::uint32_t>(l.toks.size()));
    for (const Tok& t : patterns[i]) {
      l.toks.push_back(t);
      l.accepting.push_back(-1);
    }
    l.toks.push_back({});
    l.accepting.push_back(static_cast<std::int32_t>(i));
  }
  return l;
}

// Adds `q` and the positions after the stars that follow it (a star may match nothing).
void add_closed(const Layout& l, std::uint32_t q, std::vector<std::uint32_t>& out) {
  for (;;) {
    out.push_back(q);
    if (l.accepting[q] >= 0 || l.toks[q].kind != Tok::star) return;
    ++q;
  }
}

// The states of the exploration: sorted position lists in one pool, found by hash.
class StateTable {
 public:
  std::size_t size() const { return begin_.size() - 1; }
  std::span<const std::uint32_t> at(std::size_t i) const {
    return {pool_.data() + begin_[i], pool_.data() + begin_[i + 1]};
  }
  // The index of `s` when already present, else -1.
  std::int64_t find(std::span<const std::uint32_t> s) const {
    if (slots_.empty()) return -1;
    for (std::size_t h = hash(s) & (slots_.size() - 1);; h = (h + 1) & (slots_.size() - 1)) {
      const std::int32_t i = slots_[h];
      if (i < 0) return -1;
      const auto t = at(static_cast<std::size_t>(i));
      if (std::equal(t.begin(), t.end(), s.begin(), s.end())) return i;
    }
  }
  void insert(std::span<const std::uint32_t> s) {
    if (2 * (size() + 1) > slots_.size()) grow();
    pool_.insert(pool_.end(), s.begin(), s.end());
    begin_.push_back(static_cast<std::uint32_t>(pool_.size()));
    place(static_cast<std::int32_t>(size() - 1));
  }

 private:
  static std::size_t hash(std::span<const std::uint32_t> s) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
    for (std::uint32_t v : s) h = (h ^ v) * 0x100000001b3ULL, h ^= h >> 29;
    return static_cast<std::size_t>(h);
  }
  void place(std::int32_t i) {
    for (std::size_t h = hash(at(static_cast<std::size_t>(i))) & (slots_.size() - 1);; h = (h + 1) & (slots_.size() - 1)) {
      if (slots_[h] < 0) {
        slots_[h] = i;
        return;
      }
    }
  }
  void grow() {
    slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), -1);
    for (std::size_t i = 0; i < size(); ++i) place(static_cast<std::int32_t>(i));
  }
  std::vector<std::uint32_t> pool_;
  std::vector<std::uint32_t> begin_{0};
  std::vector<std::int32_t> slots_;
};

// Explores the product automaton of `patterns` breadth-first; returns one shortest string per
// reachable combination of accepted patterns. `complete` is false when the bound was hit.
// A state is the set of NFA positions the prefix reaches, in every pattern at once; characters
// that no active literal names (and are not ':') all lead to the same state, computed once.
std::vector<std::string> product_witnesses(const std::vector<Pattern>& patterns, bool& complete,
                                           std::vector<std::string>* signatures = nullptr) {
  std::string alphabet;
  for (const Pattern& p : patterns) {
    for (const Tok& t : p) {
      if (t.kind != Tok::lit) continue;
      for (char c : {t.c, t.icase ? ascii_lower(t.c) : t.c, t.icase ? ascii_upper(t.c) : t.c}) {
        if (alphabet.find(c) == std::string::npos) alphabet += c;
      }
    }
  }
  if (alphabet.find(':') == std::string::npos) alphabet += ':';
  for (char filler : std::string_view("x0-_.~#")) {
    if (alphabet.find(filler) == std::string::npos) {
      alphabet += filler;
      break;
    }
  }
  const Layout l = layout_of(patterns);
  constexpr std::size_t kMaxStates = 4096;
  StateTable states;
  std::vector<std::int32_t> parent;
  std::vector<char> via;
  std::set<std::vector<std::int32_t>> classes;  // accepted pattern lists seen
  bool none_seen = false;                        // the class that accepts no pattern
  std::vector<std::string> out;
  const auto text_of = [&](std::int32_t i) {
    std::string s;
    for (; parent[static_cast<std::size_t>(i)] >= 0; i = parent[static_cast<std::size_t>(i)]) {
      s += via[static_cast<std::size_t>(i)];
    }
    std::reverse(s.begin(), s.end());
    return s;
  };
  std::vector<std::uint32_t> next, other, scratch;
  for (std::uint32_t f : l.first) add_closed(l, f, next);
  std::sort(next.begin(), next.end());
  next.erase(std::unique(next.begin(), next.end()), next.end());
  states.insert(next);
  parent.push_back(-1);
  via.push_back(0);
  complete = true;
  // The positions `cur` reaches on `c`, sorted.
  const auto step = [&](std::span<const std::uint32_t> cur, char c, std::vector<std::uint32_t>& to) {
    to.clear();
    for (std::uint32_t j : cur) {
      if (l.accepting[j] >= 0 || !tok_accepts(l.toks[j], c)) continue;
      add_closed(l, l.toks[j].kind == Tok::star ? j : j + 1, to);
    }
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
  };
  std::array<bool, 256> named{};
  for (std::size_t head = 0; head < states.size(); ++head) {
    scratch.assign(states.at(head).begin(), states.at(head).end());
    const std::span<const std::uint32_t> cur(scratch);
    std::vector<std::int32_t> accepted;
    for (std::uint32_t j : cur) {
      if (l.accepting[j] >= 0) accepted.push_back(l.accepting[j]);
    }
    if (classes.insert(accepted).second) {
      if (accepted.empty()) none_seen = true;
      out.push_back(text_of(static_cast<std::int32_t>(head)));
      if (signatures != nullptr) {
        std::string sig(patterns.size(), '0');
        for (std::int32_t a : accepted) sig[static_cast<std::size_t>(a)] = '1';
        signatures->push_back(std::move(sig));
      }
    }
    named.fill(false);
    named[static_cast<unsigned char>(':')] = true;
    for (std::uint32_t j : cur) {
      const Tok& t = l.toks[j];
      if (l.accepting[j] >= 0 || t.kind != Tok::lit) continue;
      named[static_cast<unsigned char>(t.c)] = true;
      if (t.icase) {
        named[static_cast<unsigned char>(ascii_lower(t.c))] = true;
        named[static_cast<unsigned char>(ascii_upper(t.c))] = true;
      }
    }
    bool other_done = false;
    for (char c : alphabet) {
      const std::vector<std::uint32_t>* to = &next;
      if (named[static_cast<unsigned char>(c)]) {
        step(cur, c, next);
      } else {
        if (!other_done) step(cur, c, other);
        other_done = true;
        to = &other;
      }
      if (to->empty() && none_seen) continue;
      if (states.find(*to) >= 0) continue;
      if (states.size() >= kMaxStates) {
        complete = false;
        break;
      }
      states.insert(*to);
      parent.push_back(static_cast<std::int32_t>(head));
      via.push_back(c);
    }
  }
  return out;
}

// ---- typed classes: interval boundaries ----------------------------------------------------

std::string format_number(double v) {
  char buf[64];
  if (std::fabs(v) < 9e15 && v == std::floor(v)) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return std::string(buf, end);
  }
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void numeric_witnesses(const std::vector<std::string>& texts, std::vector<std::string>& out) {
  std::vector<double> values;
  for (const std::string& t : texts) {
    if (!parse_decimal(t)) continue;
    values.push_back(std::strtod(t.c_str(), nullptr));
    out.push_back(t);
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.empty()) return out.push_back("1");
  out.push_back(format_number(values.front() - 1));
  out.push_back(format_number(values.back() + 1));
  for (std::size_t i = 0; i + 1 < values.size(); ++i) out.push_back(format_number((values[i] + values[i + 1]) / 2));
}

void date_witnesses(const std::vector<std::string>& texts, std::vector<std::string>& out) {
  for (const std::string& t : texts) {
    auto i = parse_instant(t);
    if (!i) continue;
    for (std::int64_t d : {-1, 0, 1}) out.push_back(format_timestamp(i->seconds + d));
    if (i->fraction != 0) out.push_back(format_timestamp(i->seconds + 2));
  }
  if (out.empty()) out.push_back(format_timestamp(0));
}

std::string format_ip(bool v6, std::uint64_t hi, std::uint64_t lo) {
  char buf[64];
  if (!v6) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", static_cast<unsigned>((lo >> 24) & 255),
                  static_cast<unsigned>((lo >> 16) & 255), static_cast<unsigned>((lo >> 8) & 255),
                  static_cast<unsigned>(lo & 255));
    return buf;
  }
  std::string s;
  for (int g = 0; g < 8; ++g) {
    const std::uint64_t word = g < 4 ? hi : lo;
    const unsigned v = static_cast<unsigned>((word >> (16 * (3 - (g % 4)))) & 0xffff);
    std::snprintf(buf, sizeof buf, "%s%x", g == 0 ? "" : ":", v);
    s += buf;
  }
  return s;
}

// Adds (hi, lo) + delta (delta is -1, 0 or +1) within the family's range, when it stays there.
void push_ip(bool v6, std::uint64_t hi, std::uint64_t lo, int delta, std::vector<std::string>& out) {
  if (!v6) {
    const std::int64_t v = static_cast<std::int64_t>(lo) + delta;
    if (v >= 0 && v <= 0xffffffffLL) out.push_back(format_ip(false, 0, static_cast<std::uint64_t>(v)));
    return;
  }
  if (delta > 0) {
    if (lo == ~0ULL && hi == ~0ULL) return;
    if (++lo == 0) ++hi;
  } else if (delta < 0) {
    if (lo == 0 && hi == 0) return;
    if (lo-- == 0) --hi;
  }
  out.push_back(format_ip(true, hi, lo));
}

void ip_witnesses(const std::vector<std::string>& texts, std::vector<std::string>& out) {
  for (const std::string& t : texts) {
    auto n = parse_network(t);
    if (!n) continue;
    const int bits = n->v6 ? 128 : 32;
    const int host = bits - n->prefix;
    std::uint64_t last_hi = n->hi, last_lo = n->lo;
    if (n->v6) {
      if (host >= 64) {
        last_lo = ~0ULL;
        last_hi |= host >= 128 ? ~0ULL : ((1ULL << (host - 64)) - 1);
      } else if (host > 0) {
        last_lo |= (1ULL << host) - 1;
      }
    } else if (host > 0) {
      last_lo |= host >= 32 ? 0xffffffffULL : ((1ULL << host) - 1);
    }
    push_ip(n->v6, n->hi, n->lo, 0, out);
    push_ip(n->v6, n->hi, n->lo, -1, out);
    push_ip(n->v6, last_hi, last_lo, 0, out);
    push_ip(n->v6, last_hi, last_lo, +1, out);
  }
  out.push_back("198.51.100.7");
  out.push_back("2001:db8::7");
}

// ---- condition values, with fixed variables substituted --------------------------------------

// The value as a pattern: literal runs, and '*' for a variable whose key is not fixed. `wild`:
// the operator globs ('*' and '?' in literal runs are wildcards).
Literal resolve(std::string_view text, bool variables, const eval::Context& fixed, Witnesses& w) {
  Literal out;
  if (!variables || text.find("${") == std::string_view::npos) {
    out.text = std::string(text);
    return out;
  }
  // Variables make the pattern partly literal: escape by building the glob ourselves.
  std::string glob;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const std::size_t end = text.find('}', i);
      if (end != std::string_view::npos) {
        std::string_view var = text.substr(i + 2, end - i - 2);
        const bool has_default = var.find(',') != std::string_view::npos;
        var = trim(var.substr(0, var.find(',')));
        if (var == "*" || var == "?" || var == "$") {
          glob += '\x01';
          glob += var;
        } else if (const eval::ContextEntry* e = fixed.find(to_lower(var)); e != nullptr && !e->multi && !has_default) {
          for (char c : e->values[0]) (glob += '\x01') += c;
        } else {  // not fixed (or its default may apply): any text
          glob += '*';
          w.exact = false;
          w.variables = true;
        }
        i = end;
        continue;
      }
    }
    glob += text[i];
  }
  out.text = std::move(glob);
  out.wildcards = true;
  return out;
}

// Appends the pattern of a resolved value: '\x01' marks the next character as literal.
void append_resolved(Pattern& out, const Literal& v, bool wild, bool icase) {
  if (!v.wildcards) return append(out, v.text, wild, icase, false);
  for (std::size_t i = 0; i < v.text.size(); ++i) {
    if (v.text[i] == '\x01' && i + 1 < v.text.size()) {
      out.push_back({Tok::lit, v.text[++i], icase, false});
    } else if (v.text[i] == '*') {
      out.push_back({Tok::star, 0, false, false});
    } else if (wild && v.text[i] == '?') {
      out.push_back({Tok::any, 0, false, false});
    } else {
      out.push_back({Tok::lit, v.text[i], icase, false});
    }
  }
}

bool valid_for(std::optional<catalog::KeyType> type, std::string_view v) {
  if (!type) return true;
  switch (catalog::base_type(*type)) {
    case catalog::KeyType::numeric: return parse_decimal(v).has_value();
    case catalog::KeyType::date: return parse_instant(v).has_value();
    case catalog::KeyType::ip_address: return parse_address(v).has_value();
    case catalog::KeyType::boolean: return parse_bool(v).has_value();
    case catalog::KeyType::binary: return base64_decode(v).has_value();
    case catalog::KeyType::arn: return std::count(v.begin(), v.end(), ':') >= 5;
    default: return true;
  }
}

std::string default_value(std::optional<catalog::KeyType> type) {
  if (!type) return "iamwarden";
  switch (catalog::base_type(*type)) {
    case catalog::KeyType::numeric: return "1";
    case catalog::KeyType::date: return "2026-01-01T00:00:00Z";
    case catalog::KeyType::ip_address: return "198.51.100.7";
    case catalog::KeyType::boolean: return "true";
    case catalog::KeyType::binary: return "AA==";
    case catalog::KeyType::arn: return "arn:aws:iam::000000000000:root";
    default: return "iamwarden";
  }
}

}  // namespace

namespace {

std::vector<GlobClass> explore_classes(const std::vector<GlobSpec>& specs, bool& complete) {
  std::vector<Pattern> patterns;
  patterns.reserve(specs.size());
  for (const GlobSpec& g : specs) {
    Pattern p;
    switch (g.kind) {
      case GlobKind::plain: append(p, g.text, true, false, false); break;
      case GlobKind::icase: append(p, g.text, true, true, false); break;
      case GlobKind::literal: append(p, g.text, false, false, false); break;
      case GlobKind::arn_like:
        if (auto a = arn_pattern(g.text)) p = std::move(*a);
        else p.push_back({Tok::lit, '\0', false, false});  // matches no request value
        break;
      case GlobKind::resource: {
        std::size_t colons = 0;
        for (std::size_t i = 0; i < g.text.size(); ++i) {
          const char c = g.text[i];
          const bool ends = i + 1 == g.text.size() || g.text[i + 1] == ':';
          if (c == '*') p.push_back({Tok::star, 0, false, colons < 5 && !ends});
          else if (c == '?') p.push_back({Tok::any, 0, false, colons < 5});
          else p.push_back({Tok::lit, c, false, false});
          colons += c == ':' ? 1 : 0;
        }
        break;
      }
      case GlobKind::arn_shape:
        append(p, "arn:", false, false, false);
        p.push_back({Tok::star, 0, false, true});
        p.push_back({Tok::lit, ':', false, false});
        p.push_back({Tok::any, 0, false, true});
        for (int k = 0; k < 3; ++k) {
          p.push_back({Tok::star, 0, false, true});
          p.push_back({Tok::lit, ':', false, false});
        }
        p.push_back({Tok::star, 0, false, false});
        break;
      case GlobKind::action_shape:
        p.push_back({Tok::any, 0, false, true});
        p.push_back({Tok::star, 0, false, true});
        p.push_back({Tok::lit, ':', false, false});
        p.push_back({Tok::any, 0, false, true});
        p.push_back({Tok::star, 0, false, true});
        break;
    }
    patterns.push_back(std::move(p));
  }
  std::vector<std::string> signatures;
  std::vector<std::string> texts = product_witnesses(patterns, complete, &signatures);
  std::vector<GlobClass> out;
  out.reserve(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) out.push_back({std::move(texts[i]), std::move(signatures[i])});
  return out;
}

}  // namespace

// Many policies repeat the same pattern lists (10,000 bucket policies granting s3:GetObject):
// the classes of a list are kept per thread, keyed by the list, and computed once.
std::vector<GlobClass> glob_classes(const std::vector<GlobSpec>& specs, bool& complete) {
  struct Entry {
    std::vector<GlobClass> classes;
    bool complete = true;
  };
  constexpr std::size_t kMaxEntries = 256;
  thread_local std::unordered_map<std::string, Entry> cache;
  std::string key;
  for (const GlobSpec& g : specs) {
    key += static_cast<char>(g.kind);
    key += std::to_string(g.text.size());
    key += ':';
    key += g.text;
  }
  if (auto it = cache.find(key); it != cache.end()) {
    complete = it->second.complete;
    return it->second.classes;
  }
  Entry e;
  e.classes = explore_classes(specs, e.complete);
  complete = e.complete;
  if (cache.size() >= kMaxEntries) cache.clear();
  return cache.emplace(std::move(key), std::move(e)).first->second.classes;
}

std::optional<catalog::KeyType> key_type(std::string_view key) {
  const catalog::ConditionKey* k = catalog::Catalog::get().condition_key(key);
  if (k == nullptr) return std::nullopt;
  return k->type;
}

namespace {

Witnesses compute_witnesses(const KeyConditions& k, std::optional<catalog::KeyType> type, const eval::Context& fixed) {
  Witnesses w;
  w.values.push_back({});  // absent
  std::vector<Pattern> patterns;
  std::vector<std::string> numbers, dates, ips, typed;
  bool set_ops = false, plain_ops = false, arn_ops = false;
  std::size_t set_conditions = 0;
  for (const policy::Condition* c : k.conditions) {
    auto op = policy::parse_operator(c->op);
    if (!op) continue;
    (op->set == policy::SetQualifier::none ? plain_ops : set_ops) = true;
    set_conditions += op->set == policy::SetQualifier::none ? 0 : 1;
    const OpFamily fam = policy::family(op->base);
    for (const policy::ConditionValue& v : c->values) {
      switch (fam) {
        case OpFamily::string: {
          const bool wild = op->base == OpBase::string_like || op->base == OpBase::string_not_like;
          const bool icase = op->base == OpBase::string_equals_ignore_case ||
                             op->base == OpBase::string_not_equals_ignore_case;
          Pattern p;
          append_resolved(p, resolve(v.text, k.variables_enabled, fixed, w), wild, icase);
          patterns.push_back(std::move(p));
          break;
        }
        case OpFamily::arn: {
          arn_ops = true;
          const Literal l = resolve(v.text, k.variables_enabled, fixed, w);
          if (auto p = arn_pattern(l.wildcards ? std::string_view(l.text) : std::string_view(v.text))) {
            if (l.wildcards) {  // rebuild with literal markers honoured
              Pattern q;
              append_resolved(q, l, true, false);
              patterns.push_back(std::move(q));
            } else {
              patterns.push_back(std::move(*p));
            }
          }
          break;
        }
        case OpFamily::numeric: numbers.push_back(v.text); break;
        case OpFamily::date: dates.push_back(v.text); break;
        case OpFamily::ip: ips.push_back(v.text); break;
        case OpFamily::boolean: {
          const Literal l = resolve(v.text, k.variables_enabled, fixed, w);
          typed.push_back(l.wildcards ? "true" : v.text);
          typed.push_back("true");
          typed.push_back("false");
          break;
        }
        case OpFamily::binary: typed.push_back(v.text); typed.push_back("AA=="); break;
        case OpFamily::null: break;
      }
    }
  }
  std::vector<std::string> members;
  if (arn_ops) patterns.push_back(arn_shape());
  if (!patterns.empty()) {
    bool complete = true;
    members = product_witnesses(patterns, complete);
    if (!complete) w.exact = false;
  }
  if (!numbers.empty()) numeric_witnesses(numbers, members);
  if (!dates.empty()) date_witnesses(dates, members);
  if (!ips.empty()) ip_witnesses(ips, members);
  members.insert(members.end(), typed.begin(), typed.end());
  std::erase_if(members, [&](const std::string& m) { return !valid_for(type, m); });
  if (eval::is_tag_key(k.key)) std::erase(members, std::string());
  if (members.empty()) members.push_back(default_value(type));
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());

  const bool multi_type = type && catalog::is_multivalued(*type);
  const bool single = !multi_type || plain_ops;
  const bool multi = multi_type || set_ops;
  if (single) {
    for (const std::string& m : members) w.values.push_back({true, false, {m}});
  }
  if (multi) {
    for (const std::string& m : members) w.values.push_back({true, true, {m}});
    // Two members meet two "some member" conditions that no single member meets together.
    constexpr std::size_t kMaxPairs = 256;
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < members.size() && pairs < kMaxPairs; ++i) {
      for (std::size_t j = i + 1; j < members.size() && pairs < kMaxPairs; ++j, ++pairs) {
        w.values.push_back({true, true, {members[i], members[j]}});
      }
    }
    if (pairs >= kMaxPairs || set_conditions > 2) w.exact = false;
  }
  return w;
}

}  // namespace

// Conditions repeat across policies (a TLS deny, an organization guard): the witnesses of a key
// whose values name no variable depend only on the key, its type and the operators and values,
// so they are kept per thread under that text and computed once.
Witnesses witnesses(const KeyConditions& k, std::optional<catalog::KeyType> type, const eval::Context& fixed) {
  std::string key = k.key;
  key += '\n';
  key += type ? std::to_string(static_cast<int>(*type)) : std::string("-");
  for (const policy::Condition* c : k.conditions) {
    key += '\n';
    key += c->op;
    for (const policy::ConditionValue& v : c->values) {
      if (k.variables_enabled && v.text.find("${") != std::string::npos) return compute_witnesses(k, type, fixed);
      key += '\0';
      key += std::to_string(v.text.size());
      key += ':';
      key += v.text;
    }
  }
  constexpr std::size_t kMaxEntries = 1024;
  thread_local std::unordered_map<std::string, Witnesses> cache;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  Witnesses w = compute_witnesses(k, type, fixed);
  if (cache.size() >= kMaxEntries) cache.clear();
  return cache.emplace(std::move(key), std::move(w)).first->second;
}

}  // namespace iw::reason
