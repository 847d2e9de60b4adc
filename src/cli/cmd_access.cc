// iamwarden access external|diff|check-not-granted|check-no-public (contracts.md §9).
//
// diff and the checks answer pass (exit 0), fail with a counterexample request (exit 1) or
// unknown with the reason (exit 2, as bad input is). external reports external-access and
// public-access findings in every report format.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "access/compare.h"
#include "access/external.h"
#include "access/external_finding.h"
#include "catalog/catalog.h"
#include "cli/access_code.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/input.h"
#include "cli/output.h"
#include "cli/snapshots.h"
#include "core/json_writer.h"
#include "core/rules.h"
#include "core/source.h"
#include "core/strings.h"
#include "eval/request_file.h"
#include "report/report.h"

namespace iw::cli {

namespace {

// A policy file: the document, its JSON text and where its offsets point.
struct Loaded {
  access::PolicyInput input;
  std::shared_ptr<const SourceText> source;
  policy::Kind kind = policy::Kind::identity;
};

Loaded load(const std::string& path, const std::string& kind_name) {
  Loaded l;
  const std::string text = read_input(path);
  std::optional<policy::Kind> kind = kind_name.empty() ? std::nullopt : policy::parse_kind(kind_name);
  if (!kind) {  // inferred: a Principal makes it a resource (or trust) policy
    policy::ParseResult probe = policy::parse_policy(text);
    kind = probe.document ? policy::infer_kind(*probe.document) : policy::Kind::identity;
  }
  auto doc = eval::load_policy(text, path, *kind == policy::Kind::trust ? policy::Kind::resource : *kind, l.source);
  if (!doc) throw InputError(doc.error);
  l.input.doc = std::move(*doc.value);
  l.input.text = std::string(l.source->text());
  l.kind = *kind == policy::Kind::trust || *kind == policy::Kind::resource ? policy::infer_kind(l.input.doc) : *kind;
  if (*kind == policy::Kind::resource && l.kind == policy::Kind::identity) l.kind = policy::Kind::resource;
  if (l.kind != policy::Kind::resource && l.kind != policy::Kind::trust) l.kind = policy::Kind::identity;
  return l;
}

// ---- diff and the checks ---------------------------------------------------------------------

void write_context(JsonWriter& w, const eval::Context& ctx) {
  w.begin_object();
  for (const eval::ContextEntry& e : ctx.entries()) {
    w.key(e.key);
    if (e.multi) w.value(e.values);
    else w.value(e.values.front());
  }
  w.end_object();
}

std::string answer_json(const access::Proof& p) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("result", access::to_string(p.result)).key("counterexample");
  if (!p.counterexample) {
    w.null();
  } else {
    const access::Counterexample& c = *p.counterexample;
    w.begin_object()
        .member("principal", c.request.principal)
        .member("action", c.request.action)
        .member("resource", c.request.resource)
        .member("resource_account", c.request.resource_account)
        .key("context");
    write_context(w, c.request.context);
    w.key("identity_policies").begin_array();
    for (const std::string& t : c.identity_policies) w.raw(trim(t));
    w.end_array().key("resource_policy");
    if (c.resource_policy.empty()) w.null();
    else w.raw(trim(c.resource_policy));
    w.end_object();
  }
  w.member("reason", p.reason).end_object();
  return std::move(w).take() + "\n";
}

std::string answer_text(const access::Proof& p, std::string_view what) {
  std::string out = fmt::format("{}: {}\n  {}\n", what, access::to_string(p.result), p.reason);
  if (p.counterexample) {
    const eval::RequestSpec& r = p.counterexample->request;
    out += fmt::format("  counterexample:\n    principal         {}\n    action            {}\n"
                       "    resource          {}\n    resource account  {}\n",
                       r.principal, r.action, r.resource, r.resource_account);
    for (const eval::ContextEntry& e : r.context.entries()) {
      out += fmt::format("    context           {} = {}\n", e.key, join(e.values, ", "));
    }
    out += "  --format json prints it as a request file: iamwarden simulate --request FILE decides it.\n";
  }
  return out;
}

int finish(const OutputOptions& out, const access::Proof& p, std::string_view what) {
  write_output(out, out.format == "json" ? answer_json(p) : answer_text(p, what), access::to_string(p.result));
  switch (p.result) {
    case access::Result::pass: return 0;
    case access::Result::fail: return 1;
    case access::Result::unknown: return 2;
  }
  return 2;
}

struct DiffArgs {
  std::string old_path, new_path, kind;
  OutputOptions out;
};

int run_diff(const DiffArgs& a) {
  const bool code = std::filesystem::is_directory(a.old_path) || std::filesystem::is_directory(a.new_path) ||
                    !is_policy_file(a.old_path) || !is_policy_file(a.new_path);
  if (code) return finish(a.out, diff_code(a.old_path, a.new_path, a.kind), "access diff");
  const Loaded o = load(a.old_path, a.kind);
  const Loaded n = load(a.new_path, a.kind.empty() ? std::string(policy::to_string(o.kind)) : a.kind);
  return finish(a.out, access::diff(o.input, n.input, a.kind.empty() ? o.kind : n.kind), "access diff");
}

struct CheckArgs {
  std::string path, kind;
  std::vector<std::string> actions, resources;
  OutputOptions out;
};

int run_not_granted(const CheckArgs& a) {
  for (const std::string& act : a.actions) {
    if (act.find(':') == std::string::npos && act != "*") throw InputError("--action must look like service:Action (got \"" + act + "\")");
  }
  const Loaded l = load(a.path, a.kind);
  return finish(a.out, access::check_not_granted(l.input, l.kind, a.actions, a.resources), "access check-not-granted");
}

int run_no_public(const CheckArgs& a) {
  const Loaded l = load(a.path, a.kind.empty() ? "resource" : a.kind);
  if (l.kind == policy::Kind::identity) throw InputError(a.path + ": check-no-public needs a resource or trust policy");
  return finish(a.out, access::check_no_public(l.input, l.kind), "access check-no-public");
}

// ---- external --------------------------------------------------------------------------------

struct ExternalArgs {
  std::vector<std::string> paths;
  std::string zone = "account", account, kind;
  OutputOptions out;
};

// One policy to analyse, with what its findings name.
struct Target {
  const policy::Document* doc;
  policy::Kind kind;
  std::string resource;  // ARN, or the file path for a lone policy
  std::string arn;       // "" for a lone policy
  std::string owner;
  const SourceText* source;
};

int run_external(const ExternalArgs& a) {
  access::Zone zone_base;
  zone_base.org = zone_org(a.zone);
  const auto format = report::parse_format(a.out.format);
  std::vector<account::Account> accounts;
  std::vector<Loaded> files;
  std::vector<std::string> code;
  for (const std::string& p : a.paths) {
    if (std::filesystem::is_directory(p) && !is_snapshot(p)) {
      code.push_back(p);
    } else if (std::filesystem::is_directory(p)) {
      for (account::Account& acc : load_accounts(p)) accounts.push_back(std::move(acc));
    } else if (!is_policy_file(p)) {
      code.push_back(p);
    } else {
      if (a.account.empty()) {
        throw InputError(p + ": a lone policy needs the owner's account: add --account ID (12 digits)");
      }
      files.push_back(load(p, a.kind.empty() ? "resource" : a.kind));
      if (files.back().kind == policy::Kind::identity) throw InputError(p + ": not a resource or trust policy (no Principal)");
    }
  }
  std::vector<Target> targets;
  for (const account::Account& acc : accounts) {
    const std::string owner = acc.id.empty() ? a.account : acc.id;
    if (!check_account_id(owner).empty()) {
      throw InputError(acc.directory + ": the snapshot names no account (snapshot.json account_id): add --account ID");
    }
    for (const account::ResourcePolicy& r : acc.resource_policies) {
      if (!r.doc.readable) continue;
      const policy::Kind k = policy::infer_kind(r.doc.document) == policy::Kind::trust ? policy::Kind::trust : policy::Kind::resource;
      targets.push_back({&r.doc.document, k, r.arn, r.arn, owner, &r.doc.located_in()});
    }
    for (const account::Role& role : acc.roles) {
      if (!role.trust.readable || role.trust.source == nullptr) continue;
      targets.push_back({&role.trust.document, policy::Kind::trust, role.arn, role.arn, owner, &role.trust.located_in()});
    }
  }
  for (const Loaded& l : files) targets.push_back({&l.input.doc, l.kind, l.source->name(), "", a.account, l.source.get()});

  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.generated_at = now_iso();
  std::size_t undecided = 0;
  for (const Target& t : targets) {
    access::Zone zone = zone_base;
    zone.account = t.owner;
    const access::ExternalResult r = access::external({t.doc, t.kind, t.arn}, zone);
    for (const access::ExternalGrant& g : r.grants) {
      input.findings.push_back(access::external_finding({t.doc, t.resource, t.arn, t.owner, t.source}, g, zone));
    }
    if (!r.exact && r.grants.empty()) {
      ++undecided;
      std::fprintf(stderr, "iamwarden: warning: %s: external access not decided: %s\n", t.resource.c_str(),
                   join(r.why, "; ").c_str());
    }
  }
  const std::size_t code_policies = code.empty() ? 0 : external_in_code(code, a.account, zone_base.org, input.findings);
  input.policy_count = targets.size() + code_policies;
  write_output(a.out, report::write(*format, input, use_color(a.out)),
               count_of(input.findings.size(), "finding", "findings"));
  note(a.out, fmt::format("analysed {}{}", count_of(input.policy_count, "policy", "policies"),
                          undecided > 0 ? fmt::format(", {} not decided", undecided) : std::string()));
  return report::any_at_or_above(input.findings, a.out.threshold()) ? 1 : 0;
}

void add_kind(CLI::App* cmd, std::string& kind, std::initializer_list<std::string> kinds) {
  cmd->add_option("--kind", kind, "Policy kind (default: inferred from the document)")->check(CLI::IsMember(kinds));
}

}  // namespace

