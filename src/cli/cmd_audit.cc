// iamwarden audit SNAPSHOT: audit an account (or a folder of accounts) and report.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "account/account.h"
#include "audit/audit.h"
#include "audit/config.h"
#include "catalog/catalog.h"
#include "core/lasting.h"
#include "core/strings.h"
#include "cli/baseline.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/input.h"
#include "cli/output.h"
#include "cli/snapshots.h"
#include "cli/trail_commands.h"
#include "graph/graph.h"
#include "report/report.h"
#include "trail/usage.h"

namespace iw::cli {

namespace {

struct AuditArgs {
  std::string snapshot;
  std::string as_of;
  std::string config;
  bool keep_going = false;
  bool verbose = false;
  std::string region;
  OutputOptions out;
  FindingFilter filter;
  BaselineOptions baseline;
  TrailInput trail;  // --trail: CloudTrail events, for used against granted per principal
};

// Findings a terminal summary lists before it points to --verbose.
constexpr std::size_t kSummaryFindings = 10;

account::Timestamp now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

audit::Config load_config(const std::string& path) {
  if (path.empty()) return {};
  try {
    return audit::parse_config(read_input(path, 16u << 20), path);
  } catch (const audit::ConfigError& e) {
    throw InputError(e.what());
  }
}

// When the snapshots were taken: one time, a range over the accounts, or a note.
std::string snapshot_taken(const std::vector<account::Account>& accounts) {
  std::optional<account::Timestamp> first, last;
  std::size_t unknown = 0;
  for (const account::Account& a : accounts) {
    if (!a.taken_at) { ++unknown; continue; }
    if (!first || *a.taken_at < *first) first = a.taken_at;
    if (!last || *a.taken_at > *last) last = a.taken_at;
  }
  if (!first) return "not recorded (snapshot.json has no taken_at)";
  std::string out = account::format_timestamp(*first);
  if (*last != *first) out += " to " + account::format_timestamp(*last);
  if (unknown > 0) out += fmt::format(" ({} account{} not recorded)", unknown, unknown == 1 ? "" : "s");
  return out;
}

// The time ages were measured from, when it is not the snapshot's own.
std::string ages_as_of(const std::vector<account::Account>& accounts, account::Timestamp as_of,
                       account::Timestamp run_time) {
  if (as_of != 0) return account::format_timestamp(as_of) + " (--as-of)";
  for (const account::Account& a : accounts) {
    if (!a.taken_at) return account::format_timestamp(run_time) + " (the time of this run)";
  }
  return "";
}

// Merges one account's compliance scope into the report's: a requirement is decided only when
// it is decided for every account (every account's scope names the same requirements).
void merge_scope(std::map<std::string, std::string>& into, const std::map<std::string, std::string>& scope,
                 const account::Account& a, std::size_t accounts) {
  for (const auto& [requirement, why] : scope) {
    std::string& slot = into[requirement];
    if (!why.empty() && slot.empty()) slot = accounts > 1 ? "account " + a.id + ": " + why : why;
  }
}

// The formats of audit: every report format, and the compliance view.
std::span<const std::string_view> audit_formats() {
  static const std::vector<std::string_view> formats = [] {
    std::vector<std::string_view> v(report::format_names().begin(), report::format_names().end());
    v.push_back("compliance");
    return v;
  }();
  return formats;
}

// The report in --format, to --output or stdout, written while it is produced (json in blocks).
void write_report(const OutputOptions& out, const report::ReportInput& input, std::string_view what) {
  StreamOutput output(out);
  const auto sink = output.sink();
  if (out.format == "compliance") {
    sink(report::write_compliance(input));
  } else {
    report::write(*report::parse_format(out.format), input, use_color(out), sink);
  }
  output.finish(what);
}

// --trail: what each principal of `a` used against what it is granted (trail usage): the
// unused-* findings, and a line per principal for the reports.
void add_usage(const account::Account& a, const trail::UsageCollector& used, std::vector<Finding>& findings,
               std::map<std::string, std::string>& lines) {
  const access::Model model(a);
  for (const trail::PrincipalUsage& u : trail::compare(model, used, findings)) {
    Timestamp last = 0;
    for (const auto& [action, use] : u.used) last = std::max(last, use.last);
    std::string line = u.used.empty() ? fmt::format("activity: no successful call in the events{}",
                                                     u.active ? " (only failed ones)" : "")
                                      : fmt::format("activity: {} used, last {}", count_of(u.used.size(), "action", "actions"),
                                                    account::format_timestamp(last));
    if (!u.granted_unused.empty()) {
      line += fmt::format("; {} granted but unused", count_of(u.granted_unused.size(), "action", "actions"));
      const std::size_t shown = std::min<std::size_t>(u.granted_unused.size(), 12);
      line += ": " + join(std::span(u.granted_unused).first(shown), ", ");
      if (shown < u.granted_unused.size()) line += ", ...";
    }
    lines[u.principal] = std::move(line);
  }
}

int run_audit(const AuditArgs& args) {
  account::Timestamp as_of = 0;
  if (!args.as_of.empty()) {
    const auto t = account::parse_timestamp(args.as_of);
    if (!t) throw InputError("--as-of must be a date or time such as 2026-11-01 or 2026-11-01T00:00:00Z");
    as_of = *t;
  }
  const audit::Config config = load_config(args.config);
  account::LoadOptions load;
  load.keep_going = args.keep_going;
  const std::vector<account::Account>& accounts =
      lasting<std::vector<account::Account>>(load_accounts(args.snapshot, load));  // freed by the exit
  std::optional<trail::UsageCollector> used;
  if (!args.trail.paths.empty()) {
    used.emplace();
    read_trail(args.trail, args.out, [&](const trail::Event& e) { used->add(e); });
  }

  report::ReportInput& input = lasting<report::ReportInput>();  // freed by the exit
  const account::Timestamp run_time = now();
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.region = args.region;
  input.generated_at = account::format_timestamp(run_time);
  input.snapshot_taken = snapshot_taken(accounts);
  input.ages_as_of = ages_as_of(accounts, as_of, run_time);
  input.compliance_scope.emplace();
  std::size_t waived = 0;
  // An organization: one escalation graph over every account, so that a path into another
  // member account is found (paths does the same).
  std::optional<account::Account>& merged = lasting<std::optional<account::Account>>();
  const graph::Graph* org_graph = nullptr;
  if (accounts.size() > 1) {
    merged = account::merge_organization(accounts);
    graph::Options graph_options;
    graph_options.as_of = audit::resolve_as_of(*merged, as_of, run_time);
    org_graph = &lasting<graph::Graph>(*merged, graph_options);
  }
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const account::Account& a = accounts[i];
    if (stderr_is_tty() && accounts.size() > 1) {
      std::fprintf(stderr, "\rauditing %s (%zu/%zu)...", a.id.c_str(), i + 1, accounts.size());
    }
    audit::AuditOptions options;
    options.as_of = audit::resolve_as_of(a, as_of, run_time);
    options.thresholds = config.thresholds;
    options.known_accounts = config.known_accounts;
    options.organization_graph = org_graph;
    options.keep_until_exit = true;
    audit::AuditResult result = audit::audit_account(a, options);
    std::map<std::string, std::string> activity;
    if (used) add_usage(a, *used, result.findings, activity);
    const auto outcome = audit::apply_waivers(config.waivers, options.as_of, result.findings);
    waived += outcome.waived;
    input.files.push_back(a.directory);
    input.notes[a.root_arn()] =
        fmt::format("account {}: {} policies, {} principals decided", a.id, result.policies, result.principals);
    for (const std::string& s : a.skipped) input.notes[a.directory + " (skipped)"] = s;
    input.policy_count += result.policies;
    for (const audit::PrincipalInfo& p : result.principal_info) {
      report::PrincipalSummary summary{p.arn, p.kind, p.admin, p.policies, {}};
      if (!p.boundary.empty()) summary.notes.push_back("permissions boundary: " + p.boundary);
      if (p.admin) summary.notes.push_back("administrator-equivalent after boundary and SCPs");
      if (auto it = activity.find(p.arn); it != activity.end()) summary.notes.push_back(it->second);
      input.principals.push_back(std::move(summary));
    }
    args.filter.apply(result.findings);
    for (const Undecided& u : result.undecided) merge_undecided(input.undecided, u);
    for (Finding& f : result.findings) input.findings.push_back(std::move(f));
    input.subject.accounts.push_back(a.id);
    if (input.subject.as_of.empty()) input.subject.as_of = account::format_timestamp(options.as_of);
    for (PolicyDocument& d : result.documents) input.documents.push_back(std::move(d));
    for (Chain& c : result.chains) input.chains.push_back(std::move(c));
    if (!input.external_access) input.external_access.emplace();
    for (ExternalAccess& e : result.external_access) input.external_access->push_back(std::move(e));
    merge_scope(*input.compliance_scope, result.compliance_scope, a, accounts.size());
  }
  input.subject.snapshot = args.snapshot;
  args.baseline.save(input.findings);
  if (const std::size_t known = args.baseline.apply(input.findings); known > 0) {
    input.notes["baseline"] = fmt::format("{} in the baseline {} not reported", count_of(known, "finding", "findings"),
                                          args.baseline.read);
    note(args.out, input.notes["baseline"]);
  }
  if (!args.verbose && to_terminal(args.out)) input.text_limit = kSummaryFindings;
  if (stderr_is_tty() && accounts.size() > 1) std::fprintf(stderr, "\r\033[K");
  if (waived > 0) input.notes["waivers"] = fmt::format("{} finding(s) waived by {}", waived, args.config);
  write_report(args.out, input, count_of(input.findings.size(), "finding", "findings"));
  for (const Undecided& u : input.undecided) note(args.out, undecided_line(u));
  return report::any_at_or_above(input.findings, args.out.threshold()) ? 1 : 0;
}

}  // namespace

