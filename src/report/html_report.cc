// --format html: one self-contained, offline HTML page.
//
// Safety model: every string that comes from the input goes through display_text() and then
// either html() (entity-escaped) or the JSON data block (html_data.cc; no "</script" or "<!--"
// can appear inside it). The script (html_script.cc) builds every list from that JSON with
// textContent only. A Content-Security-Policy allows nothing but the page's own inline <style>
// and <script>, by SHA-256 hash: no network, no other script.
//
// Scale: the server-side HTML is a fixed skeleton (overview, filters, empty lists); findings,
// principals and their pages are drawn by the script from the data block, and long lists are
// virtual, so the page's size in the DOM does not grow with the number of findings.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "report/html_assets.h"
#include "report/html_data.h"
#include "report/compliance.h"
#include "report/html_text.h"
#include "report/posture.h"
#include "report/report.h"
#include "report/report_util.h"

namespace iw::report {

namespace {

using detail::html;

// What the overview shows.
struct Model {
  std::vector<Finding> findings;  // in table order: the most severe first; at most input.html_limit
  Summary counts;                 // of every finding
  std::size_t subjects = 0;       // resources with findings, plus principals without
  detail::Posture posture;
};

// `each` gives the findings in report order; the page lists them by severity, then that order.
Model build_model(const ReportInput& input, const FindingSource& each, const Summary& counts) {
  Model m;
  m.counts = counts;
  detail::PostureTally tally;
  std::array<std::vector<Finding>, 5> listed;  // by severity
  std::size_t held = 0;
  each([&](const Finding& f) {
    tally.add(f);
    const auto severity = static_cast<std::size_t>(f.severity);
    if (held == input.html_limit) {  // f takes the place of the last listed finding, if it ranks before it
      if (held == 0) return;
      std::size_t least = 0;
      while (listed[least].empty()) ++least;
      if (least >= severity) return;
      listed[least].pop_back();
      --held;
    }
    listed[severity].push_back(f);
    ++held;
  });
  m.findings.reserve(held);
  for (auto bucket = listed.rbegin(); bucket != listed.rend(); ++bucket) {
    std::move(bucket->begin(), bucket->end(), std::back_inserter(m.findings));
  }
  std::set<std::string_view> without_findings;
  for (const PrincipalSummary& p : input.principals) {
    if (!tally.subjects.contains(p.arn)) without_findings.insert(p.arn);
  }
  m.subjects = tally.subjects.size() + without_findings.size();
  m.posture = detail::posture(input, tally);
  return m;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

void render_header(std::string& out, const ReportInput& input, const Model& m) {
  out += "<header class=\"top\">\n<div class=\"brand\">" + html(input.tool.name) +
         "<span>IAM security report</span></div>\n<dl>\n";
  out += "<div><dt>Version</dt><dd>" + html(input.tool.version) + "</dd></div>\n";
  if (!input.tool.catalog.empty()) {
    out += "<div><dt>Action catalog</dt><dd>" + html(input.tool.catalog) + "</dd></div>\n";
  }
  if (!input.generated_at.empty()) {
    out += "<div><dt>Generated</dt><dd>" + html(input.generated_at) + "</dd></div>\n";
  }
  if (!input.snapshot_taken.empty()) {
    out += "<div id=\"snapshot-taken\"><dt>Snapshot taken</dt><dd>" + html(input.snapshot_taken) + "</dd></div>\n";
  }
  if (!input.ages_as_of.empty()) {
    out += "<div id=\"ages-as-of\"><dt>Ages as of</dt><dd>" + html(input.ages_as_of) + "</dd></div>\n";
  }
  std::vector<std::string> scope;
  if (!input.files.empty()) scope.push_back(plural(input.files.size(), "input", "inputs"));
  if (input.policy_count > 0) scope.push_back(plural(input.policy_count, "policy", "policies"));
  if (!input.principals.empty()) scope.push_back(plural(input.principals.size(), "principal", "principals"));
  std::string scope_text;
  for (const std::string& s : scope) scope_text += (scope_text.empty() ? "" : ", ") + s;
  if (scope_text.empty()) scope_text = plural(m.subjects, "resource", "resources");
  out += "<div><dt>Scope</dt><dd>" + html(scope_text) + "</dd></div>\n";
  out += "<div><dt>Findings</dt><dd>" + std::to_string(m.counts.total()) + "</dd></div>\n";
  out += "</dl>\n</header>\n";
  out += "<nav class=\"tabs\"><a href=\"#overview\">Overview</a><a href=\"#findings\">Findings</a>"
         "<a href=\"#principals\">Principals &amp; resources</a>";
  if (input.compliance_scope) out += "<a href=\"#compliance\">Compliance</a>";
  if (input.external_access) out += "<a href=\"#external-access\">External access</a>";
  out += "<a href=\"#scope\">Scope</a></nav>\n";
}

void render_score(std::string& out, const Model& m) {
  const detail::Posture& p = m.posture;
  // A ring gauge: circumference of r=52 is 326.73; the arc is score% of it.
  const double circumference = 326.73;
  const double arc = circumference * p.score / 100.0;
  out += "<div class=\"card score-card\" id=\"posture\">\n<h2>Posture score</h2>\n<div class=\"score\">\n";
  out += fmt::format(
      "<svg width=\"128\" height=\"128\" viewBox=\"0 0 128 128\" role=\"img\" aria-label=\"Posture "
      "score {} of 100, grade {}\"><circle class=\"ring-bg\" cx=\"64\" cy=\"64\" r=\"52\"/>"
      "<circle class=\"ring g-{}\" cx=\"64\" cy=\"64\" r=\"52\" stroke-dasharray=\"{:.2f} {:.2f}\" "
      "transform=\"rotate(-90 64 64)\"/><text class=\"num\" x=\"64\" y=\"70\" "
      "text-anchor=\"middle\" id=\"score-value\">{}</text><text class=\"of\" x=\"64\" y=\"88\" "
      "text-anchor=\"middle\">of 100</text></svg>\n",
      p.score, p.grade, p.grade, arc, circumference, p.score);
  out += fmt::format("<div><div class=\"grade\" id=\"grade\">Grade {}</div>", p.grade);
  if (!p.cap.empty()) {
    out += fmt::format("<div class=\"cap\" id=\"grade-cap\">Capped from {}: {}</div>", p.score_grade, html(p.cap));
  }
  out += fmt::format("<div class=\"muted\">{} weighted finding points over {}</div></div>\n</div>\n",
                     p.weighted,
                     p.per_principal ? plural(p.denominator, "principal", "principals")
                                     : plural(p.denominator, "subject", "subjects"));
  out += "<details class=\"formula\"><summary>How the score and grade are computed</summary>\n<p>Score = "
         "max(0, 100 &minus; round(5 &times; W / N)), where W = 10 &times; critical + 5 &times; "
         "high + 2 &times; medium + 1 &times; low (informational findings weigh 0), every escalation "
         "finding (privilege-escalation-principal, or privilege-escalation of high severity) weighing "
         "10 whatever its severity, and N is the number of principals assessed, or when no principals "
         "are listed the larger of the inputs scanned and the resources with findings (at least 1). "
         "Grade from the score: A &ge; 90, B &ge; 75, C &ge; 50, D &ge; 25, else F; then capped: any "
         "escalation finding makes it at most C, any critical finding at most D, and both together "
         "F.</p>\n</details>\n</div>\n";
}

void render_chart(std::string& out, const Model& m) {
  std::size_t max = 1;
  for (Severity s : detail::kSeveritiesDescending) max = std::max(max, m.counts.count(s));
  out += "<div class=\"card\">\n<div class=\"chart-head\"><h2>Findings by severity</h2><span "
         "class=\"total\">" + plural(m.counts.total(), "finding", "findings") + "</span></div>\n";
  const int row_h = 30, label_w = 110, bar_w = 520, height = row_h * 5 + 4;
  out += fmt::format("<svg class=\"bars\" id=\"severity-chart\" viewBox=\"0 0 {} {}\" width=\"100%\" "
                     "role=\"img\" aria-label=\"Findings by severity\">\n",
                     label_w + bar_w + 60, height);
  int y = 4;
  for (Severity s : detail::kSeveritiesDescending) {
    const std::size_t n = m.counts.count(s);
    const std::string_view name = to_string(s);
    const double w = n == 0 ? 0.0 : std::max(3.0, static_cast<double>(bar_w) * n / max);
    out += fmt::format(
        "<text x=\"0\" y=\"{}\" dominant-baseline=\"middle\">{}</text>"
        "<rect class=\"track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"4\"/>"
        "<rect class=\"b-{}\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" rx=\"4\"/>"
        "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" data-count=\"{}\">{}</text>\n",
        y + 10, detail::severity_label(s), label_w, y + 1, bar_w, name, label_w, y + 1, w, label_w + bar_w + 10, y + 10, name, n);
    y += row_h;
  }
  out += "</svg>\n</div>\n";
}

void render_filters(std::string& out, const Model& m) {
  out += "<form class=\"filters\" id=\"filters\" hidden>\n<fieldset><legend>Severity</legend>\n";
  for (Severity s : detail::kSeveritiesDescending) {
    const std::string_view name = to_string(s);
    out += fmt::format("<label class=\"chk\"><input type=\"checkbox\" checked data-sev=\"{0}\" "
                       "id=\"f-sev-{0}\"><span class=\"sev sev-{0}\">{0}</span> {1}</label>\n",
                       name, m.counts.count(s));
  }
  out += "</fieldset>\n<select id=\"f-id\" aria-label=\"Rule id\"><option value=\"\">All rule "
         "ids</option></select>\n<input type=\"search\" id=\"f-search\" placeholder=\"Search "
         "message, resource, file, Sid&hellip;\" aria-label=\"Search findings\">\n<button "
         "type=\"button\" id=\"f-reset\">Reset</button>\n<span class=\"chip\" id=\"f-req\" "
         "hidden>Evidence for <span class=\"mono\" id=\"f-req-name\"></span><button type=\"button\" "
         "id=\"f-req-clear\" aria-label=\"Show all requirements\">&times;</button></span>\n</form>\n";
}

void render_findings(std::string& out, const Model& m) {
  out += "<section class=\"block\" id=\"findings\">\n<h2>Findings</h2>\n";
  render_filters(out, m);
  out += "<p class=\"count\" id=\"f-count\"></p>\n";
  if (m.findings.size() < m.counts.total()) {
    out += fmt::format("<p class=\"muted\" id=\"f-cut\">This page lists the {} most severe of the {} findings; "
                       "--format json, csv or sarif lists every one.</p>\n",
                       m.findings.size(), m.counts.total());
  }
  out += "<div class=\"vhead g-findings\" role=\"row\"><span>Severity</span><span>Rule</span>"
         "<span>Resource</span><span>Message</span></div>\n";
  out += "<div class=\"vlist\" id=\"findings-list\" role=\"table\" aria-label=\"Findings\"></div>\n";
  out += "<p class=\"empty\" id=\"f-empty\" hidden>No findings match the filters.</p>\n";
  out += "<div class=\"card detail\" id=\"finding-detail\" hidden></div>\n";
  out += "<noscript><p class=\"muted\">The findings list needs JavaScript (the page loads nothing "
         "from the network); every other output format lists the same findings.</p></noscript>\n";
  out += "</section>\n";
}

void render_subjects(std::string& out) {
  out += "<section class=\"block\" id=\"principals\">\n<h2>Principals &amp; resources</h2>\n";
  out += "<form class=\"filters\" id=\"s-filter\" hidden><input type=\"search\" id=\"s-search\" "
         "placeholder=\"Find a principal or resource&hellip;\" aria-label=\"Find a principal or "
         "resource\"></form>\n<p class=\"count\" id=\"s-count\"></p>\n";
  out += "<div class=\"vhead g-subjects\" role=\"row\"><span>Principal / resource</span><span>Kind"
         "</span><span>Worst</span><span class=\"n\">Findings</span></div>\n";
  out += "<div class=\"vlist\" id=\"subjects-list\" role=\"table\" aria-label=\"Principals and "
         "resources\"></div>\n<div class=\"detail\" id=\"subject-view\" hidden></div>\n</section>\n";
}

void render_requirement(std::string& out, const RequirementResult& r) {
  const std::string_view status = to_string(r.status);
  out += fmt::format("<tr data-status=\"{0}\"><td class=\"mono\">{1}</td><td><span class=\"st st-{0}\">{0}</span>"
                     "</td><td>{2}</td><td>",
                     status, html(requirement_number(r.requirement->id)), html(r.requirement->title));
  if (r.status == RequirementStatus::fail) {
    out += fmt::format("<button type=\"button\" data-req=\"{}\">{}</button>", html(r.requirement->id),
                       plural(r.evidence.size(), "finding", "findings"));
  } else {
    out += "<span class=\"muted\">" + html(r.note) + "</span>";
  }
  out += "</td></tr>\n";
}

// Per framework and requirement: PASS, FAIL (its findings one click away) or MANUAL, and why.
void render_compliance(std::string& out, const ReportInput& input) {
  if (!input.compliance_scope) return;
  out += "<section class=\"block\" id=\"compliance\">\n<h2>Compliance</h2>\n<p class=\"muted\">FAIL: a finding "
         "names the requirement (its findings are the evidence). PASS: the checks that decide it ran and "
         "found nothing. MANUAL: no check decides it, or this snapshot could not (the reason is given).</p>\n";
  const auto results = evaluate_compliance(input.findings, *input.compliance_scope);
  for (std::size_t i = 0; i < results.size();) {
    const Framework* fw = results[i].framework;
    std::array<std::size_t, 3> counts{};
    std::size_t end = i;
    for (; end < results.size() && results[end].framework == fw; ++end) ++counts[static_cast<std::size_t>(results[end].status)];
    out += fmt::format("<div class=\"card framework\" data-framework=\"{}\">\n<h3>{}</h3>\n<p class=\"muted\">{} &mdash; "
                       "{} PASS, {} FAIL, {} MANUAL</p>\n",
                       html(fw->id), html(fw->name), html(fw->id), counts[0], counts[1], counts[2]);
    out += "<table class=\"grid\">\n<thead><tr><th>Requirement</th><th>Status</th><th>What it asks</th>"
           "<th>Evidence</th></tr></thead>\n<tbody>\n";
    for (; i < end; ++i) render_requirement(out, results[i]);
    out += "</tbody>\n</table>\n</div>\n";
  }
  out += "</section>\n";
}

// Who outside the account may act on its roles and resources, public ones first.
void render_external_access(std::string& out, const ReportInput& input) {
  if (!input.external_access) return;
  const std::vector<ExternalAccess>& ways = *input.external_access;
  out += "<section class=\"block\" id=\"external-access\">\n<h2>External access</h2>\n<div class=\"card\">\n";
  if (ways.empty()) {
    out += "<p class=\"muted\">No role trust policy or resource policy lets a principal outside the account in.</p>\n";
  } else {
    out += "<p class=\"muted\">Principals outside the account that a trust or resource policy lets in, the actions "
           "and the conditions under which they may act (every request the policy allows was searched). Public: "
           "anyone, or any AWS account.</p>\n<table class=\"grid\">\n<thead><tr><th>Resource</th><th>Policy</th>"
           "<th>Who</th><th>Actions</th><th>Conditions</th></tr></thead>\n<tbody>\n";
    std::vector<const ExternalAccess*> sorted;
    for (const ExternalAccess& e : ways) sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const ExternalAccess* a, const ExternalAccess* b) { return a->is_public && !b->is_public; });
    const auto cell = [](const std::vector<std::string>& items) {
      std::string s;
      for (const std::string& i : items) s += (s.empty() ? "" : "<br>") + html(i);
      return s;
    };
    for (const ExternalAccess* e : sorted) {
      out += std::string("<tr") + (e->is_public ? " class=\"public\"" : "") + "><td class=\"mono\">" +
             html(e->resource) + "</td><td>" + html(e->kind) + (e->is_public ? " <strong>(public)</strong>" : "") +
             "</td><td class=\"mono\">" + cell(e->principals) + "</td><td class=\"mono\">" + cell(e->actions) +
             "</td><td class=\"mono\">" + (e->conditions.empty() ? std::string("none") : cell(e->conditions)) +
             "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</div>\n</section>\n";
}

void render_scope(std::string& out, const ReportInput& input) {
  out += "<section class=\"block\" id=\"scope\">\n<h2>Scope</h2>\n<div class=\"card\">\n";
  if (input.files.empty() && input.notes.empty()) {
    out += "<p class=\"muted\">No inputs recorded.</p>\n";
  } else {
    out += "<table class=\"grid\">\n<thead><tr><th>Input</th><th>Note</th></tr></thead>\n<tbody>\n";
    std::set<std::string> shown;
    for (const std::string& file : input.files) {
      const auto it = input.notes.find(file);
      out += "<tr><td class=\"mono\">" + html(file) + "</td><td>" +
             (it != input.notes.end() ? html(it->second) : std::string()) + "</td></tr>\n";
      shown.insert(file);
    }
    for (const auto& [key, note] : input.notes) {
      if (shown.contains(key)) continue;
      out += "<tr><td class=\"mono\">" + html(key) + "</td><td>" + html(note) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  if (input.policy_count > 0) {
    out += "<p class=\"muted\">" + html(plural(input.policy_count, "policy", "policies")) + " analyzed.</p>\n";
  }
  out += "</div>\n</section>\n";
}

void render_head(std::string& out, const ReportInput& input, const Model& m) {
  static const std::string csp = "default-src 'none'; script-src " + detail::csp_hash(detail::html_script()) +
                                 "; style-src " + detail::csp_hash(detail::html_style()) +
                                 "; img-src data:; base-uri 'none'; form-action 'none'";
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"" + html(input.tool.name + " " + input.tool.version) + "\">\n";
  out += "<title>" + html(input.tool.name) + " report &mdash; " +
         html(plural(m.counts.total(), "finding", "findings")) + "</title>\n";
  out += "<link rel=\"icon\" href=\"data:,\">\n";
  out += "<style>" + std::string(detail::html_style()) + "</style>\n</head>\n<body>\n";
}

// The page of `m`.
std::string page(const ReportInput& input, const Model& m) {
  std::string out;
  out.reserve(32768 + 256 * m.findings.size());
  render_head(out, input, m);
  render_header(out, input, m);
  out += "<main>\n<section class=\"block cards\" id=\"overview\">\n";
  render_score(out, m);
  render_chart(out, m);
  out += "</section>\n";
  render_findings(out, m);
  render_subjects(out);
  render_compliance(out, input);
  render_external_access(out, input);
  render_scope(out, input);
  out += "</main>\n<footer>Generated by " + html(input.tool.name) + " " + html(input.tool.version) +
         ". This page is self-contained: it loads nothing from the network.</footer>\n";
  out += "<script type=\"application/json\" id=\"iw-data\">" + detail::html_data_json(input, m.findings) +
         "</script>\n";
  out += "<script>" + std::string(detail::html_script()) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string write_html(const ReportInput& input) {
  std::vector<Finding> copy;
  return page(input, build_model(input, detail::source_of(detail::in_order(input.findings, copy)), summary(input.findings)));
}

void write_html(const ReportInput& input, const FindingSource& each, const Summary& summary,
                const std::function<void(std::string_view)>& sink) {
  sink(page(input, build_model(input, each, summary)));
}

}  // namespace iw::report
