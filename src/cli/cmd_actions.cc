// Placeholder: replaced by the real 'actions' subcommand.
#include "cli/command.h"

namespace iw::cli {
void add_actions_command(CLI::App& app, int& exit_code) {
  (void)exit_code;
  app.add_subcommand("actions", "(not yet available)");
}
}  // namespace iw::cli
