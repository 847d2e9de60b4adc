// Data-driven access-analysis cases: tests/cases/access/<name>/case.txt says what to ask and
// the expected answer; the policies sit beside it (old.json and new.json for diff, policy.json
// for the checks):
//   command: diff | not-granted | no-public
//   kind: identity | resource | trust
//   action: A... / resource: R...   (not-granted)
//   expect: pass | fail | unknown
// Every `fail` counterexample is re-made from its contracts.md §4 fields and decided by the
// engine: the target policy allows it, and (diff) the old one does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "access/compare.h"
#include "access/external.h"
#include "eval/engine.h"
#include "policy/policy.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> all_cases() {
  std::vector<fs::path> out;
  const fs::path root = fs::path(IW_CASES_DIR) / "access";
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::directory_iterator(root)) {
    if (fs::exists(e.path() / "case.txt")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

access::PolicyInput load(const fs::path& p) {
  access::PolicyInput in;
  policy::ParseResult r = policy::parse_policy(slurp(p));
  EXPECT_TRUE(r.document.has_value()) << p;
  if (r.document) in.doc = std::move(*r.document);
  in.text = r.text;
  return in;
}

// The engine's decision on a counterexample under the policies it lists, with `swap` (if set)
// in place of the policy under test.
eval::Outcome decide(const access::Counterexample& c, const access::PolicyInput* swap, policy::Kind kind) {
  eval::PolicySet set;
  for (const std::string& t : c.identity_policies) set.identity.push_back(*policy::parse_policy(t).document);
  if (!c.resource_policy.empty()) set.resource = *policy::parse_policy(c.resource_policy).document;
  if (swap != nullptr) {
    if (kind == policy::Kind::identity) set.identity[0] = swap->doc;
    else set.resource = swap->doc;
  }
  eval::CompileError error;
  auto engine = eval::Engine::compile(set, error);
  EXPECT_TRUE(engine.has_value()) << error.message;
  auto req = eval::make_request(c.request);
  EXPECT_TRUE(req.value.has_value()) << req.error;
  if (!engine || !req) return eval::Outcome::implicit_deny;
  return engine->evaluate(*req.value).outcome;
}

class AccessCases : public ::testing::TestWithParam<fs::path> {};

TEST_P(AccessCases, AnswersAsExpected) {
  const fs::path dir = GetParam();
  std::map<std::string, std::string> meta;
  std::istringstream lines(slurp(dir / "case.txt"));
  for (std::string line; std::getline(lines, line);) {
    const std::size_t colon = line.find(": ");
    if (colon != std::string::npos) meta[line.substr(0, colon)] = line.substr(colon + 2);
  }
  const policy::Kind kind = *policy::parse_kind(meta["kind"]);
  access::Proof p;
  std::optional<access::PolicyInput> old_policy;
  access::PolicyInput target;
  if (meta["command"] == "diff") {
    old_policy = load(dir / "old.json");
    target = load(dir / "new.json");
    p = access::diff(*old_policy, target, kind);
  } else if (meta["command"] == "not-granted") {
    target = load(dir / "policy.json");
    p = access::check_not_granted(target, kind, words(meta["action"]), words(meta["resource"]));
  } else {
    target = load(dir / "policy.json");
    p = access::check_no_public(target, kind);
  }
  EXPECT_EQ(access::to_string(p.result), meta["expect"]) << dir.filename() << ": " << p.reason;
  if (meta.contains("reason")) {  // how the answer was reached (e.g. "SMT solver")
    EXPECT_NE(p.reason.find(meta["reason"]), std::string::npos) << dir.filename() << ": " << p.reason;
  }
  ASSERT_EQ(p.counterexample.has_value(), p.result == access::Result::fail) << p.reason;
  if (p.counterexample) {
    EXPECT_EQ(decide(*p.counterexample, nullptr, kind), eval::Outcome::allow) << "the counterexample is not allowed";
    if (old_policy) {
      EXPECT_NE(decide(*p.counterexample, &*old_policy, kind), eval::Outcome::allow) << "OLD allows the counterexample";
    }
    if (meta["command"] == "not-granted") {
      const auto actions = words(meta["action"]);
      const std::string& got = p.counterexample->request.action;
      EXPECT_TRUE(std::any_of(actions.begin(), actions.end(), [&](const std::string& a) {
        return a.back() == '*' ? got.rfind(a.substr(0, a.size() - 1), 0) == 0 : a == got;
      })) << got << " (AWS's spelling of a listed action)";
    }
  }
}

std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.filename().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, AccessCases, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace iw
