// --format html: one self-contained, offline HTML page.
//
// Safety model: every string that comes from the input goes through display_text() (valid
// UTF-8; C0 controls shown as control pictures; bidirectional overrides shown as [U+XXXX]) and
// then either html() (entity-escaped: safe in text and in double-quoted attributes) or the JSON
// data block (JsonWriter output with <, >, & escaped as \u003c \u003e \u0026, so that no
// "</script" or "<!--" can appear inside it). The script builds the findings table from that
// JSON with textContent only. A Content-Security-Policy allows nothing but the page's own
// inline <style> and <script>, by SHA-256 hash: no network, no other script.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "core/rules.h"
#include "report/export_util.h"
#include "report/report.h"
#include "report/report_util.h"
#include "report/sha256.h"

namespace iw::report {

namespace {

// ---------------------------------------------------------------------------------------------
// Escaping

// `s` as text that is safe to show: valid UTF-8, C0 controls (but \n and \t) and DEL as their
// Unicode control pictures, and the invisible bidirectional controls as a visible [U+XXXX].
std::string display_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t bad = 1;
    const std::size_t n = utf8_sequence_length(s, i, &bad);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += bad;
      continue;
    }
    const char32_t cp = detail::decode_utf8(s.substr(i, n));
    if (cp == '\n' || cp == '\t') {
      out += static_cast<char>(cp);
    } else if (cp < 0x20) {
      out += "\xE2\x90";  // U+2400 + cp (U+2400..U+241F)
      out += static_cast<char>(0x80 + cp);
    } else if (cp == 0x7F) {
      out += "\xE2\x90\xA1";  // U+2421
    } else if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
               cp == 0x200E || cp == 0x200F || cp == 0x061C) {
      out += fmt::format("[U+{:04X}]", static_cast<std::uint32_t>(cp));
    } else {
      out.append(s.data() + i, n);
    }
    i += n;
  }
  return out;
}

