// iamwarden iac PATH... : IAM mistakes and escalation paths in infrastructure code, before it
// deploys (contracts.md §7). Terraform, Terraform plans, CloudFormation / SAM and CDK output.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "catalog/catalog.h"
#include "cli/baseline.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/git_base.h"
#include "cli/output.h"
#include "iac/analyze.h"
#include "iac/scan.h"
#include "report/report.h"

namespace iw::cli {

namespace {

struct IacArgs {
  std::vector<std::string> paths;
  std::string account = "123456789012";
  std::string caller_arn;
  std::string zone = "account";
  bool paths_analysis = false;
  std::vector<std::string> vars;
  std::vector<std::string> var_files;
  std::string region;
  OutputOptions out;
  FindingFilter filter;
  BaselineOptions baseline;
  std::string diff_ref;      // --diff REF
  std::string diff_against;  // --diff-against OLD_PATH
};

// What one version of the code yields: the scan and its findings, filtered.
struct Scanned {
  iac::Scan scan;
  iac::Analysis analysis;
};

Scanned scan_and_analyze(const std::vector<std::string>& paths, const IacArgs& args) {
  iac::ScanOptions options;
  options.env.account = args.account;
  options.env.caller_arn = args.caller_arn;
  options.vars = args.vars;
  options.var_files = args.var_files;
  Scanned out;
  try {
    out.scan = iac::scan(paths, options);
  } catch (const iac::ScanError& e) {
    throw InputError(e.what());
  }
  iac::AnalyzeOptions analyze;
  analyze.env = options.env;
  analyze.paths = args.paths_analysis;
  analyze.org = zone_org(args.zone);
  analyze.texts = &out.scan.texts;
  out.analysis = iac::analyze(out.scan.decl, analyze);
  args.filter.apply(out.analysis.findings);
  return out;
}

// Rewrites the paths of an older version's findings ("from/...") to the current one's
// ("to/..."), so the two versions' findings compare by fingerprint.
void move_paths(std::vector<Finding>& findings, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return;
  const std::string prefix = from + "/";
  const std::string with = to.empty() ? std::string() : to + "/";
  auto fix = [&](std::string& s) {
    if (s == from) {
      s = to.empty() ? "." : to;
      return;
    }
    for (std::size_t at = s.find(prefix); at != std::string::npos; at = s.find(prefix, at + with.size())) {
      s.replace(at, prefix.size(), with);
    }
  };
  for (Finding& f : findings) {
    fix(f.resource);
    fix(f.message);
    if (f.location) fix(f.location->file);
    if (f.iac) fix(f.iac->file);
  }
}

std::string shown_dir(const std::string& path) {
  std::string s = iac::display_path(path);
  return s == "." ? std::string() : s;
}

// The findings of the older version (--diff REF or --diff-against PATH), with the current
// version's paths; empty when the older version has none of the paths.
std::vector<Finding> base_findings(const IacArgs& args, std::string& label) {
  if (!args.diff_against.empty()) {
    label = args.diff_against;
    std::vector<Finding> base = scan_and_analyze({args.diff_against}, args).analysis.findings;
    if (args.paths.size() == 1) move_paths(base, shown_dir(args.diff_against), shown_dir(args.paths.front()));
    return base;
  }
  const BaseTree tree = BaseTree::extract(args.paths, args.diff_ref);
  label = args.diff_ref;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < args.paths.size(); ++i) {
    if (auto p = tree.base_of(i)) paths.push_back(*p);
  }
  if (paths.empty()) return {};
  std::vector<Finding> base;
  try {
    base = scan_and_analyze(paths, args).analysis.findings;
  } catch (const InputError& e) {
    throw InputError(fmt::format("in {} ({}): {}", args.diff_ref, tree.commit().substr(0, 12), e.what()));
  }
  move_paths(base, shown_dir(tree.tree().string()), shown_dir(tree.top().string()));
  return base;
}

std::string scanned_note(const iac::Scan& s, const iac::Analysis& a) {
  std::vector<std::string> kinds;
  if (s.terraform_files > 0) kinds.push_back(count_of(s.terraform_files, "Terraform file", "Terraform files"));
  if (s.templates > 0) kinds.push_back(count_of(s.templates, "template", "templates"));
  if (s.plans > 0) kinds.push_back(count_of(s.plans, "plan", "plans"));
  std::string note = "scanned " + fmt::format("{}", fmt::join(kinds, ", ")) + ": " + count_of(a.policies, "policy", "policies");
  if (a.principals > 0) note += ", " + count_of(a.principals, "principal", "principals") + " decided (--paths)";
  if (a.suppressed > 0) note += ", " + count_of(a.suppressed, "finding", "findings") + " suppressed inline";
  return note;
}

int run_iac(const IacArgs& args) {
  const bool diff = !args.diff_ref.empty() || !args.diff_against.empty();
  std::string label;
  const std::vector<Finding> before = diff ? base_findings(args, label) : std::vector<Finding>{};
  Scanned current = scan_and_analyze(args.paths, args);
  const iac::Scan& scanned = current.scan;
  iac::Analysis& analysis = current.analysis;
  std::string summary;
  if (diff) {
    FindingsDiff d = diff_findings(std::move(analysis.findings), before);
    analysis.findings = std::move(d.added);
    summary = fmt::format("{} new, {} fixed, {} unchanged relative to {}", analysis.findings.size(), d.fixed,
                          d.unchanged, label);
  }

  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.generated_at = now_iso();
  input.region = args.region;
  input.files = scanned.files;
  input.policy_count = analysis.policies;
  input.findings = std::move(analysis.findings);
  args.baseline.save(input.findings);
  const std::size_t known = args.baseline.apply(input.findings);
  const auto format = report::parse_format(args.out.format);
  std::string text = report::write(*format, input, use_color(args.out));
  if (diff && args.out.format == "text") text += summary + "\n";
  write_output(args.out, text, count_of(input.findings.size(), diff ? "new finding" : "finding",
                                        diff ? "new findings" : "findings"));
  if (diff && args.out.format != "text") note(args.out, summary);
  note(args.out, scanned_note(scanned, analysis));
  if (!scanned.skipped.empty()) {
    note(args.out, fmt::format("skipped {} that {} not infrastructure code", count_of(scanned.skipped.size(), "file", "files"),
                               scanned.skipped.size() == 1 ? "is" : "are"));
  }
  if (known > 0) note(args.out, fmt::format("{} in the baseline {} not reported", count_of(known, "finding", "findings"), args.baseline.read));
  return report::any_at_or_above(input.findings, args.out.threshold()) ? 1 : 0;
}

}  // namespace

