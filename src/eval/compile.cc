// Compiling policy documents (compiled.h) and matching Action / Resource / variables.
#include <algorithm>

#include "core/strings.h"
#include "eval/compiled.h"
#include "policy/glob.h"
#include "policy/variables.h"

namespace iw::eval::detail {

namespace {

// The service prefix of an action or action pattern: the text before its first ':'.
std::string_view service_of(std::string_view action) { return action.substr(0, action.find(':')); }

using policy::OpFamily;

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// Splits `s` into VarText; `active(offset)` says whether a reference at that offset resolves.
// Inactive references stay literal text (as written, wildcards active).
template <class Active>
VarText split_text(std::string_view s, Active&& active, bool& any_active) {
  VarText vt;
  any_active = false;
  const std::vector<policy::TextPart> parts = policy::split_variables(s);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const policy::TextPart& p = parts[k];
    const std::size_t end = k + 1 < parts.size() ? parts[k + 1].offset : s.size();
    VarPart out;
    if (p.type == policy::TextPart::Type::text || !active(p.offset)) {
      out.text = std::string(s.substr(p.offset, end - p.offset));
      if (!vt.parts.empty() && vt.parts.back().type == VarPart::Type::text) {
        vt.parts.back().text += out.text;
        continue;
      }
    } else if (p.type == policy::TextPart::Type::escape) {
      out.type = VarPart::Type::escape;
      out.text = std::string(p.text);
      any_active = true;
    } else {
      out.type = VarPart::Type::variable;
      out.key = to_lower(p.key);
      out.text = std::string(p.default_value);
      out.has_default = p.has_default;
      any_active = true;
    }
    vt.parts.push_back(std::move(out));
  }
  return vt;
}

ResourcePattern compile_resource(std::string_view text, bool variables) {
  ResourcePattern rp;
  rp.text = std::string(text);
  if (variables && policy::has_variables(text)) {
    // Only references after the pattern's fifth colon resolve (§6).
    const auto active = [&](std::size_t offset) {
      return std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), ':') >= 5;
    };
    bool any = false;
    VarText vt = split_text(text, active, any);
    if (any) {
      // References resolve only after the fifth ':', so the first part is text holding it.
      const std::string_view first = vt.parts.front().text;
      rp.literal_prefix = std::min(first.find_first_of("*?"), first.size());
      for (std::size_t i = 0; i < rp.literal_prefix; ++i) {
        if (static_cast<unsigned char>(first[i]) >= 0x80) rp.literal_prefix = i;
      }
      std::size_t colons = 0;
      for (std::size_t i = 0; i < first.size() && rp.head == 0; ++i) {
        if (first[i] == ':' && ++colons == 5) rp.head = i + 1;
      }
      rp.vars = std::move(vt);
      return rp;
    }
  }
  rp.glob = Glob(text, GlobDialect::resource);
  return rp;
}

PrincipalPattern compile_principal(const policy::PrincipalEntry& e) {
  using Form = PrincipalPattern::Form;
  PrincipalPattern p;
  p.value = e.value;
  if (e.type == policy::PrincipalType::star) {
    p.form = Form::everyone;
    return p;
  }
  if (e.type == policy::PrincipalType::service) {
    p.form = Form::service;
    return p;
  }
  if (e.type != policy::PrincipalType::aws) return p;  // Federated, CanonicalUser: none
  if (e.value == "*") {
    p.form = Form::everyone;
    return p;
  }
  if (e.value.size() == 12 && e.value.find_first_not_of("0123456789") == std::string::npos) {
    p.form = Form::account;
    p.account = e.value;
    return p;
  }
  auto parsed = parse_principal(e.value);
  if (!parsed || has_wildcard(e.value)) return p;
  const Principal& q = *parsed.value;
  p.partition = q.partition;
  p.account = q.account;
  p.name = q.name;
  switch (q.kind) {
    case PrincipalKind::root: p.form = Form::account; break;
    case PrincipalKind::user: p.form = Form::user; break;
    case PrincipalKind::role: p.form = Form::role; break;
    case PrincipalKind::assumed_role: p.form = Form::session; break;
    case PrincipalKind::federated_user: p.form = Form::federated_user; break;
    default: break;
  }
  return p;
}

