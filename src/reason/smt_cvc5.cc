// The solver side of reason/smt.h, built as its own shared module (libiamwarden-smt.so) that
// reason/smt.cc loads on first use: programs that never meet a policy variable do not pay for
// loading cvc5 (about 15 ms and 5 MB at start-up). The only file that includes cvc5.
#include "reason/smt.h"

#include <cvc5/cvc5.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <optional>

#include "core/strings.h"
#include "policy/condition_op.h"
#include "policy/glob.h"
#include "policy/variables.h"

namespace iw::reason::smt {

namespace {

using cvc5::Kind;
using cvc5::Term;
using policy::OpBase;
using policy::OpFamily;

// ---- UTF-8 <-> code points (cvc5 strings are sequences of code points) ---------------------

std::wstring decode(std::string_view s) {
  std::wstring out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
    if (n < 0 || (n > 0 && i + static_cast<std::size_t>(n) >= s.size())) {
      out += static_cast<wchar_t>(b);  // not UTF-8: the byte as a code point
      ++i;
      continue;
    }
    std::uint32_t cp = n == 0 ? b : (b & (0x3f >> n));
    for (int k = 1; k <= n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3f);
    out += static_cast<wchar_t>(cp);
    i += static_cast<std::size_t>(n) + 1;
  }
  return out;
}

std::string encode(const std::wstring& w) {
  std::string out;
  for (const wchar_t wc : w) {
    const auto cp = static_cast<std::uint32_t>(wc);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

// The keys make_request derives from the principal and the resource account (lower-case).
constexpr std::string_view kDerived[] = {"aws:principalarn", "aws:principalaccount", "aws:principaltype",
                                         "aws:username", "aws:principalisawsservice", "aws:principalservicename",
                                         "aws:resourceaccount"};

bool derived(std::string_view key) {
  for (std::string_view d : kDerived) {
    if (d == key) return true;
  }
  return false;
}

// The largest code point in cvc5's string alphabet.
constexpr wchar_t kMaxChar = 0x2FFFF;

// One piece of a pattern after variables are resolved: wildcard text, or a string term whose
// characters are literal (a variable's value, an escape).
struct Piece {
  std::string text;  // when !term
  std::optional<Term> term;
};

// A pattern: its pieces, and when it has a value at all (every variable has one).
struct Resolved {
  std::vector<Piece> pieces;
  Term ok;
};

class Encoder {
 public:
  Encoder(cvc5::Solver& s, const Query& q) : s_(s), q_(q) {
    str_ = s_.getStringSort();
    allchar_ = s_.mkRegexpAllchar();
    any_ = s_.mkTerm(Kind::REGEXP_STAR, {allchar_});
    // Any character but ':' as two ranges (cvc5 handles ranges far better than a complement).
    nocolon_ = re_union({s_.mkTerm(Kind::REGEXP_RANGE, {s_.mkString(std::wstring(1, wchar_t{0})), lit("9")}),
                         s_.mkTerm(Kind::REGEXP_RANGE, {lit(";"), s_.mkString(std::wstring(1, kMaxChar))})});
    is_user_ = s_.mkConst(s_.getBooleanSort(), "is_user");
    account_ = s_.mkConst(str_, "account");
    path_ = s_.mkConst(str_, "path");
    name_ = s_.mkConst(str_, "name");
    resource_ = s_.mkConst(str_, "resource");
    arn_ = concat({lit("arn:aws:iam::"), account_, is_user_.iteTerm(lit(":user/"), lit(":role/")), path_, name_});
    // The principal: a user or a role of any account, with a valid IAM name and path.
    const Term digit = s_.mkTerm(Kind::REGEXP_RANGE, {lit("0"), lit("9")});
    s_.assertFormula(in(account_, s_.mkTerm(s_.mkOp(Kind::REGEXP_LOOP, {12, 12}), {digit})));
    Term name_char = re_union({s_.mkTerm(Kind::REGEXP_RANGE, {lit("a"), lit("z")}),
                               s_.mkTerm(Kind::REGEXP_RANGE, {lit("A"), lit("Z")}), digit, re_lit("+"), re_lit("="),
                               re_lit(","), re_lit("."), re_lit("@"), re_lit("_"), re_lit("-")});
    s_.assertFormula(in(name_, s_.mkTerm(s_.mkOp(Kind::REGEXP_LOOP, {1, 64}), {name_char})));
    const Term path_char = re_union({s_.mkTerm(Kind::REGEXP_RANGE, {lit("!"), lit(".")}),
                                     s_.mkTerm(Kind::REGEXP_RANGE, {lit("0"), lit("~")})});
    s_.assertFormula(in(path_, s_.mkTerm(Kind::REGEXP_STAR, {re_concat({s_.mkTerm(Kind::REGEXP_PLUS, {path_char}),
                                                                        re_lit("/")})})));
    // The resource: "*" or what make_request takes for an ARN (arn:P:S:R:A:rest, P and S not empty).
    const Term comp = s_.mkTerm(Kind::REGEXP_STAR, {nocolon_});
    const Term comp1 = s_.mkTerm(Kind::REGEXP_PLUS, {nocolon_});
    const Term arn_shape = re_concat({re_lit("arn:"), comp1, re_lit(":"), comp1, re_lit(":"), comp, re_lit(":"), comp,
                                      re_lit(":"), any_});
    s_.assertFormula(resource_.eqTerm(lit("*")).orTerm(in(resource_, arn_shape)));
  }

  Term lit(std::string_view utf8) { return s_.mkString(decode(utf8)); }
  Term re_lit(std::string_view utf8) { return s_.mkTerm(Kind::STRING_TO_REGEXP, {lit(utf8)}); }
  Term in(const Term& x, const Term& re) { return s_.mkTerm(Kind::STRING_IN_REGEXP, {x, re}); }
  Term tru() { return s_.mkTrue(); }
  Term fls() { return s_.mkFalse(); }

  Term concat(std::vector<Term> v) {
    if (v.empty()) return lit("");
    if (v.size() == 1) return v.front();
    return s_.mkTerm(Kind::STRING_CONCAT, v);
  }
  Term re_concat(std::vector<Term> v) {
    if (v.empty()) return re_lit("");
    if (v.size() == 1) return v.front();
    return s_.mkTerm(Kind::REGEXP_CONCAT, v);
  }
  Term re_union(std::vector<Term> v) {
    if (v.size() == 1) return v.front();
    return s_.mkTerm(Kind::REGEXP_UNION, v);
  }
  Term all(const std::vector<Term>& v) {
    if (v.empty()) return tru();
    if (v.size() == 1) return v.front();
    return s_.mkTerm(Kind::AND, v);
  }
  Term some(const std::vector<Term>& v) {
    if (v.empty()) return fls();
    if (v.size() == 1) return v.front();
    return s_.mkTerm(Kind::OR, v);
  }

  // A condition key in the request: present, multi-valued, its (single) value.
  struct Key {
    Term present, multi, value;
    std::string name;  // as first written
  };

  Key& key(const std::string& written) {
    const std::string k = to_lower(written);
    auto it = keys_.find(k);
    if (it != keys_.end()) return it->second;
    Key out;
    out.name = written;
    const Term yes = tru(), no = fls();
    if (k == "aws:principalarn") out = {yes, no, arn_, written};
    else if (k == "aws:principalaccount" || k == "aws:resourceaccount") out = {yes, no, account_, written};
    else if (k == "aws:principaltype") out = {yes, no, is_user_.iteTerm(lit("User"), lit("AssumedRole")), written};
    else if (k == "aws:username") out = {is_user_, no, name_, written};
    else if (k == "aws:principalisawsservice") out = {yes, no, lit("false"), written};
    else if (derived(k)) out = {no, no, lit(""), written};
    else {
      const std::size_t n = keys_.size();
      out.present = s_.mkConst(s_.getBooleanSort(), "present" + std::to_string(n));
      out.multi = s_.mkConst(s_.getBooleanSort(), "multi" + std::to_string(n));
      out.value = s_.mkConst(str_, "value" + std::to_string(n));
      if (q_.empty_is_absent != nullptr && q_.empty_is_absent(k)) {
        s_.assertFormula(out.present.andTerm(out.multi.notTerm()).impTerm(in(out.value, s_.mkTerm(Kind::REGEXP_PLUS, {allchar_}))));
      }
    }
    return keys_.emplace(k, std::move(out)).first->second;
  }

  // The text a `${key, 'default'}` stands for: a string of its own, equal to the key's value
  // when present and to the default otherwise (kept out of the regular expressions).
  Term substituted(const Key& kv, std::string_view default_value) {
    const std::string id = kv.name + '\n' + std::string(default_value);
    auto it = defaults_.find(id);
    if (it != defaults_.end()) return it->second;
    const Term t = s_.mkConst(str_, "default" + std::to_string(defaults_.size()));
    s_.assertFormula(t.eqTerm(kv.present.iteTerm(kv.value, lit(default_value))));
    return defaults_.emplace(id, t).first->second;
  }

  // Splits `text` into pieces; `active(offset)` says whether a reference there resolves.
  template <class Active>
  Resolved resolve(std::string_view text, bool variables, Active&& active) {
    Resolved r;
    std::vector<Term> oks;
    if (!variables || !policy::has_variables(text)) {
      r.pieces.push_back({std::string(text), std::nullopt});
      r.ok = tru();
      return r;
    }
    const std::vector<policy::TextPart> parts = policy::split_variables(text);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const policy::TextPart& p = parts[k];
      const std::size_t end = k + 1 < parts.size() ? parts[k + 1].offset : text.size();
      if (p.type == policy::TextPart::Type::text || !active(p.offset)) {
        const std::string_view raw = text.substr(p.offset, end - p.offset);
        if (!r.pieces.empty() && !r.pieces.back().term) r.pieces.back().text += raw;
        else r.pieces.push_back({std::string(raw), std::nullopt});
      } else if (p.type == policy::TextPart::Type::escape) {
        r.pieces.push_back({"", lit(p.text)});
      } else {
        const Key& kv = key(std::string(p.key));
        oks.push_back(kv.present.iteTerm(kv.multi.notTerm(), p.has_default ? tru() : fls()));
        r.pieces.push_back({"", p.has_default ? substituted(kv, p.default_value) : kv.value});
      }
    }
    r.ok = all(oks);
    return r;
  }

  // The pattern as a string (wildcard characters as themselves).
  Term joined(const Resolved& r) {
    std::vector<Term> v;
    for (const Piece& p : r.pieces) v.push_back(p.term ? *p.term : lit(p.text));
    return concat(v);
  }

  // StringLike: '*' any run, '?' one character, everywhere.
  Term like_re(const Resolved& r) {
    std::vector<Term> v;
    for (const Piece& p : r.pieces) {
      if (p.term) {
        v.push_back(s_.mkTerm(Kind::STRING_TO_REGEXP, {*p.term}));
        continue;
      }
      glob_chars(p.text, v, [](std::size_t) { return false; });
    }
    return re_concat(v);
  }

  // Appends the regular expression of glob text; `no_colon(i)`: the wildcard at i never matches ':'.
  template <class NoColon>
  void glob_chars(std::string_view text, std::vector<Term>& v, NoColon&& no_colon) {
    std::string run;
    const auto flush = [&] {
      if (!run.empty()) v.push_back(re_lit(run));
      run.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '*' || c == '?') {
        flush();
        const Term one = no_colon(i) ? nocolon_ : allchar_;
        v.push_back(c == '*' ? s_.mkTerm(Kind::REGEXP_STAR, {one}) : one);
      } else {
        run += c;
      }
    }
    flush();
  }

  // ArnLike/ArnEquals (§5.3): six components globbed separately. Wildcards of the first five
  // components never match ':'. A variable before the pattern's fifth ':' may hold colons and
  // move the components: supported only when no wildcard follows it there.
  std::optional<Term> arn_match(const Term& x, const Resolved& r, std::string& why) {
    std::vector<Term> v;
    std::size_t colons = 0;
    bool var_seen = false;
    for (const Piece& p : r.pieces) {
      if (p.term) {
        if (colons < 5) var_seen = true;
        v.push_back(s_.mkTerm(Kind::STRING_TO_REGEXP, {*p.term}));
        continue;
      }
      std::vector<std::size_t> colon_at(p.text.size());
      for (std::size_t i = 0; i < p.text.size(); ++i) {
        colon_at[i] = colons;
        if (p.text[i] == ':') ++colons;
        else if ((p.text[i] == '*' || p.text[i] == '?') && colon_at[i] < 5 && var_seen) {
          why = "a wildcard after a policy variable within an ARN's first five components";
          return std::nullopt;
        }
      }
      glob_chars(p.text, v, [&](std::size_t i) { return colon_at[i] < 5; });
    }
    Term shape = tru();
    if (colons < 5) {  // only the variables' colons could make six components
      const Term field = s_.mkTerm(Kind::REGEXP_STAR, {nocolon_});
      shape = in(joined(r), re_concat({field, re_lit(":"), field, re_lit(":"), field, re_lit(":"), field,
                                       re_lit(":"), field, re_lit(":"), any_}));
    }
    return shape.andTerm(in(x, re_concat(v)));
  }

  Term bool_re(bool value) {
    std::vector<Term> v;
    for (char c : std::string_view(value ? "true" : "false")) {
      v.push_back(re_union({re_lit(std::string(1, c)), re_lit(std::string(1, ascii_upper(c)))}));
    }
    return re_concat(v);
  }

  // The condition on `x` (a present, single value) of one policy value, positive sense.
  std::optional<Term> value_matches(const policy::Operator& op, const Term& x, std::string_view text, bool variables,
                                    std::string& why) {
    const OpFamily fam = policy::family(op.base);
    const Resolved r = resolve(text, variables, [](std::size_t) { return true; });
    switch (fam) {
      case OpFamily::string:
        if (op.base == OpBase::string_like || op.base == OpBase::string_not_like) {
          return r.ok.andTerm(in(x, like_re(r)));
        }
        return r.ok.andTerm(x.eqTerm(joined(r)));
      case OpFamily::arn: {
        auto m = arn_match(x, r, why);
        if (!m) return std::nullopt;
        return r.ok.andTerm(*m);
      }
      case OpFamily::boolean: {
        const Term p = joined(r);
        return r.ok.andTerm(in(x, bool_re(true)).andTerm(in(p, bool_re(true)))
                                .orTerm(in(x, bool_re(false)).andTerm(in(p, bool_re(false)))));
      }
      default: why = "a condition operator the solver path does not cover"; return std::nullopt;
    }
  }

  // Whether a present single value parses for the family (else every operator is false on it).
  Term parses(OpFamily fam, const Term& x) {
    if (fam == OpFamily::arn) {
      const Term field = s_.mkTerm(Kind::REGEXP_STAR, {nocolon_});
      return in(x, re_concat({field, re_lit(":"), field, re_lit(":"), field, re_lit(":"), field, re_lit(":"), field,
                              re_lit(":"), any_}));
    }
    if (fam == OpFamily::boolean) return in(x, re_union({bool_re(true), bool_re(false)}));
    return tru();
  }

  std::optional<Term> condition(const policy::Condition& c, bool variables, std::string& why) {
    const auto op = policy::parse_operator(c.op);
    if (!op) {
      why = "an unknown condition operator";
      return std::nullopt;
    }
    const Key& k = key(c.key);
    if (op->base == OpBase::null) {
      std::vector<Term> any;
      for (const policy::ConditionValue& v : c.values) {
        if (iequals(v.text, "true")) any.push_back(k.present.notTerm());
        else if (iequals(v.text, "false")) any.push_back(k.present);
      }
      return some(any);
    }
    const bool negated = policy::is_negated(op->base);
    std::vector<Term> matches;
    for (const policy::ConditionValue& v : c.values) {
      auto m = value_matches(*op, k.value, v.text, variables, why);
      if (!m) return std::nullopt;
      matches.push_back(*m);
    }
    const Term m = some(matches);
    const Term single = parses(policy::family(op->base), k.value).andTerm(negated ? m.notTerm() : m);
    const Term absent = op->if_exists || negated ? tru() : fls();
    return k.present.iteTerm(k.multi.notTerm().andTerm(single), absent);
  }

  // Resource/NotResource (§4.3): variables resolve after the pattern's fifth ':' only.
  Term resource_match(std::string_view text, bool variables) {
    const auto colons_before = [&](std::size_t offset) {
      return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), ':'));
    };
    const Resolved r = resolve(text, variables, [&](std::size_t offset) { return colons_before(offset) >= 5; });
    std::vector<Term> v;
    std::size_t colons = 0;
    for (const Piece& p : r.pieces) {
      if (p.term) {
        v.push_back(s_.mkTerm(Kind::STRING_TO_REGEXP, {*p.term}));
        continue;
      }
      std::vector<bool> no_colon(p.text.size(), false);
      for (std::size_t i = 0; i < p.text.size(); ++i) {
        const char c = p.text[i];
        if (colons < 5) {
          const bool ends = i + 1 == p.text.size() || p.text[i + 1] == ':';
          no_colon[i] = c == '?' || (c == '*' && !ends);
        }
        if (c == ':') ++colons;
      }
      glob_chars(p.text, v, [&](std::size_t i) { return no_colon[i]; });
    }
    return r.ok.andTerm(in(resource_, re_concat(v)));
  }

  std::optional<Term> statement(const policy::Statement& st, bool variables, const std::string& action, std::string& why) {
    bool any_action = false;
    for (const policy::Located& a : st.actions) any_action = any_action || glob_match(a.text, action, true);
    if ((st.action == policy::Polarity::negated) == any_action) return fls();
    std::vector<Term> parts;
    if (st.resource != policy::Polarity::absent) {
      std::vector<Term> any;
      for (const policy::Located& r : st.resources) any.push_back(resource_match(r.text, variables));
      parts.push_back(st.resource == policy::Polarity::negated ? some(any).notTerm() : some(any));
    }
    for (const policy::Condition& c : st.conditions) {
      auto t = condition(c, variables, why);
      if (!t) return std::nullopt;
      parts.push_back(*t);
    }
    return all(parts);
  }

  // The identity policy allows the request: some Allow applies and no Deny does.
  std::optional<Term> allows(const policy::Document& doc, const std::string& action, std::string& why) {
    std::vector<Term> allow, deny;
    for (const policy::Statement& st : doc.statements) {
      auto t = statement(st, doc.variables_enabled(), action, why);
      if (!t) return std::nullopt;
      (st.effect == policy::Effect::allow ? allow : deny).push_back(*t);
    }
    return some(allow).andTerm(some(deny).notTerm());
  }

  Term resource_in(const std::vector<std::string>& patterns) {
    std::vector<Term> any;
    for (const std::string& p : patterns) any.push_back(resource_match(p, false));
    return some(any);
  }

  std::string text(const Term& t) { return encode(s_.getValue(t).getStringValue()); }
  bool truth(const Term& t) { return s_.getValue(t).getBooleanValue(); }

  // The model's request fields.
  Model model() {
    Model m;
    m.principal = text(arn_);
    m.resource = text(resource_);
    m.account = text(account_);
    for (const auto& [k, kv] : keys_) {
      if (derived(k) || !truth(kv.present)) continue;
      if (truth(kv.multi)) m.context.push_back({kv.name, "", true});
      else m.context.push_back({kv.name, text(kv.value), false});
    }
    return m;
  }

 private:
  cvc5::Solver& s_;
  const Query& q_;
  cvc5::Sort str_;
  Term allchar_, any_, nocolon_;
  Term is_user_, account_, path_, name_, resource_, arn_;
  std::map<std::string, Key> keys_;
  std::map<std::string, Term> defaults_;
};

