// `iamwarden simulate`: decide requests exactly as AWS would (aws-evaluation-semantics.md) and
// explain why. Input: a request file (contracts.md §4, single or batch form), NDJSON requests
// (docs/simulate.md) or flags. Exit codes: single request 0 allow / 1 deny; batch and NDJSON 0;
// 2 bad input.
//
// A batch is decided in two streamed passes over its "requests" array (request_stream.h): the
// first checks every request, so that a bad one stops the run before any answer is written, as
// when the whole file was read at once; the second decides and writes. Memory stays that of the
// file's text. Whatever goes wrong, the file is read again with the located reader, which names
// the problem as it always did (and decides the batch itself should it find none).
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "account/account.h"
#include "access/principal.h"
#include "cli/action_names.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/input.h"
#include "cli/output.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "cli/simulate_output.h"
#include "cli/snapshots.h"
#include "core/line_reader.h"
#include "eval/engine.h"
#include "eval/request_file.h"
#include "eval/request_stream.h"

namespace iw::cli {

namespace {

using eval::Decision;
using eval::Layer;

// The longest NDJSON request line accepted (bytes).
constexpr std::size_t kMaxRequestLine = 1u << 20;

struct SimulateOptions {
  OutputOptions out;
  std::string request_file;
  std::string requests_file;  // NDJSON
  std::string principal, action, resource, resource_account, federated_by;
  std::vector<std::string> context;
  std::vector<std::string> identity, session, scp, rcp;
  std::string resource_policy, boundary;
  std::string snapshot;
};

// The account of SNAPSHOT (one account, or a folder of them) that holds `principal_account`; it
// owns the policy texts that the request file's origins point into, so it lives as long as the
// process.
// Only the principals the question names are read (`wanted`: the principal, the resource, the
// federating user).
const account::Account& snapshot_account(const std::string& dir, const std::string& principal_account,
                                         std::vector<std::string> wanted) {
  static std::vector<account::Account> loaded;
  account::LoadOptions options;
  options.only_principals = std::move(wanted);
  loaded = load_accounts(dir, options);
  for (const account::Account& a : loaded) {
    if (a.id == principal_account) return a;
  }
  if (loaded.size() == 1) return loaded.front();  // the principal is looked up in it, and named if absent
  std::vector<std::string> ids;
  for (const account::Account& a : loaded) ids.push_back(a.id);
  throw InputError(fmt::format("{}: no account {} among its {} accounts ({})", dir, principal_account, loaded.size(),
                               fmt::join(ids, ", ")));
}

// A non-owning handle on a SourceText the Account owns.
std::shared_ptr<const SourceText> borrowed(const SourceText& s) {
  return std::shared_ptr<const SourceText>(&s, [](const SourceText*) {});
}

// Fills the identity, boundary, SCP and RCP layers from the snapshot for the principal (a user,
// a role, or a session of a role), and the resource layer from the snapshot's trust or resource
// policy of the resource, unless given by flags.
void from_snapshot(const SimulateOptions& o, eval::RequestFile& file) {
  auto principal = eval::parse_principal(o.principal);
  if (!principal) throw InputError(principal.error);
  const account::Account& a = snapshot_account(o.snapshot, principal.value->account,
                                               {o.principal, o.resource, o.federated_by});
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
  for (std::size_t i = 0; i < p->identity.size(); ++i) {
    file.origins.push_back({{Layer::identity, -1, static_cast<std::int32_t>(file.policies.identity.size())},
                            borrowed(p->identity[i]->located_in()),
                            i < p->identity_names.size() ? p->identity_names[i] : ""});
    file.policies.identity.push_back(p->identity[i]->document);
  }
  if (p->boundary != nullptr && !file.policies.boundary) {
    file.policies.boundary = p->boundary->document;
    file.origins.push_back({{Layer::boundary, -1, -1}, borrowed(p->boundary->located_in()), p->boundary_arn});
  }
  const auto levels = [&](const account::OrgPolicyLevels& from, Layer layer,
                          std::vector<std::vector<policy::Document>>& to) {
    if (!to.empty()) return;  // given by flags
    for (const auto& level : from) {
      to.emplace_back();
      for (const account::NamedPolicy& np : level) {
        file.origins.push_back({{layer, static_cast<std::int32_t>(to.size() - 1),
                                 static_cast<std::int32_t>(to.back().size())},
                                borrowed(np.doc.located_in()),
                                np.target.empty() ? np.name : np.name + " (" + np.target + ")"});
        to.back().push_back(np.doc.document);
      }
    }
  };
  levels(a.scps, Layer::scp, file.policies.scps);
  levels(a.rcps, Layer::rcp, file.policies.rcps);
  if (file.policies.resource) return;
  const account::PolicyDoc* resource = nullptr;
  std::string resource_name;
  if (const account::Role* target = a.role_by_arn(o.resource)) {
    resource = &target->trust;
    resource_name = "trust policy of role " + target->name;
  }
  for (const account::ResourcePolicy& rp : a.resource_policies) {
    if (rp.arn == o.resource) {
      resource = &rp.doc;
      resource_name = "resource policy of " + rp.arn;
    }
  }
  if (resource != nullptr) {
    file.policies.resource = resource->document;
    file.origins.push_back({{Layer::resource, -1, -1}, borrowed(resource->located_in()), resource_name});
  }
}

void add_policy(eval::RequestFile& file, const std::string& path, policy::Kind kind, eval::PolicyRef ref,
                std::optional<policy::Document>& slot) {
  std::shared_ptr<const SourceText> src;
  auto doc = eval::load_policy(read_input(path), path, kind, src);
  if (!doc) throw InputError(doc.error);
  slot = std::move(*doc.value);
  file.origins.push_back({ref, src, ""});
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

// Drops the policies of `layer` that `file` holds, and their origins.
void clear_layer(eval::RequestFile& file, Layer layer) {
  eval::PolicySet& p = file.policies;
  switch (layer) {
    case Layer::identity: p.identity.clear(); break;
    case Layer::session: p.session.clear(); break;
    case Layer::boundary: p.boundary.reset(); break;
    case Layer::resource: p.resource.reset(); break;
    case Layer::scp: p.scps.clear(); break;
    case Layer::rcp: p.rcps.clear(); break;
    case Layer::caller: break;
  }
  std::erase_if(file.origins, [&](const eval::PolicyOrigin& o) { return o.ref.layer == layer; });
}

// The policy flags: each layer given replaces the one `file` holds.
void add_policy_flags(const SimulateOptions& o, eval::RequestFile& file) {
  eval::PolicySet& p = file.policies;
  const auto replace = [&](bool given, Layer layer) {
    if (given) clear_layer(file, layer);
    return given;
  };
  if (replace(!o.identity.empty(), Layer::identity)) {
    add_list(file, o.identity, policy::Kind::identity, Layer::identity, p.identity);
  }
  if (replace(!o.session.empty(), Layer::session)) {
    add_list(file, o.session, policy::Kind::session, Layer::session, p.session);
  }
  if (replace(!o.boundary.empty(), Layer::boundary)) {
    add_policy(file, o.boundary, policy::Kind::boundary, {Layer::boundary, -1, -1}, p.boundary);
  }
  if (replace(!o.resource_policy.empty(), Layer::resource)) {
    add_policy(file, o.resource_policy, policy::Kind::resource, {Layer::resource, -1, -1}, p.resource);
  }
  if (replace(!o.scp.empty(), Layer::scp)) add_levels(file, o.scp, policy::Kind::scp, Layer::scp, p.scps);
  if (replace(!o.rcp.empty(), Layer::rcp)) add_levels(file, o.rcp, policy::Kind::rcp, Layer::rcp, p.rcps);
}

eval::RequestFile from_flags(const SimulateOptions& o) {
  if (o.principal.empty() || o.action.empty() || o.resource.empty()) {
    throw InputError("simulate needs --request FILE, --requests FILE.ndjson, or --principal, --action and --resource");
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
  add_policy_flags(o, file);
  if (!o.snapshot.empty()) from_snapshot(o, file);
  return file;
}

eval::Engine compile(const eval::RequestFile& file) {
  eval::CompileError ce;
  auto engine = eval::Engine::compile(file.policies, ce);
  if (!engine) throw InputError(eval::describe(file, ce));
  return std::move(*engine);
}

// The actions met so far, to warn once about each one the catalog does not know.
class ActionWarnings {
 public:
  void see(const std::string& action) {
    if (!seen_.contains(action)) {
      seen_.insert(action);
      order_.push_back(action);
    }
  }
  // Warns about the actions seen since the last call, in the order they were met.
  void warn() {
    for (const std::string& a : order_) warn_if_unknown_action(a);
    order_.clear();
  }

 private:
  std::set<std::string, std::less<>> seen_;
  std::vector<std::string> order_;
};

// Appends the answer to request number `index` of a sequence (a batch or NDJSON lines).
void append_answer(std::string& out, bool json, bool ndjson, std::size_t index, const eval::Decision& d,
                   const eval::Request& r, Answers& answers) {
  if (json) {
    if (index > 0 && !ndjson) out += ',';
    answers.json(out, d);
    if (ndjson) out += '\n';
    return;
  }
  if (index > 0) out += '\n';
  out += "request " + std::to_string(index) + "\n";
  answers.text(out, d, r);
}

// Decides requests held in memory: one request, or a batch the located reader read.
void decide_in_memory(const SimulateOptions& o, const eval::RequestFile& file, int& exit_code) {
  const eval::Engine engine = compile(file);
  std::vector<eval::Request> requests;
  for (std::size_t i = 0; i < file.requests.size(); ++i) {
    auto r = eval::make_request(file.requests[i]);
    if (!r) {
      throw InputError((o.request_file.empty() ? std::string("request") : o.request_file) +
                       (file.batch ? " (request " + std::to_string(i) + ")" : "") + ": " + r.error);
    }
    requests.push_back(std::move(*r.value));
  }
  ActionWarnings warnings;
  for (const eval::RequestSpec& spec : file.requests) warnings.see(spec.action);
  warnings.warn();
  const bool json = o.out.format == "json";
  Answers answers(file);
  std::string out;
  if (json && file.batch) out += "{\"results\":[";
  bool any_deny = false;
  eval::Decision d;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    engine.evaluate(requests[i], d);
    any_deny = any_deny || d.outcome != eval::Outcome::allow;
    if (file.batch) {
      append_answer(out, json, false, i, d, requests[i], answers);
    } else if (json) {
      answers.json(out, d);
    } else {
      answers.text(out, d, requests[i]);
    }
  }
  if (json) out += file.batch ? "]}\n" : "\n";
  write_output(o.out, out, count_of(requests.size(), "decision", "decisions"));
  exit_code = !file.batch && any_deny ? 1 : 0;
}

// The first pass over a streamed batch: true when every request reads and builds.
bool check_batch(eval::BatchRequests& requests, ActionWarnings& warnings) {
  eval::RequestSpec spec;
  eval::Request request;
  while (requests.next(spec)) {
    if (!eval::check_request(spec, request).empty()) return false;
    warnings.see(request.action);
  }
  return !requests.failed();
}

// The second pass: decide and write each request of a checked batch.
bool decide_batch(const SimulateOptions& o, const eval::RequestFile& file, const eval::Engine& engine,
                  eval::BatchRequests& requests) {
  const bool json = o.out.format == "json";
  StreamOutput out(o.out);
  Answers answers(file);
  eval::RequestSpec spec;
  eval::Request request;
  eval::Decision d;
  requests.rewind();
  if (json) out.buffer() += "{\"results\":[";
  for (std::size_t i = 0; requests.next(spec); ++i) {
    if (!eval::make_request(spec, request).empty()) return false;
    engine.evaluate(request, d);
    append_answer(out.buffer(), json, false, i, d, request, answers);
    out.flush_if_full();
  }
  if (requests.failed()) return false;
  if (json) out.buffer() += "]}\n";
  out.finish(count_of(requests.count(), "decision", "decisions"));
  return true;
}

// A request file: the single form in memory, a batch streamed.
void run_request_file(const SimulateOptions& o, int& exit_code) {
  auto source = std::make_shared<const SourceText>(o.request_file, read_input(o.request_file));
  const auto located = [&] {  // the located reader: exact messages, and the fallback
    auto full = eval::parse_request_file(source, eval::RequestsMode::read);
    if (!full) throw InputError(full.error);
    decide_in_memory(o, *full.value, exit_code);
  };
  auto file = eval::parse_request_file(source, eval::RequestsMode::stream);
  if (!file) return located();
  if (!file.value->batch) return decide_in_memory(o, *file.value, exit_code);
  eval::CompileError ce;
  auto engine = eval::Engine::compile(file.value->policies, ce);
  eval::BatchRequests requests(*file.value);
  ActionWarnings warnings;
  if (!engine || !check_batch(requests, warnings)) return located();
  warnings.warn();
  if (!decide_batch(o, *file.value, *engine, requests)) {  // the first pass read them all
    throw InputError(o.request_file + ": internal error: a request read differently the second time");
  }
  exit_code = 0;
}

// The descriptor of an NDJSON input ("-" = stdin).
int open_requests(const std::string& path) {
  if (path == "-") return STDIN_FILENO;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path + ": cannot read: " + std::strerror(errno));
  return fd;
}

// The policies of NDJSON requests: the --request base file's, then the policy flags.
eval::RequestFile ndjson_policies(const SimulateOptions& o) {
  eval::RequestFile file;
  if (!o.request_file.empty()) {
    auto source = std::make_shared<const SourceText>(o.request_file, read_input(o.request_file));
    auto parsed = eval::parse_request_file(source, eval::RequestsMode::ignore);
    if (!parsed) throw InputError(parsed.error);
    file = std::move(*parsed.value);
  }
  add_policy_flags(o, file);
  return file;
}

void decide_ndjson(const SimulateOptions& o, const eval::RequestFile& policies, const eval::Engine& engine,
                   int fd) {
  LineReader lines(fd, kMaxRequestLine);
  eval::NdjsonRequests requests(lines, o.requests_file == "-" ? "<stdin>" : o.requests_file,
                                o.federated_by.empty() ? policies.federated_by : o.federated_by);
  const bool json = o.out.format == "json";
  StreamOutput out(o.out);
  Answers answers(policies);
  ActionWarnings warnings;
  eval::RequestSpec spec;
  eval::Request request;
  eval::Decision d;
  std::size_t count = 0;
  for (;;) {
    const auto status = requests.next(spec);
    if (status == eval::NdjsonRequests::Status::end) break;
    std::string error = status == eval::NdjsonRequests::Status::error ? requests.error() : std::string();
    if (error.empty()) {
      if (std::string e = eval::make_request(spec, request); !e.empty()) {
        error = requests.name() + ":" + std::to_string(requests.line()) + ": " + e;
      }
    }
    if (!error.empty()) {
      out.flush();  // the answers before the bad line stand
      throw InputError(error);
    }
    warnings.see(request.action);
    warnings.warn();
    engine.evaluate(request, d);
    append_answer(out.buffer(), json, true, count++, d, request, answers);
    out.flush_if_full();
  }
  out.finish(count_of(count, "decision", "decisions"));
}

// NDJSON requests, streamed: one answer per line in order (JSON), or the batch's text.
void run_ndjson(const SimulateOptions& o) {
  if (!o.principal.empty() || !o.action.empty() || !o.resource.empty() || !o.resource_account.empty() ||
      !o.context.empty() || !o.snapshot.empty()) {
    throw InputError("--requests reads each request from its lines: --principal, --action, --resource, "
                     "--resource-account, --context and --snapshot do not apply");
  }
  if (o.request_file == "-" && o.requests_file == "-") {
    throw InputError("--request and --requests cannot both read stdin");
  }
  const eval::RequestFile policies = ndjson_policies(o);
  const eval::Engine engine = compile(policies);
  const int fd = open_requests(o.requests_file);
  try {
    decide_ndjson(o, policies, engine, fd);
  } catch (...) {
    if (fd != STDIN_FILENO) ::close(fd);
    throw;
  }
  if (fd != STDIN_FILENO) ::close(fd);
}

void run(const SimulateOptions& o, int& exit_code) {
  exit_code = 0;
  if (!o.requests_file.empty()) return run_ndjson(o);
  if (o.request_file.empty()) return decide_in_memory(o, from_flags(o), exit_code);
  if (!o.principal.empty() || !o.action.empty() || !o.resource.empty()) {
    throw InputError("use either --request FILE or --principal/--action/--resource, not both");
  }
  run_request_file(o, exit_code);
}

}  // namespace

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand("simulate", "Decide a request exactly as AWS would, and explain why");
  cmd->add_option("--request", opts->request_file,
                  "request file: one request or a batch (docs/simulate.md); with --requests, the policies; - = stdin");
  cmd->add_option("--requests", opts->requests_file,
                  "NDJSON file: one request per line, answered line by line (docs/simulate.md); - = stdin");
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
                  "account snapshot directory, or an organization folder of them (the principal's account is used): take the principal's policies, groups, boundary, SCPs "
                  "and RCPs (and the resource's trust or resource policy) from it");
  cmd->add_option("--federated-by", opts->federated_by, "IAM user ARN that federated a federated-user principal");
  add_common_options(*cmd, opts->out, {"text", "json"}, FailOn::no);
  cmd->footer(
      "The request file formats (one request, a batch, NDJSON) with examples: docs/simulate.md.\n"
      "Exit status: one request 0 allowed, 1 denied; a batch or NDJSON 0; 2 usage error or bad input.\n"
      "Examples:\n"
      "  iamwarden simulate --request examples/requests/read-report.json\n"
      "  iamwarden simulate --request examples/requests/batch.json --requests examples/requests/requests.ndjson\n"
      "  iamwarden simulate --principal arn:aws:iam::111122223333:user/alice --action s3:GetObject \\\n"
      "      --resource arn:aws:s3:::bucket/key --identity-policy policy.json --context aws:SourceIp=203.0.113.7");
  cmd->callback([opts, &exit_code] { run(*opts, exit_code); });
}

}  // namespace iw::cli
