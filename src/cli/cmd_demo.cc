// iamwarden demo generate DIR: write a synthetic organization (one snapshot per account).
#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "cli/command.h"
#include "demo/generate.h"

namespace iw::cli {

void add_demo_command(CLI::App& app, int& exit_code) {
  CLI::App* demo = app.add_subcommand("demo", "Demo data: synthetic account snapshots");
  demo->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  auto options = std::make_shared<demo::GenerateOptions>();
  CLI::App* gen = demo->add_subcommand(
      "generate", "Write a synthetic organization: one snapshot directory per account, deterministic by seed");
  gen->add_option("directory", *dir, "Where to write the account-NN/ snapshot directories")->required();
  gen->add_option("--accounts", options->accounts, "Accounts (default 3)")->check(CLI::Range(1, 10000));
  gen->add_option("--users", options->users, "Users per account (default 20)")->check(CLI::Range(0, 1000000));
  gen->add_option("--roles", options->roles, "Roles per account (default 40)")->check(CLI::Range(0, 1000000));
  gen->add_option("--policies", options->policies, "Customer managed policies per account (default 30)")
      ->check(CLI::Range(1, 1000000));
  gen->add_option("--seed", options->seed, "Random seed (default 1)");
  gen->callback([dir, options, &exit_code] {
    try {
      demo::generate(*dir, *options);
    } catch (const std::exception& e) {
      throw InputError(e.what());
    }
    fmt::print("wrote {} account snapshot(s) to {}\n", options->accounts, *dir);
    exit_code = 0;
  });
}

}  // namespace iw::cli
