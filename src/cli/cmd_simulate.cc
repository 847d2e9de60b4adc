// Placeholder: replaced by the real 'simulate' subcommand.
#include "cli/command.h"

namespace iw::cli {
void add_simulate_command(CLI::App& app, int& exit_code) {
  (void)exit_code;
  app.add_subcommand("simulate", "(not yet available)");
}
}  // namespace iw::cli
