// How subcommands plug into the iamwarden binary.
//
// Each subcommand lives in its own cmd_<name>.cc and exposes one add_<name>_command() that
// registers its options on the CLI11 app and sets `exit_code` when it runs. Exit codes follow
// contracts.md §1: 0 clean, 1 findings at or above --fail-on (or a deny / failed test), 2 usage
// or input error. Subcommands report input errors by throwing InputError (caught in main).
#pragma once

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

namespace iw::cli {

// Bad input or usage that stops the run: printed as "iamwarden: <message>", exit 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void add_lint_command(CLI::App& app, int& exit_code);
void add_actions_command(CLI::App& app, int& exit_code);
void add_simulate_command(CLI::App& app, int& exit_code);
void add_test_command(CLI::App& app, int& exit_code);
void add_checks_command(CLI::App& app, int& exit_code);
void add_audit_command(CLI::App& app, int& exit_code);
void add_demo_command(CLI::App& app, int& exit_code);
void add_paths_command(CLI::App& app, int& exit_code);
void add_who_can_command(CLI::App& app, int& exit_code);  // who-can and can
void add_trail_command(CLI::App& app, int& exit_code);    // trail detect, baseline, usage, generate-policy
void add_access_command(CLI::App& app, int& exit_code);   // access external|diff|check-*
void add_iac_command(CLI::App& app, int& exit_code);
void add_collect_command(CLI::App& app, int& exit_code);
void add_remediate_command(CLI::App& app, int& exit_code);
void add_keys_command(CLI::App& app, int& exit_code);
void add_guardrails_command(CLI::App& app, int& exit_code);  // guardrails generate|verify

}  // namespace iw::cli
