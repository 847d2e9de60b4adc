// `iamwarden test SUITE...`: policy unit tests (docs/policy-tests.md). Every suite is loaded
// and checked before any case runs, so a bad suite or policy file stops the run with exit 2 and
// a file:line:column message. Exit 0 when every case passed, 1 when some case failed.
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/output.h"
#include "testsuite/output.h"
#include "testsuite/suite.h"

namespace iw::cli {

namespace {

struct TestOptions {
  OutputOptions out;
  std::vector<std::string> suites;
  bool verbose = false;
};

void run(const TestOptions& o, int& exit_code) {
  const std::string& format = o.out.format;
  std::vector<testsuite::LoadedSuite> loaded;
  for (const std::string& path : o.suites) {
    auto suite = testsuite::load_suite_file(path);
    if (!suite) throw InputError(suite.error);
    loaded.push_back(std::move(*suite.value));
  }
  std::vector<testsuite::SuiteResult> results;
  std::size_t cases = 0, failures = 0;
  for (const testsuite::LoadedSuite& s : loaded) {
    results.push_back(testsuite::run_suite(s));
    cases += results.back().cases.size();
    failures += results.back().failures();
  }
  std::string text;
  if (format == "json") text = testsuite::write_json(results);
  else if (format == "junit") text = testsuite::write_junit(results);
  else text = testsuite::write_text(results, use_color(o.out), o.verbose);
  write_output(o.out, text, count_of(cases, "case", "cases") + ", " + std::to_string(failures) + " failed");
  exit_code = failures > 0 ? 1 : 0;
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<TestOptions>();
  CLI::App* cmd = app.add_subcommand("test", "Run policy unit tests (expected allow/deny per request); JUnit output for CI");
  cmd->add_option("suites", opts->suites, "suite files (YAML, or JSON when the name ends in .json)")->required();
  add_common_options(*cmd, opts->out, {"text", "json", "junit"}, FailOn::no);
  cmd->add_flag("-v,--verbose", opts->verbose, "text: explain passing cases too");
  cmd->callback([opts, &exit_code] { run(*opts, exit_code); });
}

}  // namespace iw::cli
