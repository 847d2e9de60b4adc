// iamwarden trail: CloudTrail events (contracts.md §6): detect, baseline, usage, generate-policy.
//
// Every subcommand reads the same inputs (trail/events.h): files or directories of events in any
// form AWS writes, "-" for stdin, filtered by --since/--until. Unreadable parts of the input are
// warnings on stderr naming the file and record; the rest is still read, and --strict turns any
// warning into exit 2 (after the report is written).
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

#include "catalog/catalog.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/output.h"
#include "cli/trail_commands.h"
#include "core/json_writer.h"
#include "report/report.h"
#include "trail/baseline.h"
#include "trail/scan.h"
#include "trail/sigma.h"
#include "report/spool.h"

namespace iw::cli {

namespace {

struct DetectArgs {
  TrailInput in;
  std::vector<std::string> sigma;
  std::string baseline;
  int threads = 0;
  OutputOptions out;
};

// How many findings trail detect holds in memory before it sorts them and writes them to a
// temporary file (about 3 KB each): IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY, else 65,536.
std::size_t spool_limit() {
  const char* v = std::getenv("IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY");
  if (v == nullptr || *v == '\0') return 65536;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  if (*end != '\0' || n == 0) throw InputError("IAMWARDEN_TRAIL_FINDINGS_IN_MEMORY must be a positive number");
  return static_cast<std::size_t>(n);
}

int run_detect(const DetectArgs& args) {
  trail::sigma::RuleSet rules;
  if (!args.sigma.empty()) {
    try {
      rules = trail::sigma::RuleSet::load(args.sigma);
    } catch (const std::exception& e) {
      throw InputError(e.what());
    }
    note(args.out, fmt::format("loaded {}{}", count_of(rules.size(), "Sigma rule", "Sigma rules"),
                               rules.skipped() ? fmt::format(" ({} for other log sources skipped)", rules.skipped()) : ""));
  }
  std::optional<trail::Baseline> baseline;
  if (!args.baseline.empty()) {
    try {
      baseline = trail::Baseline::load(args.baseline);
    } catch (const std::exception& e) {
      throw InputError(e.what());
    }
  }
  trail::DetectOptions options;
  options.sigma = args.sigma.empty() ? nullptr : &rules;
  options.baseline = baseline ? &*baseline : nullptr;
  trail::Merger merger(options);
  // Reports of any size in bounded memory: findings beyond the limit wait on disk, sorted, and
  // are written as they are read back (sarif, junit and html gather them: report::write()).
  const report::Format format = *report::parse_format(args.out.format);
  report::FindingSpool spool(spool_limit());
  report::Summary summary;
  TrailFiles t = expand_trail(args.in);
  trail::scan_files(t.files, t.options, options, static_cast<unsigned>(args.threads), [&](trail::Partial&& part) {
    file_read(t.read, part.files.front(), part.warnings, part.stats);
    merger.add(std::move(part));
    std::vector<Finding> findings = merger.take();
    for (const Finding& f : findings) ++summary.counts[static_cast<std::size_t>(f.severity)];
    try {
      spool.add(std::move(findings));
    } catch (const std::runtime_error& e) {  // no room for the temporary files
      throw InputError(e.what());
    }
  });
  const TrailRead& read = t.read;
  note_read(read, args.out);

  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.generated_at = now_iso();
  input.files = read.files;
  const std::size_t count = spool.size();
  StreamOutput output(args.out);
  const auto sink = output.sink();
  try {
    if (spool.spilled()) {
      const report::FindingSource each = [&](const std::function<void(const Finding&)>& fn) { spool.each(fn); };
      report::write(format, input, each, summary, use_color(args.out), sink);
    } else {
      input.findings = spool.take();  // sorted, so that the writer need not copy them
      report::write(format, input, use_color(args.out), sink);
    }
  } catch (const std::runtime_error& e) {
    throw InputError(e.what());
  }
  output.finish(count_of(count, "finding", "findings"));
  return read.exit_code(args.in, report::any_at_or_above(summary, args.out.threshold()));
}

struct BaselineArgs {
  TrailInput in;
  std::string output, format = "text";
  bool quiet = false;
  int threads = 0;
};

int run_baseline(const BaselineArgs& args) {
  OutputOptions out;
  out.quiet = args.quiet;
  out.format = args.format;
  trail::Baseline baseline;
  TrailFiles t = expand_trail(args.in);
  read_files<trail::Baseline>(
      t, static_cast<unsigned>(args.threads), [](const trail::Event& e, trail::Baseline& learned) { learned.learn(e); },
      [&](trail::Baseline&& learned) { baseline.merge(learned); });
  const TrailRead& read = t.read;
  note_read(read, out);
  try {
    baseline.save(args.output);
  } catch (const std::exception& e) {
    throw InputError(e.what());
  }
  if (args.format == "json") {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().member("baseline", args.output).member("principals", baseline.principal_count());
    w.member("events", read.stats.events).member("files", read.stats.files).end_object();
    std::fputs((std::move(w).take() + "\n").c_str(), stdout);
  } else {
    note(out, fmt::format("wrote {} ({} from {})", args.output, count_of(baseline.principal_count(), "principal", "principals"),
                          count_of(read.stats.events, "event", "events")));
  }
  return read.exit_code(args.in, false);
}

void add_detect(CLI::App& trail, int& exit_code) {
  auto args = std::make_shared<DetectArgs>();
  CLI::App* cmd = trail.add_subcommand("detect", "Built-in detections and Sigma rules over CloudTrail events");
  add_trail_input(*cmd, args->in);
  cmd->add_option("--sigma", args->sigma, "Sigma rules: .yml files or directories of them")->type_name("RULES");
  cmd->add_option("--baseline", args->baseline,
                  "A baseline of `trail baseline`: also report first-seen-api, credential-use-from-new-ip, new-region")
      ->type_name("FILE");
  add_threads_option(*cmd, args->threads);
  add_common_options(*cmd, args->out, report::format_names(), FailOn::yes);
  cmd->footer(
      "Input: files or directories (recursively) of CloudTrail events: S3 delivery files (.json, .json.gz),\n"
      "NDJSON (also .gz), EventBridge envelopes, aws cloudtrail lookup-events output, CloudTrail Lake\n"
      "results; - reads stdin. Digest files are skipped.\n"
      "Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error, unreadable input, a Sigma\n"
      "rule that does not load (file:line:column), or --strict and a warning.\n"
      "Examples:\n"
      "  iamwarden trail detect AWSLogs/\n"
      "  iamwarden trail detect events.json.gz --sigma rules/ --format json\n"
      "  iamwarden trail detect AWSLogs/ --threads 2   (same output as --threads 1, faster)\n"
      "  aws cloudtrail lookup-events --max-results 50 | iamwarden trail detect -\n"
      "  iamwarden trail detect AWSLogs/ --since 2026-11-01 --baseline baseline.db --format sarif -o trail.sarif");
  cmd->callback([args, &exit_code] { exit_code = run_detect(*args); });
}

void add_baseline(CLI::App& trail, int& exit_code) {
  auto args = std::make_shared<BaselineArgs>();
  CLI::App* cmd = trail.add_subcommand("baseline", "Learn per principal the APIs, IPs, user agents and regions it used");
  add_trail_input(*cmd, args->in);
  cmd->add_option("-o,--output", args->output, "The baseline database to write (SQLite; replaced)")->required()->type_name("FILE");
  cmd->add_option("--format", args->format, "What to print: text (a note on stderr) or json (a summary on stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("-q,--quiet", args->quiet, "No notes on stderr");
  add_threads_option(*cmd, args->threads);
  cmd->footer(
      "Examples:\n"
      "  iamwarden trail baseline AWSLogs/ --until 2026-10-31 --output baseline.db\n"
      "  iamwarden trail detect AWSLogs/ --since 2026-11-01 --baseline baseline.db");
  cmd->callback([args, &exit_code] { exit_code = run_baseline(*args); });
}

}  // namespace

void add_trail_command(CLI::App& app, int& exit_code) {
  CLI::App* trail = app.add_subcommand("trail", "CloudTrail: detect attacks, baselines, unused access, least-privilege policies");
  trail->require_subcommand(1);
  add_detect(*trail, exit_code);
  add_baseline(*trail, exit_code);
  add_trail_usage(*trail, exit_code);
  add_trail_generate_policy(*trail, exit_code);
}

}  // namespace iw::cli
