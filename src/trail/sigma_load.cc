// Sigma rule YAML -> sigma::Rule (sigma_rule.h). Every error names file:line:column.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/yaml_budget.h"
#include "core/strings.h"
#include "trail/sigma.h"
#include "trail/sigma_rule.h"

namespace iw::trail::sigma {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxRuleBytes = 1u << 20;
constexpr int kMaxConditionDepth = 64;

[[noreturn]] void fail(std::string_view file, const YAML::Mark& mark, const std::string& message, int extra_column = 0) {
  if (mark.is_null()) throw LoadError(fmt::format("{}: {}", file, message));
  throw LoadError(fmt::format("{}:{}:{}: {}", file, mark.line + 1, mark.column + 1 + extra_column, message));
}

std::string scalar(std::string_view file, const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) fail(file, n.Mark(), fmt::format("{} must be a string", what));
  return n.Scalar();
}

std::vector<std::string> strings(std::string_view file, const YAML::Node& n, std::string_view what) {
  std::vector<std::string> out;
  if (!n || n.IsNull()) return out;
  if (n.IsScalar()) return {n.Scalar()};
  if (!n.IsSequence()) fail(file, n.Mark(), fmt::format("{} must be a list of strings", what));
  for (const YAML::Node& v : n) out.push_back(scalar(file, v, what));
  return out;
}

// A Sigma string value -> glob pieces: `*` and `?` are wildcards unless escaped (`\*`, `\?`);
// `\\` is one backslash; any other backslash is itself.
struct Pattern {
  std::vector<std::string> texts;
  std::vector<bool> literal;
  bool wildcard = false;

  void add(std::string t, bool lit) {
    if (t.empty()) return;
    texts.push_back(std::move(t));
    literal.push_back(lit);
  }
  std::vector<GlobPiece> pieces() const {
    std::vector<GlobPiece> out;
    for (std::size_t i = 0; i < texts.size(); ++i) out.push_back({texts[i], literal[i]});
    return out;
  }
  std::string plain() const {
    std::string s;
    for (const std::string& t : texts) s += t;
    return s;
  }
};

Pattern parse_pattern(std::string_view v, std::string_view prefix, std::string_view suffix) {
  Pattern p;
  if (!prefix.empty()) p.add(std::string(prefix), false), p.wildcard = true;
  std::string lit, wild;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '\\' && i + 1 < v.size() && (v[i + 1] == '*' || v[i + 1] == '?' || v[i + 1] == '\\')) {
      lit += v[++i];
      continue;
    }
    if (c == '*' || c == '?') {
      p.add(std::exchange(lit, {}), true);
      p.add(std::string(1, c), false);
      p.wildcard = true;
      continue;
    }
    lit += c;
  }
  p.add(lit, true);
  if (!suffix.empty()) p.add(std::string(suffix), false), p.wildcard = true;
  return p;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The three encodings of `s` at offsets 0, 1 and 2 of a base64 stream, without the characters
// that depend on the neighbouring bytes (the Sigma base64offset modifier).
std::vector<std::string> base64_offsets(std::string_view s) {
  static constexpr std::size_t kStart[] = {0, 2, 3};
  static constexpr std::size_t kEndCut[] = {0, 3, 2};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < 3; ++i) {
    std::string shifted = std::string(i, ' ') + std::string(s);
    std::string enc = base64(shifted);
    const std::size_t cut = kEndCut[shifted.size() % 3];
    if (enc.size() <= kStart[i] + cut) continue;  // no character depends on `s` alone
    out.push_back(enc.substr(kStart[i], enc.size() - kStart[i] - cut));
  }
  return out;
}

struct Modifiers {
  std::string match = "equals";  // equals|contains|startswith|endswith|re|cidr|exists|fieldref|gt|gte|lt|lte
  bool all = false, cased = false, b64 = false, b64offset = false;
  bool re_i = false, re_m = false, re_s = false;
};