// Entity-escaped display text: safe as HTML text and as a double- or single-quoted attribute.
std::string html(std::string_view s) {
  const std::string text = display_text(s);
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON text that can sit inside <script type="application/json">: <, > and & occur in JSON
// only inside strings, where \u escapes mean the same characters.
std::string script_safe_json(std::string json) {
  std::string out;
  out.reserve(json.size() + 64);
  for (char c : json) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::string csp_hash(std::string_view content) {
  const auto digest = detail::sha256(content);
  return "'sha256-" +
         detail::base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) +
         "'";
}

// ---------------------------------------------------------------------------------------------
// Static assets (the CSP hashes are computed from these exact strings)

constexpr std::string_view kCss = R"CSS(
:root{--bg:#f4f6f9;--card:#fff;--ink:#1c2430;--muted:#5b6678;--line:#dde3ea;--brand:#13294b;
--accent:#2b6cb0;--critical:#b42318;--high:#dc6803;--medium:#b58900;--low:#2e6fdb;--info:#6b7280;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg);font-size:14px;line-height:1.45}
*{box-sizing:border-box}
body{margin:0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;
overflow-wrap:anywhere;white-space:pre-wrap}
.muted{color:var(--muted)}
header.top{background:var(--brand);color:#fff;padding:20px 32px 16px}
header.top .brand{font-size:22px;font-weight:700;letter-spacing:.2px}
header.top .brand span{font-weight:400;opacity:.8;margin-left:8px;font-size:16px}
header.top dl{display:flex;flex-wrap:wrap;gap:6px 28px;margin:12px 0 0;font-size:13px}
header.top dt{opacity:.7;display:inline}
header.top dd{display:inline;margin:0 0 0 6px;font-weight:600}
nav.tabs{background:#fff;border-bottom:1px solid var(--line);padding:0 32px;display:flex;gap:4px;
position:sticky;top:0;z-index:2}
nav.tabs a{display:inline-block;padding:12px 14px;color:var(--muted);font-weight:600;
border-bottom:3px solid transparent}
nav.tabs a:hover{color:var(--ink);text-decoration:none;border-bottom-color:var(--line)}
main{max-width:1280px;margin:0 auto;padding:24px 32px 48px}
section.block{margin-bottom:28px}
section[id]{scroll-margin-top:60px}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:15px;margin:0}
.cards{display:grid;grid-template-columns:330px 1fr;gap:20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.score{display:flex;align-items:center;gap:18px}
.score svg{flex:none}
.score .ring-bg{fill:none;stroke:#e7ebf0;stroke-width:10}
.score .ring{fill:none;stroke-width:10;stroke-linecap:round}
.score .ring.g-A{stroke:#12805c}.score .ring.g-B{stroke:#4c9a2a}.score .ring.g-C{stroke:#b58900}
.score .ring.g-D{stroke:#dc6803}.score .ring.g-F{stroke:#b42318}
.score .num{font-size:30px;font-weight:700;fill:var(--ink)}
.score .of{font-size:11px;fill:var(--muted)}
.score .grade{font-size:15px;font-weight:700}
.formula{margin-top:12px;font-size:12px;color:var(--muted)}
.formula summary{cursor:pointer;color:var(--accent)}
.chart-head{display:flex;justify-content:space-between;align-items:baseline}
.chart-head .total{font-size:13px;color:var(--muted)}
svg.bars text{font-size:12px;fill:var(--ink)}
svg.bars .track{fill:#eef1f5}
.b-critical{fill:var(--critical)}.b-high{fill:var(--high)}.b-medium{fill:var(--medium)}
.b-low{fill:var(--low)}.b-info{fill:var(--info)}
.sev{display:inline-block;min-width:70px;text-align:center;padding:2px 8px;border-radius:999px;
font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.4px;color:#fff}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}
.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;margin-bottom:12px}
.filters fieldset{border:0;padding:0;margin:0;display:flex;gap:10px;flex-wrap:wrap}
.filters legend{display:none}
.filters label.chk{display:inline-flex;align-items:center;gap:5px;font-size:13px;cursor:pointer}
.filters select,.filters input[type=search]{font:inherit;padding:6px 9px;border:1px solid var(--line);
border-radius:6px;background:#fff}
.filters input[type=search]{min-width:260px;flex:1}
.filters button{font:inherit;padding:6px 12px;border:1px solid var(--line);border-radius:6px;
background:#fff;cursor:pointer}
.count{font-size:12px;color:var(--muted);margin:0 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}
table.grid{border:1px solid var(--line);border-radius:10px;overflow:hidden}
table.grid th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.4px;
color:var(--muted);background:#f8fafc;border-bottom:1px solid var(--line);padding:9px 12px}
table.grid td{padding:9px 12px;border-bottom:1px solid #edf0f4;vertical-align:top}
tr.finding-row{cursor:pointer}
tr.finding-row:hover{background:#f6f9fd}
tr.finding-row[aria-expanded=true]{background:#eef4fc}
tr.detail-row td{background:#fafbfd;padding:4px 16px 14px}
dl.kv{display:grid;grid-template-columns:140px 1fr;gap:6px 14px;margin:8px 0 0}
dl.kv dt{color:var(--muted);font-weight:600}
dl.kv dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
td.msg{white-space:pre-wrap;overflow-wrap:anywhere}
td.id{white-space:nowrap}
.empty{padding:18px;text-align:center;color:var(--muted)}
.subjects{display:grid;gap:14px}
.subject h3{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.subject h3 .name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13.5px;
overflow-wrap:anywhere}
.tag{font-size:11px;font-weight:700;padding:2px 8px;border-radius:4px;background:#eef1f5;color:var(--muted);
text-transform:uppercase;letter-spacing:.4px}
.tag.admin{background:#fdecea;color:var(--critical)}
.subject ul{margin:8px 0 0;padding-left:18px}
.subject li{margin:3px 0}
.subject .findings li{list-style:none;margin-left:-18px;display:flex;gap:10px;align-items:baseline}
.subject .findings .sev{min-width:64px;font-size:10px}
.subject .clean{color:#12805c;margin-top:6px}
table.index td{font-size:13px}
table.index .n{text-align:right;font-variant-numeric:tabular-nums}
footer{max-width:1280px;margin:0 auto;padding:0 32px 32px;color:var(--muted);font-size:12px}
@media (max-width:800px){.cards{grid-template-columns:1fr}main,header.top,nav.tabs{padding-left:14px;padding-right:14px}}
@media print{nav.tabs,.filters{display:none}tr.detail-row{display:table-row!important}}
)CSS";

constexpr std::string_view kScript = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('iw-data').textContent);
  var body = document.getElementById('findings-body');
  var idSelect = document.getElementById('f-id');
  var search = document.getElementById('f-search');
  var countEl = document.getElementById('f-count');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-sev]'));
  var rows = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function where(f) {
    if (!f.file) return '';
    var s = f.file;
    if (f.line) { s += ':' + f.line; if (f.col) s += ':' + f.col; }
    return s;
  }
  function kv(dl, key, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', null, key));
    var dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }

  var ids = [];
  data.findings.forEach(function (f) {
    if (ids.indexOf(f.id) < 0) ids.push(f.id);
    var tr = el('tr', 'finding-row');
    tr.setAttribute('data-severity', f.sev);
    tr.setAttribute('data-id', f.id);
    tr.setAttribute('tabindex', '0');
    tr.setAttribute('aria-expanded', 'false');
    var sev = el('td');
    sev.appendChild(el('span', 'sev sev-' + f.sev, f.sev));
    tr.appendChild(sev);
    tr.appendChild(el('td', 'id mono', f.id));
    var res = el('td');
    res.appendChild(el('div', 'mono', f.res));
    var at = where(f);
    if (f.file && f.file !== f.res) res.appendChild(el('div', 'mono muted', at));
    else if (f.line) res.appendChild(el('div', 'mono muted', 'line ' + f.line + (f.col ? ', column ' + f.col : '')));
    tr.appendChild(res);
    tr.appendChild(el('td', 'msg', f.msg));

    var detail = el('tr', 'detail-row');
    detail.hidden = true;
    var td = el('td');
    td.colSpan = 4;
    var dl = el('dl', 'kv');
    kv(dl, 'Rule', f.title ? f.id + ' \u2014 ' + f.title : f.id);
    kv(dl, 'Message', f.msg);
    kv(dl, 'Resource', f.res);
    kv(dl, 'Account', f.acct);
    kv(dl, 'Location', at);
    var stmt = '';
    if (f.stmt !== undefined && f.stmt >= 0) stmt = 'statement ' + f.stmt;
    if (f.sid) stmt += (stmt ? ', ' : '') + 'Sid ' + f.sid;
    kv(dl, 'Statement', stmt);
    kv(dl, 'Why it matters', f.why);
    kv(dl, 'Remediation', f.fix);
    if (f.comp && f.comp.length) kv(dl, 'Compliance', f.comp.join(', '));
    if (f.subj !== undefined) {
      var a = el('a', null, 'All findings for this ' + (f.subjKind || 'resource'));
      a.setAttribute('href', '#s-' + Number(f.subj));
      kv(dl, 'See also', a);
    }
    td.appendChild(dl);
    detail.appendChild(td);

    function toggle() {
      var open = tr.getAttribute('aria-expanded') !== 'true';
      tr.setAttribute('aria-expanded', open ? 'true' : 'false');
      detail.hidden = !open;
    }
    tr.addEventListener('click', toggle);
    tr.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); }
    });
    body.appendChild(tr);
    body.appendChild(detail);
    var text = [f.id, f.title, f.msg, f.res, f.file, f.sid, f.fix, f.why, f.acct,
                (f.comp || []).join(' ')].join('\n').toLowerCase();
    rows.push({ tr: tr, detail: detail, f: f, text: text });
  });
  ids.sort();
  ids.forEach(function (id) {
    var o = el('option', null, id);
    o.value = id;
    idSelect.appendChild(o);
  });
  var emptyRow = el('tr');
  var emptyCell = el('td', 'empty', 'No findings match the filters.');
  emptyCell.colSpan = 4;
  emptyRow.appendChild(emptyCell);
  emptyRow.hidden = true;
  body.appendChild(emptyRow);

  function apply() {
    var sevs = {};
    boxes.forEach(function (b) { sevs[b.getAttribute('data-sev')] = b.checked; });
    var id = idSelect.value;
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var show = sevs[r.f.sev] !== false && (id === '' || r.f.id === id) &&
                 (q === '' || r.text.indexOf(q) >= 0);
      r.tr.hidden = !show;
      r.detail.hidden = !show || r.tr.getAttribute('aria-expanded') !== 'true';
      if (show) shown++;
    });
    emptyRow.hidden = shown !== 0;
    countEl.textContent = 'Showing ' + shown + ' of ' + rows.length + ' finding' +
                          (rows.length === 1 ? '' : 's');
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  idSelect.addEventListener('change', apply);
  search.addEventListener('input', apply);
  document.getElementById('f-reset').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    idSelect.value = '';
    search.value = '';
    apply();
  });
  document.getElementById('filters').hidden = false;
  apply();
})();
)JS";

// ---------------------------------------------------------------------------------------------
// Model


int weight(Severity s) {
  switch (s) {
    case Severity::critical: return 10;
    case Severity::high: return 5;
    case Severity::medium: return 2;
    case Severity::low: return 1;
    case Severity::info: return 0;
  }
  return 0;
}

// One principal or resource: what the per-principal section shows.
struct Subject {
  std::string name;  // ARN or file path
  std::string kind;  // user, role, group, account, policy, file, resource
  const PrincipalSummary* principal = nullptr;
  std::vector<const Finding*> findings;
  Severity worst = Severity::info;
};

std::string kind_of(std::string_view resource) {
  const std::string_view type = detail::aws_resource_type(resource);
  if (type == "AwsIamUser") return "user";
  if (type == "AwsIamRole") return "role";
  if (type == "AwsIamGroup") return "group";
  if (type == "AwsIamPolicy") return "policy";
  if (type == "AwsAccount") return "account";
  return resource.starts_with("arn:") ? "resource" : "file";
}

struct Model {
  std::vector<Finding> findings;  // sorted
  std::vector<Subject> subjects;  // worst first, then most findings, then name
  std::map<std::string, std::size_t> subject_index;
  Summary counts;
  int weighted = 0;
  std::size_t denominator = 1;
  bool principals = false;  // denominator counts principals
  int score = 100;
  char grade = 'A';
};

Model build_model(const ReportInput& input) {
  Model m;
  m.findings = detail::sorted(input.findings);
  m.counts = summary(m.findings);
  std::map<std::string, Subject> by_name;
  for (const PrincipalSummary& p : input.principals) {
    Subject& s = by_name[p.arn];
    s.name = p.arn;
    s.kind = p.kind.empty() ? kind_of(p.arn) : p.kind;
    s.principal = &p;
  }
  for (const Finding& f : m.findings) {
    const std::string& name = f.resource.empty() ? detail::artifact(f) : f.resource;
    Subject& s = by_name[name];
    if (s.name.empty() && s.findings.empty() && s.principal == nullptr) {
      s.name = name;
      s.kind = kind_of(name);
    }
    if (s.findings.empty() || f.severity > s.worst) s.worst = f.severity;
    s.findings.push_back(&f);
    m.weighted += weight(f.severity);
  }
  for (auto& [name, s] : by_name) m.subjects.push_back(std::move(s));
  std::stable_sort(m.subjects.begin(), m.subjects.end(), [](const Subject& a, const Subject& b) {
    const bool fa = !a.findings.empty(), fb = !b.findings.empty();
    if (fa != fb) return fa;
    if (a.worst != b.worst) return a.worst > b.worst;
    if (a.findings.size() != b.findings.size()) return a.findings.size() > b.findings.size();
    return a.name < b.name;
  });
  for (std::size_t i = 0; i < m.subjects.size(); ++i) m.subject_index.emplace(m.subjects[i].name, i);

  std::size_t with_findings = 0;
  for (const Subject& s : m.subjects) with_findings += s.findings.empty() ? 0 : 1;
  m.principals = !input.principals.empty();
  m.denominator = input.principals.empty() ? std::max(input.files.size(), with_findings)
                                           : input.principals.size();
  m.denominator = std::max<std::size_t>(m.denominator, 1);
  const auto n = static_cast<long long>(m.denominator);
  const long long penalty = (5LL * m.weighted + n / 2) / n;
  m.score = static_cast<int>(std::clamp(100LL - penalty, 0LL, 100LL));
  m.grade = m.score >= 90 ? 'A' : m.score >= 75 ? 'B' : m.score >= 50 ? 'C' : m.score >= 25 ? 'D' : 'F';
  return m;
}

// ---------------------------------------------------------------------------------------------
// Rendering

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string data_json(const Model& m) {
  // The table lists the most severe first; within a severity, in sort_findings() order.
  std::vector<const Finding*> order;
  for (const Finding& f : m.findings) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(),
                   [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
  JsonWriter w;
  w.begin_object().key("findings").begin_array();
  for (const Finding* fp : order) {
    const Finding& f = *fp;
    const std::string& name = f.resource.empty() ? detail::artifact(f) : f.resource;
    w.begin_object();
    w.member("sev", to_string(f.severity));
    w.member("id", display_text(f.id));
    w.member("title", display_text(detail::title_of(f)));
    w.member("msg", display_text(f.message));
    w.member("res", display_text(name));
    w.member("acct", display_text(f.account));
    if (f.location) {
      w.member("file", display_text(f.location->file));
      if (f.location->line > 0) w.member("line", f.location->line);
      if (f.location->line > 0 && f.location->column > 0) w.member("col", f.location->column);
      w.member("stmt", f.location->statement);
      w.member("sid", display_text(f.location->sid));
    }
    w.member("fix", display_text(detail::remediation_of(f)));
    w.member("why", display_text(detail::description_of(f)));
    w.key("comp").begin_array();
    for (const std::string& c : f.compliance) w.value(display_text(c));
    w.end_array();
    if (const auto it = m.subject_index.find(name); it != m.subject_index.end()) {
      w.member("subj", it->second);
      w.member("subjKind", display_text(m.subjects[it->second].kind));
    }
    w.end_object();
  }
  w.end_array().end_object();
  return script_safe_json(std::move(w).take());
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
  std::vector<std::string> scope;
  if (!input.files.empty()) scope.push_back(plural(input.files.size(), "input", "inputs"));
  if (input.policy_count > 0) scope.push_back(plural(input.policy_count, "policy", "policies"));
  if (!input.principals.empty()) scope.push_back(plural(input.principals.size(), "principal", "principals"));
  std::string scope_text;
  for (const std::string& s : scope) scope_text += (scope_text.empty() ? "" : ", ") + s;
  if (scope_text.empty()) scope_text = plural(m.subjects.size(), "resource", "resources");
  out += "<div><dt>Scope</dt><dd>" + html(scope_text) + "</dd></div>\n";
  out += "<div><dt>Findings</dt><dd>" + std::to_string(m.counts.total()) + "</dd></div>\n";
  out += "</dl>\n</header>\n";
  out += "<nav class=\"tabs\"><a href=\"#overview\">Overview</a><a href=\"#findings\">Findings</a>"
         "<a href=\"#principals\">Principals &amp; resources</a><a href=\"#scope\">Scope</a></nav>\n";
}

void render_score(std::string& out, const Model& m) {
  // A ring gauge: circumference of r=52 is 326.73; the arc is score% of it.
  const double circumference = 326.73;
  const double arc = circumference * m.score / 100.0;
  out += "<div class=\"card score-card\" id=\"posture\">\n<h2>Posture score</h2>\n<div class=\"score\">\n";
  out += fmt::format(
      "<svg width=\"128\" height=\"128\" viewBox=\"0 0 128 128\" role=\"img\" aria-label=\"Posture "
      "score {} of 100, grade {}\"><circle class=\"ring-bg\" cx=\"64\" cy=\"64\" r=\"52\"/>"
      "<circle class=\"ring g-{}\" cx=\"64\" cy=\"64\" r=\"52\" stroke-dasharray=\"{:.2f} {:.2f}\" "
      "transform=\"rotate(-90 64 64)\"/><text class=\"num\" x=\"64\" y=\"70\" "
      "text-anchor=\"middle\" id=\"score-value\">{}</text><text class=\"of\" x=\"64\" y=\"88\" "
      "text-anchor=\"middle\">of 100</text></svg>\n",
      m.score, m.grade, m.grade, arc, circumference, m.score);
  out += fmt::format("<div><div class=\"grade\">Grade {}</div><div class=\"muted\">{} weighted "
                     "finding points over {}</div></div>\n</div>\n",
                     m.grade, m.weighted,
                     m.principals ? plural(m.denominator, "principal", "principals")
                                  : plural(m.denominator, "subject", "subjects"));
  out += "<details class=\"formula\"><summary>How the score is computed</summary>\n<p>Score = "
         "max(0, 100 &minus; round(5 &times; W / N)), where W = 10 &times; critical + 5 &times; "
         "high + 2 &times; medium + 1 &times; low (informational findings weigh 0) and N is the "
         "number of principals assessed, or when no principals are listed the larger of the "
         "inputs scanned and the resources with findings (at least 1). One critical finding per "
         "subject gives 50; one high, 75; one medium, 90. Grade: A &ge; 90, B &ge; 75, C &ge; 50, "
         "D &ge; 25, else F.</p>\n</details>\n</div>\n";
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

void render_findings(std::string& out, const Model& m) {
  out += "<section class=\"block\" id=\"findings\">\n<h2>Findings</h2>\n";
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
         "type=\"button\" id=\"f-reset\">Reset</button>\n</form>\n";
  out += "<p class=\"count\" id=\"f-count\"></p>\n";
  out += "<table class=\"grid\" id=\"findings-table\">\n<thead><tr><th>Severity</th><th>Rule</th>"
         "<th>Resource / location</th><th>Message</th></tr></thead>\n<tbody "
         "id=\"findings-body\"></tbody>\n</table>\n";
  out += "<noscript><p class=\"muted\">The interactive table needs JavaScript; every finding is "
         "also listed under <a href=\"#principals\">Principals &amp; resources</a>.</p></noscript>\n";
  out += "</section>\n";
}

std::string location_text(const Finding& f) {
  if (!f.location) return "";
  std::string s = f.location->file;
  if (f.location->line > 0) s += fmt::format(":{}", f.location->line);
  if (f.location->line > 0 && f.location->column > 0) s += fmt::format(":{}", f.location->column);
  if (!f.location->sid.empty()) s += " (Sid " + f.location->sid + ")";
  return s;
}

void render_subjects(std::string& out, const Model& m) {
  out += "<section class=\"block\" id=\"principals\">\n<h2>Principals &amp; resources</h2>\n";
  if (m.subjects.empty()) {
    out += "<p class=\"muted\">Nothing to list: no findings and no principals.</p>\n</section>\n";
    return;
  }
  out += "<table class=\"grid index\">\n<thead><tr><th>Principal / resource</th><th>Kind</th>"
         "<th>Worst</th><th class=\"n\">Findings</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < m.subjects.size(); ++i) {
    const Subject& s = m.subjects[i];
    out += fmt::format("<tr><td><a class=\"mono\" href=\"#s-{}\">{}</a></td><td>{}</td><td>", i,
                       html(s.name), html(s.kind));
    if (!s.findings.empty()) {
      const std::string_view sev = to_string(s.worst);
      out += fmt::format("<span class=\"sev sev-{0}\">{0}</span>", sev);
    } else {
      out += "<span class=\"muted\">none</span>";
    }
    out += fmt::format("</td><td class=\"n\">{}</td></tr>\n", s.findings.size());
  }
  out += "</tbody>\n</table>\n<div class=\"subjects\">\n";
  for (std::size_t i = 0; i < m.subjects.size(); ++i) {
    const Subject& s = m.subjects[i];
    out += fmt::format("<section class=\"card subject\" id=\"s-{}\">\n<h3><span class=\"tag\">{}</span>"
                       "<span class=\"name\">{}</span>",
                       i, html(s.kind), html(s.name));
    if (s.principal != nullptr && s.principal->admin) {
      out += "<span class=\"tag admin\">admin-equivalent</span>";
    }
    out += "</h3>\n";
    if (s.principal != nullptr) {
      if (!s.principal->policies.empty()) {
        out += "<div class=\"muted\">Policies</div>\n<ul class=\"policies\">\n";
        for (const std::string& p : s.principal->policies) out += "<li class=\"mono\">" + html(p) + "</li>\n";
        out += "</ul>\n";
      }
      if (!s.principal->notes.empty()) {
        out += "<div class=\"muted\">Effective permissions</div>\n<ul class=\"notes\">\n";
        for (const std::string& n : s.principal->notes) out += "<li>" + html(n) + "</li>\n";
        out += "</ul>\n";
      }
    }
    if (s.findings.empty()) {
      out += "<div class=\"clean\">No findings.</div>\n";
    } else {
      out += "<ul class=\"findings\">\n";
      for (const Finding* f : s.findings) {
        const std::string_view sev = to_string(f->severity);
        const std::string where = location_text(*f);
        out += fmt::format("<li><span class=\"sev sev-{0}\">{0}</span><span><span class=\"mono\">{1}"
                           "</span> &mdash; {2}",
                           sev, html(f->id), html(f->message.empty() ? detail::title_of(*f) : f->message));
        if (!where.empty()) out += " <span class=\"muted mono\">" + html(where) + "</span>";
        out += "</span></li>\n";
      }
      out += "</ul>\n";
    }
    out += "</section>\n";
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

}  // namespace

std::string write_html(const ReportInput& input) {
  const Model m = build_model(input);
  static const std::string csp =
      "default-src 'none'; script-src " + csp_hash(kScript) + "; style-src " + csp_hash(kCss) +
      "; img-src data:; base-uri 'none'; form-action 'none'";

  std::string out;
  out.reserve(16384 + 1024 * m.findings.size());
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"" + html(input.tool.name + " " + input.tool.version) + "\">\n";
  out += "<title>" + html(input.tool.name) + " report &mdash; " +
         html(plural(m.counts.total(), "finding", "findings")) + "</title>\n";
  out += "<link rel=\"icon\" href=\"data:,\">\n";
  out += "<style>" + std::string(kCss) + "</style>\n</head>\n<body>\n";
  render_header(out, input, m);
  out += "<main>\n<section class=\"block cards\" id=\"overview\">\n";
  render_score(out, m);
  render_chart(out, m);
  out += "</section>\n";
  render_findings(out, m);
  render_subjects(out, m);
  render_scope(out, input);
  out += "</main>\n<footer>Generated by " + html(input.tool.name) + " " + html(input.tool.version) +
         ". This page is self-contained: it loads nothing from the network.</footer>\n";
  out += "<script type=\"application/json\" id=\"iw-data\">" + data_json(m) + "</script>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace iw::report
