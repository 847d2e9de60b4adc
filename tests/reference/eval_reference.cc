#include "reference/eval_reference.h"

#include <map>
#include <optional>
#include <vector>

#include "policy/condition_op.h"
#include "policy/utf8.h"
#include "policy/variables.h"
#include "reference/text_reference.h"
#include "reference/values_reference.h"

namespace iw::reference {

namespace {

using policy::Document;
using policy::Statement;

// ARN components: the first five colons split, the rest stays in the sixth.
std::optional<std::vector<std::string>> arn6(const std::string& s) {
  std::vector<std::string> parts = split(s, ':');
  if (parts.size() < 6) return std::nullopt;
  std::string last = parts[5];
  for (std::size_t i = 6; i < parts.size(); ++i) last += ":" + parts[i];
  parts.resize(6);
  parts[5] = last;
  return parts;
}

// ---- glob: a dynamic program over tokens; literal pieces carry no wildcards -----------------
struct Piece {
  std::string text;
  bool literal;
};
struct Tok {
  char32_t cp = 0;
  bool star = false, any = false, colon_ok = false;
};

bool glob(const std::vector<Piece>& pieces, const std::string& text, bool resource) {
  std::vector<std::pair<char32_t, bool>> pat;  // code point, wildcard-active
  for (const Piece& p : pieces) {
    for (std::size_t i = 0; i < p.text.size();) pat.push_back({next_code_point(p.text, i), !p.literal});
  }
  std::vector<Tok> toks;
  int colons = 0;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const bool head = resource && colons < 5;
    const auto [c, wild] = pat[i];
    if (wild && c == '*') {
      const bool ends = i + 1 == pat.size() || pat[i + 1].first == ':';
      toks.push_back({0, true, false, !head || ends});
    } else if (wild && c == '?') {
      toks.push_back({0, false, true, !head});
    } else {
      if (c == ':') ++colons;
      toks.push_back({c, false, false, false});
    }
  }
  std::vector<char32_t> t;
  for (std::size_t i = 0; i < text.size();) t.push_back(next_code_point(text, i));
  std::vector<std::vector<char>> ok(toks.size() + 1, std::vector<char>(t.size() + 1, 0));
  ok[toks.size()][t.size()] = 1;
  for (std::size_t i = toks.size(); i-- > 0;) {
    for (std::size_t j = t.size() + 1; j-- > 0;) {
      const Tok& k = toks[i];
      if (k.star) {
        ok[i][j] = ok[i + 1][j] || (j < t.size() && (t[j] != ':' || k.colon_ok) && ok[i][j + 1]);
      } else if (j < t.size()) {
        ok[i][j] = (k.any ? (t[j] != ':' || k.colon_ok) : t[j] == k.cp) && ok[i + 1][j + 1];
      }
    }
  }
  return ok[0][0];
}

bool glob(const std::string& pattern, const std::string& text, bool resource) {
  return glob(std::vector<Piece>{{pattern, false}}, text, resource);
}

// ---- the caller and the context -------------------------------------------------------------
struct Caller {
  std::string kind;  // user root role session federated service anonymous
  std::string arn, partition, account, name, session, path;
};

Caller parse_caller(const std::string& s) {
  Caller c;
  c.arn = s;
  if (s == "anonymous") {
    c.kind = "anonymous";
    return c;
  }
  if (s.rfind("service:", 0) == 0) {
    c.kind = "service";
    c.name = s.substr(8);
    return c;
  }
  auto p = arn6(s);
  if (!p) return c;
  c.partition = (*p)[1];
  c.account = (*p)[4];
  const std::string& r = (*p)[5];
  std::vector<std::string> segs = split(r, '/');
  if (r == "root") {
    c.kind = "root";
  } else if (segs[0] == "user" || segs[0] == "role") {
    c.kind = segs[0];
    c.name = segs.back();
    c.path = "/";
    for (std::size_t i = 1; i + 1 < segs.size(); ++i) c.path += segs[i] + "/";
  } else if (segs[0] == "assumed-role") {
    c.kind = "session";
    c.name = segs[1];
    c.session = segs[2];
  } else if (segs[0] == "federated-user") {
    c.kind = "federated";
    c.name = segs[1];
  }
  return c;
}

bool is_iam(const Caller& c) { return c.kind != "service" && c.kind != "anonymous"; }
bool is_session(const Caller& c) { return c.kind == "role" || c.kind == "session"; }

struct Value {
  std::vector<std::string> values;
  bool multi = false;
};
using Ctx = std::map<std::string, Value>;  // lower-cased keys

// ---- statements ------------------------------------------------------------------------------
struct Req {
  Caller caller;
  std::string action, resource, resource_account, federated_by;
  Ctx ctx;
  bool has_boundary = false;
};

// Substitutes variables (when `active`); nullopt when a variable has no value.
std::optional<std::vector<Piece>> substitute(const std::string& s, const Req& r, bool enabled,
                                             bool only_sixth) {
  if (!enabled) return std::vector<Piece>{{s, false}};
  std::vector<Piece> out;
  for (const policy::TextPart& p : policy::split_variables(s)) {
    const std::string raw = p.type == policy::TextPart::Type::text ? std::string(p.text) : "";
    int colons_before = 0;
    for (std::size_t i = 0; i < p.offset; ++i) colons_before += s[i] == ':';
    const bool active = !only_sixth || colons_before >= 5;
    if (p.type == policy::TextPart::Type::text) {
      out.push_back({raw, false});
    } else if (!active) {
      // literal text as written: find the reference's end
      const std::size_t close = s.find('}', p.offset);
      out.push_back({s.substr(p.offset, close - p.offset + 1), false});
    } else if (p.type == policy::TextPart::Type::escape) {
      out.push_back({std::string(p.text), true});
    } else {
      auto it = r.ctx.find(lower_ascii(std::string(p.key)));
      if (it != r.ctx.end()) {
        if (it->second.multi) return std::nullopt;
        out.push_back({it->second.values[0], true});
      } else if (p.has_default) {
        out.push_back({std::string(p.default_value), true});
      } else {
        return std::nullopt;
      }
    }
  }
  return out;
}

std::string join(const std::vector<Piece>& ps) {
  std::string s;
  for (const Piece& p : ps) s += p.text;
  return s;
}

// 0 none, 1 account, 2 role, 3 direct.
int entry_class(const policy::PrincipalEntry& e, const Req& r) {
  const Caller& c = r.caller;
  if (e.type == policy::PrincipalType::star) return 3;
  if (e.type == policy::PrincipalType::service) return c.kind == "service" && c.name == e.value ? 3 : 0;
  if (e.type != policy::PrincipalType::aws) return 0;
  if (e.value == "*") return 3;
  if (!is_iam(c)) return 0;
  if (e.value == c.account) return 1;
  if (e.value == "arn:" + c.partition + ":iam::" + c.account + ":root") return 1;
  if (e.value.find('*') != std::string::npos) return 0;
  if (c.kind == "user" && e.value == c.arn) return 3;
  if (c.kind == "session" && e.value == c.arn) return 3;
  if (c.kind == "federated" && e.value == c.arn) return 3;
  if (c.kind == "federated" && !r.federated_by.empty() && e.value == r.federated_by) return 2;
  if (is_session(c)) {
    auto p = arn6(e.value);
    if (p && (*p)[0] == "arn" && (*p)[1] == c.partition && (*p)[2] == "iam" && (*p)[3].empty() &&
        (*p)[4] == c.account && (*p)[5].rfind("role/", 0) == 0 && split((*p)[5], '/').back() == c.name) {
      return 2;
    }
  }
  return 0;
}

bool exempt(const Statement& st, const Req& r) {
  const Caller& c = r.caller;
  bool own = c.kind == "root", account = false, session_arn = false, role_arn = false;
  for (const auto& e : st.principals) {
    const int k = entry_class(e, r);
    if (e.type == policy::PrincipalType::star || (e.type == policy::PrincipalType::aws && e.value == "*")) return true;
    if (c.kind == "service" && k == 3) return true;
    if (k == 1) account = true;
    if (k == 3) session_arn = true;
    if (is_session(c) && k == 2) role_arn = true;
  }
  if (c.kind == "session") own = session_arn && role_arn;
  else if (c.kind != "role" && c.kind != "root") own = session_arn;
  return is_iam(c) && own && account;
}

// ---- conditions ------------------------------------------------------------------------------
bool fold_eq(const std::string& a, const std::string& b) { return ref_iequals(a, b); }

// Does context member x match policy value v? nullopt when x does not parse for the family.
std::optional<bool> match_value(policy::OpBase op, const policy::ConditionValue& cv, const std::string& x,
                                const Req& r, bool vars) {
  using F = policy::OpFamily;
  const F fam = policy::family(op);
  const bool var_family = fam == F::string || fam == F::arn || fam == F::boolean;
  auto pieces = substitute(cv.text, r, vars && var_family, false);
  switch (fam) {
    case F::string: {
      if (!pieces) return false;
      if (op == policy::OpBase::string_equals || op == policy::OpBase::string_not_equals) return join(*pieces) == x;
      if (op == policy::OpBase::string_like || op == policy::OpBase::string_not_like) return glob(*pieces, x, false);
      return fold_eq(join(*pieces), x);
    }
    case F::arn: {
      auto xs = arn6(x);
      if (!xs) return std::nullopt;
      if (!pieces) return false;
      // split the pieces at the first five colons
      std::vector<std::vector<Piece>> comps(1);
      for (const Piece& p : *pieces) {
        std::string cur;
        for (char ch : p.text) {
          if (ch == ':' && comps.size() < 6) {
            comps.back().push_back({cur, p.literal});
            comps.emplace_back();
            cur.clear();
          } else {
            cur += ch;
          }
        }
        comps.back().push_back({cur, p.literal});
      }
      if (comps.size() != 6) return false;
      for (int k = 0; k < 6; ++k) {
        if (!glob(comps[static_cast<std::size_t>(k)], (*xs)[static_cast<std::size_t>(k)], false)) return false;
      }
      return true;
    }
    case F::boolean: {
      auto b = ref_bool(x);
      if (!b) return std::nullopt;
      if (!pieces) return false;
      auto v = ref_bool(join(*pieces));
      return v && *v == *b;
    }
    case F::numeric: {
      auto a = ref_number(x);
      if (!a) return std::nullopt;
      auto b = ref_number(cv.text);
      if (!b) return false;
      const int c = ref_compare(*a, *b);
      switch (op) {
        case policy::OpBase::numeric_less_than: return c < 0;
        case policy::OpBase::numeric_less_than_equals: return c <= 0;
        case policy::OpBase::numeric_greater_than: return c > 0;
        case policy::OpBase::numeric_greater_than_equals: return c >= 0;
        default: return c == 0;
      }
    }
    case F::date: {
      auto a = ref_time(x);
      if (!a) return std::nullopt;
      auto b = ref_time(cv.text);
      if (!b) return false;
      switch (op) {
        case policy::OpBase::date_less_than: return *a < *b;
        case policy::OpBase::date_less_than_equals: return !(*b < *a);
        case policy::OpBase::date_greater_than: return *b < *a;
        case policy::OpBase::date_greater_than_equals: return !(*a < *b);
        default: return *a == *b;
      }
    }
    case F::ip: {
      auto a = ref_network(x, false);
      if (!a) return std::nullopt;
      auto n = ref_network(cv.text, true);
      return n && ref_contains(*n, *a);
    }
    case F::binary: {
      auto a = ref_base64(x);
      if (!a) return std::nullopt;
      auto b = ref_base64(cv.text);
      return b && *a == *b;
    }
    case F::null: return false;
  }
  return false;
}

bool member_passes(const policy::Condition& c, const policy::Operator& op, const std::string& x, const Req& r,
                   bool vars) {
  bool any = false;
  for (const auto& v : c.values) {
    auto m = match_value(op.base, v, x, r, vars);
    if (!m) return false;  // unparsable context value: false for both senses
    any = any || *m;
  }
  if (c.values.empty()) {  // nothing to match; still reject unparsable members
    policy::ConditionValue dummy;
    if (!match_value(op.base, dummy, x, r, false).has_value()) return false;
  }
  return policy::is_negated(op.base) ? !any : any;
}

bool condition(const policy::Condition& c, const Req& r, bool vars) {
  const policy::Operator op = *policy::parse_operator(c.op);
  auto it = r.ctx.find(lower_ascii(c.key));
  const bool present = it != r.ctx.end();
  if (op.base == policy::OpBase::null) {
    for (const auto& v : c.values) {
      auto b = ref_bool(v.text);
      if (b && *b == !present) return true;
    }
    return false;
  }
  if (!present) {
    if (op.if_exists) return true;
    if (op.set == policy::SetQualifier::for_all_values) return true;
    if (op.set == policy::SetQualifier::for_any_value) return false;
    return policy::is_negated(op.base);
  }
  const Value& v = it->second;
  if (op.set == policy::SetQualifier::none) {
    if (v.multi) return false;
    return member_passes(c, op, v.values[0], r, vars);
  }
  std::vector<std::string> members = v.values;
  if (!v.multi && members[0].empty()) members.clear();
  int passing = 0;
  for (const auto& x : members) passing += member_passes(c, op, x, r, vars) ? 1 : 0;
  if (op.set == policy::SetQualifier::for_all_values) return passing == static_cast<int>(members.size());
  return passing > 0;
}

// Applies? Returns the principal class (3 when principals are not checked), or -1.
int applies(const Document& d, const Statement& st, const Req& r, bool principals) {
  const bool vars = d.variables_enabled();
  const std::string action = lower_ascii(r.action);
  bool am = false;
  for (const auto& a : st.actions) {
    if (a.text != "*" && a.text.find(':') == std::string::npos) continue;
    am = am || glob(lower_ascii(a.text), action, false);
  }
  if (st.action == policy::Polarity::negated) am = !am;
  if (!am) return -1;
  if (st.resource != policy::Polarity::absent) {
    bool rm = false;
    for (const auto& p : st.resources) {
      auto pieces = substitute(p.text, r, vars, true);
      if (pieces && glob(*pieces, r.resource, true)) rm = true;
    }
    if (st.resource == policy::Polarity::negated) rm = !rm;
    if (!rm) return -1;
  }
  int cls = 3;
  if (principals) {
    if (st.principal == policy::Polarity::absent) return -1;
    if (st.principal == policy::Polarity::negated) {
      const bool boundary_rule = st.effect == policy::Effect::deny && r.has_boundary;
      if (!boundary_rule && exempt(st, r)) return -1;
    } else {
      cls = 0;
      for (const auto& e : st.principals) cls = std::max(cls, entry_class(e, r));
      if (cls == 0) return -1;
    }
  }
  for (const auto& c : st.conditions) {
    if (!condition(c, r, vars)) return -1;
  }
  return cls;
}

struct Verdict {
  bool deny = false, allow = false;
  int grant = 0;
};

void run(const Document& d, const Req& r, bool principals, Verdict& v) {
  for (const Statement& st : d.statements) {
    const int cls = applies(d, st, r, principals);
    if (cls < 0) continue;
    if (st.effect == policy::Effect::deny) {
      v.deny = true;
    } else {
      v.allow = true;
      if (principals) v.grant = std::max(v.grant, cls);
    }
  }
}

bool rcp_service(const std::string& action) {
  return eval::rcp_supported_builtin(lower_ascii(action.substr(0, action.find(':'))));
}

}  // namespace