bool uses_variables(OpFamily f) {
  return f == OpFamily::string || f == OpFamily::arn || f == OpFamily::boolean;
}

CompiledValue compile_value(const policy::Operator& op, const policy::ConditionValue& cv, bool variables) {
  CompiledValue v;
  v.text = cv.text;
  const OpFamily fam = policy::family(op.base);
  if (variables && uses_variables(fam) && policy::has_variables(cv.text)) {
    bool any = false;
    VarText vt = split_text(cv.text, [](std::size_t) { return true; }, any);
    if (any) {
      v.vars = std::move(vt);
      return v;
    }
  }
  switch (fam) {
    case OpFamily::string:
      if (op.base == policy::OpBase::string_like || op.base == policy::OpBase::string_not_like) {
        v.glob = Glob(cv.text);
      }
      break;
    case OpFamily::arn: {
      std::array<std::string_view, 6> c;
      v.valid = split_arn6(cv.text, c);
      if (v.valid) {
        for (std::size_t k = 0; k < 6; ++k) v.arn[k] = Glob(c[k]);
      }
      break;
    }
    case OpFamily::numeric: {
      auto d = parse_decimal(cv.text);
      v.valid = d.has_value();
      if (d) {
        v.canon = std::string(d->head) + std::string(d->tail);
        v.number = *d;
        v.number.head = v.number.tail = {};
      }
      break;
    }
    case OpFamily::date: {
      auto t = parse_instant(cv.text);
      v.valid = t.has_value();
      if (t) v.instant = *t;
      break;
    }
    case OpFamily::ip: {
      auto n = parse_network(cv.text);
      v.valid = n.has_value();
      if (n) v.network = *n;
      break;
    }
    case OpFamily::binary: {
      auto b = base64_decode(cv.text);
      v.valid = b.has_value();
      if (b) v.canon = std::move(*b);
      break;
    }
    case OpFamily::boolean:
    case OpFamily::null: {
      auto b = parse_bool(cv.text);
      v.valid = b.has_value();
      if (b) v.boolean = *b;
      break;
    }
  }
  return v;
}

void index_statement(CompiledPolicy& out, const CompiledStatement& st, const policy::Statement& src,
                     std::uint32_t pos) {
  bool always = st.not_action;
  std::vector<std::string> prefixes;
  for (const policy::Located& a : src.actions) {
    if (a.text == "*") {
      always = true;
      continue;
    }
    const std::size_t colon = a.text.find(':');
    if (colon == std::string::npos) continue;
    const std::string prefix = to_lower(std::string_view(a.text).substr(0, colon));
    if (has_wildcard(prefix)) always = true;
    else if (std::find(prefixes.begin(), prefixes.end(), prefix) == prefixes.end()) prefixes.push_back(prefix);
  }
  if (always) {
    out.always.push_back(pos);
    return;
  }
  for (const std::string& prefix : prefixes) {
    auto it = std::find_if(out.by_service.begin(), out.by_service.end(),
                           [&](const auto& b) { return b.first == prefix; });
    if (it == out.by_service.end()) {
      out.by_service.emplace_back(prefix, std::vector<std::uint32_t>{});
      it = out.by_service.end() - 1;
    }
    it->second.push_back(pos);
  }
}

