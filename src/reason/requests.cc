#include "reason/requests.h"

#include <algorithm>
#include <set>

#include "core/strings.h"
#include "eval/request.h"
#include "policy/condition_op.h"
#include "policy/glob.h"

namespace iw::reason {

namespace {

// Action names the engine decides by name before or beside any policy (eval/engine.cc §3.3):
// each is its own class, so a class representative never hides an ordinary action behind one.
constexpr std::string_view kEngineActions[] = {
    "sts:GetCallerIdentity", "sts:GetSessionToken", "sts:GetFederationToken", "sts:AssumeRole",
    "sts:AssumeRole*",       "sts:TagSession",      "sts:SetSourceIdentity",  "iam:*",
    "sts:*",                 "kms:*",               "s3:GetBucketPolicy",     "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy"};

// Principal keys the request derives from its principal (eval/request.cc).
bool principal_key(std::string_view key_lower) {
  return key_lower == "aws:principalarn" || key_lower == "aws:principalaccount" || key_lower == "aws:username" ||
         key_lower == "aws:principalservicename";
}

// A Resource value as a pattern: variables match anything (then the classes may be incomplete).
std::string resource_text(const std::string& text, bool variables, bool& exact) {
  if (!variables || text.find("${") == std::string::npos) return text;
  exact = false;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t end = text.find('}', i);
    if (text.compare(i, 2, "${") == 0 && end != std::string::npos) {
      out += '*';
      i = end;
    } else {
      out += text[i];
    }
  }
  return out;
}

void scan_accounts(std::string_view s, std::set<std::string>& out) {
  std::size_t run = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++run;
      continue;
    }
    if (run == 12) out.emplace(s.substr(i - 12, 12));
    run = 0;
  }
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

struct Collected {
  std::vector<GlobSpec> action_specs, resource_specs;
  // Per statement: the spec indices of its Action/NotAction and Resource/NotResource values.
  std::vector<std::vector<std::size_t>> stmt_actions, stmt_resources;
  std::vector<bool> not_action, not_resource, resource_absent;
  std::vector<GlobSpec> extra_resources;  // patterns that only split classes
};

std::vector<std::vector<bool>> hits(const std::vector<std::string>& values, const std::vector<GlobSpec>& specs,
                                    const Collected& c, bool actions) {
  const auto& stmt = actions ? c.stmt_actions : c.stmt_resources;
  const auto& negated = actions ? c.not_action : c.not_resource;
  std::vector<std::vector<bool>> out(values.size(), std::vector<bool>(stmt.size(), false));
  for (std::size_t v = 0; v < values.size(); ++v) {
    for (std::size_t s = 0; s < stmt.size(); ++s) {
      if (!actions && c.resource_absent[s]) {
        out[v][s] = true;
        continue;
      }
      bool any = false;
      for (std::size_t i : stmt[s]) {
        const bool m = actions ? glob_match(specs[i].text, values[v], true)
                               : Glob(specs[i].text, GlobDialect::resource).matches(values[v]);
        if (m) {
          any = true;
          break;
        }
      }
      // A NotAction/NotResource statement may apply unless a listed pattern covers the value.
      out[v][s] = negated[s] ? !any : any;
    }
  }
  return out;
}

std::vector<std::vector<bool>> extra_hits(const std::vector<std::string>& values, const std::vector<GlobSpec>& specs,
                                          bool actions) {
  std::vector<std::vector<bool>> out(values.size(), std::vector<bool>(specs.size(), false));
  for (std::size_t v = 0; v < values.size(); ++v) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      out[v][i] = actions ? glob_match(specs[i].text, values[v], true)
                          : Glob(specs[i].text, GlobDialect::resource).matches(values[v]);
    }
  }
  return out;
}