Answer solve_with_cvc5(const Query& q) {
  Answer a;
  try {
    cvc5::Solver s;
    s.setLogic("QF_SLIA");
    s.setOption("produce-models", "true");
    s.setOption("strings-exp", "true");
    s.setOption("rlimit-per", std::to_string(q.resource_limit));
    s.setOption("tlimit-per", std::to_string(q.timeout_ms));
    Encoder e(s, q);
    std::string why;
    auto target = e.allows(*q.target, q.action, why);
    if (!target) {
      a.reason = why;
      return a;
    }
    s.assertFormula(*target);
    if (q.other != nullptr) {
      auto other = e.allows(*q.other, q.action, why);
      if (!other) {
        a.reason = why;
        return a;
      }
      s.assertFormula(other->notTerm());
    }
    if (!q.resources.empty()) s.assertFormula(e.resource_in(q.resources));
    const cvc5::Result r = s.checkSat();
    if (r.isUnsat()) {
      a.status = Status::unsat;
    } else if (r.isSat()) {
      a.status = Status::sat;
      a.model = e.model();
    } else {
      std::ostringstream why_unknown;
      why_unknown << r.getUnknownExplanation();
      a.reason = "the SMT solver gave no answer for " + q.action + " (" + why_unknown.str() + "; limits: " +
                 std::to_string(q.resource_limit) + " solver steps, " + std::to_string(q.timeout_ms) + " ms)";
    }
  } catch (const std::exception& ex) {
    a.status = Status::unknown;
    a.reason = std::string("the SMT solver failed: ") + ex.what();
  }
  return a;
}

}  // namespace

}  // namespace iw::reason::smt

extern "C" __attribute__((visibility("default"))) void iw_smt_solve(const iw::reason::smt::Query* q,
                                                                    iw::reason::smt::Answer* a) {
  *a = iw::reason::smt::solve_with_cvc5(*q);
}
