// iamwarden guardrails generate --baseline NAME... -o DIR   (SCPs, test suites, manifest)
// iamwarden guardrails generate --list
// iamwarden guardrails verify DIR --snapshot SNAPSHOT      (what each guardrail blocks, lock-outs)
// See docs/guardrails.md and contracts.md §8.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "catalog/catalog.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/output.h"
#include "cli/snapshots.h"
#include "core/json_writer.h"
#include "guardrails/guardrails.h"
#include "guardrails/verify.h"
#include "report/report.h"

namespace iw::cli {

namespace {

struct GenerateArgs {
  std::vector<std::string> baseline;
  std::string directory;
  guardrails::Parameters parameters;
  bool list = false;
  std::string format = "text";
  bool quiet = false;
};

std::string list_text(const std::string& format) {
  if (format == "json") {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().key("guardrails").begin_array();
    for (const guardrails::Info& i : guardrails::all()) {
      w.begin_object().member("name", i.name).member("description", i.description);
      w.member("needs", i.needs == guardrails::Needs::regions           ? "regions"
                        : i.needs == guardrails::Needs::protected_roles ? "protected_roles"
                                                                        : "");
      w.member("break_glass_exempt", i.break_glass).end_object();
    }
    w.end_array().end_object();
    return std::move(w).take() + "\n";
  }
  std::string out;
  for (const guardrails::Info& i : guardrails::all()) {
    std::string needs = i.needs == guardrails::Needs::regions           ? " (needs --regions)"
                        : i.needs == guardrails::Needs::protected_roles ? " (needs --protected-roles)"
                                                                        : "";
    out += fmt::format("{:<27} {}{}\n", i.name, i.description, needs);
  }
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw InputError(fmt::format("{}: cannot create the folder: {}", path.parent_path().string(), ec.message()));
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) throw InputError(fmt::format("{}: cannot write the file", path.string()));
}

void run_generate(GenerateArgs& args) {
  if (args.list) {
    std::fputs(list_text(args.format).c_str(), stdout);
    return;
  }
  if (args.baseline.empty()) throw InputError("guardrails generate: give --baseline NAME... (or --list to see them)");
  if (args.directory.empty()) throw InputError("guardrails generate: give the output folder with -o DIR");
  std::vector<std::string> names;
  if (std::string e = guardrails::resolve(args.baseline, names); !e.empty()) throw InputError(e);
  if (std::string e = guardrails::check(args.parameters); !e.empty()) throw InputError(e);
  for (const std::string& n : names) {
    const guardrails::Info& info = *guardrails::find(n);
    if (info.needs == guardrails::Needs::regions && args.parameters.regions.empty())
      throw InputError(fmt::format("{} needs --regions REGION,... (the regions to allow)", n));
    if (info.needs == guardrails::Needs::protected_roles && args.parameters.protected_roles.empty())
      throw InputError(fmt::format("{} needs --protected-roles NAME... (the role names or patterns to protect)", n));
  }
  const guardrails::Generated g = guardrails::generate(names, args.parameters, IW_VERSION);
  if (!g.error.empty()) throw InputError(g.error);
  const std::filesystem::path dir(args.directory);
  for (const guardrails::File& f : g.files) write_file(dir / f.path, f.text);
  if (args.format == "json") {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().member("directory", args.directory).member("guardrails", names);
    w.key("files").begin_array();
    for (const guardrails::File& f : g.files) w.value(f.path);
    w.end_array().end_object();
    std::fputs((std::move(w).take() + "\n").c_str(), stdout);
    return;
  }
  std::string out;
  for (const guardrails::File& f : g.files) {
    if (f.path.ends_with(".test.json") || f.path.find('/') != std::string::npos || f.path == "guardrails.json") continue;
    out += fmt::format("{:<30} {:>5} characters (SCP limit {})\n", f.path, f.text.size(), guardrails::kScpLimit);
  }
  std::fputs(out.c_str(), stdout);
  if (!args.quiet) {
    std::fprintf(stderr,
                 "wrote %zu guardrail(s) to %s with their test suites and guardrails.json\n"
                 "check them: iamwarden test %s/*.test.json && iamwarden guardrails verify %s --snapshot SNAPSHOT\n",
                 names.size(), args.directory.c_str(), args.directory.c_str(), args.directory.c_str());
  }
}

struct VerifyArgs {
  std::string directory, snapshot;
  guardrails::VerifyOptions options;
  OutputOptions out;
  FindingFilter filter;
};

int run_verify(const VerifyArgs& args) {
  guardrails::Parameters extra{args.options.extra_break_glass, {}, {}};
  if (std::string e = guardrails::check(extra); !e.empty()) throw InputError(e);
  guardrails::Set set;
  try {
    set = guardrails::read_set(args.directory);
  } catch (const guardrails::Error& e) {
    throw InputError(e.what());
  }
  Organization org = load_organization(args.snapshot);
  account::Account& a = org.merged ? *org.merged : org.accounts.front();
  report::ReportInput input;
  input.tool.catalog = std::string(catalog::Catalog::get().version());
  input.generated_at = now_iso();
  input.findings = guardrails::verify(set, a, args.options);
  for (const guardrails::Guardrail& g : set.guardrails) input.files.push_back(g.path);
  args.filter.apply(input.findings);
  sort_findings(input.findings);
  const auto format = report::parse_format(args.out.format);
  write_output(args.out, report::write(*format, input, use_color(args.out)),
               count_of(input.findings.size(), "finding", "findings"));
  return report::any_at_or_above(input.findings, args.out.threshold()) ? 1 : 0;
}

}  // namespace

