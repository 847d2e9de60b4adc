// `iamwarden test`: running cases, explanations of failures, and the text / JSON / JUnit writers.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "json/json.h"
#include "testsuite/output.h"
#include "testsuite/suite.h"

namespace iw::testsuite {
namespace {

const char* kRead = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}
  ]
})";
const char* kScpDeny = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
  {"Effect": "Allow", "Action": "*", "Resource": "*"}]})";

const char* kSuite = R"(name: run <&> "test"
policies:
  identity_policies: [read.json]
  scps: [scp.json]
defaults:
  principal: arn:aws:iam::111122223333:user/a
  resource: arn:aws:s3:::data/x
cases:
  - name: reads
    action: s3:GetObject
    expect: allow
  - name: writes
    action: s3:PutObject
    expect: allow
  - name: deletes
    action: s3:DeleteObject
    expect: deny
    denied_by: [scp]
  - name: wrong layer
    action: s3:PutObject
    expect: implicit_deny
    denied_by: [boundary]
  - name: "bad <name> & \"quotes\" \x01 \t"
    action: s3:DeleteObject
    expect: implicit_deny
)";

LoadedSuite load(const std::string& suite = kSuite) {
  std::map<std::string, std::string> files = {{"t/s.yaml", suite}, {"t/read.json", kRead}, {"t/scp.json", kScpDeny}};
  auto r = load_suite_file("t/s.yaml", [&](const std::string& p, std::string& e) -> std::optional<std::string> {
    auto it = files.find(p);
    if (it == files.end()) {
      e = "missing";
      return std::nullopt;
    }
    return it->second;
  });
  EXPECT_TRUE(r) << r.error;
  return r ? std::move(*r.value) : LoadedSuite{};
}

