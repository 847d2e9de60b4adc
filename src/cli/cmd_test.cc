// Placeholder: replaced by the real 'test' subcommand.
#include "cli/command.h"

namespace iw::cli {
void add_test_command(CLI::App& app, int& exit_code) {
  (void)exit_code;
  app.add_subcommand("test", "(not yet available)");
}
}  // namespace iw::cli