std::optional<CompiledStatement> compile_statement(const policy::Statement& s, bool variables,
                                                   CompileIssue& issue) {
  if (!s.effect_valid) {
    issue = {s.offset, "the statement has no valid Effect (\"Allow\" or \"Deny\")"};
    return std::nullopt;
  }
  if (s.action == policy::Polarity::absent) {
    issue = {s.offset, "the statement has no Action or NotAction"};
    return std::nullopt;
  }
  CompiledStatement st;
  st.index = s.index;
  st.offset = s.offset;
  st.sid = s.sid ? s.sid->text : "";
  st.effect = s.effect;
  st.not_action = s.action == policy::Polarity::negated;
  std::vector<std::string> literal, wild;
  for (const policy::Located& a : s.actions) {
    const std::size_t colon = a.text.find(':');
    if (a.text != "*" && colon == std::string::npos) continue;  // invalid: matches nothing
    const bool literal_service = colon != std::string::npos && a.text.find_first_of("*?") > colon;
    (literal_service ? literal : wild).push_back(to_lower(a.text));
  }
  std::stable_sort(literal.begin(), literal.end(),
                   [](const std::string& x, const std::string& y) { return service_of(x) < service_of(y); });
  st.literal_services = static_cast<std::uint32_t>(literal.size());
  st.actions.reserve(literal.size() + wild.size());
  for (const std::string& a : literal) st.actions.emplace_back(a);
  for (const std::string& a : wild) st.actions.emplace_back(a);
  st.resource = s.resource;
  for (const policy::Located& r : s.resources) st.resources.push_back(compile_resource(r.text, variables));
  st.principal = s.principal;
  for (const policy::PrincipalEntry& e : s.principals) st.principals.push_back(compile_principal(e));
  for (const policy::Condition& c : s.conditions) {
    auto op = policy::parse_operator(c.op);
    if (!op) {
      issue = {c.op_offset, "unknown or invalid condition operator \"" + c.op + "\""};
      return std::nullopt;
    }
    CompiledCondition cc;
    cc.op = *op;
    cc.key = to_lower(c.key);
    for (const policy::ConditionValue& v : c.values) cc.values.push_back(compile_value(*op, v, variables));
    st.conditions.push_back(std::move(cc));
  }
  return st;
}

}  // namespace

bool statement_may_apply(const policy::Statement& s, std::string_view action) {
  if (!is_ascii(action)) return true;  // one-shot matching (glob_match) folds ASCII only
  if (!s.effect_valid || s.action != policy::Polarity::positive) return true;
  for (const policy::Condition& c : s.conditions) {
    if (!policy::parse_operator(c.op)) return true;  // it does not compile
  }
  for (const policy::Located& pattern : s.actions) {
    if (glob_match(pattern.text, action, true)) return true;
  }
  return false;
}

