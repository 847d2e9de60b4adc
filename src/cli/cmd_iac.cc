// iamwarden iac PATH... : IAM mistakes and escalation paths in infrastructure code, before it
// deploys (contracts.md §7). Terraform, Terraform plans, CloudFormation / SAM and CDK output.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "catalog/catalog.h"
#include "cli/baseline.h"
#include "cli/command.h"
#include "cli/common_options.h"
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
  bool paths_analysis = false;
  std::vector<std::string> vars;
  std::vector<std::string> var_files;
  std::string region;
  OutputOptions out;
  FindingFilter filter;
  BaselineOptions baseline;
};

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
  iac::ScanOptions options;
  options.env.account = args.account;
  options.env.caller_arn = args.caller_arn;
  options.vars = args.vars;
  options.var_files = args.var_files;
  iac::Scan scanned;
  try {
    scanned = iac::scan(args.paths, options);
  } catch (const iac::ScanError& e) {
    throw InputError(e.what());
  }
  iac::AnalyzeOptions analyze;
  analyze.env = options.env;
  analyze.paths = args.paths_analysis;
  analyze.texts = &scanned.texts;
  iac::Analysis analysis = iac::analyze(scanned.decl, analyze);

  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.generated_at = now_iso();
  input.region = args.region;
  input.files = scanned.files;
  input.policy_count = analysis.policies;
  input.findings = std::move(analysis.findings);
  args.filter.apply(input.findings);
  args.baseline.save(input.findings);
  const std::size_t known = args.baseline.apply(input.findings);
  const auto format = report::parse_format(args.out.format);
  write_output(args.out, report::write(*format, input, use_color(args.out)),
               count_of(input.findings.size(), "finding", "findings"));
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
  cmd->add_option("--var", args->vars, "Terraform variable NAME=VALUE (HCL value; repeatable)");
  cmd->add_option("--var-file", args->var_files, "Terraform variables file (.tfvars or .tfvars.json; repeatable)")
      ->check(CLI::ExistingFile);
  add_common_options(*cmd, args->out, report::format_names(), FailOn::yes);
  add_filter_options(*cmd, args->filter);
  add_baseline_options(*cmd, args->baseline);
  add_region_option(*cmd, args->region);
  cmd->footer(
      "Every IAM policy the code declares gets every lint check, located in the code; values the code\n"
      "does not determine are placeholders (iac-unresolved). Suppress a finding with a reason:\n"
      "  # iamwarden:ignore admin-wildcard break-glass role, approved in SEC-123   (Terraform, on or above)\n"
      "  Metadata: {iamwarden: {ignore: [{id: admin-wildcard, reason: ...}]}}        (CloudFormation)\n"
      "Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error or unreadable input.\n"
      "Examples:\n"
      "  iamwarden iac infra/\n"
      "  iamwarden iac infra/ --paths --account 111122223333 --format sarif -o iac.sarif\n"
      "  terraform show -json plan.out > plan.json && iamwarden iac plan.json\n"
      "  iamwarden iac template.yaml cdk.out/ --fail-on high");
  cmd->callback([args, &exit_code] { exit_code = run_iac(*args); });
}

}  // namespace iw::cli
