// iamwarden lint PATH... : validate and lint policy documents (contracts.md §1, §2).
//
// A CI gate must never pass on input it could not check: a file that is not valid JSON is
// reported (json-syntax) and then makes the run exit 2; a directory without policies is an
// error. JSON files found in a directory that are no IAM policy at all (package.json,
// CloudFormation templates) are skipped and counted on stderr; named on the command line,
// they are an error.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <map>
#include <memory>

#include "catalog/catalog.h"
#include "cli/baseline.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/input.h"
#include "cli/output.h"
#include "core/source.h"
#include "lint/lint.h"
#include "report/report.h"

namespace iw::cli {

namespace {

struct LintArgs {
  std::vector<std::string> paths;
  std::string kind;
  std::string account;
  std::string region;
  OutputOptions out;
  FindingFilter filter;
  BaselineOptions baseline;
};

// What the files given were, besides policies.
struct Scan {
  std::vector<std::string> skipped;            // not IAM policies, found in directories
  std::vector<Finding> unreadable;             // the json-syntax finding of each broken file
  std::map<std::string, std::size_t> per_dir;  // policies found per directory argument
};

std::string kind_note(const lint::Result& r) {
  return std::string(policy::to_string(r.kind)) + " policy" + (r.kind_inferred ? ", inferred" : "");
}

// Lints one file into `input`, or records why it is not a policy.
void lint_file(const InputFile& file, const lint::Options& options, report::ReportInput& input, Scan& scan) {
  const SourceText source(file.path == "-" ? "<stdin>" : file.path, read_input(file.path));
  std::vector<Finding> found;
  const lint::Result r = lint::lint_text(source, options, found);
  if (!r.not_a_policy.empty()) {
    if (file.directory.empty()) {
      throw InputError(fmt::format("{}: not an IAM policy: {}", source.name(), r.not_a_policy));
    }
    scan.skipped.push_back(file.path);
    return;
  }
  if (!r.parsed) scan.unreadable.push_back(found.front());
  if (!file.directory.empty()) ++scan.per_dir[file.directory];
  input.files.push_back(source.name());
  input.notes[source.name()] = kind_note(r);
  ++input.policy_count;
  for (Finding& f : found) input.findings.push_back(std::move(f));
}

std::string skipped_note(const std::vector<std::string>& skipped) {
  return fmt::format("skipped {} that {} not IAM {}: {}", count_of(skipped.size(), "file", "files"),
                     skipped.size() == 1 ? "is" : "are", skipped.size() == 1 ? "policy" : "policies",
                     fmt::join(skipped, ", "));
}

int run_lint(const LintArgs& args) {
  lint::Options options;
  if (!args.kind.empty()) options.kind = policy::parse_kind(args.kind);
  options.account = args.account;
  const auto format = report::parse_format(args.out.format);

  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.generated_at = now_iso();
  input.region = args.region;
  Scan scan;
  const std::vector<InputFile> files = expand_paths(args.paths);
  for (const InputFile& file : files) lint_file(file, options, input, scan);
  for (const InputFile& file : files) {
    if (!file.directory.empty() && scan.per_dir[file.directory] == 0) {
      if (!scan.skipped.empty()) note(args.out, skipped_note(scan.skipped));
      throw InputError("no policy files found in " + file.directory);
    }
  }
  args.filter.apply(input.findings);
  args.baseline.save(input.findings);
  const std::size_t known = args.baseline.apply(input.findings);
  write_output(args.out, report::write(*format, input, use_color(args.out)),
               count_of(input.findings.size(), "finding", "findings"));
  if (!scan.skipped.empty()) note(args.out, skipped_note(scan.skipped));
  if (known > 0) note(args.out, fmt::format("{} in the baseline {} not reported", count_of(known, "finding", "findings"), args.baseline.read));
  if (args.out.format == "asff" && args.account.empty()) {
    note(args.out, "asff without --account: AwsAccountId and ProductArn name account 000000000000");
  }
  if (args.out.format == "text") note(args.out, "scanned " + count_of(input.policy_count, "policy", "policies"));
  for (const Finding& f : scan.unreadable) {
    std::fprintf(stderr, "iamwarden: %s:%d:%d: not valid JSON: %s\n", f.location->file.c_str(), f.location->line,
                 f.location->column, f.message.c_str());
  }
  if (!scan.unreadable.empty()) return 2;
  return report::any_at_or_above(input.findings, args.out.threshold()) ? 1 : 0;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<LintArgs>();
  CLI::App* cmd = app.add_subcommand(
      "lint", "Validate and lint IAM policy documents (files, directories of *.json, - for stdin)");
  cmd->add_option("paths", args->paths, "Policy files or directories; - reads stdin")->required();
  cmd->add_option("--kind", args->kind, "Policy kind (default: inferred from the document)")
      ->check(CLI::IsMember({"identity", "resource", "trust", "scp", "rcp", "boundary", "session"}));
  cmd->add_option("--account", args->account,
                  "Account that owns the policies (12 digits): its own principals are not cross-account")
      ->check(check_account_id);
  add_common_options(*cmd, args->out, report::format_names(), FailOn::yes);
  add_filter_options(*cmd, args->filter);
  add_baseline_options(*cmd, args->baseline);
  add_region_option(*cmd, args->region);
  cmd->footer(
      "Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error, unreadable input or a\n"
      "file that is not valid JSON (its json-syntax finding is still in the report). JSON files in a\n"
      "directory that are not IAM policies (package.json, CloudFormation templates) are skipped and counted.\n"
      "Examples:\n"
      "  iamwarden lint policies/\n"
      "  iamwarden lint --kind trust trust.json --format sarif -o lint.sarif\n"
      "  aws iam get-policy-version ... --query PolicyVersion.Document | iamwarden lint -");
  cmd->callback([args, &exit_code] { exit_code = run_lint(*args); });
}

}  // namespace iw::cli
