// Fuzz target: a CloudFormation / SAM template or a Terraform plan, as YAML and as JSON, from
// memory. Loading must return a tree or a located error; templates and plans that load are
// read into declarations and analyzed (every lint check, --paths through the audit), never
// crashing or hanging. The two YAML readers (tree.h, detail) must accept the same inputs and
// build the same trees, under the default limits and under small ones.
#include <cstdint>
#include <string>
#include <string_view>

#include "iac/analyze.h"
#include "iac/cfn.h"
#include "iac/plan.h"
#include "iac/tree.h"

namespace {

void run(const iw::iac::Value& root) {
  iw::iac::Declarations decl;
  const iw::iac::Environment env;
  if (iw::iac::is_plan(root)) {
    iw::iac::read_plan(root, env, decl);
  } else if (iw::iac::is_template(root)) {
    iw::iac::read_template(root, env, decl);
  } else {
    return;
  }
  iw::iac::AnalyzeOptions options;
  options.env = env;
  options.paths = decl.principals.size() < 50;
  (void)iw::iac::analyze(decl, options);
}

// Traps unless the events reader and the graph reader agree on `text`.
void check_readers(std::string_view text, const iw::iac::TreeLimits& limits) {
  iw::iac::Value events, graph;
  std::string error;
  const bool events_ok = iw::iac::detail::load_yaml_events("fuzz.yaml", text, events, limits);
  const bool graph_ok = iw::iac::detail::load_yaml_graph("fuzz.yaml", text, graph, error, limits);
  if (events_ok != graph_ok || (events_ok && !(events == graph))) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  iw::iac::TreeLimits small;
  small.max_nodes = 64;
  small.max_depth = 6;
  check_readers(text, small);
  check_readers(text, {});
  std::string error;
  iw::iac::Value yaml;
  if (iw::iac::load_yaml("fuzz.yaml", text, yaml, error)) run(yaml);
  iw::iac::Value json;
  if (iw::iac::load_json("fuzz.json", text, json, error)) run(json);
  return 0;
}
