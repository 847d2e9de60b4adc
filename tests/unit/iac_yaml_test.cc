// load_yaml() (the event reader) against detail::load_yaml_graph() (yaml-cpp's node graph): on
// every document both must accept or refuse alike, with the same tree (values, keys, origins)
// or the same located error. Hand-written documents cover tags, anchors, aliases, keys, nulls
// and errors; generated ones mix them at random, under the default limits and under small ones.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "iac/tree.h"
#include "test_files.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

// Both readers on `text`: the events reader accepts exactly what the graph reader accepts, with
// the same tree; load_yaml() gives the graph reader's error. Returns whether it was accepted.
bool expect_same(const std::string& text, const iac::TreeLimits& limits = {}) {
  iac::Value events, graph, loaded;
  std::string graph_error, error;
  const bool events_ok = iac::detail::load_yaml_events("t.yaml", text, events, limits);
  const bool graph_ok = iac::detail::load_yaml_graph("t.yaml", text, graph, graph_error, limits);
  EXPECT_EQ(events_ok, graph_ok) << text << "\n" << graph_error;
  if (events_ok && graph_ok) {
    EXPECT_TRUE(events == graph) << text;
  }
  if (!graph_ok) {
    EXPECT_FALSE(iac::load_yaml("t.yaml", text, loaded, error, limits));
    EXPECT_EQ(error, graph_error);
  }
  return graph_ok;
}

TEST(IacYaml, ShortFormsBecomeLongForms) {
  iac::Value v;
  std::string error;
  ASSERT_TRUE(iac::load_yaml("t.yaml", "a: !GetAtt Role.Arn\nb: !Sub [x, {}]\nc: !Ref\n", v, error)) << error;
  const iac::Value* a = v.get("a");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(a->get("Fn::GetAtt"), nullptr);
  ASSERT_EQ(a->get("Fn::GetAtt")->items.size(), 2u);
  EXPECT_EQ(a->get("Fn::GetAtt")->items[1].text, "Arn");
  EXPECT_EQ(a->origin.line, 1);
  EXPECT_EQ(a->origin.column, 4);
  ASSERT_NE(v.get("b")->get("Fn::Sub"), nullptr);
  EXPECT_TRUE(v.get("b")->get("Fn::Sub")->is_list());
  ASSERT_NE(v.get("c")->get("Ref"), nullptr);
  EXPECT_EQ(v.get("c")->get("Ref")->text, "");
  EXPECT_EQ(v.origin.end_line, 3);
}

TEST(IacYaml, AgreesWithTheGraphReaderOnWrittenDocuments) {
  const std::vector<std::string> docs = {
      "",
      ",aA",  // yaml-cpp reads a null document (fuzz/corpus/cfn/comma-first)
      "# only a comment\n",
      "---\n",
      "--- x\n--- y\n",
      "x\n",
      "true\n",
      "[true, 'true', \"false\", True, FALSE, ~, null, '', !Ref true]\n",
      "a: 1\nb:\nc: ~\n? d\n: e\n",
      "a: {b: [1, 2, {c: d}], e: !If [x, !Ref y, !GetAtt z.w]}\n",
      "a: !GetAtt nodot\nb: !GetAtt [r, a]\nc: !GetAtt {x: y}\nd: !Custom v\ne: !!str s\n",
      "- &a [1, 2]\n- *a\n- &b !Ref x\n- *b\n- &c\n  k: *a\n- *c\n",
      "&k key: v\n*k : w\n",
      "&k !Ref key: v\nother: *k\n",
      "a: &x 1\nb: &x 2\nc: *x\n",
      "a: &n\nb: *n\n",
      "[a: b, c: d]\n",
      "{? [a]: b}\n",
      "[a]: b\n",
      "? {a: b}\n: c\n",
      "a: *missing\n",
      "a: &x [1, *x]\n",
      "a: &x {b: *x}\n",
      "a: [1, 2\n",
      "a: b: c\n",
      "a:\n  - b\n c\n",
      "a: 'unterminated\n",
      "!Ref [a, b]\n",
      "- !Sub\n  - x\n  - {a: b}\n- !Join [',', [a, b]]\n",
      "a: |\n  line 1\n  line 2\nb: >\n  folded\n  text\n",
      "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n"
      "        Statement:\n          - Effect: Allow\n            Principal: {Service: !Sub 'x.${AWS::URLSuffix}'}\n",
      "<<: {a: b}\nc: d\n",
      "a: !<tag:yaml.org,2002:str> x\n",
      "%TAG ! tag:example.com,2000:\n---\na: !Ref x\n",
      "\xef\xbb\xbf" "a: b\n",
      "a: b\r\nc: d\r\n",
  };
  int accepted = 0;
  for (const std::string& doc : docs) accepted += expect_same(doc) ? 1 : 0;
  EXPECT_GT(accepted, 20);
}

