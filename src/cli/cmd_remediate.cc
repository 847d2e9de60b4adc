// iamwarden remediate plan|apply|rollback: fix audit findings through the AWS API, safely
// (contracts.md §8, docs/remediate.md).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "audit/audit.h"
#include "cli/aws_options.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/snapshots.h"
#include "core/json_writer.h"
#include "core/rules.h"
#include "core/time.h"
#include "remediate/apply.h"
#include "remediate/plan.h"

namespace iw::cli {

namespace {

struct PlanArgs {
  std::string snapshot, as_of;
  std::vector<std::string> ids;
  OutputOptions out;
};

struct ApplyArgs {
  std::string plan, backup;
  bool yes = false;
  AwsArgs aws;
  OutputOptions out;
};

account::Timestamp now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string plan_text(const remediate::Plan& plan) {
  std::string out = fmt::format("remediation plan for account {} ({}):\n", plan.account, plan.created_at);
  std::size_t fixes = 0;
  for (const remediate::Action& a : plan.actions) {
    if (a.manual) continue;
    ++fixes;
    out += fmt::format("  [{} risk] {} {}\n    {}\n", a.risk, a.finding_id, a.resource, a.description);
    for (const remediate::Call& c : a.calls) out += fmt::format("    call {}:{}\n", c.service, c.action);
  }
  std::size_t manual = plan.actions.size() - fixes;
  if (manual > 0) {
    out += fmt::format("manual ({}):\n", manual);
    for (const remediate::Action& a : plan.actions) {
      if (!a.manual) continue;
      out += fmt::format("  {} {}\n", a.finding_id, a.resource);
      for (const std::string& s : a.steps) out += "    - " + s + "\n";
    }
  }
  out += fmt::format("{} fix(es) by API, {} manual. Nothing was changed; apply with: iamwarden remediate apply "
                     "plan.json --backup DIR\n",
                     fixes, manual);
  return out;
}

void run_plan(const PlanArgs& args) {
  account::Timestamp as_of = 0;
  if (!args.as_of.empty()) {
    const auto t = parse_timestamp(args.as_of);
    if (!t) throw InputError("--as-of must be a date or time such as 2026-11-01 or 2026-11-01T00:00:00Z");
    as_of = *t;
  }
  for (const std::string& id : args.ids) {
    if (find_rule(id) == nullptr) throw InputError("--ids: unknown check id '" + id + "' (see iamwarden checks)");
  }
  const std::vector<account::Account> accounts = load_accounts(args.snapshot);
  if (accounts.size() != 1) {
    throw InputError(args.snapshot + " holds " + std::to_string(accounts.size()) +
                     " accounts: plan one account at a time (give its folder)");
  }
  const account::Account& a = accounts[0];
  audit::AuditOptions options;
  const account::Timestamp run_time = now_seconds();
  options.as_of = audit::resolve_as_of(a, as_of, run_time);
  std::vector<Finding> findings = audit::audit_account(a, options).findings;
  if (!args.ids.empty()) {
    const std::set<std::string> keep(args.ids.begin(), args.ids.end());
    std::erase_if(findings, [&](const Finding& f) { return keep.count(f.id) == 0; });
  }
  remediate::Plan plan;
  try {
    plan = remediate::make_plan(a, findings, format_timestamp(run_time));
  } catch (const remediate::PlanError& e) {
    throw InputError(e.what());  // a broken access-keys.json
  }
  write_output(args.out, args.out.format == "json" ? remediate::to_json(plan) : plan_text(plan),
               count_of(plan.actions.size(), "action", "actions"));
}

remediate::Plan load_plan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the plan");
  std::stringstream s;
  s << in.rdbuf();
  try {
    return remediate::read_plan(s.str(), path);
  } catch (const remediate::PlanError& e) {
    throw InputError(e.what());
  }
}

bool confirm(const std::string& question) {
  if (isatty(STDIN_FILENO) == 0) return false;
  std::fprintf(stderr, "%s [y/N] ", question.c_str());
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

std::string report_text(const remediate::ApplyReport& r, std::string_view verb) {
  std::string out;
  for (const remediate::StepResult& s : r.steps) {
    out += fmt::format("{:<12} {} {} ({})\n", s.outcome, s.action, s.resource, s.finding_id);
    if (!s.detail.empty() && s.outcome == "failed") out += "             " + s.detail + "\n";
  }
  out += fmt::format("{} {} change(s)\n", verb, r.changed());
  return out;
}

std::string report_json(const remediate::ApplyReport& r, bool dry_run) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("dry_run", dry_run).member("failed", r.failed).member("changed", r.changed());
  w.key("steps").begin_array();
  for (const remediate::StepResult& s : r.steps) {
    w.begin_object().member("finding", s.finding_id).member("resource", s.resource).member("action", s.action);
    w.member("outcome", s.outcome);
    if (!s.detail.empty()) w.member("detail", s.detail);
    w.end_object();
  }
  w.end_array().end_object();
  return std::move(w).take() + "\n";
}

int run_apply(ApplyArgs& args) {
  const remediate::Plan plan = load_plan(args.plan);
  remediate::ApplyReport dry;
  for (const remediate::Action& a : plan.actions) {
    if (a.manual) continue;
    for (const remediate::Call& c : a.calls) {
      dry.steps.push_back({a.finding_id, a.resource, c.service + ":" + c.action, "would apply", ""});
    }
  }
  if (dry.steps.empty()) {
    write_output(args.out, args.out.format == "json" ? report_json(dry, true) : "the plan has no change to apply\n", "result");
    return 0;
  }
  if (!args.yes) {
    std::fputs(report_text(dry, "dry run:").c_str(), stderr);
    if (!confirm(fmt::format("Apply {} change(s) to account {} (prior state saved to {})?", dry.steps.size(),
                             plan.account, args.backup))) {
      write_output(args.out, args.out.format == "json" ? report_json(dry, true)
                                                         : "dry run: nothing changed (add --yes to apply)\n",
                   "result");
      return 0;
    }
  }
  std::unique_ptr<aws::Client> client = make_client(args.aws);
  const auto note_fn = [&](const std::string& line) { note(args.out, line); };
  remediate::ApplyReport r = with_aws_errors([&] {
    try {
      return remediate::apply(*client, plan, args.backup, note_fn);
    } catch (const remediate::ApplyError& e) {
      throw InputError(e.what());
    }
  });
  write_output(args.out, args.out.format == "json" ? report_json(r, false) : report_text(r, "applied"), "result");
  if (!r.failed) return 0;
  std::fprintf(stderr, "iamwarden: apply stopped at the first failure; undo the %zu change(s) made with: "
                       "iamwarden remediate rollback %s --yes\n", r.changed(), args.backup.c_str());
  if (r.changed() > 0 && confirm("Roll back now?")) {
    remediate::ApplyReport back = with_aws_errors([&] { return remediate::rollback(*client, args.backup, note_fn); });
    std::fputs(report_text(back, "rolled back").c_str(), stderr);
  }
  return 2;
}

int run_rollback(ApplyArgs& args) {
  if (!args.yes && !confirm("Restore the state saved in " + args.backup + "?")) {
    write_output(args.out, "dry run: nothing restored (add --yes to roll back " + args.backup + ")\n", "result");
    return 0;
  }
  std::unique_ptr<aws::Client> client = make_client(args.aws);
  remediate::ApplyReport r = with_aws_errors([&] {
    try {
      return remediate::rollback(*client, args.backup, [&](const std::string& l) { note(args.out, l); });
    } catch (const remediate::ApplyError& e) {
      throw InputError(e.what());
    }
  });
  write_output(args.out, args.out.format == "json" ? report_json(r, false) : report_text(r, "restored"), "result");
  return r.failed ? 2 : 0;
}

}  // namespace