void principals(std::span<const policy::Document* const> docs, Vocabulary& v) {
  std::set<std::string> accounts, arns, services, users;
  std::vector<GlobSpec> arn_specs;
  for (const policy::Document* d : docs) {
    for (const policy::Statement& s : d->statements) {
      for (const policy::PrincipalEntry& p : s.principals) {
        scan_accounts(p.value, accounts);
        if (p.type == policy::PrincipalType::aws && p.value.starts_with("arn:")) arns.insert(p.value);
        if (p.type == policy::PrincipalType::service) services.insert("service:" + p.value);
        if (p.type == policy::PrincipalType::federated || p.type == policy::PrincipalType::canonical_user) {
          v.exact = false;
          v.why.push_back("federated (web identity, SAML) and canonical-user principals are not modelled");
        }
      }
      for (const policy::Condition& c : s.conditions) {
        const std::string key = to_lower(c.key);
        for (const policy::ConditionValue& val : c.values) scan_accounts(val.text, accounts);
        if (!principal_key(key)) continue;
        const auto op = policy::parse_operator(c.op);
        for (const policy::ConditionValue& val : c.values) {
          if (key == "aws:principalservicename") {
            if (!has_wildcard(val.text)) services.insert("service:" + val.text);
          } else if (key == "aws:username") {
            if (has_wildcard(val.text) || val.text.find("${") != std::string::npos) {
              v.exact = false;
              if (val.text.find("${") != std::string::npos) v.variables = true;
              v.why.push_back("a pattern on aws:username");
            } else {
              users.insert(val.text);
            }
          } else if (key == "aws:principalarn") {
            if (!has_wildcard(val.text)) {
              arns.insert(val.text);
            } else {
              const bool arn_op = op && policy::family(op->base) == policy::OpFamily::arn;
              arn_specs.push_back({val.text, arn_op ? GlobKind::arn_like : GlobKind::plain});
            }
          }
        }
      }
    }
  }
  std::set<std::string> out;
  if (!arn_specs.empty()) {
    for (const std::string& a : arns) arn_specs.push_back({a, GlobKind::literal});
    bool complete = true;
    for (const GlobClass& g : glob_classes(arn_specs, complete)) {
      auto p = eval::parse_principal(g.text);
      if (p && p.value->is_iam()) {
        arns.insert(g.text);
        scan_accounts(g.text, accounts);
      } else if (g.accepted.find('1') != std::string::npos) {
        complete = false;  // a class no principal here represents
      }
    }
    if (!complete) {
      v.exact = false;
      v.why.push_back("wildcard patterns on aws:PrincipalArn whose classes are not all represented");
    }
  }
  v.accounts.assign(accounts.begin(), accounts.end());
  for (const std::string& a : arns) {
    if (auto p = eval::parse_principal(a); p && p.value->is_iam()) out.insert(a);
  }
  std::vector<std::string> all_accounts = v.accounts;
  all_accounts.push_back(v.fresh_account);
  for (const std::string& a : all_accounts) {
    out.insert("arn:aws:iam::" + a + ":root");
    out.insert("arn:aws:iam::" + a + ":user/iamwarden-user");
    out.insert("arn:aws:iam::" + a + ":role/iamwarden-role");
    for (const std::string& u : users) out.insert("arn:aws:iam::" + a + ":user/" + u);
  }
  services.insert("service:iamwarden.amazonaws.com");
  out.insert(services.begin(), services.end());
  out.insert("anonymous");
  v.principals.assign(out.begin(), out.end());
}

}  // namespace

