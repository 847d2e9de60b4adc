// iamwarden trail usage PATH... --snapshot DIR: granted against used, per principal of the
// snapshot (contracts.md §6). JSON carries the findings and a top-level "usage" array.
#include <fmt/format.h>

#include <memory>

#include "access/model.h"
#include "catalog/catalog.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/snapshots.h"
#include "cli/trail_commands.h"
#include "core/json_writer.h"
#include "report/report.h"
#include "trail/usage.h"

namespace iw::cli {

namespace {

struct UsageArgs {
  TrailInput in;
  std::string snapshot;
  int threads = 0;
  OutputOptions out;
};

// Reads the events of every file on `threads` threads into `used`, in file order.
TrailRead collect(const UsageArgs& args, trail::UsageCollector& used) {
  TrailFiles t = expand_trail(args.in);
  read_files<std::vector<trail::UsageRecord>>(
      t, static_cast<unsigned>(args.threads),
      [](const trail::Event& e, std::vector<trail::UsageRecord>& records) { records.push_back(trail::UsageRecord::of(e)); },
      [&](std::vector<trail::UsageRecord>&& records) {
        for (trail::UsageRecord& r : records) used.add(std::move(r));
      });
  note_read(t.read, args.out);
  return t.read;
}

void write_usage(JsonWriter& w, const trail::PrincipalUsage& u) {
  w.begin_object().member("principal", u.principal);
  w.key("used").begin_array();
  for (const auto& [action, use] : u.used) {
    w.begin_object().member("action", action);
    w.key("resources").begin_array();
    for (const std::string& r : use.resources) w.value(r);
    w.end_array().member("last_used", format_timestamp(use.last)).end_object();
  }
  w.end_array();
  w.member("granted_unused", u.granted_unused);
  w.end_object();
}

// The findings report of json, with "usage" added as its last member.
std::string with_usage(std::string report, const std::vector<trail::PrincipalUsage>& usage) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_array();
  for (const trail::PrincipalUsage& u : usage) write_usage(w, u);
  w.end_array();
  const std::size_t close = report.rfind('}');
  report.insert(close, ",\n\"usage\": " + std::move(w).take() + "\n");
  return report;
}

int run_usage(const UsageArgs& args) {
  const std::vector<account::Account> accounts = load_accounts(args.snapshot);
  trail::UsageCollector used;
  const TrailRead read = collect(args, used);
  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.generated_at = now_iso();
  input.files = read.files;
  std::vector<trail::PrincipalUsage> usage;
  for (const account::Account& a : accounts) {
    access::ModelOptions options;
    const access::Model model(a, options);
    for (trail::PrincipalUsage& u : trail::compare(model, used, input.findings)) usage.push_back(std::move(u));
  }
  std::string text = report::write(*report::parse_format(args.out.format), input, use_color(args.out));
  if (args.out.format == "json") text = with_usage(std::move(text), usage);
  write_output(args.out, text, count_of(input.findings.size(), "finding", "findings"));
  return read.exit_code(args.in, report::any_at_or_above(input.findings, args.out.threshold()));
}

}  // namespace

void add_trail_usage(CLI::App& trail, int& exit_code) {
  auto args = std::make_shared<UsageArgs>();
  CLI::App* cmd = trail.add_subcommand("usage", "Granted against used permissions, per principal of a snapshot");
  add_trail_input(*cmd, args->in);
  cmd->add_option("--snapshot", args->snapshot, "The account snapshot whose principals to compare")->required()->type_name("DIR");
  add_threads_option(*cmd, args->threads);
  add_common_options(*cmd, args->out, report::format_names(), FailOn::yes);
  cmd->footer(
      "Findings: unused-user and unused-role (no call in the events), unused-permission (granted services or\n"
      "actions never used; the message names them). JSON adds \"usage\": per principal the actions used (with\n"
      "resources and last use) and the granted actions never used.\n"
      "Examples:\n"
      "  iamwarden trail usage AWSLogs/ --snapshot snapshot/ --since 2026-08-01\n"
      "  iamwarden trail usage events.json.gz --snapshot snapshot/ --format json -o usage.json\n"
      "  iamwarden trail usage AWSLogs/ --snapshot snapshot/ --threads 2   (same output as --threads 1)");
  cmd->callback([args, &exit_code] { exit_code = run_usage(*args); });
}

}  // namespace iw::cli
