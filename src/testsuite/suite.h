// Policy unit tests as code (`iamwarden test`, docs/policy-tests.md).
//
// A suite file (YAML or JSON) names policy files by layer and lists cases: a request and the
// decision it must get. Three separable steps:
//
//   parse_suite()  text -> SuiteSpec. Pure: touches no file, so it can be fuzzed from memory.
//                  Checks the schema (unknown keys, missing fields, wrong types) and every
//                  request (make_request); errors are "file:line:column: message".
//   load_suite()   SuiteSpec -> LoadedSuite: reads and validates each policy file once (paths
//                  relative to the suite file), then compiles each distinct policy set once.
//                  The file reader is a parameter (tests pass an in-memory one).
//   run_suite()    evaluates every case and compares with its expectation; a failure carries
//                  the engine's explanation (denying layers, applicable statements with
//                  file:line:column).
//
// Writers for the results (text, JSON, JUnit XML) are in testsuite/output.h.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "eval/engine.h"
#include "eval/request.h"

namespace iw::testsuite {

template <class T>
using Result = eval::Result<T>;

// A 1-based line and column in the suite file (0 = unknown).
struct Location {
  int line = 0;
  int column = 0;
};

// One policy file as written in the suite.
struct PolicyFile {
  std::string path;  // as written (relative to the suite file's folder, or absolute)
  Location where;
};

// The files of one layer. identity/session: one level holding the list; boundary/resource: one
// level with at most one file; scp/rcp: one level per organization level, root first.
struct LayerFiles {
  bool set = false;  // the layer was written (a case's layer replaces the suite's)
  std::vector<std::vector<PolicyFile>> levels;
};

// Policy files by layer, indexed by eval::Layer.
struct PolicyFiles {
  std::array<LayerFiles, 6> layers;
  LayerFiles& operator[](eval::Layer l) { return layers[static_cast<std::size_t>(l)]; }
  const LayerFiles& operator[](eval::Layer l) const { return layers[static_cast<std::size_t>(l)]; }
};

enum class Expect : std::uint8_t { allow, deny, explicit_deny, implicit_deny };
std::string_view to_string(Expect e);
std::optional<Expect> parse_expect(std::string_view s);
// True when `outcome` satisfies `expect` (deny = explicit or implicit).
bool satisfies(eval::Outcome outcome, Expect expect);

struct CaseSpec {
  std::string name;
  std::string description;
  Location where;                         // of the case's mapping
  eval::Request request;                  // validated by make_request
  Expect expect = Expect::allow;
  std::optional<eval::LayerSet> denied_by;  // exact set of denying layers, when given
  PolicyFiles policies;                   // per-case layers (replace the suite's)
};

struct SuiteSpec {
  std::string file;  // the suite file's name as given (used in messages and reports)
  std::string name;  // "name:" or, by default, the file name
  std::string description;
  PolicyFiles policies;
  std::vector<CaseSpec> cases;
};

enum class Syntax : std::uint8_t { automatic, yaml, json };

struct ParseLimits {
  std::size_t max_bytes = 16u << 20;  // suite text
  std::size_t max_nodes = 200000;     // values in the tree (YAML aliases counted per use)
  std::size_t max_depth = 64;
};

// Parses a suite. `file` names it in messages; Syntax::automatic picks JSON for a name ending in
// ".json" and YAML otherwise. Never throws.
Result<SuiteSpec> parse_suite(std::string_view text, std::string_view file, Syntax syntax = Syntax::automatic,
                              const ParseLimits& limits = {});

// Reads a file: its bytes, or nullopt with `error` set (e.g. "No such file or directory").
using FileReader = std::function<std::optional<std::string>(const std::string& path, std::string& error)>;
// Reads from the filesystem.
std::optional<std::string> read_file(const std::string& path, std::string& error);

// One compiled policy set, shared by the cases that use it.
struct CompiledSet {
  eval::Engine engine;
  // Where each policy came from: its display path and text (for file:line:column).
  struct Origin {
    eval::PolicyRef ref;
    std::shared_ptr<const SourceText> source;
  };
  std::vector<Origin> origins;
  // "path:line:col" of an offset in policy `ref` ("" when unknown).
  std::string locate(const eval::PolicyRef& ref, std::uint32_t offset) const;
  // The display path of policy `ref` ("" when unknown).
  std::string file_of(const eval::PolicyRef& ref) const;
};

struct LoadedSuite {
  SuiteSpec spec;
  std::vector<CompiledSet> sets;
  std::vector<std::size_t> case_set;  // per case: index into sets
};

// Loads every policy file the suite names (relative paths resolved against the folder of
// spec.file) and compiles each distinct set. Errors name the suite file and line:column of the
// reference, or the policy file and line:column of the problem.
Result<LoadedSuite> load_suite(SuiteSpec spec, const FileReader& reader = read_file);

// parse_suite + load_suite of a suite file on disk.
Result<LoadedSuite> load_suite_file(const std::string& path, const FileReader& reader = read_file);

// One applicable statement, located.
struct MatchInfo {
  std::string policy;  // label: "identity[0]", "scp[1][0]", ...
  std::string file;    // display path of the policy file
  int line = 0, column = 0;
  std::uint32_t statement = 0;
  std::string sid;
  policy::Effect effect = policy::Effect::allow;
  eval::GrantClass grant = eval::GrantClass::none;
};

struct CaseResult {
  std::string name;
  std::string description;
  Location where;
  bool passed = false;
  Expect expected = Expect::allow;
  std::optional<eval::LayerSet> expected_denied_by;
  eval::Outcome outcome = eval::Outcome::implicit_deny;
  eval::LayerSet denied_by;
  std::vector<MatchInfo> matched;
  std::string summary;                   // failures: "expected deny, got allow"
  std::vector<std::string> explanation;  // lines: request, denying layers with reasons, statements
};

struct SuiteResult {
  std::string file;
  std::string name;
  std::vector<CaseResult> cases;
  std::size_t failures() const;
};

SuiteResult run_suite(const LoadedSuite& suite);

}  // namespace iw::testsuite