void add_iac_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<IacArgs>();
  CLI::App* cmd = app.add_subcommand(
      "iac", "Find IAM mistakes and escalation paths in Terraform, CloudFormation, SAM and CDK before they deploy");
  cmd->add_option("paths", args->paths, "Files or directories: .tf/.tf.json, plan JSON, templates (JSON/YAML), cdk.out")
      ->required();
  cmd->add_option("--account", args->account,
                  "Account the code deploys to (12 digits; default 123456789012): AWS::AccountId, "
                  "data.aws_caller_identity and the ARNs of resources")
      ->check(check_account_id);
  cmd->add_flag("--paths", args->paths_analysis,
                "Build the account the code declares and report admin-principal and "
                "privilege-escalation-principal as audit decides them");
  cmd->add_option("--caller-arn", args->caller_arn,
                  "ARN of the identity that applies the code (data.aws_caller_identity.arn; default "
                  "arn:aws:iam::ACCOUNT:user/iac-caller)");
  cmd->add_option("--zone", args->zone,
                  "Zone of trust of external-access findings: account (--account, default) or org:o-ID");
  cmd->add_option("--var", args->vars, "Terraform variable NAME=VALUE (HCL value; repeatable)");
  cmd->add_option("--var-file", args->var_files, "Terraform variables file (.tfvars or .tfvars.json; repeatable)")
      ->check(CLI::ExistingFile);
  add_common_options(*cmd, args->out, report::format_names(), FailOn::yes);
  add_filter_options(*cmd, args->filter);
  add_baseline_options(*cmd, args->baseline);
  add_region_option(*cmd, args->region);
  cmd->add_option("--diff", args->diff_ref,
                  "Report only the findings the change introduces relative to this git revision (branch, tag "
                  "or commit) of the repository holding the paths")
      ->type_name("REF");
  cmd->add_option("--diff-against", args->diff_against,
                  "Report only the findings not present in this older copy of the code (a directory or file)")
      ->type_name("OLD_PATH")
      ->check(CLI::ExistingPath)
      ->excludes("--diff");
  cmd->footer(
      "Every IAM policy the code declares gets every lint check, located in the code; values the code\n"
      "does not determine are placeholders (iac-unresolved). Resource and trust policies are decided as\n"
      "`access external` decides them: public-access and external-access (outside --account or --zone).\n"
      "Suppress a finding with a reason:\n"
      "  # iamwarden:ignore admin-wildcard break-glass role, approved in SEC-123   (Terraform, on or above)\n"
      "  Metadata: {iamwarden: {ignore: [{id: admin-wildcard, reason: ...}]}}        (CloudFormation)\n"
      "With --diff REF (or --diff-against OLD_PATH) only new findings are reported and counted for --fail-on;\n"
      "a finding is the same when its id, resource, address, statement and message match (lines may move).\n"
      "Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error or unreadable input.\n"
      "Examples:\n"
      "  iamwarden iac infra/\n"
      "  iamwarden iac infra/ --paths --account 111122223333 --format sarif -o iac.sarif\n"
      "  terraform show -json plan.out > plan.json && iamwarden iac plan.json\n"
      "  iamwarden iac template.yaml cdk.out/ --fail-on high\n"
      "  iamwarden iac infra/ --diff origin/main --format sarif -o new-findings.sarif\n"
      "  iamwarden iac pr/infra --diff-against main/infra");
  cmd->callback([args, &exit_code] { exit_code = run_iac(*args); });
}

}  // namespace iw::cli