// The modifiers of `parts` (the field name first). At most one says how to compare; i, m and s
// refine re; base64 and base64offset (one of them) encode a string value. `keyword`: an entry
// without a field name (`'|all': [...]`), a keyword search: string modifiers only, contains by
// default.
Modifiers parse_modifiers(std::string_view file, const YAML::Mark& mark, const std::vector<std::string_view>& parts,
                          bool keyword) {
  Modifiers m;
  bool compares = false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string mod = to_lower(parts[i]);
    if (mod == "all") m.all = true;
    else if (mod == "cased") m.cased = true;
    else if (mod == "base64") m.b64 = true;
    else if (mod == "base64offset") m.b64offset = true;
    else if (mod == "i" || mod == "ignorecase") m.re_i = true;
    else if (mod == "m" || mod == "multiline") m.re_m = true;
    else if (mod == "s" || mod == "dotall") m.re_s = true;
    else if (mod == "contains" || mod == "startswith" || mod == "endswith" || mod == "re" || mod == "cidr" ||
             mod == "exists" || mod == "fieldref" || mod == "gt" || mod == "gte" || mod == "lt" || mod == "lte") {
      if (compares) fail(file, mark, fmt::format("modifiers '{}' and '{}' both say how to compare: keep one", m.match, mod));
      compares = true;
      m.match = mod;
    } else {
      fail(file, mark, fmt::format("unsupported modifier '{}' (supported: contains, startswith, endswith, all, re, "
                                   "cidr, exists, fieldref, cased, base64, base64offset, gt, gte, lt, lte)", parts[i]));
    }
  }
  const bool text = m.match == "equals" || m.match == "contains" || m.match == "startswith" || m.match == "endswith";
  if ((m.re_i || m.re_m || m.re_s) && m.match != "re") fail(file, mark, "modifiers i, m and s refine re: add re");
  if (m.b64 && m.b64offset) fail(file, mark, "base64 and base64offset together: keep one");
  if ((m.b64 || m.b64offset) && !text) fail(file, mark, fmt::format("base64 encodes a string value: not with {}", m.match));
  if (keyword) {
    if (!text && m.match != "re") fail(file, mark, fmt::format("a keyword search (no field name) cannot use {}", m.match));
    if (m.match == "equals") m.match = "contains";
  }
  return m;
}

// The test of one string value. A base64offset value is one test whose fragments are
// alternatives (so that `all` asks every value, not every fragment, to match).
ValueTest glob_test(const Modifiers& m, const std::string& value) {
  std::vector<std::string> values{value};
  if (m.b64) values = {base64(value)};
  if (m.b64offset) values = base64_offsets(value);
  std::vector<ValueTest> out;
  const bool contains = m.match == "contains" || m.b64offset;
  const bool starts = m.match == "startswith", ends = m.match == "endswith";
  for (const std::string& v : values) {
    const Pattern p = (m.b64 || m.b64offset) ? Pattern{{v}, {true}, false} : parse_pattern(v, "", "");
    Pattern full;
    if (contains || ends) full.add("*", false), full.wildcard = true;
    for (std::size_t i = 0; i < p.texts.size(); ++i) full.add(p.texts[i], p.literal[i]);
    full.wildcard = full.wildcard || p.wildcard;
    if (contains || starts) full.add("*", false), full.wildcard = true;
    ValueTest t;
    const bool fold = !m.cased && !m.b64 && !m.b64offset;
    t.glob = Glob(full.pieces(), GlobDialect::plain, fold);
    if (!full.wildcard) {
      t.has_literal = true;
      t.literal = fold ? to_lower(full.plain()) : full.plain();
    }
    out.push_back(std::move(t));
  }
  if (out.size() == 1 && !m.b64offset) return std::move(out.front());
  ValueTest any;
  any.kind = ValueTest::Kind::any;
  any.any = std::move(out);
  return any;
}

