// iamwarden lint PATH... : validate and lint policy documents (contracts.md §1, §2).
#include <memory>

#include "catalog/catalog.h"
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
  OutputOptions out;
};

std::string kind_note(const lint::Result& r) {
  return std::string(policy::to_string(r.kind)) + " policy" + (r.kind_inferred ? ", inferred" : "");
}

int run_lint(const LintArgs& args) {
  lint::Options options;
  if (!args.kind.empty()) options.kind = policy::parse_kind(args.kind);
  options.account = args.account;
  const auto format = report::parse_format(args.out.format);
  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  for (const std::string& path : expand_paths(args.paths)) {
    const SourceText source(path == "-" ? "<stdin>" : path, read_input(path));
    const lint::Result r = lint::lint_text(source, options, input.findings);
    input.files.push_back(source.name());
    input.notes[source.name()] = kind_note(r);
    ++input.policy_count;
  }
  write_output(args.out, report::write(*format, input, use_color(args.out)),
               count_of(input.findings.size(), "finding", "findings"));
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
      ->check([](const std::string& v) {
        return v.size() == 12 && v.find_first_not_of("0123456789") == std::string::npos
                   ? std::string()
                   : std::string("must be 12 digits");
      });
  add_common_options(*cmd, args->out, report::format_names(), FailOn::yes);
  cmd->footer(
      "Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error or unreadable input.\n"
      "Examples:\n"
      "  iamwarden lint policies/\n"
      "  iamwarden lint --kind trust trust.json --format sarif -o lint.sarif\n"
      "  aws iam get-policy-version ... --query PolicyVersion.Document | iamwarden lint -");
  cmd->callback([args, &exit_code] { exit_code = run_lint(*args); });
}

}  // namespace iw::cli
