// Data-driven decision cases: tests/cases/eval/*.json. Each file is
//   {"cases": [{"name": "...", "rule": "spec section / AWS doc page",
//               "request": {contracts.md §4 single form},
//               "expect": {"decision": "allow|explicit_deny|implicit_deny",
//                          "denied_by": [...], "matched": ["identity[0]#0", ...] (optional)}}]}
// Every case is evaluated by the engine and, independently, by the reference evaluator.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "eval/engine.h"
#include "eval/request_file.h"
#include "reference/eval_reference.h"
#include "test_files.h"

namespace iw::eval {
namespace {

namespace fs = std::filesystem;

using test::read_file;

std::string denied_text(const LayerSet& s) {
  std::string out;
  for (Layer l : s.list()) out += (out.empty() ? "" : ",") + std::string(to_string(l));
  return out;
}

struct Expect {
  std::string decision;
  std::string denied_by;
  std::optional<std::vector<std::string>> matched;
};

std::optional<Expect> read_expect(const json::Document& doc, const json::Node& n) {
  Expect e;
  const json::Node* d = doc.member(n, "decision");
  const json::Node* by = doc.member(n, "denied_by");
  if (d == nullptr || by == nullptr) return std::nullopt;
  e.decision = std::string(d->text);
  for (const json::Node& l : doc.children(*by)) e.denied_by += (e.denied_by.empty() ? "" : ",") + std::string(l.text);
  if (const json::Node* m = doc.member(n, "matched")) {
    e.matched.emplace();
    for (const json::Node& l : doc.children(*m)) e.matched->push_back(std::string(l.text));
  }
  return e;
}

// Runs one case; returns "" on success, else what went wrong.
std::string run_case(const json::Document& doc, const json::Node& c, const std::shared_ptr<const SourceText>& src) {
  const json::Node* req = doc.member(c, "request");
  const json::Node* exp = doc.member(c, "expect");
  const json::Node* rule = doc.member(c, "rule");
  if (req == nullptr || exp == nullptr || rule == nullptr || rule->text.empty()) {
    return "a case needs \"request\", \"expect\" and a non-empty \"rule\"";
  }
  auto expect = read_expect(doc, *exp);
  if (!expect) return "\"expect\" needs \"decision\" and \"denied_by\"";
  auto file = read_request(doc, *req, src);
  if (!file) return "bad request: " + file.error;
  if (file.value->batch) return "cases use the single request form";
  CompileError ce;
  auto engine = Engine::compile(file.value->policies, ce);
  if (!engine) return "compile error: " + describe(*file.value, ce);
  auto request = make_request(file.value->requests[0]);
  if (!request) return "bad request: " + request.error;
  const Decision d = engine->evaluate(*request.value);
  std::string problems;
  const std::string got = std::string(to_string(d.outcome)) + " [" + denied_text(d.denied_by) + "]";
  const std::string want = expect->decision + " [" + expect->denied_by + "]";
  if (got != want) problems += "engine: got " + got + ", want " + want + "; ";
  if (expect->matched) {
    std::vector<std::string> m;
    for (const Match& x : d.matched) m.push_back(label(x.policy) + "#" + std::to_string(x.statement));
    if (m != *expect->matched) {
      std::string s;
      for (const auto& x : m) s += x + " ";
      problems += "engine matched: " + s + "; ";
    }
  }
  const reference::RefDecision r = reference::evaluate(file.value->policies, file.value->requests[0]);
  const std::string ref = r.decision + " [" + r.denied_by + "]";
  if (ref != want) problems += "reference: got " + ref + "; ";
  return problems;
}

TEST(EvalCases, AllCasesDecideAsExpected) {
  const fs::path dir = fs::path(IW_CASES_DIR) / "eval";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::size_t total = 0;
  std::set<std::string> names;
  for (const fs::path& path : files) {
    auto src = std::make_shared<const SourceText>(path.filename().string(), read_file(path));
    json::ParseError err;
    auto doc = json::parse(src->text(), err);
    ASSERT_TRUE(doc) << path << ": " << err.message;
    const json::Node* cases = doc->member(doc->root(), "cases");
    ASSERT_NE(cases, nullptr) << path;
    for (const json::Node& c : doc->children(*cases)) {
      ++total;
      const json::Node* name = doc->member(c, "name");
      const std::string case_name = name ? std::string(name->text) : "#" + std::to_string(total);
      EXPECT_TRUE(names.insert(path.filename().string() + "/" + case_name).second)
          << path.filename() << ": duplicate case name " << case_name;
      const std::string problem = run_case(*doc, c, src);
      EXPECT_EQ(problem, "") << path.filename().string() << " / " << case_name;
    }
  }
  EXPECT_GE(total, 300u) << "expected at least 300 decision cases";
}

}  // namespace
}  // namespace iw::eval
