// --format html: one self-contained page; every input string escaped for its context.
//
// Golden files: tests/golden/report/*.html; regenerate after an intended change with
// IW_UPDATE_GOLDEN=1 build/.../iw_unit_tests --gtest_filter='Report*' and review the diff.
// tests/e2e/html_browser.sh loads the page in headless Chromium (filters, CSP, no injection).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "report/posture.h"
#include "report/report.h"
#include "core/sha256.h"
#include "report_samples.h"

namespace iw {
namespace {

using report_samples::expect_golden;

std::size_t count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The text between the first `open` at or after `from` and the next `close`.
std::string between(const std::string& s, std::string_view open, std::string_view close,
                    std::size_t from = 0) {
  const std::size_t a = s.find(open, from);
  if (a == std::string::npos) return "";
  const std::size_t b = s.find(close, a + open.size());
  if (b == std::string::npos) return "";
  return s.substr(a + open.size(), b - a - open.size());
}

std::string hash_of(std::string_view content) {
  const auto d = sha256(content);
  return "'sha256-" +
         base64(std::string_view(reinterpret_cast<const char*>(d.data()), d.size())) + "'";
}

TEST(ReportGolden, Html) {
  expect_golden("findings.html", report::write_html(report_samples::input()));
  expect_golden("empty.html", report::write_html(report_samples::empty_input()));
}

TEST(ReportHtml, Sha256AndBase64KnownAnswers) {
  EXPECT_EQ(hash_of(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  EXPECT_EQ(hash_of("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
  EXPECT_EQ(hash_of(std::string(56, 'a')), "'sha256-s1Q5pKxvCUi21vnjxq8PX1kM4g8b3nCQ73lwaG7Gc4o='");
  EXPECT_EQ(hash_of(std::string(64, 'a')), "'sha256-/+BU/nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs='");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
}

// The data block, parsed (ASSERTs inside: call through ASSERT_NO_FATAL_FAILURE).
void parse_data(const std::string& page, simdjson::dom::parser& parser, simdjson::dom::element& doc) {
  const std::string json = between(page, "<script type=\"application/json\" id=\"iw-data\">", "</script>");
  ASSERT_FALSE(json.empty());
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
}

std::vector<std::string> strings(simdjson::dom::element array) {
  std::vector<std::string> out;
  for (simdjson::dom::element e : array.get_array()) out.emplace_back(std::string_view(e));
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(ReportHtml, HostileStringsNeverBecomeMarkup) {
  const std::string out = report::write_html(report_samples::input());
  // Exactly the page's own elements: one <style>, two <script> (data + code), no <img>/<svg onload>.
  EXPECT_EQ(count(out, "<script"), 2u);
  EXPECT_EQ(count(out, "</script"), 2u);
  EXPECT_EQ(count(out, "<style"), 1u);
  EXPECT_EQ(count(out, "<img"), 0u);
  EXPECT_EQ(count(out, "<svg onload"), 0u);
  EXPECT_EQ(count(out, "<b>"), 0u);
  EXPECT_EQ(count(out, "<a href=javascript"), 0u);
  EXPECT_EQ(count(out, "</textarea"), 0u);
  EXPECT_EQ(count(out, "<!--"), 0u);
  // ... but the page's own text (the scope table) shows them, as text.
  EXPECT_NE(out.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(out.find("&lt;/script&gt;&lt;script&gt;window.__pwned=1"), std::string::npos);
  // No attribute value can be closed early by a quote from the input.
  EXPECT_EQ(count(out, "\"><svg"), 0u);
  // Terminal escapes, bells and bidi overrides are made visible; bad UTF-8 is replaced.
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_EQ(out.find("\xE2\x80\xAE"), std::string::npos);
  EXPECT_NE(out.find("[U+202E]"), std::string::npos);
  EXPECT_NE(out.find("\xE2\x90\x9B"), std::string::npos);  // U+241B SYMBOL FOR ESCAPE
  EXPECT_EQ(out.find("\xFF"), std::string::npos);
}

TEST(ReportHtml, DataBlockIsJsonWithTheFindings) {
  const report::ReportInput in = report_samples::input();
  const std::string out = report::write_html(in);
  const std::string json = between(out, "<script type=\"application/json\" id=\"iw-data\">", "</script>");
  EXPECT_EQ(json.find('<'), std::string::npos);
  EXPECT_EQ(json.find('>'), std::string::npos);
  EXPECT_EQ(json.find('&'), std::string::npos);
  EXPECT_EQ(json.find("\xE2\x80\xA8"), std::string::npos);  // U+2028 only as \u2028
  EXPECT_NE(json.find("\\u2028"), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_NO_FATAL_FAILURE(parse_data(out, parser, doc));
  const std::vector<std::string> names = strings(doc["names"]);
  const std::vector<std::string> texts = strings(doc["texts"]);
  simdjson::dom::array findings = doc["findings"].get_array();
  ASSERT_EQ(findings.size(), in.findings.size());
  bool saw_role = false, saw_script = false;
  std::int64_t previous = 4;
  for (simdjson::dom::element f : findings) {
    simdjson::dom::array rec = f.get_array();
    ASSERT_EQ(rec.size(), 12u);
    const std::int64_t sev = rec.at(0).get_int64();
    EXPECT_LE(sev, previous) << "the most severe first";
    previous = sev;
    simdjson::dom::array rule = doc["rules"].at(static_cast<std::size_t>(rec.at(1).get_int64())).get_array();
    EXPECT_EQ(rule.size(), 4u);  // id, title, why, fix
    const std::string msg = texts.at(static_cast<std::size_t>(rec.at(2).get_int64()));
    const std::string res = names.at(static_cast<std::size_t>(rec.at(3).get_int64()));
    saw_role |= res == std::string("arn:aws:iam::111122223333:role/") + report_samples::kImgPayload;
    saw_script |= msg.starts_with(report_samples::kScriptPayload);
  }
  EXPECT_TRUE(saw_role);
  EXPECT_TRUE(saw_script);
  // Repeated strings are stored once.
  std::size_t accounts = 0;
  for (const std::string& n : names) accounts += n == "111122223333" ? 1 : 0;
  EXPECT_EQ(accounts, 1u);
  EXPECT_EQ(std::set<std::string>(texts.begin(), texts.end()).size(), texts.size());
}

TEST(ReportHtml, ContentSecurityPolicyHashesTheInlineStyleAndScript) {
  const std::string out = report::write_html(report_samples::input());
  const std::string csp = between(out, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
  ASSERT_FALSE(csp.empty());
  EXPECT_TRUE(csp.starts_with("default-src 'none'; ")) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("http"), std::string::npos);
  const std::string style = between(out, "<style>", "</style>");
  const std::size_t data_end = out.find("</script>");
  const std::string script = between(out, "<script>", "</script>", data_end);
  ASSERT_FALSE(style.empty());
  ASSERT_FALSE(script.empty());
  EXPECT_NE(csp.find("style-src " + hash_of(style)), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src " + hash_of(script)), std::string::npos) << csp;
  // Self-contained: nothing that would load from elsewhere.
  EXPECT_EQ(count(out, " src=\""), 0u);  // input text cannot make one: '"' becomes &quot;
  EXPECT_EQ(count(out, "href=\"http"), 0u);
  // (the SVG namespace is a name, not an address: the script creates SVG elements with it)
  EXPECT_EQ(count(out, "http://") - count(out, "'http://www.w3.org/2000/svg'"), 0u);
  EXPECT_EQ(count(out, "https://"), 0u);
  EXPECT_EQ(count(out, " style=\""), 0u);  // inline style attributes would break under the CSP
}

TEST(ReportHtml, PrincipalsAndScope) {
  const std::string out = report::write_html(report_samples::input());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_NO_FATAL_FAILURE(parse_data(out, parser, doc));
  const std::vector<std::string> names = strings(doc["names"]);
  simdjson::dom::array principals = doc["principals"].get_array();
  ASSERT_EQ(principals.size(), 2u);
  simdjson::dom::array role = principals.at(0).get_array();
  EXPECT_EQ(names.at(static_cast<std::size_t>(role.at(0).get_int64())),
            std::string("arn:aws:iam::111122223333:role/") + report_samples::kImgPayload);
  EXPECT_EQ(std::string_view(role.at(1)), "role");
  EXPECT_EQ(role.at(2).get_int64().value(), 1);  // admin-equivalent
  EXPECT_TRUE(contains(strings(role.at(3)), "arn:aws:iam::aws:policy/AdministratorAccess"));
  EXPECT_TRUE(contains(strings(role.at(4)), "<a href=javascript:alert(3)>x</a>"));
  EXPECT_TRUE(contains(strings(role.at(4)), "allowed * on * (no boundary, no SCP limits)"));
  simdjson::dom::array bob = principals.at(1).get_array();
  EXPECT_EQ(names.at(static_cast<std::size_t>(bob.at(0).get_int64())), "arn:aws:iam::111122223333:user/bob");
  EXPECT_EQ(bob.at(2).get_int64().value(), 0);
  // The page has the places the script fills, and the header and scope.
  for (const char* id : {"id=\"findings-list\"", "id=\"finding-detail\"", "id=\"subjects-list\"",
                         "id=\"subject-view\"", "id=\"f-count\"", "id=\"s-search\""}) {
    EXPECT_NE(out.find(id), std::string::npos) << id;
  }
  EXPECT_NE(out.find("Generated</dt><dd>2026-11-01T00:00:00Z"), std::string::npos);
  EXPECT_NE(out.find("0.21.0-test"), std::string::npos);
  EXPECT_NE(out.find("identity policy, inferred"), std::string::npos);
  EXPECT_EQ(report::write_html(report_samples::empty_input()).find("Generated</dt>"), std::string::npos);
}

TEST(ReportHtml, FindingsPointIntoTheirDocumentAndChain) {
  const report::ReportInput in = report_samples::input();
  const std::string out = report::write_html(in);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_NO_FATAL_FAILURE(parse_data(out, parser, doc));
  const std::vector<std::string> names = strings(doc["names"]);
  simdjson::dom::array docs = doc["docs"].get_array();
  ASSERT_EQ(docs.size(), 1u);
  // The document's parts put its text back together; statements are parts of their own.
  std::string text;
  std::vector<std::int64_t> statements;
  EXPECT_EQ(names.at(static_cast<std::size_t>(docs.at(0).at(0).get_int64())), in.documents[0].name);
  const auto body = static_cast<std::size_t>(docs.at(0).at(1).get_int64());
  for (simdjson::dom::element part : doc["bodies"].at(body).get_array()) {
    text += std::string(std::string_view(part.at(0)));
    if (part.at(1).get_int64() >= 0) statements.push_back(part.at(1).get_int64());
  }
  EXPECT_EQ(text, in.documents[0].text);
  EXPECT_EQ(statements, (std::vector<std::int64_t>{0, 1, 2}));
  std::vector<std::string> holders;
  for (simdjson::dom::element h : docs.at(0).at(2).get_array()) holders.push_back(names.at(h.get_int64()));
  EXPECT_EQ(holders, in.documents[0].holders);
  // Findings inside the document's span point at it; others (another file) do not.
  std::size_t inside = 0, role = SIZE_MAX, index = 0;
  for (simdjson::dom::element f : doc["findings"].get_array()) {
    const std::string res = names.at(static_cast<std::size_t>(f.at(3).get_int64()));
    const std::int64_t d = f.at(11).get_int64();
    EXPECT_EQ(d, res == "policies/admin.json" ? 0 : -1) << res;
    inside += d == 0 ? 1 : 0;
    if (res == in.chains[0].resource) role = index;
    ++index;
  }
  EXPECT_EQ(inside, 2u);
  simdjson::dom::array chains = doc["chains"].get_array();
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(static_cast<std::size_t>(chains.at(0).at(0).get_int64()), role);
  std::vector<std::string> nodes;
  for (simdjson::dom::element n : chains.at(0).at(1).get_array()) nodes.push_back(names.at(n.get_int64()));
  EXPECT_EQ(nodes, in.chains[0].nodes);
  EXPECT_EQ(std::string_view(chains.at(0).at(2).at(0).at(1)), std::string("iam:PassRole on ") + report_samples::kImgPayload);
}

TEST(ReportHtml, HeaderShowsWhenTheSnapshotWasTaken) {
  const std::string out = report::write_html(report_samples::input());
  EXPECT_NE(out.find("Snapshot taken</dt><dd>2026-10-31T12:00:00Z"), std::string::npos);
  EXPECT_NE(out.find("Ages as of</dt><dd>2026-11-01T00:00:00Z (--as-of)"), std::string::npos);
  const std::string empty = report::write_html(report_samples::empty_input());
  EXPECT_EQ(empty.find("Snapshot taken"), std::string::npos);
  EXPECT_EQ(empty.find("Ages as of"), std::string::npos);
}

TEST(ReportHtml, PageSizeDoesNotGrowWithMarkupPerFinding) {
  // The skeleton is fixed; each finding adds only its data record (tens of bytes plus its
  // message), never rows of markup.
  report::ReportInput in;
  const std::size_t empty_size = report::write_html(in).size();
  for (int i = 0; i < 2000; ++i) {
    Finding f = make_finding("role-unused", "r" + std::to_string(i % 10) + " was never used");
    f.resource = "arn:aws:iam::111122223333:role/r" + std::to_string(i % 10);
    f.account = "111122223333";
    in.findings.push_back(f);
  }
  const std::string out = report::write_html(in);
  EXPECT_LT(out.size() - empty_size, 2000u * 40u) << "bytes per finding: " << (out.size() - empty_size) / 2000;
  EXPECT_EQ(count(out, "<tr"), count(report::write_html(report::ReportInput{}), "<tr"));
}

int score_of(const std::string& html) {
  const std::string digits = between(html, "id=\"score-value\">", "<");
  return digits.empty() ? -1 : std::stoi(digits);
}

TEST(ReportHtml, PostureScoreFollowsTheDocumentedFormula) {
  EXPECT_EQ(score_of(report::write_html(report_samples::empty_input())), 100);
  report::ReportInput in;
  in.files = {"a.json", "b.json"};
  in.findings = {make_finding("admin-wildcard", "x")};  // registry: critical, weight 10
  in.findings[0].severity = Severity::critical;
  in.findings[0].resource = "a.json";
  EXPECT_EQ(score_of(report::write_html(in)), 75);  // 100 - 5*10/2
  in.files = {"a.json"};
  EXPECT_EQ(score_of(report::write_html(in)), 50);
  in.findings.push_back(in.findings[0]);
  in.findings.push_back(in.findings[0]);
  EXPECT_EQ(score_of(report::write_html(in)), 0);  // clamped
  in.findings = {make_finding("duplicate-sid", "x")};
  in.findings[0].severity = Severity::low;
  EXPECT_EQ(score_of(report::write_html(in)), 95);
  in.findings[0].severity = Severity::info;
  EXPECT_EQ(score_of(report::write_html(in)), 100);
  // With principals, N is the number of principals.
  report::ReportInput audit;
  audit.principals.resize(4);
  for (std::size_t i = 0; i < 4; ++i) audit.principals[i].arn = "arn:aws:iam::1:user/u" + std::to_string(i);
  Finding high = make_finding("admin-wildcard", "x");
  high.severity = Severity::high;
  high.resource = "arn:aws:iam::1:user/u0";
  audit.findings = {high, high};
  EXPECT_EQ(score_of(report::write_html(audit)), 87);  // 100 - round(5*10/4 = 12.5), half up
}

// An organization of `principals` principals with `critical` critical findings and
// `escalations` escalation paths (high).
report::ReportInput org(std::size_t principals, std::size_t critical, std::size_t escalations) {
  report::ReportInput in;
  for (std::size_t i = 0; i < principals; ++i) {
    in.principals.push_back({"arn:aws:iam::111122223333:role/r" + std::to_string(i), "role", false, {}, {}});
  }
  for (std::size_t i = 0; i < critical; ++i) {
    Finding f = make_finding("admin-wildcard", "Allow \"*\" on \"*\"");
    f.resource = "arn:aws:iam::111122223333:role/r0";
    in.findings.push_back(f);
  }
  for (std::size_t i = 0; i < escalations; ++i) {
    Finding f = make_finding("privilege-escalation-principal", "can reach admin-equivalent access in 1 step");
    f.resource = "arn:aws:iam::111122223333:role/r" + std::to_string(i + 1);
    in.findings.push_back(f);
  }
  return in;
}

TEST(ReportPosture, CriticalFindingsAndEscalationPathsCapTheGrade) {
  // One Allow *:* and 5 escalation paths among 200 principals: the score alone (98) says A; the
  // grade must not reassure.
  const auto both = report::detail::posture(org(200, 1, 5));
  EXPECT_EQ(both.weighted, 10 + 5 * 10);  // escalation paths weigh as much as criticals
  EXPECT_EQ(both.score, 100 - (5 * 60 + 100) / 200);
  EXPECT_EQ(both.score_grade, 'A');
  EXPECT_EQ(both.grade, 'F');
  EXPECT_EQ(both.cap, "1 critical finding and 5 escalation findings");
  const auto critical = report::detail::posture(org(200, 1, 0));
  EXPECT_EQ(critical.grade, 'D');
  EXPECT_EQ(critical.cap, "1 critical finding");
  const auto escalation = report::detail::posture(org(200, 0, 1));
  EXPECT_EQ(escalation.grade, 'C');
  EXPECT_EQ(escalation.weighted, 10);
  const auto clean = report::detail::posture(org(200, 0, 0));
  EXPECT_EQ(clean.grade, 'A');
  EXPECT_TRUE(clean.cap.empty());
  // A cap never raises a grade: a worse score keeps its own letter, without a cap note.
  const auto worse = report::detail::posture(org(2, 3, 0));
  EXPECT_EQ(worse.score, 25);
  EXPECT_EQ(worse.grade, 'D');
  EXPECT_TRUE(worse.cap.empty());
  EXPECT_EQ(report::detail::posture(org(2, 6, 0)).grade, 'F');
}

TEST(ReportPosture, ALonePolicysExistingResourceMethodIsNotAPath) {
  report::ReportInput in = org(10, 0, 0);
  Finding info = make_finding("privilege-escalation", "ssm-send-command needs an existing instance");
  info.severity = Severity::info;
  info.resource = "policy.json";
  in.findings.push_back(info);
  EXPECT_EQ(report::detail::posture(in).escalation, 0u);
  EXPECT_EQ(report::detail::posture(in).grade, 'A');
  in.findings.back().severity = Severity::high;  // a complete method on its own: a path
  EXPECT_EQ(report::detail::posture(in).escalation, 1u);
  EXPECT_EQ(report::detail::posture(in).grade, 'C');
}

TEST(ReportPosture, ThePageShowsTheGradeAndWhyItIsCapped) {
  const std::string out = report::write_html(org(200, 1, 5));
  EXPECT_NE(out.find("id=\"grade\">Grade F<"), std::string::npos);
  EXPECT_NE(out.find("Capped from A: 1 critical finding and 5 escalation findings"), std::string::npos);
  EXPECT_NE(out.find("ring g-F"), std::string::npos);
  EXPECT_EQ(report::write_html(org(200, 0, 0)).find("grade-cap"), std::string::npos);
}

TEST(ReportHtml, ComplianceSectionWhenTheAnalysisReportsIt) {
  report::ReportInput in = report_samples::input();
  EXPECT_EQ(report::write_html(in).find("id=\"compliance\""), std::string::npos);
  in.compliance_scope = std::map<std::string, std::string>{{"CIS-AWS-3.0:1.4", ""},
                                                           {"CIS-AWS-3.0:1.10", "needs the credential report"}};
  const std::string out = report::write_html(in);
  EXPECT_NE(out.find("<a href=\"#compliance\">Compliance</a>"), std::string::npos);
  const std::string section = between(out, "<section class=\"block\" id=\"compliance\">", "</section>");
  ASSERT_FALSE(section.empty());
  EXPECT_EQ(count(section, "data-framework="), 4u);
  // root-mfa-disabled names CIS 1.5: FAIL, its finding one click away.
  EXPECT_NE(section.find("<td class=\"mono\">1.5</td><td><span class=\"st st-FAIL\">FAIL</span>"), std::string::npos);
  EXPECT_NE(section.find("data-req=\"CIS-AWS-3.0:1.5\">1 finding<"), std::string::npos);
  EXPECT_NE(section.find("<td class=\"mono\">1.4</td><td><span class=\"st st-PASS\">PASS</span>"), std::string::npos);
  EXPECT_NE(section.find("needs the credential report"), std::string::npos);
  EXPECT_EQ(section.find("&lt;b&gt;"), std::string::npos);  // an id outside the catalog is no requirement
}

TEST(ReportHtml, EmptyReportIsComplete) {
  const std::string out = report::write_html(report_samples::empty_input());
  EXPECT_TRUE(out.starts_with("<!DOCTYPE html>\n"));
  EXPECT_TRUE(out.ends_with("</html>\n"));
  EXPECT_NE(out.find("\"findings\":[]"), std::string::npos);
  EXPECT_NE(out.find("policies/clean.json"), std::string::npos);
}

}  // namespace
}  // namespace iw
