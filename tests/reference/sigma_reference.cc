#include "reference/sigma_reference.h"

#include <re2/re2.h>

#include <map>
#include <optional>
#include <vector>

#include "policy/utf8.h"
#include "reference/text_reference.h"
#include "reference/values_reference.h"

namespace iw::reference {

namespace {

[[noreturn]] void reject(const std::string& message) { throw SigmaRefError(message); }

// ---- the event -------------------------------------------------------------------------------

bool is_scalar(const json::Node& n) {
  return n.kind == json::Kind::string || n.kind == json::Kind::number || n.kind == json::Kind::boolean;
}

std::string text_of(const json::Node& n) {
  if (n.kind == json::Kind::boolean) return n.boolean ? "true" : "false";
  return std::string(n.text);
}

// Every node `path[at..]` reaches from `n`, arrays fanned out (also nested ones and at the end).
void reach(const json::Document& doc, const json::Node& n, const std::vector<std::string>& path, std::size_t at,
           std::vector<const json::Node*>& out) {
  if (n.kind == json::Kind::array) {
    for (const json::Node& c : doc.children(n)) reach(doc, c, path, at, out);
    return;
  }
  if (at == path.size()) {
    out.push_back(&n);
    return;
  }
  if (n.kind != json::Kind::object) return;
  for (const json::Node& c : doc.children(n)) {
    if (c.key == path[at]) {
      reach(doc, c, path, at + 1, out);
      return;  // the first member of that name
    }
  }
}

std::vector<const json::Node*> field_values(const json::Document& doc, const std::string& field) {
  std::vector<const json::Node*> out;
  reach(doc, doc.root(), split(field, '.'), 0, out);
  return out;
}

void every_scalar(const json::Document& doc, const json::Node& n, std::vector<const json::Node*>& out) {
  if (n.kind == json::Kind::array || n.kind == json::Kind::object) {
    for (const json::Node& c : doc.children(n)) every_scalar(doc, c, out);
  } else if (is_scalar(n)) {
    out.push_back(&n);
  }
}

// ---- wildcards -------------------------------------------------------------------------------

struct Tok {
  enum Kind { literal, star, one } kind;
  char32_t cp;
};

std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
  return out;
}

// A Sigma string: `*` and `?` wildcards; `\*`, `\?` and `\\` the characters themselves; any
// other backslash is a backslash.
std::vector<Tok> wildcard_tokens(const std::string& v) {
  const std::vector<char32_t> cps = code_points(v);
  std::vector<Tok> out;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == '\\' && i + 1 < cps.size() && (cps[i + 1] == '*' || cps[i + 1] == '?' || cps[i + 1] == '\\')) {
      out.push_back({Tok::literal, cps[++i]});
    } else if (cps[i] == '*') {
      out.push_back({Tok::star, 0});
    } else if (cps[i] == '?') {
      out.push_back({Tok::one, 0});
    } else {
      out.push_back({Tok::literal, cps[i]});
    }
  }
  return out;
}

std::vector<Tok> literal_tokens(const std::string& v) {
  std::vector<Tok> out;
  for (char32_t c : code_points(v)) out.push_back({Tok::literal, c});
  return out;
}

char32_t fold(char32_t c, bool on) { return on && c >= 'A' && c <= 'Z' ? c + 32 : c; }

// ok(i, j): tokens p[i..] match t[j..] (one table, row by row).
bool wildcard_match(const std::vector<Tok>& p, const std::string& text, bool ignore_case) {
  const std::vector<char32_t> t = code_points(text);
  const std::size_t width = t.size() + 1;
  std::vector<char> table((p.size() + 1) * width, 0);
  const auto ok = [&](std::size_t i, std::size_t j) -> char& { return table[i * width + j]; };
  ok(p.size(), t.size()) = 1;
  for (std::size_t i = p.size(); i-- > 0;) {
    for (std::size_t j = t.size() + 1; j-- > 0;) {
      if (p[i].kind == Tok::star) {
        ok(i, j) = ok(i + 1, j) || (j < t.size() && ok(i, j + 1));
      } else if (j < t.size()) {
        const bool one = p[i].kind == Tok::one || fold(p[i].cp, ignore_case) == fold(t[j], ignore_case);
        ok(i, j) = one && ok(i + 1, j + 1);
      }
    }
  }
  return ok(0, 0) != 0;
}

// `*` only: the search-identifier patterns of `1 of` / `all of`.
bool name_matches(const std::string& pattern, const std::string& name) {
  std::vector<Tok> p;
  for (char32_t c : code_points(pattern)) p.push_back(c == '*' ? Tok{Tok::star, 0} : Tok{Tok::literal, c});
  return wildcard_match(p, name, false);
}

// ---- base64 ----------------------------------------------------------------------------------

