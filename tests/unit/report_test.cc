// Output writers (report/) and the JSON writer they share (core/json_writer).
//
// Golden files live in tests/golden/report/; regenerate them after an intended change with
//   IW_UPDATE_GOLDEN=1 build/.../iw_unit_tests --gtest_filter='Report*'
// and review the diff.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/json_writer.h"
#include "core/rules.h"
#include "report/report.h"

namespace iw {
namespace {

// ---------------------------------------------------------------------------------------------
// JsonWriter

std::string json_quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// Parses `text` with simdjson (which validates JSON grammar and UTF-8) or fails the test.
simdjson::dom::element parse_or_fail(simdjson::dom::parser& parser, const std::string& text) {
  simdjson::dom::element doc;
  const auto error = parser.parse(text).get(doc);
  EXPECT_EQ(error, simdjson::SUCCESS) << simdjson::error_message(error) << "\n" << text;
  return doc;
}

TEST(JsonWriter, CompactLayout) {
  JsonWriter w;
  w.begin_object().member("a", 1).key("b").begin_array().value("x").value(true).null();
  w.begin_object().end_object().begin_array().end_array().end_array().member("c", -2);
  w.end_object();
  EXPECT_TRUE(w.complete());
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x",true,null,{},[]],"c":-2})");
}

TEST(JsonWriter, PrettyLayoutIndentsTwoSpaces) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("a", 1).key("b").begin_array().value("x").begin_object();
  w.member("k", false).end_object().end_array().key("e").begin_object().end_object();
  w.key("f").begin_array().end_array().end_object();
  EXPECT_EQ(w.str(),
            "{\n"
            "  \"a\": 1,\n"
            "  \"b\": [\n"
            "    \"x\",\n"
            "    {\n"
            "      \"k\": false\n"
            "    }\n"
            "  ],\n"
            "  \"e\": {},\n"
            "  \"f\": []\n"
            "}");
}

TEST(JsonWriter, CompleteOnlyAfterOneWholeValue) {
  JsonWriter w;
  EXPECT_FALSE(w.complete());
  w.begin_array();
  EXPECT_FALSE(w.complete());
  w.end_array();
  EXPECT_TRUE(w.complete());
  JsonWriter scalar;
  scalar.value("only");
  EXPECT_TRUE(scalar.complete());
  EXPECT_EQ(scalar.str(), "\"only\"");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndEveryControlCharacter) {
  EXPECT_EQ(json_quoted("a\"b\\c/d"), R"("a\"b\\c/d")");
  EXPECT_EQ(json_quoted("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(json_quoted(std::string_view("\0", 1)), R"("\u0000")");
  EXPECT_EQ(json_quoted("\x01\x1f\x1b"), R"("\u0001\u001f\u001b")");
  EXPECT_EQ(json_quoted("\x7f"), "\"\x7f\"");  // DEL is allowed in JSON strings
  for (int c = 0; c < 0x20; ++c) {
    const std::string s(1, static_cast<char>(c));
    const std::string q = json_quoted(s);
    EXPECT_EQ(q.find(static_cast<char>(c), 1), std::string::npos) << c;
    simdjson::dom::parser parser;
    EXPECT_EQ(std::string(parse_or_fail(parser, q).get_string().value()), s) << c;
  }
}

TEST(JsonWriter, EscapesLineAndParagraphSeparators) {
  EXPECT_EQ(json_quoted("a\xE2\x80\xA8" "b\xE2\x80\xA9"), R"("a\u2028b\u2029")");
  EXPECT_EQ(json_quoted("\xE2\x80\xA7"), "\"\xE2\x80\xA7\"");  // U+2027 stays as it is
}

// Plain text is copied eight bytes at a time: a byte to escape or check at any position of a
// long string, and of each of its words, is still found.
TEST(JsonWriter, FindsASpecialByteAtEveryPositionOfALongString) {
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"\"", "\\\""},   {"\\", "\\\\"},         {"\n", "\\n"},
      {"\x1f", "\\u001f"}, {"\x7f", "\x7f"},         {"\x80", "\xEF\xBF\xBD"},
      {"\xC3\xA9", "\xC3\xA9"}, {"\xE2\x80\xA8", "\\u2028"}, {std::string("\0", 1), "\\u0000"}};
  for (const auto& [special, escaped] : specials) {
    for (std::size_t at = 0; at <= 40; ++at) {
      const std::string text = std::string(at, 'a').append(special).append(40 - at, 'z');
      const std::string expected = std::string(1, '"').append(at, 'a').append(escaped).append(40 - at, 'z').append(1, '"');
      EXPECT_EQ(json_quoted(text), expected) << testing::PrintToString(special) << " at " << at;
    }
  }
}