std::optional<CompiledPolicy> compile_policy(const policy::Document& doc, CompileIssue& issue,
                                             std::string_view only_action) {
  CompiledPolicy out;
  const bool variables = doc.variables_enabled();
  for (const policy::Statement& s : doc.statements) {
    if (!only_action.empty() && !statement_may_apply(s, only_action)) continue;
    auto st = compile_statement(s, variables, issue);
    if (!st) return std::nullopt;
    const auto pos = static_cast<std::uint32_t>(out.statements.size());
    index_statement(out, *st, s, pos);
    out.statements.push_back(std::move(*st));
  }
  std::sort(out.by_service.begin(), out.by_service.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

bool substitute(const VarText& vt, const Context& ctx, std::vector<GlobPiece>& pieces) {
  pieces.clear();
  for (const VarPart& p : vt.parts) {
    switch (p.type) {
      case VarPart::Type::text: pieces.push_back({p.text, false}); break;
      case VarPart::Type::escape: pieces.push_back({p.text, true}); break;
      case VarPart::Type::variable: {
        const ContextEntry* e = ctx.find(p.key);
        if (e != nullptr) {
          if (e->multi) return false;  // a multi-valued key has no value
          pieces.push_back({e->values[0], true});
        } else if (p.has_default) {
          pieces.push_back({p.text, true});
        } else {
          return false;
        }
        break;
      }
    }
  }
  return true;
}

bool action_matches(const CompiledStatement& st, std::string_view action_lower) {
  const auto matches = [&](const Glob& g) { return g.matches(action_lower); };
  const auto literal_end = st.actions.begin() + st.literal_services;
  // Patterns of the action's own service: an equal range of the sorted literal ones.
  const std::string_view service = service_of(action_lower);
  const auto first = std::lower_bound(st.actions.begin(), literal_end, service,
                                      [](const Glob& g, std::string_view s) { return service_of(g.pattern()) < s; });
  auto last = first;
  while (last != literal_end && service_of(last->pattern()) == service) ++last;
  const bool any = std::any_of(first, last, matches) || std::any_of(literal_end, st.actions.end(), matches);
  return st.not_action ? !any : any;
}

namespace {

// One character of a pattern after its fifth ':', where every wildcard matches anything.
struct TailToken {
  char c;
  enum Kind : std::uint8_t { literal, star, any } kind;
};

// Appends the pattern text `s` (wildcards active) or literal text to `out`; false when it does
// not fit or is not ASCII.
bool append_tokens(std::string_view s, bool wild, TailToken* out, std::size_t cap, std::size_t& n) {
  for (const char c : s) {
    if (n == cap || static_cast<unsigned char>(c) >= 0x80) return false;
    out[n++] = {c, !wild ? TailToken::literal : c == '*' ? TailToken::star : c == '?' ? TailToken::any
                                                                                         : TailToken::literal};
  }
  return true;
}

// '*' any run, '?' one character: greedy, backtracking to the last '*' only (exact for these
// two wildcards).
bool tail_matches(const TailToken* p, std::size_t np, std::string_view text) {
  std::size_t i = 0, t = 0, star = np, star_t = 0;
  while (t < text.size()) {
    if (i < np && p[i].kind == TailToken::star) {
      star = i++;
      star_t = t;
    } else if (i < np && (p[i].kind == TailToken::any || p[i].c == text[t])) {
      ++i;
      ++t;
    } else if (star != np) {
      i = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (i < np && p[i].kind == TailToken::star) ++i;
  return i == np;
}

// Matches a pattern with variables without compiling a Glob when it can decide exactly (ASCII
// text, no wildcard before the fifth ':'); nullopt when the Glob must decide.
std::optional<bool> fast_vars_match(const ResourcePattern& p, const Request& r) {
  const std::string_view text = r.resource;
  const std::string_view first = p.vars->parts.front().text;
  for (std::size_t i = 0; i < p.literal_prefix; ++i) {
    if (i == text.size() || static_cast<unsigned char>(text[i]) >= 0x80) return std::nullopt;
    if (text[i] != first[i]) return false;
  }
  if (p.head == 0 || p.literal_prefix < p.head || !is_ascii(text)) return std::nullopt;
  constexpr std::size_t kCap = 512;
  TailToken tokens[kCap];
  std::size_t n = 0;
  if (!append_tokens(first.substr(p.head), true, tokens, kCap, n)) return std::nullopt;
  for (std::size_t k = 1; k < p.vars->parts.size(); ++k) {
    const VarPart& part = p.vars->parts[k];
    std::string_view value = part.text;
    if (part.type == VarPart::Type::variable) {
      const ContextEntry* e = r.context.find(part.key);
      if (e == nullptr && !part.has_default) return false;  // no value: the pattern matches nothing
      if (e != nullptr && e->multi) return false;
      if (e != nullptr) value = e->values[0];
    }
    if (!append_tokens(value, part.type == VarPart::Type::text, tokens, kCap, n)) return std::nullopt;
  }
  return tail_matches(tokens, n, text.substr(p.head));
}

bool pattern_matches(const ResourcePattern& p, const Request& r) {
  if (!p.vars) return p.glob.matches(r.resource);
  if (const std::optional<bool> fast = fast_vars_match(p, r)) return *fast;
  std::vector<GlobPiece> pieces;
  if (!substitute(*p.vars, r.context, pieces)) return false;
  return Glob(pieces, GlobDialect::resource).matches(r.resource);
}

}  // namespace

bool resource_matches(const CompiledStatement& st, const Request& r) {
  if (st.resource == policy::Polarity::absent) return true;
  bool any = false;
  for (const ResourcePattern& p : st.resources) {
    if (pattern_matches(p, r)) {
      any = true;
      break;
    }
  }
  return st.resource == policy::Polarity::negated ? !any : any;
}

}  // namespace iw::eval::detail
