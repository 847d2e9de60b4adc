// `iamwarden simulate`: decide requests exactly as AWS would (aws-evaluation-semantics.md) and
// explain why. Input: a request file (contracts.md §4, single or batch form) or flags.
// Exit codes: single request 0 allow / 1 deny; batch 0; 2 bad input.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "account/account.h"
#include "access/principal.h"
#include "cli/action_names.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/input.h"
#include "cli/output.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "eval/engine.h"
#include "eval/request_file.h"

namespace iw::cli {

namespace {

using eval::Decision;
using eval::Layer;

struct SimulateOptions {
  OutputOptions out;
  std::string request_file;
  std::string principal, action, resource, resource_account, federated_by;
  std::vector<std::string> context;
  std::vector<std::string> identity, session, scp, rcp;
  std::string resource_policy, boundary;
  std::string snapshot;
};

// The account a --snapshot request reads its policies from; it owns the policy texts that the
// request file's origins point into, so it lives as long as the process.
const account::Account& snapshot_account(const std::string& dir) {
  static std::vector<std::unique_ptr<account::Account>> loaded;
  try {
    loaded.push_back(std::make_unique<account::Account>(account::load_snapshot(dir)));
  } catch (const account::SnapshotError& e) {
    throw InputError(e.what());
  }
  return *loaded.back();
}

// A non-owning handle on a SourceText the Account owns.
std::shared_ptr<const SourceText> borrowed(const SourceText& s) {
  return std::shared_ptr<const SourceText>(&s, [](const SourceText*) {});
}

// Fills the identity, boundary, SCP and RCP layers from the snapshot for the principal (a user,
// a role, or a session of a role), and the resource layer from the snapshot's trust or resource
// policy of the resource, unless given by flags.
void from_snapshot(const SimulateOptions& o, eval::RequestFile& file) {
  const account::Account& a = snapshot_account(o.snapshot);
  auto principal = eval::parse_principal(o.principal);
  if (!principal) throw InputError(principal.error);
  std::optional<access::PrincipalPolicies> p;
  if (const account::User* u = a.user_by_arn(o.principal)) p = access::policies_of(a, *u);
  if (const account::Role* r = a.role_by_arn(o.principal)) p = access::policies_of(a, *r);
  if (!p && principal.value->is_session()) {
    for (const account::Role& r : a.roles) {
      if (r.name == principal.value->name && access::account_of(r.arn) == principal.value->account) {
        p = access::policies_of(a, r);
      }
    }
  }
  if (!p) throw InputError(o.snapshot + ": no user or role " + o.principal + " in account " + a.id);
  // The principal's tags are in every request it makes (aws:PrincipalTag/K), unless given.
  for (eval::RequestSpec& spec : file.requests) {
    for (const account::Tag& t : p->tags) {
      const std::string key = "aws:PrincipalTag/" + t.key;
      if (!spec.context.has(key)) spec.context.set(key, t.value);
    }
  }
  for (const account::PolicyDoc* doc : p->identity) {
    file.origins.push_back({{Layer::identity, -1, static_cast<std::int32_t>(file.policies.identity.size())},
                            borrowed(doc->located_in())});
    file.policies.identity.push_back(doc->document);
  }
  if (p->boundary != nullptr && !file.policies.boundary) {
    file.policies.boundary = p->boundary->document;
    file.origins.push_back({{Layer::boundary, -1, -1}, borrowed(p->boundary->located_in())});
  }
  const auto levels = [&](const account::OrgPolicyLevels& from, Layer layer,
                          std::vector<std::vector<policy::Document>>& to) {
    if (!to.empty()) return;  // given by flags
    for (const auto& level : from) {
      to.emplace_back();
      for (const account::NamedPolicy& np : level) {
        file.origins.push_back({{layer, static_cast<std::int32_t>(to.size() - 1),
                                 static_cast<std::int32_t>(to.back().size())},
                                borrowed(np.doc.located_in())});
        to.back().push_back(np.doc.document);
      }
    }
  };
  levels(a.scps, Layer::scp, file.policies.scps);
  levels(a.rcps, Layer::rcp, file.policies.rcps);
  if (file.policies.resource) return;
  const account::PolicyDoc* resource = nullptr;
  if (const account::Role* target = a.role_by_arn(o.resource)) resource = &target->trust;
  for (const account::ResourcePolicy& rp : a.resource_policies) {
    if (rp.arn == o.resource) resource = &rp.doc;
  }
  if (resource != nullptr) {
    file.policies.resource = resource->document;
    file.origins.push_back({{Layer::resource, -1, -1}, borrowed(resource->located_in())});
  }
}

std::string_view effect_name(policy::Effect e) { return e == policy::Effect::allow ? "Allow" : "Deny"; }

void answer_json(JsonWriter& w, const Decision& d) {
  w.begin_object().member("decision", to_string(d.outcome)).key("denied_by").begin_array();
  for (Layer l : d.denied_by.list()) w.value(to_string(l));
  w.end_array().key("matched").begin_array();
  for (const eval::Match& m : d.matched) {
    w.begin_object()
        .member("policy", eval::label(m.policy))
        .member("statement", m.statement)
        .member("sid", m.sid)
        .member("effect", effect_name(m.effect))
        .end_object();
  }
  w.end_array().end_object();
}

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

std::string answer_text(const Decision& d, const eval::Request& r, const eval::RequestFile& file) {
  std::ostringstream o;
  o << "decision: " << to_string(d.outcome) << "\n";
  o << "request:  " << r.principal.arn << " -> " << r.action << " on " << r.resource << "\n";
  if (d.facts.special_action) {
    o << "          " << eval::caller_rule(r, d) << "\n";
    if (!d.denied_by.empty()) o << "denied by caller\n";
    return o.str();
  }
  if (d.facts.bucket_owner_root) o << "          " << eval::caller_rule(r, d) << "\n";
  o << "          resource account " << (r.resource_account.empty() ? "(none)" : r.resource_account)
    << (r.principal.is_iam() ? (d.facts.same_account ? " (same account)" : " (cross-account)") : "") << "\n";
  for (Layer l : d.denied_by.list()) o << "denied by " << to_string(l) << ": " << reason(l, d, r) << "\n";
  if (d.matched.empty()) {
    o << "no statement applies\n";
  } else {
    o << "applicable statements:\n";
    for (const eval::Match& m : d.matched) {
      o << "  " << eval::label(m.policy) << " statement " << m.statement;
      if (!m.sid.empty()) o << " (Sid \"" << m.sid << "\")";
      o << ": " << effect_name(m.effect);
      if (m.policy.layer == Layer::resource && m.effect == policy::Effect::allow) {
        o << " (names the caller: " << to_string(m.grant) << ")";
      }
      if (std::string where = file.locate(m.policy, m.offset); !where.empty()) o << " at " << where;
      o << "\n";
    }
  }
  return o.str();
}

void add_policy(eval::RequestFile& file, const std::string& path, policy::Kind kind, eval::PolicyRef ref,
                std::optional<policy::Document>& slot) {
  std::shared_ptr<const SourceText> src;
  auto doc = eval::load_policy(read_input(path), path, kind, src);
  if (!doc) throw InputError(doc.error);
  slot = std::move(*doc.value);
  file.origins.push_back({ref, src});
}

void add_list(eval::RequestFile& file, const std::vector<std::string>& paths, policy::Kind kind, Layer layer,
              std::vector<policy::Document>& list) {
  for (const std::string& p : paths) {
    std::optional<policy::Document> d;
    add_policy(file, p, kind, {layer, -1, static_cast<std::int32_t>(list.size())}, d);
    list.push_back(std::move(*d));
  }
}

void add_levels(eval::RequestFile& file, const std::vector<std::string>& paths, policy::Kind kind, Layer layer,
                std::vector<std::vector<policy::Document>>& levels) {
  for (const std::string& p : paths) {
    std::optional<policy::Document> d;
    add_policy(file, p, kind, {layer, static_cast<std::int32_t>(levels.size()), 0}, d);
    levels.push_back({});
    levels.back().push_back(std::move(*d));
  }
}

// --context key=value; a repeated key, or key[]=value, makes a list.
void parse_context(const std::vector<std::string>& items, eval::Context& ctx) {
  std::vector<std::pair<std::string, std::vector<std::string>>> lists;
  std::vector<std::pair<std::string, std::string>> singles;
  for (const std::string& item : items) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("--context expects KEY=VALUE, got \"" + item + "\"");
    std::string key = item.substr(0, eq);
    const bool list = key.size() > 2 && key.ends_with("[]");
    if (list) key.resize(key.size() - 2);
    std::string value = item.substr(eq + 1);
    auto it = std::find_if(lists.begin(), lists.end(), [&](const auto& p) { return iequals(p.first, key); });
    if (it != lists.end()) {
      it->second.push_back(std::move(value));
      continue;
    }
    auto s = std::find_if(singles.begin(), singles.end(), [&](const auto& p) { return iequals(p.first, key); });
    if (s != singles.end()) {
      lists.push_back({key, {s->second, std::move(value)}});
      singles.erase(s);
    } else if (list) {
      lists.push_back({key, {std::move(value)}});
    } else {
      singles.push_back({key, std::move(value)});
    }
  }
  for (auto& [k, v] : singles) ctx.set(k, std::move(v));
  for (auto& [k, v] : lists) ctx.set_list(k, std::move(v));
}

eval::RequestFile from_flags(const SimulateOptions& o) {
  if (o.principal.empty() || o.action.empty() || o.resource.empty()) {
    throw InputError("simulate needs --request FILE, or --principal, --action and --resource");
  }
  eval::RequestFile file;
  eval::RequestSpec spec;
  spec.principal = o.principal;
  spec.action = o.action;
  spec.resource = o.resource;
  spec.resource_account = o.resource_account;
  spec.federated_by = o.federated_by;
  parse_context(o.context, spec.context);
  file.requests.push_back(std::move(spec));
  add_list(file, o.identity, policy::Kind::identity, Layer::identity, file.policies.identity);
  add_list(file, o.session, policy::Kind::session, Layer::session, file.policies.session);
  if (!o.boundary.empty()) {
    add_policy(file, o.boundary, policy::Kind::boundary, {Layer::boundary, -1, -1}, file.policies.boundary);
  }
  if (!o.resource_policy.empty()) {
    add_policy(file, o.resource_policy, policy::Kind::resource, {Layer::resource, -1, -1}, file.policies.resource);
  }
  add_levels(file, o.scp, policy::Kind::scp, Layer::scp, file.policies.scps);
  add_levels(file, o.rcp, policy::Kind::rcp, Layer::rcp, file.policies.rcps);
  if (!o.snapshot.empty()) from_snapshot(o, file);
  return file;
}

void run(const SimulateOptions& o, int& exit_code) {
  eval::RequestFile file;
  if (!o.request_file.empty()) {
    if (!o.principal.empty() || !o.action.empty() || !o.resource.empty()) {
      throw InputError("use either --request FILE or --principal/--action/--resource, not both");
    }
    auto parsed = eval::parse_request_file(read_input(o.request_file), o.request_file);
    if (!parsed) throw InputError(parsed.error);
    file = std::move(*parsed.value);
  } else {
    file = from_flags(o);
  }
  eval::CompileError ce;
  auto engine = eval::Engine::compile(file.policies, ce);
  if (!engine) throw InputError(eval::describe(file, ce));
  std::vector<eval::Request> requests;
  for (std::size_t i = 0; i < file.requests.size(); ++i) {
    auto r = eval::make_request(file.requests[i]);
    if (!r) {
      throw InputError((o.request_file.empty() ? std::string("request") : o.request_file) +
                       (file.batch ? " (request " + std::to_string(i) + ")" : "") + ": " + r.error);
    }
    requests.push_back(std::move(*r.value));
  }
  std::set<std::string> warned;
  for (const eval::RequestSpec& spec : file.requests) {
    if (warned.insert(spec.action).second) warn_if_unknown_action(spec.action);
  }
  const bool json = o.out.format == "json";
  JsonWriter w;
  if (json && file.batch) w.begin_object().key("results").begin_array();
  std::string text;
  bool any_deny = false;
  Decision d;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    engine->evaluate(requests[i], d);
    any_deny = any_deny || d.outcome != eval::Outcome::allow;
    if (json) {
      answer_json(w, d);
    } else {
      if (file.batch) text += (i > 0 ? "\n" : "") + std::string("request ") + std::to_string(i) + "\n";
      text += answer_text(d, requests[i], file);
    }
  }
  if (json && file.batch) w.end_array().end_object();
  write_output(o.out, json ? std::move(w).take() + "\n" : text, count_of(requests.size(), "decision", "decisions"));
  exit_code = !file.batch && any_deny ? 1 : 0;
}

}  // namespace

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand("simulate", "Decide a request exactly as AWS would, and explain why");
  cmd->add_option("--request", opts->request_file, "request file: one request or a batch (docs/simulate.md); - = stdin");
  cmd->add_option("--principal", opts->principal, "caller: user/role/assumed-role/federated-user ARN, service:NAME or anonymous");
  cmd->add_option("--action", opts->action, "service:ActionName");
  cmd->add_option("--resource", opts->resource, "resource ARN or *");
  cmd->add_option("--resource-account", opts->resource_account, "account owning the resource (default: from the ARN, then the principal's)");
  cmd->add_option("--context", opts->context, "KEY=VALUE condition context (repeat a key, or write KEY[]=VALUE, for a list)");
  cmd->add_option("--identity-policy", opts->identity, "identity-based policy file (repeatable)");
  cmd->add_option("--resource-policy", opts->resource_policy, "resource, trust or key policy file");
  cmd->add_option("--boundary", opts->boundary, "permissions boundary policy file");
  cmd->add_option("--session-policy", opts->session, "session policy file (repeatable)");
  cmd->add_option("--scp", opts->scp, "SCP file; each one is one level, root first (repeatable)");
  cmd->add_option("--rcp", opts->rcp, "RCP file; each one is one level, root first (repeatable)");
  cmd->add_option("--snapshot", opts->snapshot,
                  "account snapshot directory: take the principal's policies, groups, boundary, SCPs "
                  "and RCPs (and the resource's trust or resource policy) from it");
  cmd->add_option("--federated-by", opts->federated_by, "IAM user ARN that federated a federated-user principal");
  add_common_options(*cmd, opts->out, {"text", "json"}, FailOn::no);
  cmd->footer(
      "The request file formats (one request, a batch, NDJSON) with examples: docs/simulate.md.\n"
      "Exit status: one request 0 allowed, 1 denied; a batch 0; 2 usage error or bad input.\n"
      "Examples:\n"
      "  iamwarden simulate --request examples/requests/read-report.json\n"
      "  iamwarden simulate --principal arn:aws:iam::111122223333:user/alice --action s3:GetObject \\\n"
      "      --resource arn:aws:s3:::bucket/key --identity-policy policy.json --context aws:SourceIp=203.0.113.7");
  cmd->callback([opts, &exit_code] { run(*opts, exit_code); });
}

}  // namespace iw::cli