void add_access_command(CLI::App& app, int& exit_code) {
  CLI::App* access = app.add_subcommand(
      "access",
      "Access analysis with proofs: external and public access, policy diffs, custom policy checks (pass = "
      "proved, exit 0; fail = a counterexample simulate confirms, exit 1; unknown, exit 2)");
  access->require_subcommand(1);

  auto ext = std::make_shared<ExternalArgs>();
  CLI::App* e = access->add_subcommand("external", "Who outside the zone of trust can act on each resource and role");
  e->add_option("paths", ext->paths,
                "Snapshot directories, resource/trust policy files (with --account), or infrastructure code "
                "(Terraform, CloudFormation/SAM, CDK output, plans: as iac reads it)")
      ->required();
  e->add_option("--zone", ext->zone, "Zone of trust: account (default) or org:o-ID");
  e->add_option("--account", ext->account,
                "Owner account of lone policy files, and the account infrastructure code deploys to (12 digits; "
                "default 123456789012 for code)")
      ->check(check_account_id);
  add_kind(e, ext->kind, {"resource", "trust"});
  add_common_options(*e, ext->out, report::format_names(), FailOn::yes);
  e->footer(
      "Findings: public-access (anyone, or any AWS account) and external-access (named outside accounts, or\n"
      "anyone but only through a listed VPC endpoint or a /8-or-narrower IP range). JSON adds \"access\".\n"
      "Examples:\n"
      "  iamwarden access external snapshot/ --zone org:o-a1b2c3d4e5\n"
      "  iamwarden access external bucket-policy.json --account 111122223333 --format json\n"
      "  iamwarden access external infra/ --account 111122223333     (Terraform / CloudFormation)");
  e->callback([ext, &exit_code] { exit_code = run_external(*ext); });

  auto diff = std::make_shared<DiffArgs>();
  CLI::App* d = access->add_subcommand("diff", "Does NEW allow any request that OLD denies?");
  d->add_option("old", diff->old_path, "The policy as it is (or infrastructure code: a directory or template)")
      ->required();
  d->add_option("new", diff->new_path, "The policy as proposed (or the code as proposed)")->required();
  add_kind(d, diff->kind, {"identity", "resource", "trust"});
  add_common_options(*d, diff->out, {"text", "json"}, FailOn::no);
  d->footer(
      "Exit status: 0 pass (NEW grants nothing new), 1 fail (with a counterexample), 2 unknown or bad input.\n"
      "A wildcard covers actions a service adds later: replacing a list of actions by s3:Get* fails.\n"
      "Policy variables (${aws:username}, ${aws:PrincipalTag/team}, ...) in identity policies are decided\n"
      "by the SMT solver cvc5 (docs/access.md).\n"
      "Examples:\n"
      "  iamwarden access diff main/policy.json pr/policy.json\n"
      "  iamwarden access diff home-prefix.json home-per-user.json   (home/${aws:username}/* within home/*)\n"
      "  iamwarden access diff --kind resource old-bucket.json new-bucket.json --format json\n"
      "  iamwarden access diff main/infra pr/infra       (each policy the code declares, paired by address)");
  d->callback([diff, &exit_code] { exit_code = run_diff(*diff); });

  auto ng = std::make_shared<CheckArgs>();
  CLI::App* g = access->add_subcommand("check-not-granted", "Does the policy grant any of these actions?");
  g->add_option("policy", ng->path, "Policy file")->required();
  g->add_option("--action", ng->actions, "Actions (service:Name, wildcards allowed)")->required();
  g->add_option("--resource", ng->resources, "Resources (ARNs, wildcards allowed; default any)");
  add_kind(g, ng->kind, {"identity", "resource", "trust"});
  add_common_options(*g, ng->out, {"text", "json"}, FailOn::no);
  g->footer("Example:\n  iamwarden access check-not-granted policy.json --action iam:PassRole s3:DeleteBucket");
  g->callback([ng, &exit_code] { exit_code = run_not_granted(*ng); });

  auto np = std::make_shared<CheckArgs>();
  CLI::App* p = access->add_subcommand("check-no-public", "Does the resource or trust policy let anyone in?");
  p->add_option("policy", np->path, "Resource or trust policy file")->required();
  add_kind(p, np->kind, {"resource", "trust"});
  add_common_options(*p, np->out, {"text", "json"}, FailOn::no);
  p->footer("Example:\n  iamwarden access check-no-public bucket-policy.json --format json");
  p->callback([np, &exit_code] { exit_code = run_no_public(*np); });
}

}  // namespace iw::cli