ValueTest value_test(std::string_view file, const YAML::Node& n, const Modifiers& m, bool keyword) {
  ValueTest t;
  const bool is_null = n.IsNull() || (n.IsScalar() && n.Tag() != "!" && (n.Scalar() == "null" || n.Scalar() == "~"));
  if (m.match == "exists") {
    const std::optional<bool> b = n.IsScalar() ? parse_bool(n.Scalar()) : std::nullopt;
    if (!b) fail(file, n.Mark(), "exists takes true or false");
    t.kind = ValueTest::Kind::exists;
    t.exists = *b;
    return t;
  }
  if (is_null) {
    if (keyword) fail(file, n.Mark(), "a keyword search cannot look for null");
    t.kind = ValueTest::Kind::null;
    return t;
  }
  const std::string v = scalar(file, n, "a field value");
  if (m.match == "re") {
    RE2::Options o;
    o.set_case_sensitive(!m.re_i);
    o.set_dot_nl(m.re_s);
    o.set_log_errors(false);
    o.set_max_mem(8 << 20);
    const std::string pattern = m.re_m ? "(?m)" + v : v;
    t.kind = ValueTest::Kind::re;
    t.re = Regex(pattern, o);
    if (!t.re.ok()) fail(file, n.Mark(), "invalid regular expression: " + t.re.error());
    return t;
  }
  if (m.match == "cidr") {
    const std::optional<Network> net = parse_network(v);
    if (!net) fail(file, n.Mark(), "invalid CIDR network '" + v + "'");
    t.kind = ValueTest::Kind::cidr;
    t.network = *net;
    return t;
  }
  if (m.match == "fieldref") {
    t.kind = ValueTest::Kind::fieldref;
    t.text = v;
    t.cased = m.cased;
    return t;
  }
  if (m.match == "gt" || m.match == "gte" || m.match == "lt" || m.match == "lte") {
    if (!parse_decimal(v)) fail(file, n.Mark(), "'" + v + "' is not a number");
    t.kind = ValueTest::Kind::compare;
    t.text = v;
    t.compare_sign = m.match[0] == 'g' ? 1 : -1;
    t.or_equal = m.match.size() == 3;
    return t;
  }
  return glob_test(m, v);
}

Item parse_item(std::string_view file, const YAML::Node& key, const YAML::Node& value) {
  const std::string k = scalar(file, key, "a field name");
  const std::vector<std::string_view> parts = split(k, '|');
  Item item;
  item.field = std::string(parts[0]);  // "": a keyword search with modifiers ('|all': [...])
  const Modifiers m = parse_modifiers(file, key.Mark(), parts, item.field.empty());
  item.all = m.all;
  const auto add = [&](const YAML::Node& v) {
    if (!(v.IsScalar() || v.IsNull())) fail(file, v.Mark(), "a field value must be a scalar or a list of scalars");
    item.tests.push_back(value_test(file, v, m, item.field.empty()));
  };
  if (value.IsSequence()) {
    for (const YAML::Node& v : value) add(v);
    if (item.tests.empty()) fail(file, value.Mark(), "empty list of values");
  } else {
    add(value);
  }
  return item;
}

std::vector<Item> parse_map(std::string_view file, const YAML::Node& map) {
  std::vector<Item> items;
  for (const auto& kv : map) items.push_back(parse_item(file, kv.first, kv.second));
  return items;
}

Selection parse_selection(std::string_view file, const std::string& name, const YAML::Node& n) {
  Selection s;
  s.name = name;
  if (n.IsMap()) {
    s.alternatives.push_back(parse_map(file, n));
    return s;
  }
  if (!n.IsSequence()) fail(file, n.Mark(), "selection '" + name + "' must be a map or a list");
  Item keywords;
  for (const YAML::Node& e : n) {
    if (e.IsMap()) {
      s.alternatives.push_back(parse_map(file, e));
    } else if (e.IsScalar()) {
      Modifiers m;
      m.match = "contains";
      keywords.tests.push_back(glob_test(m, e.Scalar()));
    } else {
      fail(file, e.Mark(), "selection '" + name + "': a list holds maps or keywords");
    }
  }
  if (!keywords.tests.empty()) s.alternatives.push_back({std::move(keywords)});
  if (s.alternatives.empty()) fail(file, n.Mark(), "selection '" + name + "' is empty");
  return s;
}

// Recursive descent over the condition string: or > and > not > primary.
class ConditionParser {
 public:
  ConditionParser(std::string_view file, const YAML::Node& node, const std::vector<Selection>& selections)
      : file_(file), node_(node), text_(node.Scalar()), selections_(selections) {}

  Condition parse() {
    tokenize();
    Condition c = parse_or(0);
    if (pos_ < tokens_.size()) error(tokens_[pos_], "unexpected '" + tokens_[pos_].text + "'");
    return c;
  }

 private:
  struct Token {
    std::string text;
    std::size_t at = 0;
  };

  [[noreturn]] void error(const Token& t, const std::string& message) const {
    fail(file_, node_.Mark(), "condition: " + message, static_cast<int>(t.at));
  }
  [[noreturn]] void error_at_end(const std::string& message) const {
    fail(file_, node_.Mark(), "condition: " + message, static_cast<int>(text_.size()));
  }

