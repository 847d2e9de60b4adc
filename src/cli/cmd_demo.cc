// iamwarden demo generate DIR: write a synthetic organization (one snapshot per account).
#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "cli/command.h"
#include "cli/common_options.h"
#include "core/json_writer.h"
#include "demo/generate.h"

namespace iw::cli {

namespace {

struct DemoArgs {
  std::string directory;
  demo::GenerateOptions generate;
  OutputOptions out;
};

// What was generated: a sentence, or {"directory": DIR, "accounts": N}.
std::string summary(const DemoArgs& args) {
  if (args.out.format == "json") {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().member("directory", args.directory).member("accounts", args.generate.accounts).end_object();
    return std::move(w).take() + "\n";
  }
  return fmt::format("wrote {} account snapshot(s) to {}\n", args.generate.accounts, args.directory);
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  CLI::App* demo = app.add_subcommand("demo", "Demo data: synthetic account snapshots");
  demo->require_subcommand(1);
  auto args = std::make_shared<DemoArgs>();
  demo::GenerateOptions& options = args->generate;
  CLI::App* gen = demo->add_subcommand(
      "generate", "Write a synthetic organization: one snapshot directory per account, deterministic by seed");
  gen->add_option("directory", args->directory, "Where to write the account-NN/ snapshot directories")->required();
  gen->add_option("--accounts", options.accounts, "Accounts (default 3)")->check(CLI::Range(1, 10000));
  gen->add_option("--users", options.users, "Users per account (default 20)")->check(CLI::Range(0, 1000000));
  gen->add_option("--roles", options.roles, "Roles per account (default 40)")->check(CLI::Range(0, 1000000));
  gen->add_option("--policies", options.policies, "Customer managed policies per account (default 30)")
      ->check(CLI::Range(1, 1000000));
  gen->add_option("--seed", options.seed, "Random seed (default 1)");
  gen->add_flag("--realistic", options.realistic,
                "Real account shapes: AWS-managed job-function policies (ReadOnlyAccess, SecurityAudit, ViewOnlyAccess, "
                "PowerUserAccess) on a third of the principals, conditions, multi-KB customer policies");
  add_common_options(*gen, args->out, {"text", "json"}, FailOn::no);
  gen->callback([args, &exit_code] {
    try {
      demo::generate(args->directory, args->generate);
    } catch (const std::exception& e) {
      throw InputError(e.what());
    }
    write_output(args->out, summary(*args), "summary");
    exit_code = 0;
  });
}

}  // namespace iw::cli
