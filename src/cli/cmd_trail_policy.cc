// iamwarden trail generate-policy PATH... --principal ARN [--snapshot DIR]: the least-privilege
// identity policy of a principal's successful calls, verified before it is written: it lints
// clean and the engine allows every observed call under it (contracts.md §6).
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/snapshots.h"
#include "cli/trail_commands.h"
#include "trail/policy_gen.h"

namespace iw::cli {

namespace {

struct PolicyArgs {
  TrailInput in;
  std::string principal, snapshot;
  OutputOptions out;
};

// IAM names of the snapshot -> their ARNs (with paths).
trail::IamNameResolver resolver(std::shared_ptr<std::vector<account::Account>> accounts) {
  return [accounts](std::string_view kind, std::string_view name) -> std::string {
    for (const account::Account& a : *accounts) {
      if (kind == "user") {
        for (const account::User& u : a.users) if (u.name == name) return u.arn;
      } else if (kind == "role") {
        for (const account::Role& r : a.roles) if (r.name == name) return r.arn;
      } else if (kind == "group") {
        for (const account::Group& g : a.groups) if (g.name == name) return g.arn;
      }
    }
    return {};
  };
}

int run_generate(const PolicyArgs& args) {
  trail::IamNameResolver names;
  if (!args.snapshot.empty()) {
    auto accounts = std::make_shared<std::vector<account::Account>>(load_accounts(args.snapshot));
    names = resolver(accounts);
  }
  trail::PolicyGenerator generator(args.principal, names);
  const TrailRead read = read_trail(args.in, args.out, [&](const trail::Event& e) { generator.add(e); });
  const trail::GeneratedPolicy policy = generator.build();
  if (policy.calls.empty()) {
    throw InputError(fmt::format("no successful call of {} in the events read ({} events)", args.principal, read.stats.events));
  }
  const trail::Verification v = trail::verify(policy, args.principal);
  for (const std::string& n : v.notes) note(args.out, "note: the observed activity is itself risky: " + n);
  if (!v.ok()) {
    for (const std::string& e : v.errors) std::fprintf(stderr, "iamwarden: generated policy failed verification: %s\n", e.c_str());
    throw InputError(fmt::format("the generated policy for {} failed verification ({}); nothing written", args.principal,
                                 count_of(v.errors.size(), "problem", "problems")));
  }
  for (const auto& [call, count] : policy.unmapped) {
    note(args.out, fmt::format("no IAM action known for {} ({}): not in the policy", call, count_of(count, "call", "calls")));
  }
  write_output(args.out, policy.json,
               fmt::format("{} from {}, verified", count_of(policy.calls.size(), "call", "calls"),
                           count_of(policy.events, "event", "events")));
  return read.exit_code(args.in, false);
}

}  // namespace

void add_trail_generate_policy(CLI::App& trail, int& exit_code) {
  auto args = std::make_shared<PolicyArgs>();
  CLI::App* cmd = trail.add_subcommand("generate-policy", "A least-privilege identity policy from a principal's successful calls");
  add_trail_input(*cmd, args->in);
  cmd->add_option("--principal", args->principal, "The user or role ARN (an assumed role's sessions count as the role)")
      ->required()
      ->type_name("ARN");
  cmd->add_option("--snapshot", args->snapshot, "An account snapshot: IAM users, roles and groups named in calls get their real ARNs (paths)")
      ->type_name("DIR");
  add_common_options(*cmd, args->out, {"json"}, FailOn::no);
  cmd->footer(
      "The policy is checked before it is written: it must lint clean as an identity policy and allow every\n"
      "observed call (else exit 2 and nothing is written). Calls with no IAM action are listed on stderr.\n"
      "Examples:\n"
      "  iamwarden trail generate-policy AWSLogs/ --principal arn:aws:iam::111122223333:role/deploy -o deploy-policy.json\n"
      "  iamwarden trail generate-policy events.json --principal arn:aws:iam::111122223333:user/alice --snapshot snapshot/");
  cmd->callback([args, &exit_code] { exit_code = run_generate(*args); });
}

}  // namespace iw::cli