  void tokenize() {
    for (std::size_t i = 0; i < text_.size();) {
      const char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back({std::string(1, c), i++});
      } else if (c == '|') {
        error({"|", i}, "aggregations ('| count() …') are not supported");
      } else {
        const std::size_t start = i;
        while (i < text_.size() && std::string_view(" \t\r\n()|").find(text_[i]) == std::string_view::npos) ++i;
        tokens_.push_back({text_.substr(start, i - start), start});
      }
    }
  }

  bool peek(std::string_view word) const { return pos_ < tokens_.size() && iequals(tokens_[pos_].text, word); }

  Condition parse_or(int depth) {
    Condition left = parse_and(depth);
    if (!peek("or")) return left;
    Condition any{Condition::Op::any, -1, {}};
    any.children.push_back(std::move(left));
    while (peek("or")) {
      ++pos_;
      any.children.push_back(parse_and(depth));
    }
    return any;
  }

  Condition parse_and(int depth) {
    Condition left = parse_not(depth);
    if (!peek("and")) return left;
    Condition all{Condition::Op::all, -1, {}};
    all.children.push_back(std::move(left));
    while (peek("and")) {
      ++pos_;
      all.children.push_back(parse_not(depth));
    }
    return all;
  }

  Condition parse_not(int depth) {
    if (!peek("not")) return parse_primary(depth);
    ++pos_;
    Condition n{Condition::Op::negate, -1, {}};
    n.children.push_back(parse_not(depth + 1));
    return n;
  }

  Condition parse_primary(int depth) {
    if (depth > kMaxConditionDepth) error(tokens_[std::min(pos_, tokens_.size() - 1)], "nested too deeply");
    if (pos_ >= tokens_.size()) error_at_end("expected a selection name");
    const Token& t = tokens_[pos_];
    if (t.text == "(") {
      ++pos_;
      Condition inner = parse_or(depth + 1);
      if (!peek(")")) pos_ < tokens_.size() ? error(tokens_[pos_], "expected ')'") : error_at_end("missing ')'");
      ++pos_;
      return inner;
    }
    if (t.text == ")" || iequals(t.text, "and") || iequals(t.text, "or")) error(t, "unexpected '" + t.text + "'");
    if ((t.text == "1" || iequals(t.text, "all") || iequals(t.text, "any")) && pos_ + 1 < tokens_.size() &&
        iequals(tokens_[pos_ + 1].text, "of")) {
      pos_ += 2;
      if (pos_ >= tokens_.size()) error_at_end("expected a selection pattern or 'them' after 'of'");
      return quantified(t.text == "1" || iequals(t.text, "any") ? Condition::Op::any : Condition::Op::all, tokens_[pos_++]);
    }
    ++pos_;
    for (std::size_t i = 0; i < selections_.size(); ++i) {
      if (selections_[i].name == t.text) return {Condition::Op::selection, static_cast<int>(i), {}};
    }
    error(t, "no selection named '" + t.text + "'");
  }

  // `1 of P` / `all of P`: in P only `*` is a wildcard (any run of characters), as the
  // specification says; `?` is itself.
  Condition quantified(Condition::Op op, const Token& pattern) {
    const bool them = pattern.text == "them";
    const std::string_view p = pattern.text;
    std::vector<GlobPiece> pieces;
    for (std::size_t i = 0; i < p.size();) {
      const std::size_t end = p[i] == '*' ? i + 1 : std::min(p.find('*', i), p.size());
      pieces.push_back({p.substr(i, end - i), p[i] != '*'});
      i = end;
    }
    const Glob glob(pieces, GlobDialect::plain);
    Condition c{op, -1, {}};
    for (std::size_t i = 0; i < selections_.size(); ++i) {
      const std::string& name = selections_[i].name;
      if (them ? !name.starts_with("_") : glob.matches(name)) c.children.push_back({Condition::Op::selection, static_cast<int>(i), {}});
    }
    if (c.children.empty()) error(pattern, "no selection matches '" + pattern.text + "'");
    return c;
  }

  std::string_view file_;
  const YAML::Node& node_;
  std::string text_;
  const std::vector<Selection>& selections_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