Vocabulary vocabulary(std::span<const policy::Document* const> docs, const VocabularyOptions& options) {
  Vocabulary v;
  Collected c;
  for (const policy::Document* d : docs) {
    for (const policy::Statement& s : d->statements) {
      std::vector<std::size_t> a, r;
      for (const policy::Located& l : s.actions) {
        a.push_back(c.action_specs.size());
        c.action_specs.push_back({l.text, GlobKind::icase});
      }
      for (const policy::Located& l : s.resources) {
        r.push_back(c.resource_specs.size());
        c.resource_specs.push_back({resource_text(l.text, d->variables_enabled(), v.exact), GlobKind::resource});
      }
      c.stmt_actions.push_back(std::move(a));
      c.stmt_resources.push_back(std::move(r));
      c.not_action.push_back(s.action == policy::Polarity::negated);
      c.not_resource.push_back(s.resource == policy::Polarity::negated);
      c.resource_absent.push_back(s.resource == policy::Polarity::absent);
    }
  }
  if (!v.exact) {
    v.why.push_back("policy variables in Resource relate the resource to other request fields");
    v.variables = true;
  }
  // Resources with variables also as the vocabulary's users would see them (aws:username is
  // "iamwarden-user"): not a proof, but a way to counterexamples.
  for (const policy::Document* d : docs) {
    if (!d->variables_enabled()) continue;
    for (const policy::Statement& s : d->statements) {
      for (const policy::Located& l : s.resources) {
        if (l.text.find("${") == std::string::npos) continue;
        std::string t = l.text;
        for (std::size_t at; (at = to_lower(t).find("${aws:username}")) != std::string::npos;) {
          t.replace(at, 15, "iamwarden-user");
        }
        bool ignored = true;
        c.extra_resources.push_back({resource_text(t, true, ignored), GlobKind::resource});
      }
    }
  }

  std::vector<GlobSpec> specs = c.action_specs;
  for (std::string_view a : kEngineActions) {  // only where some pattern may reach the service
    const std::string_view service = a.substr(0, a.find(':'));
    const bool reached = std::any_of(c.action_specs.begin(), c.action_specs.end(), [&](const GlobSpec& g) {
      const std::size_t colon = g.text.find(':');
      return colon == std::string::npos || glob_match(g.text.substr(0, colon), service, true);
    });
    if (reached) specs.push_back({std::string(a), GlobKind::icase});
  }
  specs.insert(specs.end(), options.actions.begin(), options.actions.end());
  specs.push_back({"", GlobKind::action_shape});
  bool complete = true;
  for (GlobClass& g : glob_classes(specs, complete)) {
    if (g.accepted.back() == '1') v.actions.push_back(std::move(g.text));
  }
  specs = c.resource_specs;
  specs.insert(specs.end(), options.resources.begin(), options.resources.end());
  specs.insert(specs.end(), c.extra_resources.begin(), c.extra_resources.end());
  specs.push_back({"", GlobKind::arn_shape});
  bool resources_complete = true;
  for (GlobClass& g : glob_classes(specs, resources_complete)) {
    if (g.accepted.back() == '1' && eval::looks_like_arn(g.text)) v.resources.push_back(std::move(g.text));
  }
  v.resources.push_back("*");
  v.actions_complete = complete;
  if (!complete || !resources_complete) {
    v.exact = false;
    v.why.push_back("too many action or resource patterns to separate every class");
  }
  v.action_hits = hits(v.actions, c.action_specs, c, true);
  v.resource_hits = hits(v.resources, c.resource_specs, c, false);
  v.action_extra = extra_hits(v.actions, options.actions, true);
  v.resource_extra = extra_hits(v.resources, options.resources, false);

  std::set<std::string> named;
  for (const policy::Document* d : docs) {
    for (const policy::Statement& s : d->statements) {
      for (const policy::PrincipalEntry& p : s.principals) scan_accounts(p.value, named);
      for (const policy::Located& r : s.resources) scan_accounts(r.text, named);
      for (const policy::Condition& cond : s.conditions) {
        for (const policy::ConditionValue& val : cond.values) scan_accounts(val.text, named);
      }
    }
  }
  named.insert(options.avoid_accounts.begin(), options.avoid_accounts.end());
  for (long long n = 999999999999LL;; --n) {
    std::string a = std::to_string(n);
    if (!named.contains(a)) {
      v.fresh_account = std::move(a);
      break;
    }
  }
  principals(docs, v);
  return v;
}

}  // namespace iw::reason
