// iamwarden keys rotate USER: rotate an IAM user's access key without downtime (contracts.md §8,
// docs/remediate.md).
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/aws_options.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "core/json_writer.h"
#include "remediate/keys.h"

namespace iw::cli {

namespace {

struct KeysArgs {
  remediate::RotateOptions rotate;
  AwsArgs aws;
  OutputOptions out;
};

void run(KeysArgs& args) {
  std::unique_ptr<aws::Client> client = make_client(args.aws);
  const remediate::RotateResult r = with_aws_errors([&] {
    try {
      return remediate::rotate_key(*client, args.rotate);
    } catch (const remediate::RotateError& e) {
      throw InputError(e.what());
    }
  });
  if (args.rotate.to_stdout) {
    std::fputs(r.key_json.c_str(), stdout);  // the new key, as asked; the summary goes to stderr
    std::fflush(stdout);
    note(args.out, r.message);
    return;
  }
  if (args.out.format == "json") {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().member("user", args.rotate.user).member("step", r.step).member("new_key_id", r.new_key_id);
    w.member("old_key_id", r.old_key_id).member("old_key_deleted", r.old_deleted).member("key_file", r.key_file);
    w.end_object();
    write_output(args.out, std::move(w).take() + "\n", "rotation");
  } else {
    write_output(args.out, r.message + "\n", "rotation");
  }
}

}  // namespace

void add_keys_command(CLI::App& app, int& exit_code) {
  CLI::App* keys = app.add_subcommand("keys", "Manage IAM user access keys");
  keys->require_subcommand(1);
  auto args = std::make_shared<KeysArgs>();
  CLI::App* rotate = keys->add_subcommand(
      "rotate", "Rotate a user's access key: new key first (to a 0600 file), old key deactivated, deleted after a grace period");
  rotate->footer(
      "Examples:\n"
      "  iamwarden keys rotate deploy-bot                 # writes deploy-bot.access-key.json (mode 0600)\n"
      "  iamwarden keys rotate deploy-bot                 # again after the grace period: deletes the old key\n"
      "  iamwarden keys rotate deploy-bot --grace-days 0 --key-file /secure/new.json\n"
      "  iamwarden keys rotate deploy-bot --stdout | vault kv put secret/deploy-bot -\n"
      "Refuses when the user has two keys and the old one cannot be deleted yet.");
  rotate->add_option("user", args->rotate.user, "IAM user name")->required();
  rotate->add_option("--grace-days", args->rotate.grace_days,
                     "Days the deactivated old key is kept before a later run deletes it (default 7)")
      ->check(CLI::Range(0, 3650));
  rotate->add_option("--key-file", args->rotate.key_file,
                     "File for the new key, created with mode 0600 (default USER.access-key.json)");
  rotate->add_flag("--stdout", args->rotate.to_stdout, "Print the new key (with its secret) on stdout instead of a file");
  add_aws_options(*rotate, args->aws);
  add_common_options(*rotate, args->out, {"text", "json"}, FailOn::no);
  rotate->callback([args, &exit_code] {
    run(*args);
    exit_code = 0;
  });
}

}  // namespace iw::cli
