// Data-driven HCL cases (tests/cases/hcl):
//   tree/<name>.tf | .tf.json   parsed; <name>.expect.json is hcl::dump() of the file.
//   eval/<name>.tf | .tf.json   every top-level attribute evaluated; <name>.expect.json maps
//                               each attribute name to hcl::dump() of its value. References:
//                               var.X is the default of `variable "X"`, local.X the attribute X
//                               of a `locals` block (evaluated in the same scope), anything else
//                               unresolved. file()/templatefile() read from eval/.
//   errors/<name>.tf | .tf.json must not parse; <name>.expect is "name:line:column: message".
// IW_UPDATE_CASES=1 rewrites the expectations from the current output (review the diff!).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json_writer.h"
#include "hcl/hcl.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string kind;
  fs::path input;
  fs::path expect;
};

bool is_input(const fs::path& p) {
  std::string n = p.filename().string();
  return (n.size() > 3 && n.ends_with(".tf")) || n.ends_with(".tf.json");
}

std::string stem(const fs::path& p) {
  std::string n = p.filename().string();
  return n.substr(0, n.find('.'));
}

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (std::string kind : {"tree", "eval", "errors"}) {
    const fs::path dir = fs::path(IW_CASES_DIR) / "hcl" / kind;
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!is_input(entry.path())) continue;
      fs::path expect = dir / (stem(entry.path()) + (kind == "errors" ? ".expect" : ".expect.json"));
      out.push_back({kind, entry.path(), expect});
    }
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.input < b.input; });
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.input.string(); }

std::unique_ptr<hcl::File> load(const Case& c, hcl::ParseError& error) {
  std::string name = c.input.filename().string();
  if (name.ends_with(".tf.json")) return hcl::parse_json(name, slurp(c.input), error);
  return hcl::parse(name, slurp(c.input), error);
}

// var.X: the default of variable "X"; local.X: attribute X of a locals block.
class CaseScope final : public hcl::Scope {
 public:
  CaseScope(const hcl::File& file, const hcl::EvalOptions& options) : file_(file), options_(options) {}

  hcl::Resolved resolve(const hcl::Reference& ref) override {
    hcl::Value unresolved = hcl::Value::make_unknown(hcl::UnknownKind::reference, ref.text(), ref.where);
    if (ref.path.empty() || !ref.path[0].attr || (ref.root != "var" && ref.root != "local")) {
      return {unresolved, ref.path.size()};
    }
    const std::string& name = ref.path[0].key.text;
    if (ref.root == "var") {
      for (const auto* b : file_.body.blocks_of("variable")) {
        if (b->labels.size() == 1 && b->labels[0] == name) {
          if (const auto* d = b->body.attribute("default")) return {hcl::evaluate(*d->expr, *this, options_), 1};
        }
      }
      return {unresolved, 1};
    }
    for (const auto* b : file_.body.blocks_of("locals")) {
      if (const auto* a = b->body.attribute(name)) {
        if (++depth_ > 20) return {hcl::Value::make_unknown(hcl::UnknownKind::error, "cycle", ref.where), 1};
        hcl::Value v = hcl::evaluate(*a->expr, *this, options_);
        --depth_;
        return {v, 1};
      }
    }
    return {unresolved, 1};
  }

 private:
  const hcl::File& file_;
  const hcl::EvalOptions& options_;
  int depth_ = 0;
};

std::string actual_output(const Case& c) {
  hcl::ParseError error;
  auto file = load(c, error);
  if (c.kind == "errors") return file ? std::string("parsed without error\n") : error.to_string() + "\n";
  if (!file) return "parse error: " + error.to_string() + "\n";
  if (c.kind == "tree") return hcl::dump(*file) + "\n";
  hcl::EvalOptions options;
  options.base_dir = c.input.parent_path();
  options.tree_root = c.input.parent_path();
  CaseScope scope(*file, options);
  std::string out = "{";
  bool first = true;
  for (const auto& a : file->body.attributes) {
    std::string v = hcl::dump(hcl::evaluate(*a.expr, scope, options));
    std::string indented;
    for (char ch : v) {
      indented += ch;
      if (ch == '\n') indented += "  ";
    }
    JsonWriter key;
    key.value(a.name);
    out += std::string(first ? "" : ",") + "\n  " + std::move(key).take() + ": " + indented;
    first = false;
  }
  return out + "\n}\n";
}

class HclCases : public ::testing::TestWithParam<Case> {};

TEST_P(HclCases, Matches) {
  const Case& c = GetParam();
  std::string actual = actual_output(c);
  if (std::getenv("IW_UPDATE_CASES")) {
    std::ofstream(c.expect, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(c.expect)) << "missing " << c.expect;
  EXPECT_EQ(actual, slurp(c.expect)) << c.input;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.kind + "_" + info.param.input.filename().string();
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, HclCases, ::testing::ValuesIn(all_cases()), case_name);

TEST(HclCasesCoverage, EveryKindHasCases) {
  int tree = 0, eval = 0, errors = 0;
  for (const Case& c : all_cases()) (c.kind == "tree" ? tree : c.kind == "eval" ? eval : errors)++;
  EXPECT_GE(tree, 5);
  EXPECT_GE(eval, 5);
  EXPECT_GE(errors, 10);
}

}  // namespace
}  // namespace iw