RefDecision evaluate(const eval::PolicySet& ps, const eval::RequestSpec& spec) {
  Req r;
  r.caller = parse_caller(spec.principal);
  r.action = spec.action;
  r.resource = spec.resource;
  r.federated_by = spec.federated_by;
  const Caller& c = r.caller;
  auto rarn = arn6(spec.resource);
  r.resource_account = !spec.resource_account.empty() ? spec.resource_account
                       : (rarn && !(*rarn)[4].empty()) ? (*rarn)[4]
                                                        : c.account;
  for (const auto& e : spec.context.entries()) r.ctx[lower_ascii(e.key)] = {e.values, e.multi};
  // Role path of a session from a supplied aws:PrincipalArn naming its role.
  std::string role_arn = "arn:" + c.partition + ":iam::" + c.account + ":role/" + c.name;
  if (c.kind == "role") role_arn = c.arn;
  if (c.kind == "session") {
    auto it = r.ctx.find("aws:principalarn");
    if (it != r.ctx.end() && !it->second.multi) {
      const Caller rc = parse_caller(it->second.values[0]);
      if (rc.kind == "role" && rc.account == c.account && rc.partition == c.partition && rc.name == c.name) {
        r.caller.path = rc.path;
        role_arn = rc.arn;
      }
    }
  }
  const auto derive = [&](const std::string& k, const std::string& v) {
    if (!v.empty() && !r.ctx.count(k)) r.ctx[k] = {{v}, false};
  };
  if (c.kind == "user" || c.kind == "root" || c.kind == "federated") derive("aws:principalarn", c.arn);
  if (is_session(c)) derive("aws:principalarn", role_arn);
  derive("aws:principalaccount", c.kind == "anonymous" ? "anonymous" : c.account);
  const std::map<std::string, std::string> types{{"user", "User"}, {"root", "Account"}, {"role", "AssumedRole"},
                                                 {"session", "AssumedRole"}, {"federated", "FederatedUser"},
                                                 {"anonymous", "Anonymous"}};
  if (types.count(c.kind)) derive("aws:principaltype", types.at(c.kind));
  if (c.kind == "user") derive("aws:username", c.name);
  if (c.kind == "service") {
    derive("aws:principalisawsservice", "true");
    derive("aws:principalservicename", c.name);
  } else if (c.kind != "anonymous") {
    derive("aws:principalisawsservice", "false");
  }
  derive("aws:resourceaccount", r.resource_account);

  const std::string act = lower_ascii(spec.action);
  if (act == "sts:getcalleridentity") return {"allow", ""};
  if (act == "sts:getsessiontoken" && (c.kind == "user" || c.kind == "root")) return {"allow", ""};
  if (c.kind == "root" && act == "sts:assumerole") return {"implicit_deny", "caller"};
  if (is_session(c) && (act == "sts:getfederationtoken" || act == "sts:getsessiontoken")) {
    return {"implicit_deny", "caller"};
  }
  if (c.kind == "federated" && (act.rfind("iam:", 0) == 0 || act.rfind("sts:", 0) == 0)) {
    return {"implicit_deny", "caller"};
  }
  const bool bucket_policy_call =
      act == "s3:getbucketpolicy" || act == "s3:putbucketpolicy" || act == "s3:deletebucketpolicy";
  if (bucket_policy_call && (!is_iam(c) || c.account != r.resource_account)) return {"implicit_deny", "caller"};
  const bool owner_root = bucket_policy_call && c.kind == "root";

  const bool iam = is_iam(c);
  const bool slr = is_session(c) && r.caller.path.rfind("/aws-service-role/", 0) == 0;
  const bool identity_layer = c.kind == "user" || is_session(c) || c.kind == "federated";
  r.has_boundary = identity_layer && ps.boundary.has_value();

  std::map<std::string, bool> denies;
  bool scp_gate = true;
  if (!ps.scps.empty() && iam && !slr) {
    for (const auto& level : ps.scps) {
      Verdict v;
      for (const auto& d : level) run(d, r, false, v);
      if (v.deny) denies["scp"] = true;
      if (!v.allow) scp_gate = false;
    }
  }
  if (!ps.rcps.empty() && !slr && rcp_service(spec.action)) {
    for (const auto& level : ps.rcps) {
      Verdict v;
      for (const auto& d : level) run(d, r, true, v);
      if (v.deny) denies["rcp"] = true;
    }
  }
  Verdict res;
  if (ps.resource && !owner_root) run(*ps.resource, r, true, res);
  if (res.deny) denies["resource"] = true;
  Verdict id, bd, se;
  if (identity_layer) {
    for (const auto& d : ps.identity) run(d, r, false, id);
    if (id.deny) denies["identity"] = true;
    if (ps.boundary) run(*ps.boundary, r, false, bd);
    if (bd.deny) denies["boundary"] = true;
  }
  const bool session_layer = is_session(c) || c.kind == "federated";
  if (session_layer) {
    for (const auto& d : ps.session) run(d, r, false, se);
    if (se.deny) denies["session"] = true;
  }
  const std::vector<std::string> order{"scp", "rcp", "resource", "identity", "boundary", "session"};
  const auto list = [&](const std::map<std::string, bool>& m) {
    std::string s;
    for (const auto& l : order) {
      if (m.count(l)) s += (s.empty() ? "" : ",") + l;
    }
    return s;
  };
  if (!denies.empty()) return {"explicit_deny", list(denies)};

  std::map<std::string, bool> failed;
  if (!scp_gate) failed["scp"] = true;
  const int g = res.grant;
  if (owner_root) {
    // the bucket owner's root: only SCP/RCP levels decide
  } else if (iam) {
    const bool I = c.kind == "root" || id.allow;
    const bool B = !r.has_boundary || bd.allow;
    const bool S = !session_layer ? true : ps.session.empty() ? c.kind != "federated" : se.allow;
    const bool same = c.account == r.resource_account;
    bool trust = false;
    if (rarn) {
      const std::string a = lower_ascii(spec.action);
      if (a.rfind("kms:", 0) == 0) trust = (*rarn)[2] == "kms" && (*rarn)[5].rfind("key/", 0) == 0;
      else trust = (*rarn)[2] == "iam" && (*rarn)[5].rfind("role/", 0) == 0 &&
                   (a.rfind("sts:assumerole", 0) == 0 || a == "sts:tagsession" || a == "sts:setsourceidentity");
    }
    bool granted;
    if (same) {
      const bool a = g == 3;
      const bool b = g == 2 && B && S;
      const bool cc = I && B && S && (!trust || g > 0);
      granted = a || b || cc;
    } else {
      granted = I && B && S && g > 0;
    }
    if (!granted) {
      if ((ps.resource || !same || trust) && g == 0) failed["resource"] = true;
      if (!I) failed["identity"] = true;
      if (!B) failed["boundary"] = true;
      if (!S) failed["session"] = true;
    }
  } else if (g != 3) {
    failed["resource"] = true;
  }
  if (failed.empty()) return {"allow", ""};
  return {"implicit_deny", list(failed)};
}

}  // namespace iw::reference