bool contains(const std::vector<std::string>& lines, std::string_view needle) {
  for (const std::string& l : lines) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(TestSuiteRun, DecisionsAndExplanations) {
  const LoadedSuite suite = load();
  const SuiteResult r = run_suite(suite);
  ASSERT_EQ(r.cases.size(), 5u);
  EXPECT_EQ(r.failures(), 3u);
  EXPECT_EQ(r.file, "t/s.yaml");

  EXPECT_TRUE(r.cases[0].passed);
  ASSERT_FALSE(r.cases[0].matched.empty());
  EXPECT_EQ(r.cases[0].matched.back().file, "t/read.json");
  EXPECT_EQ(r.cases[0].matched.back().line, 4);
  EXPECT_EQ(r.cases[0].matched.back().column, 5);

  const CaseResult& writes = r.cases[1];
  EXPECT_FALSE(writes.passed);
  EXPECT_EQ(writes.summary, "expected allow, got implicit_deny");
  EXPECT_EQ(writes.outcome, eval::Outcome::implicit_deny);
  EXPECT_TRUE(contains(writes.explanation, "denied by identity: no identity-based policy allows the request"));

  const CaseResult& deletes = r.cases[2];
  EXPECT_TRUE(deletes.passed) << deletes.summary;
  EXPECT_EQ(deletes.outcome, eval::Outcome::explicit_deny);  // "deny" accepts an explicit deny

  const CaseResult& layer = r.cases[3];
  EXPECT_FALSE(layer.passed);
  EXPECT_EQ(layer.summary, "expected denied_by [boundary], got [identity]");

  const CaseResult& explicit_case = r.cases[4];
  EXPECT_FALSE(explicit_case.passed);
  EXPECT_EQ(explicit_case.summary, "expected implicit_deny, got explicit_deny");
  EXPECT_TRUE(contains(explicit_case.explanation, "denied by scp: a service control policy denies the request"));
  EXPECT_TRUE(contains(explicit_case.explanation, "scp[0][0] statement 0 (Sid \"NoDelete\"): Deny at t/scp.json:2:3"));
}

TEST(TestSuiteRun, TextOutput) {
  const std::vector<SuiteResult> results = {run_suite(load())};
  const std::string plain = write_text(results, false);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(plain.find("  \u2713 reads\n"), std::string::npos) << plain;
  EXPECT_NE(plain.find("  \u2717 writes\n      expected allow, got implicit_deny\n      case at t/s.yaml:12:5\n"),
            std::string::npos)
      << plain;
  EXPECT_NE(plain.find("1 suite, 5 cases: 2 passed, 3 failed"), std::string::npos);
  EXPECT_EQ(plain.find('\x01'), std::string::npos);  // control characters are not printed raw
  EXPECT_NE(write_text(results, true).find("\x1b[32m"), std::string::npos);
  // Passing cases are explained only when verbose.
  EXPECT_EQ(plain.find("Sid \"Read\""), std::string::npos);
  EXPECT_NE(write_text(results, false, true).find("Sid \"Read\""), std::string::npos);
}

TEST(TestSuiteRun, JsonOutput) {
  const std::string text = write_json({run_suite(load())});
  json::ParseError e;
  auto doc = json::parse(text, e);
  ASSERT_TRUE(doc) << e.message << "\n" << text;
  const json::Node* results = doc->member(doc->root(), "results");
  ASSERT_NE(results, nullptr);
  EXPECT_EQ(results->child_count, 5u);
  auto it = doc->children(*results).begin();
  ++it;
  const json::Node& second = *it;
  EXPECT_EQ(doc->member(second, "case")->text, "writes");
  EXPECT_FALSE(doc->member(second, "passed")->boolean);
  EXPECT_EQ(doc->member(second, "decision")->text, "implicit_deny");
  const json::Node* summary = doc->member(doc->root(), "summary");
  EXPECT_EQ(doc->member(*summary, "failed")->text, "3");
  EXPECT_EQ(doc->member(*summary, "passed")->text, "2");
}

// A small XML 1.0 well-formedness check: one root, matched tags, quoted attributes, known
// entities, no raw '<' or '&' in text, no control characters.
bool well_formed(const std::string& x, std::string& why) {
  std::size_t i = 0;
  if (x.rfind("<?xml ", 0) == 0) i = x.find("?>") + 2;
  std::vector<std::string> stack;
  int roots = 0;
  auto entity = [&](std::size_t at) {
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;", "&#13;", "&#9;"}) {
      if (x.compare(at, std::char_traits<char>::length(e), e) == 0) return std::char_traits<char>::length(e);
    }
    return std::size_t{0};
  };
  while (i < x.size()) {
    const unsigned char c = static_cast<unsigned char>(x[i]);
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') return why = "control character at " + std::to_string(i), false;
    if (c == '&') {
      const std::size_t n = entity(i);
      if (n == 0) return why = "bad entity at " + std::to_string(i), false;
      i += n;
      continue;
    }
    if (c == '>') return why = "raw '>' in text at " + std::to_string(i), false;
    if (c != '<') {
      if (stack.empty() && c != '\n' && c != ' ') return why = "text outside the root", false;
      ++i;
      continue;
    }
    const bool closing = x[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    std::string name;
    while (j < x.size() && (std::isalnum(static_cast<unsigned char>(x[j])) || x[j] == '_' || x[j] == '-')) name += x[j++];
    if (name.empty()) return why = "bad tag at " + std::to_string(i), false;
    if (closing) {
      if (stack.empty() || stack.back() != name || x[j] != '>') return why = "mismatched </" + name + ">", false;
      stack.pop_back();
      i = j + 1;
      continue;
    }
    // attributes
    while (true) {
      while (x[j] == ' ') ++j;
      if (x[j] == '>' || (x[j] == '/' && x[j + 1] == '>')) break;
      while (std::isalnum(static_cast<unsigned char>(x[j])) || x[j] == '_') ++j;
      if (x[j] != '=' || x[j + 1] != '"') return why = "bad attribute in <" + name + ">", false;
      j += 2;
      while (j < x.size() && x[j] != '"') {
        if (x[j] == '<') return why = "'<' in an attribute", false;
        if (x[j] == '&') {
          const std::size_t n = entity(j);
          if (n == 0) return why = "bad entity in an attribute", false;
          j += n;
        } else {
          if (static_cast<unsigned char>(x[j]) < 0x20) return why = "raw control character in an attribute", false;
          ++j;
        }
      }
      if (j >= x.size()) return why = "unterminated attribute", false;
      ++j;
    }
    if (stack.empty() && ++roots > 1) return why = "two roots", false;
    if (x[j] == '/') {
      i = j + 2;
    } else {
      stack.push_back(name);
      i = j + 1;
    }
  }
  if (!stack.empty()) return why = "unclosed <" + stack.back() + ">", false;
  return roots == 1 || (why = "no root", false);
}

TEST(TestSuiteRun, JunitOutputIsWellFormed) {
  const SuiteResult r = run_suite(load());
  const std::string x = write_junit({r, r});
  std::string why;
  EXPECT_TRUE(well_formed(x, why)) << why << "\n" << x;
  EXPECT_NE(x.find("<testsuites name=\"iamwarden test\" tests=\"10\" failures=\"6\" errors=\"0\">"), std::string::npos) << x;
  EXPECT_NE(x.find("<testsuite name=\"run &lt;&amp;&gt; &quot;test&quot;\" file=\"t/s.yaml\" tests=\"5\" failures=\"3\""),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<testcase classname=\"run &lt;&amp;&gt; &quot;test&quot;\" name=\"reads\" file=\"t/s.yaml\" line=\"9\"/>"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<failure type=\"policy-test\" message=\"expected allow, got implicit_deny\">"), std::string::npos);
  EXPECT_NE(x.find("name=\"bad &lt;name&gt; &amp; &quot;quotes&quot; \xEF\xBF\xBD &#9;\""), std::string::npos) << x;
  EXPECT_NE(x.find("Deny at t/scp.json:2:3"), std::string::npos);
  // The checker itself rejects broken XML.
  EXPECT_FALSE(well_formed("<a><b></a></b>", why));
  EXPECT_FALSE(well_formed("<a x=\"<\"/>", why));
  EXPECT_FALSE(well_formed("<a>&nbsp;</a>", why));
}

}  // namespace
}  // namespace iw::testsuite
