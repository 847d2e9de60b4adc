// iamwarden collect OUTDIR: write an account snapshot (or an organization's) by calling AWS
// (contracts.md §8, docs/collect.md).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "aws/collect.h"
#include "aws/credentials.h"
#include "cli/aws_options.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "core/json_writer.h"

namespace iw::cli {

namespace {

struct CollectArgs {
  std::string outdir;
  AwsArgs aws;
  aws::CollectOptions options;
  OutputOptions out;
};

std::string summary(const CollectArgs& args, const std::vector<aws::CollectResult>& results, std::size_t requests,
                    double seconds) {
  if (args.out.format == "json") {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().key("accounts").begin_array();
    for (const aws::CollectResult& r : results) {
      w.begin_object().member("account_id", r.account_id).member("directory", r.directory);
      w.member("files", r.files).member("missing", r.missing).end_object();
    }
    w.end_array().member("requests", requests).member("seconds", seconds).end_object();
    return std::move(w).take() + "\n";
  }
  std::string text;
  for (const aws::CollectResult& r : results) {
    text += fmt::format("account {}: {} files in {}\n", r.account_id, r.files.size(), r.directory);
    if (!r.missing.empty()) {
      text += "  missing (no permission or not available):";
      for (const std::string& m : r.missing) text += " " + m;
      text += "\n";
    }
  }
  text += fmt::format("{} requests in {:.1f} s; next: iamwarden audit {}\n", requests, seconds, args.outdir);
  return text;
}

void run(CollectArgs& args) {
  std::unique_ptr<aws::Client> client = make_client(args.aws);
  const bool tty = isatty(STDERR_FILENO) != 0 && !args.out.quiet;
  args.options.warn = [](const std::string& m) { std::fprintf(stderr, "\r\033[Kiamwarden: warning: %s\n", m.c_str()); };
  if (tty) {
    args.options.progress = [](const std::string& m) { std::fprintf(stderr, "\r\033[Kcollect: %.100s", m.c_str()); };
  }
  if (args.options.org && !args.options.member_role.empty()) {
    aws::Client* base = client.get();
    args.options.member_client = [base, &args](const std::string& id) {
      const std::string role = "arn:aws:iam::" + id + ":role/" + args.options.member_role;
      aws::Credentials creds = aws::assume_role(*base, role, "iamwarden-collect");
      return aws::Client(std::move(creds), base->options());
    };
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<aws::CollectResult> results =
      with_aws_errors([&] { return aws::collect(*client, args.outdir, args.options); });
  if (tty) std::fprintf(stderr, "\r\033[K");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_output(args.out, summary(args, results, client->requests(), seconds), "collection summary");
}

}  // namespace

void add_collect_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CollectArgs>();
  CLI::App* cmd = app.add_subcommand("collect", "Take an account snapshot from AWS (read-only calls) for audit");
  cmd->footer(
      "Examples:\n"
      "  iamwarden collect snapshot/ && iamwarden audit snapshot/\n"
      "  iamwarden collect snapshot/ --profile audit --resources --identity-center\n"
      "  iamwarden collect org/ --org --member-role OrganizationAccountAccessRole   # one folder per account\n"
      "  iamwarden collect snapshot/ --endpoint-url http://127.0.0.1:5000          # a local emulator\n"
      "Needs read-only permissions (the SecurityAudit managed policy). An API it may not call is a\n"
      "warning and is listed in snapshot.json \"missing\". See docs/collect.md.");
  cmd->add_option("outdir", args->outdir, "Directory to write the snapshot to (created)")->required();
  add_aws_options(*cmd, args->aws);
  cmd->add_flag("--resources", args->options.resources,
                "Also resource policies (S3, SQS, SNS, KMS, Lambda, Secrets Manager, ECR) and compute (EC2, Lambda)");
  cmd->add_flag("--org", args->options.org,
                "Organization: SCP/RCP levels per account and one snapshot folder per member account");
  cmd->add_option("--member-role", args->options.member_role,
                  "With --org: the role to assume in each member account (e.g. OrganizationAccountAccessRole)");
  cmd->add_flag("--identity-center", args->options.identity_center,
                "Also IAM Identity Center permission sets, their policies and assignments (identity-center.json)");
  cmd->add_option("--threads", args->options.threads, "Parallel API calls (default 4)")->check(CLI::Range(1, 64));
  add_common_options(*cmd, args->out, {"text", "json"}, FailOn::no);
  cmd->callback([args, &exit_code] {
    run(*args);
    exit_code = 0;
  });
}

}  // namespace iw::cli