const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string bits_of(const std::string& bytes) {
  std::string bits;
  for (unsigned char c : bytes) {
    for (int k = 7; k >= 0; --k) bits += ((c >> k) & 1u) ? '1' : '0';
  }
  return bits;
}

char sextet(const std::string& bits, std::size_t from) {
  return kAlphabet[static_cast<std::size_t>(std::stoi(bits.substr(from, 6), nullptr, 2))];
}

// RFC 4648 base64 with '=' padding.
std::string base64_encode(const std::string& bytes) {
  std::string bits = bits_of(bytes);
  while (bits.size() % 6 != 0) bits += '0';
  std::string out;
  for (std::size_t i = 0; i < bits.size(); i += 6) out += sextet(bits, i);
  while (out.size() % 4 != 0) out += '=';
  return out;
}

// For the value placed 0, 1 and 2 bytes into a stream: the encoded characters whose six bits
// all come from the value.
std::vector<std::string> base64_fragments(const std::string& value) {
  std::vector<std::string> out;
  for (std::size_t shift = 0; shift < 3; ++shift) {
    const std::string bits = std::string(8 * shift, '0') + bits_of(value);
    std::string fragment;
    for (std::size_t k = 0; 6 * k + 6 <= bits.size(); ++k) {
      if (6 * k >= 8 * shift) fragment += sextet(bits, 6 * k);
    }
    if (!fragment.empty()) out.push_back(fragment);
  }
  return out;
}

// ---- modifiers and values --------------------------------------------------------------------

struct Mods {
  std::string kind = "equals";
  bool all = false, cased = false, b64 = false, b64offset = false, re_i = false, re_m = false, re_s = false;
};

Mods parse_mods(const std::vector<std::string>& parts, bool keyword) {
  Mods m;
  bool kind_set = false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string mod = lower_ascii(parts[i]);
    if (mod == "all") {
      m.all = true;
    } else if (mod == "cased") {
      m.cased = true;
    } else if (mod == "base64") {
      m.b64 = true;
    } else if (mod == "base64offset") {
      m.b64offset = true;
    } else if (mod == "i" || mod == "ignorecase") {
      m.re_i = true;
    } else if (mod == "m" || mod == "multiline") {
      m.re_m = true;
    } else if (mod == "s" || mod == "dotall") {
      m.re_s = true;
    } else if (mod == "contains" || mod == "startswith" || mod == "endswith" || mod == "re" || mod == "cidr" ||
               mod == "exists" || mod == "fieldref" || mod == "gt" || mod == "gte" || mod == "lt" || mod == "lte") {
      if (kind_set) reject("two modifiers that each say how to compare: " + m.kind + " and " + mod);
      kind_set = true;
      m.kind = mod;
    } else {
      reject("unknown modifier " + mod);
    }
  }
  if ((m.re_i || m.re_m || m.re_s) && m.kind != "re") reject("i, m and s go with re only");
  const bool stringy = m.kind == "equals" || m.kind == "contains" || m.kind == "startswith" || m.kind == "endswith";
  if (m.b64 && m.b64offset) reject("base64 and base64offset together");
  if ((m.b64 || m.b64offset) && !stringy) reject("base64 goes with string values only");
  if (keyword) {
    if (!stringy && m.kind != "re") reject("a keyword search takes string modifiers only");
    if (m.kind == "equals") m.kind = "contains";
  }
  return m;
}

struct Context {
  const json::Document& doc;
};