void add_remediate_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("remediate", "Fix audit findings through the AWS API: plan, apply, roll back");
  cmd->require_subcommand(1);
  auto plan = std::make_shared<PlanArgs>();
  CLI::App* p = cmd->add_subcommand("plan", "The API calls that fix each fixable finding of a snapshot (changes nothing)");
  p->footer(
      "Examples:\n"
      "  iamwarden remediate plan snapshot/ -o plan.json\n"
      "  iamwarden remediate plan snapshot/ --ids access-key-unused,password-policy-weak -o plan.json\n"
      "  iamwarden remediate plan snapshot/ --format text      # read it first\n"
      "See docs/remediate.md.");
  p->add_option("snapshot", plan->snapshot, "Account snapshot directory (iamwarden collect)")->required();
  p->add_option("--ids", plan->ids, "Only findings with these check ids")->delimiter(',');
  p->add_option("--as-of", plan->as_of, "Measure ages from this time (default: the snapshot's taken_at)");
  add_common_options(*p, plan->out, {"json", "text"}, FailOn::no);
  p->callback([plan, &exit_code] { run_plan(*plan); exit_code = 0; });

  auto apply = std::make_shared<ApplyArgs>();
  CLI::App* a = cmd->add_subcommand("apply", "Apply a plan: saves the prior state first; a dry run unless confirmed");
  a->footer(
      "Examples:\n"
      "  iamwarden remediate apply plan.json --backup backup-1/            # shows the calls, asks\n"
      "  iamwarden remediate apply plan.json --backup backup-1/ --yes      # scripts\n"
      "  iamwarden remediate rollback backup-1/ --yes                      # undo\n"
      "Stops at the first failure; what was changed is undone by rollback.");
  a->add_option("plan", apply->plan, "plan.json from remediate plan")->required();
  a->add_option("--backup", apply->backup, "Directory for the prior state (created; must not hold a backup)")->required();
  a->add_flag("--yes", apply->yes, "Apply without asking");
  add_aws_options(*a, apply->aws);
  add_common_options(*a, apply->out, {"text", "json"}, FailOn::no);
  a->callback([apply, &exit_code] { exit_code = run_apply(*apply); });

  auto back = std::make_shared<ApplyArgs>();
  CLI::App* r = cmd->add_subcommand("rollback", "Restore the state saved by remediate apply --backup DIR");
  r->add_option("backup", back->backup, "The --backup directory of an apply")->required();
  r->add_flag("--yes", back->yes, "Restore without asking");
  add_aws_options(*r, back->aws);
  add_common_options(*r, back->out, {"text", "json"}, FailOn::no);
  r->callback([back, &exit_code] { exit_code = run_rollback(*back); });
}

}  // namespace iw::cli
