// iamwarden paths SNAPSHOT: privilege-escalation paths to admin-equivalent access. Each path
// has the severity the audit gives it (privilege-escalation-principal), for --fail-on.
#include <memory>

#include "account/account.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/output.h"
#include "cli/snapshots.h"
#include "core/lasting.h"
#include "core/rules.h"
#include "graph/graph.h"

namespace iw::cli {

namespace {

struct PathsArgs {
  std::string snapshot;
  bool all = false;
  int max_depth = 6;
  unsigned threads = 0;
  OutputOptions out;
};

int run_paths(const PathsArgs& args) {
  const std::string& format = args.out.format;
  if (args.max_depth < 1 || args.max_depth > 20) throw InputError("--max-depth must be between 1 and 20");
  const Organization& org = lasting<Organization>(load_organization(args.snapshot));  // freed by the exit
  graph::Options options;
  options.all = args.all;
  options.max_depth = args.max_depth;
  options.threads = args.threads;
  // One graph over every account: a path may cross into another account of the organization.
  const graph::Graph& g = lasting<graph::Graph>(org.view(), options);
  std::vector<graph::Path> paths = g.escalation_paths();
  std::vector<Undecided> undecided;
  for (const account::Account& a : org.accounts) {
    for (const Undecided& u : graph::undecided(a)) merge_undecided(undecided, u);
  }
  const std::string written = count_of(paths.size(), "path", "paths");
  if (format == "json") {
    write_output(args.out, graph::paths_json(paths, undecided), written);
  } else if (format == "dot") {
    write_output(args.out, graph::paths_dot(paths), written);
  } else {
    write_output(args.out, graph::paths_text(paths, use_color(args.out)), written);
  }
  for (const Undecided& u : undecided) note(args.out, undecided_line(u));
  const Severity severity = find_rule("privilege-escalation-principal")->severity;
  return !paths.empty() && severity >= args.out.threshold() ? 1 : 0;
}

}  // namespace

void add_paths_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<PathsArgs>();
  CLI::App* cmd = app.add_subcommand("paths", "Privilege-escalation paths to admin-equivalent access");
  cmd->add_option("snapshot", args->snapshot, "Snapshot directory (or a folder of them)")->required();
  add_common_options(*cmd, args->out, {"text", "json", "dot"}, FailOn::yes);
  cmd->add_flag("--all", args->all, "List every path up to --max-depth, not only the shortest");
  cmd->add_option("--max-depth", args->max_depth, "Longest path searched, in steps (default 6)");
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)");
  cmd->footer(
      "Exit status: 0 no principal can escalate, 1 some can, 2 usage error or bad input. A path counts at\n"
      "the severity of privilege-escalation-principal (iamwarden checks) for --fail-on.\n"
      "Example: iamwarden paths snapshots/prod --format dot | dot -Tsvg > paths.svg");
  cmd->callback([args, &exit_code] { exit_code = run_paths(*args); });
}

}  // namespace iw::cli