Severity severity_of(std::string_view file, const YAML::Node& n) {
  if (!n) return Severity::medium;
  const std::string level = to_lower(scalar(file, n, "level"));
  if (level == "informational") return Severity::info;
  if (const std::optional<Severity> s = parse_severity(level)) return *s;
  fail(file, n.Mark(), "level must be informational, low, medium, high or critical");
}

// False when the rule's logsource is for another product or service than AWS CloudTrail.
bool for_cloudtrail(const YAML::Node& logsource) {
  if (!logsource || !logsource.IsMap()) return true;
  const YAML::Node product = logsource["product"], service = logsource["service"];
  if (product && product.IsScalar() && !iequals(product.Scalar(), "aws")) return false;
  if (service && service.IsScalar() && !iequals(service.Scalar(), "cloudtrail")) return false;
  return true;
}

std::unique_ptr<Rule> parse_rule(std::string_view file, const YAML::Node& doc) {
  if (!doc.IsMap()) fail(file, doc.Mark(), "a Sigma rule must be a YAML map");
  auto rule = std::make_unique<Rule>();
  rule->file = std::string(file);
  const YAML::Node id = doc["id"], title = doc["title"], detection = doc["detection"];
  if (!title) fail(file, doc.Mark(), "rule has no title");
  if (!id) fail(file, doc.Mark(), "rule has no id");
  if (!detection) fail(file, doc.Mark(), "rule has no detection");
  rule->id = scalar(file, id, "id");
  rule->title = scalar(file, title, "title");
  if (const YAML::Node a = doc["author"]) rule->author = scalar(file, a, "author");
  if (const YAML::Node d = doc["description"]) rule->description = scalar(file, d, "description");
  rule->references = strings(file, doc["references"], "references");
  rule->falsepositives = strings(file, doc["falsepositives"], "falsepositives");
  rule->severity = severity_of(file, doc["level"]);
  if (!detection.IsMap()) fail(file, detection.Mark(), "detection must be a map");
  YAML::Node condition;
  for (const auto& kv : detection) {
    const std::string name = scalar(file, kv.first, "a selection name");
    if (name == "condition") condition = kv.second;
    else if (name == "timeframe") continue;
    else rule->selections.push_back(parse_selection(file, name, kv.second));
  }
  if (!condition) fail(file, detection.Mark(), "detection has no condition");
  if (condition.IsSequence()) {
    rule->condition.op = Condition::Op::any;
    for (const YAML::Node& c : condition) {
      if (!c.IsScalar()) fail(file, c.Mark(), "condition must be a string");
      rule->condition.children.push_back(ConditionParser(file, c, rule->selections).parse());
    }
  } else {
    if (!condition.IsScalar()) fail(file, condition.Mark(), "condition must be a string");
    rule->condition = ConditionParser(file, condition, rule->selections).parse();
  }
  return rule;
}

}  // namespace

void RuleSet::add(std::string_view file, const std::string& yaml) {
  if (yaml.size() > kMaxRuleBytes) throw LoadError(fmt::format("{}: larger than {} bytes", file, kMaxRuleBytes));
  std::vector<YAML::Node> docs;
  try {
    check_yaml_terminates(yaml, YamlDocuments::all);
    docs = YAML::LoadAll(yaml);
  } catch (const YAML::Exception& e) {
    fail(file, e.mark, e.msg);
  }
  for (const YAML::Node& doc : docs) {
    if (!doc || doc.IsNull()) continue;
    try {
      if (doc.IsMap() && !for_cloudtrail(doc["logsource"])) {
        ++skipped_;
        continue;
      }
      std::unique_ptr<Rule> rule = parse_rule(file, doc);
      for (const auto& r : rules_) {
        if (r->id == rule->id) fail(file, doc["id"].Mark(), "rule id " + rule->id + " is also the id of a rule in " + r->file);
      }
      rules_.push_back(std::move(rule));
    } catch (const YAML::Exception& e) {
      fail(file, e.mark, e.msg);
    }
  }
  reindex();
}

RuleSet RuleSet::load(const std::vector<std::string>& paths) {
  RuleSet set;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".yml" || ext == ".yaml")) found.push_back(it->path().string());
      }
      if (found.empty()) throw std::runtime_error("no Sigma rules (*.yml, *.yaml) found in " + p);
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      throw std::runtime_error(p + ": no such file or directory");
    }
  }
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw std::runtime_error(f + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    set.add(f, text.str());
  }
  return set;
}

}  // namespace iw::trail::sigma