TEST(JsonWriter, KeepsValidUtf8) {
  const std::string s = "caf\xC3\xA9 \xE2\x86\x92 \xE6\x97\xA5 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
  EXPECT_EQ(json_quoted(s), "\"" + s + "\"");
  EXPECT_EQ(to_valid_utf8(s), s);
}

TEST(JsonWriter, ReplacesMaximalIllFormedSubpartsWithFffd) {
  const std::string r = "\xEF\xBF\xBD";
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases = {
      {"\xFF", r},
      {"a\x80z", "a" + r + "z"},                  // lone continuation
      {"\xC3", r},                                // truncated at the end
      {"\xE2\x82" "A", r + "A"},                  // truncated 3-byte sequence: one U+FFFD
      {"\xF0\x9F\x98", r},                        // truncated 4-byte sequence
      {"\xC0\xAF", r + r},                        // overlong '/'
      {"\xE0\x80\xAF", r + r + r},                // overlong 3-byte
      {"\xED\xA0\x80", r + r + r},                // UTF-16 surrogate
      {"\xF4\x90\x80\x80", r + r + r + r},        // above U+10FFFF
      {"\xF8\x88\x80\x80\x80", r + r + r + r + r},  // 5-byte form
      {"\xC3\xA9\xFE\xC3\xA9", "\xC3\xA9" + r + "\xC3\xA9"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(to_valid_utf8(c.in), c.out) << testing::PrintToString(c.in);
    EXPECT_EQ(json_quoted(c.in), "\"" + c.out + "\"") << testing::PrintToString(c.in);
  }
}

TEST(JsonWriter, Numbers) {
  JsonWriter w;
  w.begin_array().value(0).value(-42).value(std::numeric_limits<std::int64_t>::min());
  w.value(std::numeric_limits<std::uint64_t>::max()).value(std::size_t{7}).value(0.5);
  w.value(1e300).value(-2.5e-7).value(std::numeric_limits<double>::quiet_NaN());
  w.value(std::numeric_limits<double>::infinity()).end_array();
  EXPECT_EQ(w.str(),
            "[0,-42,-9223372036854775808,18446744073709551615,7,0.5,1e+300,-2.5e-07,null,null]");
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parse_or_fail(parser, w.str());
  EXPECT_EQ(double(doc.at(7)), -2.5e-7);
}

TEST(JsonWriter, StringArrayMember) {
  JsonWriter w;
  w.begin_object().member("c", std::vector<std::string>{"a", "b"}).end_object();
  EXPECT_EQ(w.str(), R"({"c":["a","b"]})");
}

// Random byte strings (half of them valid UTF-8 text, half arbitrary bytes) as keys and values:
// the output must always parse, and decode to the input with ill-formed parts replaced.
TEST(JsonWriter, RoundTripsRandomBytesThroughSimdjson) {
  std::mt19937 rng(20261101);
  const std::vector<std::string> pieces = {"a", "\"", "\\", "\n", std::string("\0", 1), "\x1f",
                                           "\xC3\xA9", "\xE2\x80\xA8", "\xF0\x9F\x98\x80", "/",
                                           "\x7f", "{", "]", ":"};
  simdjson::dom::parser parser;
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> strings;
    for (int k = 0; k < 6; ++k) {
      std::string s;
      const int len = static_cast<int>(rng() % 12);
      for (int i = 0; i < len; ++i) {
        if (round % 2 == 0) s += pieces[rng() % pieces.size()];
        else s += static_cast<char>(rng() & 0xFF);
      }
      strings.push_back(std::move(s));
    }
    for (auto style : {JsonWriter::Style::compact, JsonWriter::Style::pretty}) {
      JsonWriter w(style);
      w.begin_object();
      for (std::size_t k = 0; k + 1 < strings.size(); k += 2) {
        w.key(strings[k] + std::to_string(k)).begin_array().value(strings[k + 1]).end_array();
      }
      w.end_object();
      ASSERT_TRUE(w.complete());
      simdjson::dom::element doc = parse_or_fail(parser, w.str());
      std::size_t k = 0;
      for (auto [key, value] : simdjson::dom::object(doc)) {
        EXPECT_EQ(std::string(key), to_valid_utf8(strings[k] + std::to_string(k)));
        EXPECT_EQ(std::string(value.at(0).get_string().value()), to_valid_utf8(strings[k + 1]));
        k += 2;
      }
      EXPECT_EQ(k, strings.size());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report writers

std::string golden_path(std::string_view name) {
  return std::string(IW_SOURCE_DIR) + "/tests/golden/report/" + std::string(name);
}

void expect_golden(std::string_view name, const std::string& actual) {
  const std::string path = golden_path(name);
  const char* update = std::getenv("IW_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (run with IW_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "output differs from " << path
                                    << " (after an intended change: IW_UPDATE_GOLDEN=1)";
}

Finding located(std::string_view id, std::string message, std::string file, int line, int column,
                int statement, std::string sid, std::string snippet) {
  Finding f = make_finding(id, std::move(message));
  f.account = "111122223333";
  f.resource = file;
  f.location = Location{std::move(file), line, column, statement, std::move(sid)};
  f.snippet = std::move(snippet);
  return f;
}

// A fixed set covering the awkward cases: unicode columns and paths, no location, unregistered
// ids, formula-like cells, control characters, ill-formed UTF-8, markup, a long minified line.
std::vector<Finding> sample_findings() {
  std::vector<Finding> v;
  v.push_back(located("admin-wildcard", "Statement \"Admin\" allows \"*\" on \"*\"",
                      "policies/admin.json", 4, 17, 0, "Admin", "      \"Action\": \"*\","));
  v.push_back(located("admin-wildcard", "Statement \"Admin2\" allows \"*\" on \"*\"",
                      "policies/admin.json", 12, 7, 1, "Admin2", ""));
  v.push_back(located("redundant-action",
                      "bad \x1b[31mred\x07 \xFF\xFE <tag> & 'q' ]]> \xE2\x80\xAE" "evil\nsecond line",
                      "policies/admin.json", 9, 5, 2, "", "\t\t\"s3:GetObject\",\r"));
  v.push_back(located("service-wildcard", "Action \"s3:*\" allows every S3 action, even future ones",
                      "policies/\xC3\xBCn\xC3\xAF code,\"q\" #1%.json", 3, 30, 0, "",
                      "\t\"Sid\": \"Caf\xC3\xA9\xE2\x86\x92\xE6\x97\xA5\xE6\x9C\xAC\", "
                      "\"Action\": \"s3:*\""));
  v.push_back(located("unknown-action", "=HYPERLINK(\"http://evil.example\",\"click\")",
                      "-cmd.json", 2, 0, -1, "", "  \"Action\": \"=cmd\""));
  v.back().message = "=HYPERLINK(\"http://evil.example\",\"click\")";
  v.back().compliance = {"+SUM(1)", "@x"};
  std::string minified = "{\"Version\":\"2012-10-17\",\"Statement\":[";
  while (minified.size() < 300) minified += "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"},";
  v.push_back(located("missing-version", "Policy has no Version element (seen at line 1)",
                      "min.json", 1, 200, -1, "", minified));
  Finding root;
  root.id = "root-mfa-disabled";  // an audit id not (yet) in the registry
  root.severity = Severity::critical;
  root.title = "Root user has no MFA";
  root.message = "The root user of account 111122223333 has no MFA device";
  root.account = "111122223333";
  root.resource = "arn:aws:iam::111122223333:root";
  root.remediation = "Enable a hardware MFA device for the root user.";
  root.compliance = {"CIS-AWS-3.0:1.5", "SecurityHub:IAM.9"};
  v.push_back(root);
  return v;
}

report::ReportInput sample_input() {
  report::ReportInput in;
  in.tool.version = "0.0.0-test";
  in.tool.catalog = "0.21.0-test";
  in.findings = sample_findings();
  in.files = {"policies/admin.json", "policies/clean.json", "min.json"};
  in.policy_count = 4;
  in.notes = {{"policies/admin.json", "identity policy, inferred"}, {"min.json", "scp"}};
  return in;
}

report::ReportInput empty_input() {
  report::ReportInput in;
  in.tool.version = "0.0.0-test";
  in.tool.catalog = "0.21.0-test";
  in.files = {"policies/clean.json"};
  in.policy_count = 1;
  return in;
}

TEST(ReportGolden, Text) { expect_golden("findings.txt", report::write_text(sample_input(), false)); }
TEST(ReportGolden, TextColor) {
  expect_golden("findings.color.txt", report::write_text(sample_input(), true));
}
TEST(ReportGolden, Json) { expect_golden("findings.json", report::write_json(sample_input())); }
TEST(ReportGolden, Sarif) { expect_golden("findings.sarif", report::write_sarif(sample_input())); }
TEST(ReportGolden, Csv) { expect_golden("findings.csv", report::write_csv(sample_input())); }
TEST(ReportGolden, Junit) { expect_golden("findings.junit.xml", report::write_junit(sample_input())); }
TEST(ReportGolden, Empty) {
  expect_golden("empty.txt", report::write_text(empty_input(), false));
  expect_golden("empty.json", report::write_json(empty_input()));
  expect_golden("empty.sarif", report::write_sarif(empty_input()));
  expect_golden("empty.junit.xml", report::write_junit(empty_input()));
}

TEST(Report, OutputDoesNotDependOnInputOrder) {
  report::ReportInput in = sample_input();
  const std::string json = report::write_json(in);
  const std::string text = report::write_text(in, false);
  std::reverse(in.findings.begin(), in.findings.end());
  EXPECT_EQ(report::write_json(in), json);
  EXPECT_EQ(report::write_text(in, false), text);
}

TEST(Report, JsonFollowsContract) {
  const std::string text = report::write_json(sample_input());
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parse_or_fail(parser, text);
  std::vector<std::string> top;
  for (auto [key, value] : simdjson::dom::object(doc)) top.emplace_back(key);
  EXPECT_EQ(top, (std::vector<std::string>{"tool", "findings", "summary"}));
  EXPECT_EQ(std::string(doc["tool"]["name"].get_string().value()), "iamwarden");
  const std::vector<std::string> all_fields = {"id",       "severity", "title",
                                               "message",  "account",  "resource",
                                               "location", "remediation", "compliance"};
  std::size_t with_location = 0;
  for (simdjson::dom::element f : doc["findings"].get_array()) {
    std::vector<std::string> fields;
    for (auto [key, value] : simdjson::dom::object(f)) fields.emplace_back(key);
    std::vector<std::string> expected = all_fields;
    if (f["location"].error() != simdjson::SUCCESS) {
      expected.erase(expected.begin() + 6);
    } else {
      ++with_location;
      simdjson::dom::object loc = f["location"].get_object();
      for (auto [key, value] : loc) {
        if (key == "statement") {
          EXPECT_GE(int64_t(value), 0);
        } else if (key == "sid") {
          EXPECT_FALSE(std::string_view(value).empty());
        } else if (key == "line" || key == "column") {
          EXPECT_GE(int64_t(value), 1);
        }
      }
    }
    EXPECT_EQ(fields, expected);
    EXPECT_TRUE(parse_severity(std::string_view(f["severity"])).has_value());
  }
  EXPECT_EQ(with_location, 6u);
  const std::vector<std::string> severities = {"critical", "high", "medium", "low", "info"};
  std::vector<std::string> summary_keys;
  int64_t total = 0;
  for (auto [key, value] : simdjson::dom::object(doc["summary"])) {
    summary_keys.emplace_back(key);
    total += int64_t(value);
  }
  EXPECT_EQ(summary_keys, severities);
  EXPECT_EQ(total, 7);
  EXPECT_EQ(int64_t(doc["summary"]["critical"]), 3);
}

TEST(Report, SarifResultsAllHaveLocationsAndMatchingRules) {
  const std::string text = report::write_sarif(sample_input());
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parse_or_fail(parser, text);
  EXPECT_EQ(std::string_view(doc["version"]), "2.1.0");
  simdjson::dom::element run = doc["runs"].at(0);
  simdjson::dom::array rules = run["tool"]["driver"]["rules"].get_array();
  std::set<std::string_view> rule_ids;
  for (simdjson::dom::element r : rules) {
    EXPECT_TRUE(rule_ids.insert(std::string_view(r["id"])).second) << "duplicate rule";
    EXPECT_FALSE(std::string_view(r["shortDescription"]["text"]).empty());
    EXPECT_FALSE(std::string_view(r["help"]["markdown"]).empty());
    const double security = std::stod(std::string(std::string_view(r["properties"]["security-severity"])));
    EXPECT_GE(security, 0.0);
    EXPECT_LE(security, 10.0);
  }
  std::size_t results = 0;
  for (simdjson::dom::element r : run["results"].get_array()) {
    ++results;
    const uint64_t index = uint64_t(r["ruleIndex"]);
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(std::string_view(rules.at(index)["id"]), std::string_view(r["ruleId"]));
    const std::string_view level = r["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    EXPECT_FALSE(std::string_view(r["message"]["text"]).empty());
    simdjson::dom::array locations = r["locations"].get_array();
    ASSERT_EQ(locations.size(), 1u);
    simdjson::dom::element physical = locations.at(0)["physicalLocation"];
    const std::string_view uri = physical["artifactLocation"]["uri"];
    EXPECT_FALSE(uri.empty());
    EXPECT_EQ(uri.find(':'), std::string_view::npos) << uri;  // relative: no scheme
    EXPECT_EQ(uri.find(' '), std::string_view::npos) << uri;
    EXPECT_GE(int64_t(physical["region"]["startLine"]), 1);
    const std::string_view fp = r["partialFingerprints"]["iamwarden/v1"];
    EXPECT_EQ(fp.size(), 16u);
  }
  EXPECT_EQ(results, 7u);
  EXPECT_EQ(rule_ids.size(), 6u);  // one per id used
}

std::string fingerprint_of(const Finding& f) {
  report::ReportInput in;
  in.findings = {f};
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parse_or_fail(parser, report::write_sarif(in));
  return std::string(std::string_view(doc["runs"].at(0)["results"].at(0)["partialFingerprints"]["iamwarden/v1"]));
}

TEST(Report, SarifFingerprintSurvivesMovedLinesOnly) {
  Finding f = located("duplicate-sid", "Sid \"A\" is also used at line 4", "p.json", 9, 3, 2, "A",
                      "");
  const std::string base = fingerprint_of(f);
  Finding moved = f;
  moved.location->line = 19;
  moved.location->column = 5;
  moved.message = "Sid \"A\" is also used at line 14";
  EXPECT_EQ(fingerprint_of(moved), base);
  Finding other = f;
  other.location->sid = "B";
  EXPECT_NE(fingerprint_of(other), base);
  Finding other_resource = f;
  other_resource.resource = "q.json";
  EXPECT_NE(fingerprint_of(other_resource), base);
}

TEST(Report, CsvQuotesAndGuardsFormulas) {
  const std::string csv = report::write_csv(sample_input());
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "id,severity,title,message,account,resource,file,line,column,remediation,compliance");
  EXPECT_NE(csv.find(R"x("'=HYPERLINK(""http://evil.example"",""click"")")x"), std::string::npos);
  EXPECT_NE(csv.find(",'-cmd.json,'-cmd.json,2,,"), std::string::npos);
  EXPECT_NE(csv.find(",'+SUM(1);@x\r\n"), std::string::npos);
  EXPECT_EQ(csv.find('\x1b'), std::string::npos);  // controls become U+FFFD
  EXPECT_NE(csv.find("bad \xEF\xBF\xBD[31mred\xEF\xBF\xBD"), std::string::npos);
  // Every record ends in CRLF; a bare LF only appears inside a quoted cell.
  std::size_t records = 0;
  bool in_quotes = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '"') in_quotes = !in_quotes;
    if (!in_quotes && csv[i] == '\n') {
      EXPECT_EQ(csv[i - 1], '\r');
      ++records;
    }
  }
  EXPECT_FALSE(in_quotes);
  EXPECT_EQ(records, 8u);
  report::ReportInput in;
  Finding f;
  f.id = "x";
  f.message = "\tTAB";
  f.resource = "\rCR";
  in.findings = {f};
  const std::string one = report::write_csv(in);
  EXPECT_NE(one.find("'\tTAB,,\"'\rCR\""), std::string::npos) << one;
}

TEST(Report, JunitEscapesMarkupAndDropsCharactersXmlCannotHold) {
  const std::string xml = report::write_junit(sample_input());
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
  EXPECT_EQ(xml.find('\x07'), std::string::npos);
  EXPECT_NE(xml.find("&lt;tag&gt; &amp; 'q' ]]&gt;"), std::string::npos);
  EXPECT_NE(xml.find("name=\"admin-wildcard\""), std::string::npos);
  EXPECT_NE(xml.find("(2 occurrences)"), std::string::npos);
  EXPECT_NE(xml.find("code,&quot;q&quot;"), std::string::npos);
  EXPECT_NE(xml.find("name=\"no findings\""), std::string::npos);  // clean.json passes
}

TEST(Report, TextIsPlainWithoutColorAndNeutralizesTerminalEscapes) {
  const std::string plain = report::write_text(sample_input(), false);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_EQ(plain.find('\x07'), std::string::npos);
  EXPECT_EQ(plain.find("\xE2\x80\xAE"), std::string::npos);  // no raw bidi override
  EXPECT_NE(plain.find("\\x1b[31mred\\x07"), std::string::npos);
  EXPECT_NE(plain.find("policies/admin.json:4:17  critical  admin-wildcard  "), std::string::npos);
  EXPECT_NE(plain.find("7 findings (3 critical, 0 high, 0 medium, 3 low, 1 info)"),
            std::string::npos)
      << plain;
  const std::string color = report::write_text(sample_input(), true);
  EXPECT_NE(color.find("\x1b[1madmin-wildcard\x1b[0m"), std::string::npos);
}

TEST(Report, TextCaretCountsCodePoints) {
  report::ReportInput in;
  in.findings = {located("unknown-action", "m", "p.json", 1, 5, -1, "",
                         "\xC3\xA9\xE2\x86\x92\xF0\x9F\x98\x80" "ab")};
  const std::string text = report::write_text(in, false);
  // 4 code points before the caret: é (1 column), → (1), 😀 (2 columns, wide), 'a'.
  EXPECT_NE(text.find("  1 | \xC3\xA9\xE2\x86\x92\xF0\x9F\x98\x80" "ab\n    |      ^\n"),
            std::string::npos)
      << text;
}

TEST(Report, EmptyTextSaysNoFindings) {
  EXPECT_EQ(report::write_text(empty_input(), false), "no findings; scanned 1 file, 1 policy\n");
}

TEST(Report, ParseFormatAndDispatch) {
  EXPECT_EQ(report::parse_format("SARIF"), report::Format::sarif);
  EXPECT_EQ(report::parse_format("junit"), report::Format::junit);
  EXPECT_EQ(report::parse_format("xml"), std::nullopt);
  for (auto format : {report::Format::text, report::Format::json, report::Format::sarif,
                      report::Format::csv, report::Format::junit}) {
    EXPECT_EQ(report::parse_format(report::to_string(format)), format);
    EXPECT_FALSE(report::write(format, sample_input()).empty());
  }
  EXPECT_EQ(report::write(report::Format::json, sample_input()), report::write_json(sample_input()));
}

TEST(Report, SummaryAndFailOn) {
  const std::vector<Finding> findings = sample_findings();
  const report::Summary s = report::summary(findings);
  EXPECT_EQ(s.total(), findings.size());
  EXPECT_EQ(s.count(Severity::critical), 3u);
  EXPECT_EQ(s.count(Severity::high), 0u);
  EXPECT_TRUE(report::any_at_or_above(findings, Severity::critical));
  std::vector<Finding> low_only = {make_finding("duplicate-sid", "x")};
  EXPECT_TRUE(report::any_at_or_above(low_only, Severity::low));
  EXPECT_FALSE(report::any_at_or_above(low_only, Severity::medium));
  EXPECT_FALSE(report::any_at_or_above(std::vector<Finding>{}, Severity::info));
}

}  // namespace
}  // namespace iw

namespace iw {
namespace {

// Many findings sharing resources, ids and long message prefixes (a Sigma rule firing on most
// events): sort_findings() takes its fast path and must give the comparator's stable order.
std::vector<Finding> many_findings(std::size_t n) {
  std::mt19937 rng(7);
  std::vector<Finding> out;
  for (std::size_t i = 0; i < n; ++i) {
    Finding f;
    f.resource = "arn:aws:sts::111122223333:assumed-role/role-" + std::to_string(rng() % 7) + "/session";
    f.id = rng() % 3 == 0 ? "sigma:b" : "sigma:a";
    f.message = f.resource + " called sts:AssumeRole at 2026-11-0" + std::to_string(rng() % 3) + " #" + std::to_string(rng() % 50);
    if (rng() % 5 == 0) {
      Location loc;
      loc.file = "f";
      loc.line = static_cast<int>(rng() % 2);
      f.location = loc;
    }
    f.remediation = std::to_string(i);  // tells equal findings apart: stability
    out.push_back(std::move(f));
  }
  return out;
}

TEST(SortFindings, ManyFindingsInTheComparatorsStableOrder) {
  std::vector<Finding> fast = many_findings(20000);
  std::vector<Finding> slow = fast;
  std::stable_sort(slow.begin(), slow.end(), [](const Finding& a, const Finding& b) {
    const int al = a.location ? a.location->line : 0, bl = b.location ? b.location->line : 0;
    return std::tie(a.resource, al, a.id, a.message) < std::tie(b.resource, bl, b.id, b.message);
  });
  EXPECT_FALSE(findings_sorted(fast));
  sort_findings(fast);
  ASSERT_EQ(fast.size(), slow.size());
  for (std::size_t i = 0; i < fast.size(); ++i) ASSERT_EQ(fast[i].remediation, slow[i].remediation) << i;
  EXPECT_TRUE(findings_sorted(fast));
}

TEST(ReportJson, StreamedInPiecesEqualsTheWholeText) {
  report::ReportInput input;
  input.findings = many_findings(10000);
  const std::string whole = report::write_json(input);
  ASSERT_GT(whole.size(), std::size_t{2} << 20);
  std::string streamed;
  int pieces = 0;
  report::write(report::Format::json, input, false, [&](std::string_view piece) {
    streamed.append(piece);
    ++pieces;
  });
  EXPECT_EQ(streamed, whole);
  EXPECT_GT(pieces, 2);  // never the whole text in one piece
  sort_findings(input.findings);  // already sorted: written without a copy, the same text
  EXPECT_EQ(report::write_json(input), whole);
}

// The text report from a source of sorted findings (trail detect's spilled ones) equals the
// report of the same findings held, in pieces of at most about 1 MiB.
TEST(ReportText, FromASourceEqualsTheHeldFindings) {
  report::ReportInput input;
  input.findings = many_findings(10000);
  const std::string whole = report::write_text(input, false);
  ASSERT_GT(whole.size(), std::size_t{1} << 20);
  std::vector<Finding> sorted = input.findings;
  sort_findings(sorted);
  std::string streamed;
  int pieces = 0;
  report::write_text(
      report::ReportInput{}, [&](const std::function<void(const Finding&)>& fn) { std::for_each(sorted.begin(), sorted.end(), fn); },
      report::summary(sorted), false, [&](std::string_view piece) {
        streamed.append(piece);
        ++pieces;
      });
  EXPECT_EQ(streamed, whole);
  EXPECT_GT(pieces, 1);
}

// Every format written from a source of findings (trail detect's spool) equals the one written
// from the findings held: one finding at a time (json, text, csv, asff, ocsf), a resource at a
// time (junit) or gathered in part (sarif: 26,000 findings take its grouped path; html).
TEST(ReportFormats, FromASourceEqualTheHeldFindings) {
  report::ReportInput input;
  input.findings = many_findings(26000);
  for (std::size_t i = 0; i < input.findings.size(); i += 3) input.findings[i].title = "title " + std::to_string(i % 7);
  for (std::size_t i = 0; i < input.findings.size(); i += 11) input.findings[i].message.clear();
  std::vector<Finding> sorted = input.findings;
  sort_findings(sorted);
  report::ReportInput meta = input;
  meta.findings.clear();
  for (report::Format format : {report::Format::json, report::Format::text, report::Format::csv, report::Format::sarif,
                                report::Format::junit, report::Format::asff, report::Format::ocsf, report::Format::html}) {
    const std::string whole = report::write(format, input, false);
    std::string streamed;
    report::write(
        format, meta, [&](const std::function<void(const Finding&)>& fn) { std::for_each(sorted.begin(), sorted.end(), fn); },
        report::summary(sorted), false, [&](std::string_view piece) { streamed.append(piece); });
    EXPECT_EQ(streamed.size(), whole.size()) << report::to_string(format);
    EXPECT_TRUE(streamed == whole) << report::to_string(format);
  }
}

// Over GitHub's 25,000 results SARIF groups findings by rule and file, and when even those groups
// are too many, by rule: every finding is still there exactly once, as a location of a result of
// its rule, at most 1,000 per result, results in rule order with distinct fingerprints.
void expect_grouped(const std::string& sarif, const std::vector<Finding>& findings, std::size_t results_expected) {
  std::map<std::string, std::multiset<std::string>> want;  // rule -> messages
  for (const Finding& f : findings) want[f.id].insert(f.message);
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parse_or_fail(parser, sarif);
  std::map<std::string, std::multiset<std::string>> got;
  std::set<std::string> fingerprints;
  std::string last_rule;
  std::size_t results = 0;
  for (simdjson::dom::element r : doc["runs"].at(0)["results"].get_array()) {
    ++results;
    const std::string rule(std::string_view(r["ruleId"].get_string()));
    EXPECT_LE(last_rule, rule);
    last_rule = rule;
    fingerprints.insert(std::string(std::string_view(r["partialFingerprints"]["iamwarden/v1"].get_string())));
    simdjson::dom::array related;
    if (r["relatedLocations"].get(related) != simdjson::SUCCESS) {
      got[rule].insert(std::string(std::string_view(r["message"]["text"].get_string())));
      continue;
    }
    EXPECT_LE(related.size(), 1000U);
    for (simdjson::dom::element l : related) got[rule].insert(std::string(std::string_view(l["message"]["text"].get_string())));
  }
  EXPECT_EQ(results, results_expected);
  EXPECT_EQ(fingerprints.size(), results);
  EXPECT_TRUE(got == want);
}

TEST(ReportSarif, GroupsEveryFindingOnceByRuleAndFile) {
  std::vector<Finding> findings = many_findings(26000);  // 7 resources and one file: groups by rule and file
  std::map<std::pair<std::string, std::string>, std::size_t> sizes;
  for (const Finding& f : findings) ++sizes[{f.id, f.location ? f.location->file : f.resource}];
  std::size_t results = 0;
  for (const auto& [group, n] : sizes) results += (n + 999) / 1000;
  report::ReportInput input;
  input.findings = findings;
  expect_grouped(report::write_sarif(input), findings, results);
}

TEST(ReportSarif, GroupsByRuleWhenTheFilesAreTooMany) {
  std::vector<Finding> findings = many_findings(26000);
  for (std::size_t i = 0; i < findings.size(); ++i) {  // a file each: 26,000 groups by rule and file
    findings[i].location = Location{};
    findings[i].location->file = "AWSLogs/" + std::to_string(i % 9973) + "-" + std::to_string(i) + ".json.gz";
  }
  std::map<std::string, std::size_t> sizes;
  for (const Finding& f : findings) ++sizes[f.id];
  std::size_t results = 0;
  for (const auto& [id, n] : sizes) results += (n + 999) / 1000;
  report::ReportInput input;
  input.findings = findings;
  const std::string sarif = report::write_sarif(input);
  expect_grouped(sarif, findings, results);
  // A rule's findings are listed by file.
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parse_or_fail(parser, sarif);
  std::string previous_rule, previous_uri;
  for (simdjson::dom::element r : doc["runs"].at(0)["results"].get_array()) {
    const std::string rule(std::string_view(r["ruleId"].get_string()));
    for (simdjson::dom::element l : r["relatedLocations"].get_array()) {
      const std::string uri(std::string_view(l["physicalLocation"]["artifactLocation"]["uri"].get_string()));
      if (rule == previous_rule) {
        EXPECT_LE(previous_uri, uri);
      }
      previous_rule = rule;
      previous_uri = uri;
    }
  }
}

// The page lists at most html_limit findings: the most severe, in report order within a severity,
// and says how many it leaves out; the overview counts every finding.
TEST(ReportHtml, ListsTheMostSevereUpToItsLimit) {
  std::mt19937 rng(3);
  report::ReportInput input;
  input.findings = many_findings(50);
  for (Finding& f : input.findings) f.severity = static_cast<Severity>(rng() % 5);
  std::vector<Finding> expected = input.findings;
  sort_findings(expected);
  std::stable_sort(expected.begin(), expected.end(), [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
  for (std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{10}, std::size_t{49}, std::size_t{50}, std::size_t{100}}) {
    input.html_limit = limit;
    const std::string page = report::write_html(input);
    const std::string open = "<script type=\"application/json\" id=\"iw-data\">";
    const std::size_t at = page.find(open);
    ASSERT_NE(at, std::string::npos);
    const std::size_t end = page.find("</script>", at);
    simdjson::dom::parser parser;
    const simdjson::dom::element data = parse_or_fail(parser, page.substr(at + open.size(), end - at - open.size()));
    const simdjson::dom::array listed = data["findings"].get_array();
    const simdjson::dom::array texts = data["texts"].get_array();
    const std::size_t shown = std::min<std::size_t>(limit, expected.size());
    ASSERT_EQ(listed.size(), shown) << "limit " << limit;
    for (std::size_t i = 0; i < shown; ++i) {
      EXPECT_EQ(int64_t(listed.at(i).at(0)), static_cast<int>(expected[i].severity));
      const auto text = texts.at(static_cast<std::size_t>(int64_t(listed.at(i).at(2))));
      EXPECT_EQ(std::string_view(text.get_string()), expected[i].message) << "limit " << limit << " row " << i;
    }
    const bool cut = shown < expected.size();
    EXPECT_EQ(page.find("id=\"f-cut\"") != std::string::npos, cut) << "limit " << limit;
    if (cut) {
      EXPECT_NE(page.find(fmt::format("lists the {} most severe of the 50 findings", shown)), std::string::npos);
    }
    EXPECT_NE(page.find("<dt>Findings</dt><dd>50</dd>"), std::string::npos);
  }
}

}  // namespace
}  // namespace iw
