// Text, JSON and JUnit XML for `iamwarden test` results.
#include "testsuite/output.h"

#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "core/xml.h"

namespace iw::testsuite {

namespace {

using eval::Layer;

std::string where(const std::string& file, Location l) {
  return l.line > 0 ? file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) : file;
}

// Text safe for a terminal: valid UTF-8, control characters (ESC included) shown as '?'.
std::string printable(std::string_view s) {
  std::string out = to_valid_utf8(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// XML

std::string attr(std::string_view s) { return xml_escape(s, true); }

void layers(JsonWriter& w, const eval::LayerSet& s) {
  w.begin_array();
  for (Layer l : s.list()) w.value(eval::to_string(l));
  w.end_array();
}

}  // namespace

std::string write_text(const std::vector<SuiteResult>& suites, bool color, bool verbose) {
  const char* green = color ? "\x1b[32m" : "";
  const char* red = color ? "\x1b[31m" : "";
  const char* bold = color ? "\x1b[1m" : "";
  const char* dim = color ? "\x1b[2m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::string out;
  std::size_t total = 0, failed = 0;
  for (const SuiteResult& s : suites) {
    out += std::string(bold) + printable(s.file) + reset;
    if (!s.name.empty() && s.name != s.file) out += " (" + printable(s.name) + ")";
    out += "\n";
    for (const CaseResult& c : s.cases) {
      ++total;
      if (c.passed) {
        out += std::string("  ") + green + "\u2713" + reset + " " + printable(c.name) + "\n";
      } else {
        ++failed;
        out += std::string("  ") + red + "\u2717 " + printable(c.name) + reset + "\n";
        out += std::string("      ") + red + printable(c.summary) + reset + "\n";
        out += std::string("      ") + dim + "case at " + printable(where(s.file, c.where)) + reset + "\n";
      }
      if (!c.passed || verbose) {
        for (const std::string& line : c.explanation) out += "      " + printable(line) + "\n";
      }
    }
  }
  out += "\n";
  const std::string counts = std::to_string(suites.size()) + (suites.size() == 1 ? " suite, " : " suites, ") +
                             std::to_string(total) + (total == 1 ? " case: " : " cases: ") +
                             std::to_string(total - failed) + " passed, " + std::to_string(failed) + " failed";
  out += std::string(failed == 0 ? green : red) + bold + counts + reset + "\n";
  return out;
}

std::string write_json(const std::vector<SuiteResult>& suites) {
  JsonWriter w(JsonWriter::Style::pretty);
  std::size_t total = 0, failed = 0;
  w.begin_object().key("results").begin_array();
  for (const SuiteResult& s : suites) {
    for (const CaseResult& c : s.cases) {
      ++total;
      failed += c.passed ? 0 : 1;
      w.begin_object();
      w.member("suite", s.file).member("suite_name", s.name).member("case", c.name);
      w.key("location").begin_object().member("file", s.file).member("line", c.where.line);
      w.member("column", c.where.column).end_object();
      w.member("passed", c.passed).member("expected", to_string(c.expected));
      w.key("expected_denied_by");
      if (c.expected_denied_by) layers(w, *c.expected_denied_by);
      else w.null();
      w.member("decision", eval::to_string(c.outcome));
      w.key("denied_by");
      layers(w, c.denied_by);
      w.member("message", c.summary);
      w.key("matched").begin_array();
      for (const MatchInfo& m : c.matched) {
        w.begin_object().member("policy", m.policy).member("file", m.file).member("line", m.line);
        w.member("column", m.column).member("statement", m.statement).member("sid", m.sid);
        w.member("effect", m.effect == policy::Effect::allow ? "Allow" : "Deny").end_object();
      }
      w.end_array();
      w.key("explanation").value(c.explanation);
      w.end_object();
    }
  }
  w.end_array();
  w.key("summary").begin_object().member("suites", suites.size()).member("cases", total);
  w.member("passed", total - failed).member("failed", failed).end_object();
  w.end_object();
  return std::move(w).take() + "\n";
}

std::string write_junit(const std::vector<SuiteResult>& suites) {
  std::size_t total = 0, failed = 0;
  for (const SuiteResult& s : suites) {
    total += s.cases.size();
    failed += s.failures();
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"iamwarden test\" tests=\"" + std::to_string(total) + "\" failures=\"" +
         std::to_string(failed) + "\" errors=\"0\">\n";
  for (const SuiteResult& s : suites) {
    out += "  <testsuite name=\"" + attr(s.name) + "\" file=\"" + attr(s.file) + "\" tests=\"" +
           std::to_string(s.cases.size()) + "\" failures=\"" + std::to_string(s.failures()) +
           "\" errors=\"0\" skipped=\"0\">\n";
    for (const CaseResult& c : s.cases) {
      out += "    <testcase classname=\"" + attr(s.name) + "\" name=\"" + attr(c.name) + "\" file=\"" + attr(s.file) +
             "\" line=\"" + std::to_string(c.where.line) + "\"";
      if (c.passed) {
        out += "/>\n";
        continue;
      }
      out += ">\n      <failure type=\"policy-test\" message=\"" + attr(c.summary) + "\">";
      std::string body = c.summary + "\ncase at " + where(s.file, c.where) + "\n";
      for (const std::string& line : c.explanation) body += line + "\n";
      out += xml_escape(body, false);
      out += "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace iw::testsuite