// Does one value (with the modifiers) hold for `values`, the field's values (for a keyword
// search: every scalar of the event)?
bool value_holds(const Context& ctx, const Mods& m, const YAML::Node& v, const std::vector<const json::Node*>& values,
                 bool keyword) {
  if (!v.IsScalar() && !v.IsNull()) reject("a value must be a scalar");
  if (m.kind == "exists") {
    if (keyword) reject("exists needs a field");
    const std::optional<bool> b = v.IsScalar() ? ref_bool(v.Scalar()) : std::nullopt;
    if (!b) reject("exists takes true or false");
    return !values.empty() == *b;
  }
  if (v.IsNull()) {
    if (keyword) reject("null needs a field");
    if (values.empty()) return true;
    for (const json::Node* n : values) {
      if (n->kind == json::Kind::null) return true;
    }
    return false;
  }
  const std::string text = v.Scalar();
  std::vector<std::string> strings;
  for (const json::Node* n : values) {
    if (is_scalar(*n)) strings.push_back(text_of(*n));
  }
  if (m.kind == "re") {
    RE2::Options o;
    o.set_case_sensitive(!m.re_i);
    o.set_dot_nl(m.re_s);
    o.set_log_errors(false);
    const RE2 re(m.re_m ? "(?m)" + text : text, o);
    if (!re.ok()) reject("bad regular expression");
    for (const std::string& s : strings) {
      if (RE2::PartialMatch(s, re)) return true;
    }
    return false;
  }
  if (m.kind == "cidr") {
    const std::optional<RefNet> net = ref_network(text, true);
    if (!net) reject("bad network");
    for (const std::string& s : strings) {
      const std::optional<RefNet> a = ref_network(s, false);
      if (a && ref_contains(*net, *a)) return true;
    }
    return false;
  }
  if (m.kind == "fieldref") {
    if (keyword) reject("fieldref needs a field");
    for (const json::Node* other : field_values(ctx.doc, text)) {
      if (!is_scalar(*other)) continue;
      for (const std::string& s : strings) {
        if (m.cased ? s == text_of(*other) : lower_ascii(s) == lower_ascii(text_of(*other))) return true;
      }
    }
    return false;
  }
  if (m.kind == "gt" || m.kind == "gte" || m.kind == "lt" || m.kind == "lte") {
    const std::optional<RefNumber> bound = ref_number(text);
    if (!bound) reject("not a number");
    for (const std::string& s : strings) {
      const std::optional<RefNumber> x = ref_number(s);
      if (!x) continue;
      const int c = ref_compare(*x, *bound);
      if ((m.kind == "gt" && c > 0) || (m.kind == "gte" && c >= 0) || (m.kind == "lt" && c < 0) ||
          (m.kind == "lte" && c <= 0)) {
        return true;
      }
    }
    return false;
  }
  // Plain, contains, startswith, endswith; perhaps base64-encoded first.
  std::vector<std::vector<Tok>> patterns;
  if (m.b64) {
    patterns.push_back(literal_tokens(base64_encode(text)));
  } else if (m.b64offset) {
    for (const std::string& f : base64_fragments(text)) patterns.push_back(literal_tokens(f));
  } else {
    patterns.push_back(wildcard_tokens(text));
  }
  const bool before = m.kind == "contains" || m.kind == "endswith" || m.b64offset;
  const bool after = m.kind == "contains" || m.kind == "startswith" || m.b64offset;
  const bool ignore_case = !m.cased && !m.b64 && !m.b64offset;
  for (std::vector<Tok>& p : patterns) {
    if (before) p.insert(p.begin(), Tok{Tok::star, 0});
    if (after) p.push_back(Tok{Tok::star, 0});
    for (const std::string& s : strings) {
      if (wildcard_match(p, s, ignore_case)) return true;
    }
  }
  return false;
}

// One entry `field|mods: value(s)` of a map. Every value is interpreted (no short cut), so that
// an invalid one is rejected whatever the event.
bool entry_holds(const Context& ctx, const YAML::Node& key, const YAML::Node& value) {
  if (!key.IsScalar()) reject("a field name must be a string");
  const std::vector<std::string> parts = split(key.Scalar(), '|');
  const bool keyword = parts[0].empty();
  const Mods m = parse_mods(parts, keyword);
  std::vector<const json::Node*> values;
  if (keyword) {
    every_scalar(ctx.doc, ctx.doc.root(), values);
  } else {
    values = field_values(ctx.doc, parts[0]);
  }
  std::vector<bool> results;
  if (value.IsSequence()) {
    if (value.size() == 0) reject("empty list of values");
    for (const YAML::Node& v : value) results.push_back(value_holds(ctx, m, v, values, keyword));
  } else {
    results.push_back(value_holds(ctx, m, value, values, keyword));
  }
  bool any = false, every = true;
  for (bool r : results) {
    any = any || r;
    every = every && r;
  }
  return m.all ? every : any;
}

bool map_holds(const Context& ctx, const YAML::Node& map) {
  bool every = true;
  for (const auto& kv : map) every = entry_holds(ctx, kv.first, kv.second) && every;
  return every;
}

bool selection_holds(const Context& ctx, const YAML::Node& sel) {
  if (sel.IsMap()) return map_holds(ctx, sel);
  if (!sel.IsSequence()) reject("a selection is a map or a list");
  if (sel.size() == 0) reject("empty selection");
  bool any = false;
  for (const YAML::Node& item : sel) {
    if (item.IsMap()) {
      any = map_holds(ctx, item) || any;
    } else if (item.IsScalar()) {
      Mods m;
      m.kind = "contains";
      std::vector<const json::Node*> scalars;
      every_scalar(ctx.doc, ctx.doc.root(), scalars);
      any = value_holds(ctx, m, item, scalars, true) || any;
    } else {
      reject("a selection list holds maps or keywords");
    }
  }
  return any;
}

// ---- conditions ------------------------------------------------------------------------------