void add_guardrails_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("guardrails", "SCP guardrails: generate them with tests, verify them on a snapshot");
  cmd->require_subcommand(1);

  auto gen = std::make_shared<GenerateArgs>();
  CLI::App* g = cmd->add_subcommand("generate", "Write SCPs for named guardrails, each with a policy test suite");
  g->add_option("--baseline", gen->baseline, "Guardrail names (repeat or comma-separate), or all")
      ->type_name("NAME...")
      ->delimiter(',');
  g->add_option("-o,--output", gen->directory, "Folder to write the SCPs, test suites and guardrails.json to")
      ->type_name("DIR");
  g->add_option("--break-glass", gen->parameters.break_glass,
                "IAM role or user ARNs (wildcards allowed) exempt from every guardrail but deny-root")
      ->type_name("ARN...");
  g->add_option("--regions", gen->parameters.regions, "region-allowlist: the allowed regions (repeat or comma-separate)")
      ->type_name("REGION,...")
      ->delimiter(',');
  g->add_option("--protected-roles", gen->parameters.protected_roles,
                "protect-iam-roles: role names, path/names or patterns (* ?) to protect, or role ARNs")
      ->type_name("NAME...");
  g->add_flag("--list", gen->list, "List the guardrails with a one-line description, and exit");
  g->add_option("--format", gen->format, "Summary on stdout: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  g->add_flag("-q,--quiet", gen->quiet, "No notes on stderr");
  g->footer(
      "Files written to DIR: NAME.json (the SCP, minified, under the 5,120-character SCP limit),\n"
      "NAME.test.json (a suite for `iamwarden test`), support/ (the policies the suites use) and\n"
      "guardrails.json (the manifest `guardrails verify` reads).\n"
      "Exit status: 0 written, 2 unknown guardrail, missing or bad parameter, or an SCP over the limit.\n"
      "Examples:\n"
      "  iamwarden guardrails generate --list\n"
      "  iamwarden guardrails generate --baseline deny-root,protect-logging,deny-leave-org -o scps\n"
      "  iamwarden guardrails generate --baseline region-allowlist --regions eu-west-1,eu-central-1 \\\n"
      "      --break-glass arn:aws:iam::*:role/BreakGlass -o scps\n"
      "  iamwarden guardrails generate --baseline all --regions us-east-1 --protected-roles 'OrgAdmin*' -o scps\n"
      "  iamwarden test scps/*.test.json");
  g->callback([gen, &exit_code] {
    run_generate(*gen);
    exit_code = 0;
  });

  auto ver = std::make_shared<VerifyArgs>();
  CLI::App* v = cmd->add_subcommand(
      "verify", "What each generated guardrail blocks for a snapshot's principals, and whether it locks out break-glass");
  v->add_option("directory", ver->directory, "Folder written by guardrails generate (with guardrails.json)")->required();
  v->add_option("--snapshot", ver->snapshot, "Account snapshot (or a folder of them)")->required();
  v->add_option("--break-glass", ver->options.extra_break_glass,
                "More principals (ARN patterns) that must keep their access, beside the manifest's")
      ->type_name("ARN...");
  v->add_option("--threads", ver->options.threads, "Worker threads (default: all cores)");
  add_common_options(*v, ver->out, report::format_names(), FailOn::yes);
  add_filter_options(*v, ver->filter);
  v->footer(
      "Findings: guardrail-blocks (info) per guardrail, guardrail-locks-out (high) per principal that must keep\n"
      "access and would lose it.\n"
      "Exit status: 0 no lock-out (no finding at or above --fail-on), 1 a lock-out, 2 usage error or bad input.\n"
      "Examples:\n"
      "  iamwarden guardrails verify scps --snapshot snapshots/prod\n"
      "  iamwarden guardrails verify scps --snapshot snapshots/prod --break-glass arn:aws:iam::*:role/Ops --format json");
  v->callback([ver, &exit_code] { exit_code = run_verify(*ver); });
}

}  // namespace iw::cli
