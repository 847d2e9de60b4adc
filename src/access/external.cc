#include "access/external.h"

#include <algorithm>
#include <set>

#include "access/find.h"
#include "core/strings.h"
#include "core/values.h"
#include "policy/condition_op.h"
#include "policy/glob.h"
#include "reason/requests.h"

namespace iw::access {

namespace {

constexpr std::string_view kAllowAll =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

// Keys only a service acting for a resource carries: absent in a request from an outsider.
bool source_key(std::string_view k) {
  return k == "aws:sourceaccount" || k == "aws:sourcearn" || k == "aws:sourceowner" || k == "aws:sourceorgid" ||
         k == "aws:sourceorgpaths";
}
bool org_key(std::string_view k) { return k == "aws:principalorgid" || k == "aws:principalorgpaths"; }

// What the policy lists for the network keys, for "public" (see external.h).
struct Network {
  std::set<std::string> endpoints;        // literal aws:SourceVpce / aws:SourceVpc / aws:userid values
  std::vector<iw::Network> narrow_ranges;  // IpAddress ranges of /8 (IPv6: /32) or narrower
};

Network network_of(const policy::Document& doc) {
  Network n;
  for (const policy::Statement& s : doc.statements) {
    for (const policy::Condition& c : s.conditions) {
      const std::string key = to_lower(c.key);
      const auto op = policy::parse_operator(c.op);
      if (!op) continue;
      if ((key == "aws:sourcevpce" || key == "aws:sourcevpc" || key == "aws:userid") &&
          (op->base == policy::OpBase::string_equals || op->base == policy::OpBase::string_equals_ignore_case ||
           op->base == policy::OpBase::string_like)) {
        for (const policy::ConditionValue& v : c.values) {
          if (v.text.find_first_of("*?$") == std::string::npos) n.endpoints.insert(v.text);
        }
      }
      if (key == "aws:sourceip" && op->base == policy::OpBase::ip_address) {
        for (const policy::ConditionValue& v : c.values) {
          auto net = parse_network(v.text);
          if (net && net->prefix >= (net->v6 ? 32 : 8)) n.narrow_ranges.push_back(*net);
        }
      }
    }
  }
  return n;
}

// Witness values an anonymous caller anywhere may carry (the "public" request).
void narrow_to_public(const Network& n, const std::string& key, reason::Witnesses& w) {
  if (key == "aws:sourcevpce" || key == "aws:sourcevpc" || key == "aws:userid") {
    std::erase_if(w.values, [&](const reason::Witness& v) {
      return v.present && std::any_of(v.values.begin(), v.values.end(), [&](const std::string& x) {
               return n.endpoints.contains(x);
             });
    });
  } else if (key == "aws:sourceip") {
    std::erase_if(w.values, [&](const reason::Witness& v) {
      if (!v.present) return false;
      auto a = parse_address(v.values.front());
      return !a || std::any_of(n.narrow_ranges.begin(), n.narrow_ranges.end(),
                               [&](const iw::Network& r) { return contains(r, *a); });
    });
  }
}

// Outsiders are not in the zone's organization.
void outside_org(const std::string& org, const std::string& key, reason::Witnesses& w) {
  if (org.empty()) return;
  if (key == "aws:principalorgid") {
    std::erase_if(w.values, [&](const reason::Witness& v) {
      return v.present && std::find(v.values.begin(), v.values.end(), org) != v.values.end();
    });
  } else if (key == "aws:principalorgpaths") {
    std::erase_if(w.values, [&](const reason::Witness& v) {
      return v.present && std::any_of(v.values.begin(), v.values.end(),
                                      [&](const std::string& p) { return p.starts_with(org + "/"); });
    });
  }
}

std::string principal_text(const policy::PrincipalEntry& p) {
  if (p.type == policy::PrincipalType::star) return "*";
  return std::string(to_string(p.type)) + ":" + p.value;
}

// The grant a found request shows: the allowing statements of the policy.
ExternalGrant grant_of(const eval::Engine& engine, const policy::Document& doc, const eval::Request& r, bool is_public) {
  ExternalGrant g;
  g.is_public = is_public;
  eval::Decision d;
  engine.evaluate(r, d, true);
  std::set<std::string> principals, actions;
  for (const eval::Match& m : d.matched) {
    if (m.policy.layer != eval::Layer::resource || m.effect != policy::Effect::allow) continue;
    if (m.statement >= doc.statements.size()) continue;
    const policy::Statement& s = doc.statements[m.statement];
    g.statements.push_back(m.statement);
    for (const policy::PrincipalEntry& p : s.principals) {
      principals.insert((s.principal == policy::Polarity::negated ? "NotPrincipal " : "") + principal_text(p));
    }
    for (const policy::Located& a : s.actions) {
      actions.insert((s.action == policy::Polarity::negated ? "NotAction " : "") + a.text);
    }
    for (const policy::Condition& c : s.conditions) {
      auto& values = g.conditions[c.op][c.key];
      for (const policy::ConditionValue& v : c.values) values.push_back(v.text);
    }
  }
  g.principals.assign(principals.begin(), principals.end());
  g.actions.assign(actions.begin(), actions.end());
  g.example.principal = r.principal.arn;
  g.example.action = r.action;
  g.example.resource = r.resource;
  g.example.resource_account = r.resource_account;
  g.example.context = chosen_context(r);
  return g;
}

void merge_why(ExternalResult& out, const Found& f) {
  if (f.exact) return;
  out.exact = false;
  for (const std::string& w : f.why) {
    if (std::find(out.why.begin(), out.why.end(), w) == out.why.end()) out.why.push_back(w);
  }
}

}  // namespace

ExternalResult external(const ExternalInput& input, const Zone& zone) {
  ExternalResult out;
  const std::vector<const policy::Document*> docs{input.doc};
  reason::VocabularyOptions vo;
  vo.avoid_accounts.push_back(zone.account);
  const reason::Vocabulary v = reason::vocabulary(docs, vo);

  const policy::Document allow_all = helper_document(kAllowAll);
  eval::PolicySet set;
  set.identity.push_back(allow_all);
  set.resource = *input.doc;
  eval::CompileError error;
  auto engine = eval::Engine::compile(set, error);
  if (!engine) {
    out.exact = false;
    out.why.push_back("the policy cannot be evaluated: " + error.message);
    return out;
  }
  Side side{&*engine, {}};
  side.view.identity.push_back(&allow_all);
  side.view.resource = input.doc;

  // The zone's organization, as a condition: its witnesses then separate the zone's own values.
  policy::Statement org_stmt;
  if (!zone.org.empty()) {
    org_stmt.conditions.push_back({"StringEquals", 0, "aws:PrincipalOrgID", 0, {{zone.org, json::Kind::string, 0}}, false});
    org_stmt.conditions.push_back(
        {"ForAnyValue:StringLike", 0, "aws:PrincipalOrgPaths", 0, {{zone.org + "/*", json::Kind::string, 0}}, false});
  }
  const Network network = network_of(*input.doc);

  FindOptions o;
  o.resource_account = [&](const eval::Principal&) { return zone.account; };
  o.target = [&](const eval::Principal&) { return side; };
  o.target_allows.reserve(input.doc->statements.size());
  for (const policy::Statement& s : input.doc->statements) o.target_allows.push_back(s.effect == policy::Effect::allow);
  if (input.kind == policy::Kind::trust) {
    o.resource_override = {input.resource.empty() ? "arn:aws:iam::" + zone.account + ":role/iamwarden-role" : input.resource};
  } else if (!input.resource.empty()) {
    // The resource itself and what lies under it (objects of a bucket).
    for (const std::string& r : v.resources) {
      o.resources.push_back(r == input.resource || r.starts_with(input.resource + "/") || r == "*");
    }
  }
  if (!zone.org.empty()) o.extra_statements.push_back(&org_stmt);

  // 1. Public: an account no policy names, or anonymous; no organization; the network narrowed.
  o.principal_ok = [&](const eval::Principal& p) {
    return p.kind == eval::PrincipalKind::anonymous || (p.is_iam() && p.account == v.fresh_account);
  };
  o.fixed = [](std::string_view k) { return source_key(k) || org_key(k); };
  o.restrict = [&](const std::string& key, reason::Witnesses& w) { narrow_to_public(network, key, w); };
  Found pub = find_request(v, o);
  merge_why(out, pub);
  if (pub.request) out.grants.push_back(grant_of(*engine, *input.doc, *pub.request, true));

  // 2. External: any principal outside the owner's account (named or not), any network.
  o.principal_ok = [&](const eval::Principal& p) {
    if (p.kind == eval::PrincipalKind::service) return false;
    if (pub.request && (p.kind == eval::PrincipalKind::anonymous || p.account == v.fresh_account)) return false;
    return p.kind == eval::PrincipalKind::anonymous || p.account != zone.account;
  };
  o.fixed = [](std::string_view k) { return source_key(k); };
  o.restrict = [&](const std::string& key, reason::Witnesses& w) { outside_org(zone.org, key, w); };
  Found ext = find_request(v, o);
  merge_why(out, ext);
  if (ext.request) out.grants.push_back(grant_of(*engine, *input.doc, *ext.request, false));
  return out;
}

bool names_only_zone_principals(const policy::Document& doc, const Zone& zone) {
  const auto in_zone = [&](const policy::PrincipalEntry& e) {
    if (e.type == policy::PrincipalType::service) return true;
    if (e.type != policy::PrincipalType::aws || e.value.find_first_of("*?$") != std::string::npos) return false;
    if (e.value == zone.account) return true;
    auto parsed = eval::parse_principal(e.value);
    if (!parsed) return false;
    const eval::Principal& p = *parsed.value;
    return (p.kind == eval::PrincipalKind::root || p.kind == eval::PrincipalKind::role) && p.account == zone.account;
  };
  return std::all_of(doc.statements.begin(), doc.statements.end(), [&](const policy::Statement& s) {
    if (s.effect != policy::Effect::allow) return true;
    return s.principal == policy::Polarity::positive && !s.principals.empty() &&
           std::all_of(s.principals.begin(), s.principals.end(), in_zone);
  });
}

Proof check_no_public(const PolicyInput& policy, policy::Kind kind) {
  Proof p;
  const std::vector<const policy::Document*> docs{&policy.doc};
  const reason::Vocabulary v = reason::vocabulary(docs);
  Zone zone;
  for (long long n = 0;; ++n) {  // an owner no policy names
    std::string a = std::to_string(n);
    a.insert(0, 12 - a.size(), '0');
    if (a != v.fresh_account && std::find(v.accounts.begin(), v.accounts.end(), a) == v.accounts.end()) {
      zone.account = a;
      break;
    }
  }
  ExternalInput in{&policy.doc, kind, ""};
  const ExternalResult r = external(in, zone);
  for (const ExternalGrant& g : r.grants) {
    if (!g.is_public) continue;
    auto made = eval::make_request(g.example);  // confirm with the engine, as simulate decides it
    eval::PolicySet set;
    set.identity.push_back(helper_document(kAllowAll));
    set.resource = policy.doc;
    eval::CompileError error;
    auto engine = eval::Engine::compile(set, error);
    if (!made || !engine || engine->evaluate(*made.value).outcome != eval::Outcome::allow) {
      p.reason = "a candidate request was found but the engine did not confirm it; no answer";
      return p;
    }
    Counterexample c;
    c.request = g.example;
    c.identity_policies.emplace_back(kAllowAll);
    c.resource_policy = policy.text;
    p.result = Result::fail;
    p.reason = "the policy lets " + std::string(g.example.principal == "anonymous" ? "anonymous callers"
                                                                                    : "a principal of any AWS account") +
               " in (statements";
    for (std::uint32_t s : g.statements) p.reason += " " + std::to_string(s);
    p.reason += ")";
    p.counterexample = std::move(c);
    return p;
  }
  if (!r.exact) {
    p.reason = "not proved: ";
    for (const std::string& w : r.why) p.reason += (&w == &r.why.front() ? "" : "; ") + w;
    return p;
  }
  p.result = Result::pass;
  p.reason = "no principal outside the named accounts can act through this policy (proved over every request class)";
  return p;
}

}  // namespace iw::access
