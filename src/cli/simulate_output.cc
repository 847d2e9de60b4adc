#include "cli/simulate_output.h"

namespace iw::cli {

namespace {

using eval::Decision;
using eval::Layer;

std::string_view effect_name(policy::Effect e) { return e == policy::Effect::allow ? "Allow" : "Deny"; }

// Why a layer is in denied_by.
std::string reason(Layer l, const Decision& d, const eval::Request& r) {
  const eval::Facts& f = d.facts;
  const bool explicit_deny = d.outcome == eval::Outcome::explicit_deny;
  switch (l) {
    case Layer::scp:
      return explicit_deny ? "a service control policy statement denies the request"
                           : "SCP level " + std::to_string(f.scp_level_failed) +
                                 " has no statement that allows the action (every level must allow)";
    case Layer::rcp: return "a resource control policy statement denies the request";
    case Layer::resource:
      if (explicit_deny) return "the resource policy denies the request";
      if (!r.principal.is_iam()) return "a " + std::string(to_string(r.principal.kind)) +
                                        " caller needs a resource policy statement that names it (or \"*\")";
      if (f.trust_rule) return "KMS keys and role trust need an explicit Allow in the key/trust policy";
      if (!f.same_account) return "cross-account access needs the resource policy to allow the caller";
      return "the resource policy grants nothing to this caller";
    case Layer::identity:
      return explicit_deny ? "an identity-based policy denies the request"
                           : "no identity-based policy allows the request";
    case Layer::boundary:
      return explicit_deny ? "the permissions boundary denies the request"
                           : "the permissions boundary does not allow the request";
    case Layer::session:
      if (explicit_deny) return "a session policy denies the request";
      if (r.principal.kind == eval::PrincipalKind::federated_user) {
        return "no session policy allows the request (a federated user needs one that does)";
      }
      return "no session policy allows the request";
    case Layer::caller: return "AWS refuses this call for this caller before reading any policy";
  }
  return "";
}

}  // namespace

const std::string& Answers::label(const eval::PolicyRef& ref) {
  const Key key{ref.layer, ref.level, ref.index, 0};
  auto it = labels_.find(key);
  if (it == labels_.end()) it = labels_.emplace(key, eval::label(ref)).first;
  return it->second;
}

const std::string& Answers::name(const eval::PolicyRef& ref) {
  const Key key{ref.layer, ref.level, ref.index, 0};
  auto it = names_.find(key);
  if (it == names_.end()) {
    std::string found;
    for (const eval::PolicyOrigin& o : file_.origins) {
      if (o.ref == ref) found = o.name;
    }
    it = names_.emplace(key, std::move(found)).first;
  }
  return it->second;
}

const std::string& Answers::location(const eval::PolicyRef& ref, std::uint32_t offset) {
  const Key key{ref.layer, ref.level, ref.index, offset};
  auto it = locations_.find(key);
  if (it == locations_.end()) it = locations_.emplace(key, file_.locate(ref, offset)).first;
  return it->second;
}

void Answers::json(std::string& out, const Decision& d) {
  JsonWriter& w = writer_;
  w.reset();
  w.begin_object().member("decision", to_string(d.outcome)).key("denied_by").begin_array();
  for (Layer l : d.denied_by.list()) w.value(to_string(l));
  w.end_array().key("matched").begin_array();
  for (const eval::Match& m : d.matched) {
    w.begin_object()
        .member("policy", label(m.policy))
        .member("statement", m.statement)
        .member("sid", m.sid)
        .member("effect", effect_name(m.effect));
    if (const std::string& n = name(m.policy); !n.empty()) w.member("name", n);
    w.end_object();
  }
  w.end_array().end_object();
  out += w.str();
}

void Answers::append_match(std::string& o, const eval::Match& m) {
  o += "  ";
  o += label(m.policy);
  if (const std::string& n = name(m.policy); !n.empty()) {
    o += " ";
    o += n;
  }
  o += " statement ";
  o += std::to_string(m.statement);
  if (!m.sid.empty()) {
    o += " (Sid \"";
    o += m.sid;
    o += "\")";
  }
  o += ": ";
  o += effect_name(m.effect);
  if (m.policy.layer == Layer::resource && m.effect == policy::Effect::allow) {
    o += " (names the caller: ";
    o += to_string(m.grant);
    o += ")";
  }
  if (const std::string& at = location(m.policy, m.offset); !at.empty()) {
    o += " at ";
    o += at;
  }
  o += "\n";
}

void Answers::text(std::string& o, const Decision& d, const eval::Request& r) {
  o += "decision: ";
  o += to_string(d.outcome);
  o += "\nrequest:  ";
  o += r.principal.arn;
  o += " -> ";
  o += r.action;
  o += " on ";
  o += r.resource;
  o += "\n";
  if (d.facts.special_action) {
    o += "          ";
    o += eval::caller_rule(r, d);
    o += "\n";
    if (!d.denied_by.empty()) o += "denied by caller\n";
    return;
  }
  if (d.facts.bucket_owner_root) {
    o += "          ";
    o += eval::caller_rule(r, d);
    o += "\n";
  }
  o += "          resource account ";
  o += r.resource_account.empty() ? std::string_view("(none)") : std::string_view(r.resource_account);
  if (r.principal.is_iam()) o += d.facts.same_account ? " (same account)" : " (cross-account)";
  o += "\n";
  for (Layer l : d.denied_by.list()) {
    o += "denied by ";
    o += to_string(l);
    o += ": ";
    o += reason(l, d, r);
    o += "\n";
  }
  if (d.matched.empty()) {
    o += "no statement applies\n";
    return;
  }
  o += "applicable statements:\n";
  for (const eval::Match& m : d.matched) append_match(o, m);
}

}  // namespace iw::cli