void add_audit_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand(
      "audit", "Audit an account snapshot (a directory of AWS CLI outputs), or a folder of them");
  cmd->add_option("snapshot", args->snapshot, "Snapshot directory (see docs/snapshot.md)")->required();
  cmd->add_option("--as-of", args->as_of,
                  "Measure ages from this time (default: the snapshot's taken_at, else now)");
  cmd->add_option("--config", args->config, "YAML file: thresholds, known accounts, waivers");
  cmd->add_flag("--keep-going", args->keep_going, "Audit the rest when an optional file is broken");
  cmd->add_flag("-v,--verbose", args->verbose,
                "Text on a terminal: list every finding, not a one-screen summary (files and pipes get every one)");
  add_filter_options(*cmd, args->filter);
  add_baseline_options(*cmd, args->baseline);
  add_region_option(*cmd, args->region);
  cmd->add_option("--trail", args->trail.paths,
                  "CloudTrail events (files or directories, as trail reads them): adds unused-permission, "
                  "unused-role and unused-user, and what each principal used (HTML)");
  add_common_options(*cmd, args->out, audit_formats(), FailOn::yes);
  cmd->footer(
      "Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error or bad input.\n"
      "Examples:\n"
      "  iamwarden audit snapshots/prod --format sarif -o audit.sarif\n"
      "  iamwarden audit snapshots/prod --trail AWSLogs/ --format html -o audit.html\n"
      "  iamwarden audit examples/identity-center   # with identity-center.json: permission sets too");
  cmd->callback([args, &exit_code] { exit_code = run_audit(*args); });
}

}  // namespace iw::cli
