// Placeholder: replaced by the real 'lint' subcommand.
#include "cli/command.h"

namespace iw::cli {
void add_lint_command(CLI::App& app, int& exit_code) {
  (void)exit_code;
  app.add_subcommand("lint", "(not yet available)");
}
}  // namespace iw::cli