TEST(IacYaml, LimitsAreTheGraphReaders) {
  // "Billion laughs": every level nine aliases of the one before.
  std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    laughs += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) laughs += (k > 0 ? ", " : "") + prev;
    laughs += "]\n";
  }
  iac::Value v;
  std::string error;
  iac::TreeLimits fewer;  // the refusal of the default 2,000,000 nodes, sooner
  fewer.max_nodes = 100'000;
  EXPECT_FALSE(iac::load_yaml("t.yaml", laughs, v, error, fewer));
  EXPECT_EQ(error, "t.yaml:1:13: too large or nested too deeply");  // inside a copy of a0
  fewer.max_nodes = 5000;
  expect_same(laughs, fewer);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "[";
  expect_same(deep + "]\n");
  iac::TreeLimits small;
  small.max_nodes = 12;
  small.max_depth = 3;
  expect_same("a: &x [1, [2, 3]]\nb: *x\n", small);
  expect_same("a: &x [1, [2, 3]]\nb: [*x]\n", small);
  expect_same("a: &x [1, [2, 3]]\nb: *x\nc: *x\n", small);
  expect_same("a: !If [x, [y]]\n", small);
  expect_same("a: !If [x, [[y]]]\n", small);
}

// A random YAML document: block and flow collections, short-form and other tags, anchors and
// aliases of earlier nodes, quoted and plain scalars, nulls.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string document() {
    anchors_ = 0;
    std::string out;
    block(out, 0, 0);
    return out;
  }

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  std::string properties() {
    std::string p;
    if (pick(5) == 0) p += "&a" + std::to_string(++anchors_) + " ";
    static const char* const kTags[] = {"!Ref ", "!Sub ", "!GetAtt ", "!If ", "!Custom ", "!!str "};
    if (pick(4) == 0) p += kTags[pick(6)];
    return p;
  }

  std::string scalar() {
    static const char* const kScalars[] = {"x", "Role.Arn", "true", "False", "'true'", "\"q\"", "~", "null", "1", "a b"};
    if (anchors_ > 0 && pick(6) == 0) return "*a" + std::to_string(1 + pick(anchors_));
    return properties() + kScalars[pick(10)];
  }

  void flow(std::string& out, int depth) {
    if (depth > 3 || pick(3) == 0) {
      out += scalar();
      return;
    }
    out += properties();
    const bool map = pick(2) == 0;
    out += map ? "{" : "[";
    const std::size_t n = pick(4);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) out += ", ";
      if (map) out += "k" + std::to_string(pick(3)) + ": ";
      flow(out, depth + 1);
    }
    out += map ? "}" : "]";
  }

  void block(std::string& out, int indent, int depth) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    const bool map = pick(3) != 0;
    const std::size_t n = 1 + pick(4);
    for (std::size_t i = 0; i < n; ++i) {
      out += pad + (map ? "k" + std::to_string(pick(5)) + ":" : "-");
      const std::size_t what = depth > 3 ? pick(2) : pick(4);
      if (what == 0) {
        out += " " + scalar() + "\n";
      } else if (what == 1) {
        out += " ";
        flow(out, depth + 1);
        out += "\n";
      } else if (what == 2 && map) {
        out += "\n";  // a null value
      } else {
        if (pick(4) == 0) out += " " + properties();
        out += "\n";
        block(out, indent + 2, depth + 1);
      }
    }
  }

  std::mt19937 rng_;
  std::size_t anchors_ = 0;
};

TEST(IacYaml, AgreesWithTheGraphReaderOnGeneratedDocuments) {
  Generator gen(20261206);
  iac::TreeLimits small;
  small.max_nodes = 40;
  small.max_depth = 4;
  int accepted = 0, accepted_small = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string doc = gen.document();
    accepted += expect_same(doc) ? 1 : 0;
    accepted_small += expect_same(doc, small) ? 1 : 0;
  }
  // Both outcomes are exercised.
  EXPECT_GT(accepted, 1000);
  EXPECT_LT(accepted, 3000);
  EXPECT_GT(accepted_small, 300);
  EXPECT_LT(accepted_small, accepted);
}

TEST(IacYaml, AgreesWithTheGraphReaderOnTheRepositorysTemplates) {
  int seen = 0;
  for (const char* dir : {"tests/cases/iac", "fuzz/corpus/cfn", "examples"}) {
    const fs::path root = fs::path(IW_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      expect_same(test::read_file(e.path()));
      ++seen;
    }
  }
  EXPECT_GT(seen, 5);
}

}  // namespace
}  // namespace iw