// Recursive descent, evaluating as it goes: or < and < not < `x of` < parentheses.
class ConditionEval {
 public:
  ConditionEval(const std::string& text, const std::vector<std::pair<std::string, bool>>& selections)
      : selections_(selections) {
    std::string word;
    const auto flush = [&] {
      if (!word.empty()) tokens_.push_back(word);
      word.clear();
    };
    for (char c : text) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        flush();
      } else if (c == '(' || c == ')') {
        flush();
        tokens_.emplace_back(1, c);
      } else if (c == '|') {
        reject("aggregations are not supported");
      } else {
        word += c;
      }
    }
    flush();
  }

  bool run() {
    const bool r = parse_or();
    if (pos_ != tokens_.size()) reject("trailing " + tokens_[pos_]);
    return r;
  }

 private:
  bool at(const std::string& word) const { return pos_ < tokens_.size() && lower_ascii(tokens_[pos_]) == word; }

  bool parse_or() {
    bool r = parse_and();
    while (at("or")) {
      ++pos_;
      r = parse_and() || r;
    }
    return r;
  }
  bool parse_and() {
    bool r = parse_not();
    while (at("and")) {
      ++pos_;
      r = parse_not() && r;
    }
    return r;
  }
  bool parse_not() {
    if (at("not")) {
      ++pos_;
      return !parse_not();
    }
    return parse_primary();
  }
  bool parse_primary() {
    if (pos_ >= tokens_.size()) reject("condition ends early");
    const std::string t = tokens_[pos_++];
    if (t == "(") {
      const bool r = parse_or();
      if (!at(")")) reject("missing )");
      ++pos_;
      return r;
    }
    if (t == ")" || lower_ascii(t) == "and" || lower_ascii(t) == "or") reject("unexpected " + t);
    if ((t == "1" || lower_ascii(t) == "all") && at("of")) {
      ++pos_;
      if (pos_ >= tokens_.size()) reject("nothing after of");
      const std::string pattern = tokens_[pos_++];
      bool any = false, every = true, some = false;
      for (const auto& [name, result] : selections_) {
        const bool in = pattern == "them" ? name[0] != '_' : name_matches(pattern, name);
        if (!in) continue;
        some = true;
        any = any || result;
        every = every && result;
      }
      if (!some) reject("no selection matches " + pattern);
      return t == "1" ? any : every;
    }
    for (const auto& [name, result] : selections_) {
      if (name == t) return result;
    }
    reject("no selection named " + t);
  }

  const std::vector<std::pair<std::string, bool>>& selections_;
  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
};

bool detection_holds(const YAML::Node& detection, const json::Document& doc) {
  const Context ctx{doc};
  std::vector<std::pair<std::string, bool>> selections;
  YAML::Node condition;
  for (const auto& kv : detection) {
    if (!kv.first.IsScalar()) reject("a selection name must be a string");
    const std::string name = kv.first.Scalar();
    if (name == "condition") {
      condition = kv.second;
    } else if (name != "timeframe") {
      if (name.empty()) reject("empty selection name");
      selections.emplace_back(name, selection_holds(ctx, kv.second));
    }
  }
  if (!condition) reject("no condition");
  if (condition.IsScalar()) return ConditionEval(condition.Scalar(), selections).run();
  if (!condition.IsSequence()) reject("a condition is a string or a list of strings");
  bool any = false;
  for (const YAML::Node& c : condition) {
    if (!c.IsScalar()) reject("a condition is a string");
    any = ConditionEval(c.Scalar(), selections).run() || any;
  }
  return any;
}

}  // namespace

SigmaRefRule ref_sigma_load(const std::string& yaml) {
  YAML::Node doc;
  try {
    doc = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    reject(std::string("YAML: ") + e.what());
  }
  if (!doc.IsMap()) reject("a rule is a map");
  SigmaRefRule rule;
  const YAML::Node logsource = doc["logsource"];
  if (logsource && logsource.IsMap()) {
    const YAML::Node product = logsource["product"], service = logsource["service"];
    const bool other_product = product && product.IsScalar() && lower_ascii(product.Scalar()) != "aws";
    const bool other_service = service && service.IsScalar() && lower_ascii(service.Scalar()) != "cloudtrail";
    if (other_product || other_service) {
      rule.cloudtrail = false;
      return rule;
    }
  }
  if (!doc["title"] || !doc["id"] || !doc["id"].IsScalar()) reject("a rule needs a title and an id");
  rule.id = doc["id"].Scalar();
  rule.detection = doc["detection"];
  if (!rule.detection || !rule.detection.IsMap()) reject("detection must be a map");
  json::ParseError error;
  const std::unique_ptr<json::Document> empty = json::parse("{}", error);
  detection_holds(rule.detection, *empty);  // every part interpreted once: rejects what is invalid
  return rule;
}

bool ref_sigma_matches(const SigmaRefRule& rule, const json::Document& event) {
  if (!rule.cloudtrail) return false;
  return detection_holds(rule.detection, event);
}

}  // namespace iw::reference
