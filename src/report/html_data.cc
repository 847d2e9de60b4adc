// The data block of the HTML report. Compact: repeated strings are stored once, in tables, and
// records are arrays whose positions the page's script names (kF* in html_script.cc):
//
//   {"v": 1,
//    "names":    [string],                       resources, accounts, principals
//    "files":    [string],
//    "rules":    [[id, title, why, fix]],
//    "comps":    [[mapping]],                     distinct compliance lists
//    "texts":    [string],                        messages
//    "bodies":   [[[text, statement]]],           distinct document texts, in parts
//    "findings": [[sev, rule, message, name, account, file, line, column, statement, sid, comp, doc]],
//    "principals": [[name, kind, admin, [policy], [note]]],
//    "docs":     [[name, body, [holder]]],        the documents findings point into
//    "chains":   [[finding, [node], [[label, detail]]]]}     escalation paths, and the like
//
// sev is 0 (info) .. 4 (critical); message, name, account, file, comp, body, doc, holder and
// node are indexes into their tables (-1: none); line, column and statement are -1 when
// unknown; finding is an index into "findings". A document's text is split into parts at its
// statements: a part's statement is the index of the statement it is (-1 between statements).
// Every string went through display_text(), and the whole text through script_safe_json().
#include "report/html_data.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/json_writer.h"
#include "report/html_text.h"
#include "report/report_util.h"
#include "report/export_util.h"

namespace iw::report::detail {

namespace {

// Distinct values, numbered in first-seen order.
template <typename Key>
class Table {
 public:
  int id(const Key& k) {
    auto [it, added] = index_.emplace(k, static_cast<int>(list_.size()));
    if (added) list_.push_back(k);
    return it->second;
  }
  const std::vector<Key>& list() const { return list_; }

 private:
  std::unordered_map<Key, int> index_;
  std::vector<Key> list_;
};

struct VectorHash {
  std::size_t operator()(const std::vector<std::string>& v) const {
    std::size_t h = 0;
    for (const std::string& s : v) h = h * 31 + std::hash<std::string>{}(s);
    return h;
  }
};

class Tables {
 public:
  int name(std::string_view s) { return s.empty() ? -1 : names_.id(display_text(s)); }
  int file(std::string_view s) { return s.empty() ? -1 : files_.id(display_text(s)); }
  int text(std::string_view s) { return texts_.id(display_text(s)); }
  // `parts` is the JSON array of a document's parts.
  int body(std::string parts) { return bodies_.id(std::move(parts)); }
  int rule(const Finding& f) {
    return rules_.id(display_text(f.id) + '\0' + display_text(title_of(f)) + '\0' +
                     display_text(description_of(f)) + '\0' + display_text(remediation_of(f)));
  }
  int comp(const std::vector<std::string>& c) {
    if (c.empty()) return -1;
    std::vector<std::string> shown;
    for (const std::string& s : c) shown.push_back(display_text(s));
    auto [it, added] = comp_index_.emplace(shown, static_cast<int>(comps_.size()));
    if (added) comps_.push_back(std::move(shown));
    return it->second;
  }

  void write(JsonWriter& w) const {
    write_strings(w, "names", names_.list());
    write_strings(w, "files", files_.list());
    w.key("rules").begin_array();
    for (const std::string& r : rules_.list()) {
      w.begin_array();
      for (std::string_view part : split_nul(r)) w.value(part);
      w.end_array();
    }
    w.end_array();
    w.key("comps").begin_array();
    for (const auto& c : comps_) w.value(c);
    w.end_array();
    write_strings(w, "texts", texts_.list());
  }
  // The bodies, a JSON array of the parts arrays (written as they are).
  std::string bodies_json() const {
    std::string out = "[";
    for (const std::string& b : bodies_.list()) out += (out.size() > 1 ? "," : "") + b;
    return out + "]";
  }

 private:
  static void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
    w.key(key).begin_array();
    for (const std::string& s : v) w.value(s);
    w.end_array();
  }
  static std::vector<std::string_view> split_nul(std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0;;) {
      const std::size_t nul = s.find('\0', at);
      out.push_back(s.substr(at, nul == std::string_view::npos ? std::string_view::npos : nul - at));
      if (nul == std::string_view::npos) return out;
      at = nul + 1;
    }
  }

  Table<std::string> names_, files_, rules_, texts_, bodies_;
  std::unordered_map<std::vector<std::string>, int, VectorHash> comp_index_;
  std::vector<std::vector<std::string>> comps_;
};

void write_finding(JsonWriter& w, Tables& t, const Finding& f, int doc) {
  w.begin_array();
  w.value(static_cast<int>(f.severity));
  w.value(t.rule(f));
  w.value(t.text(f.message));
  w.value(t.name(f.resource.empty() ? artifact(f) : f.resource));
  w.value(t.name(f.account));
  const Location* loc = f.location ? &*f.location : nullptr;
  w.value(loc ? t.file(loc->file) : -1);
  w.value(loc && loc->line > 0 ? loc->line : -1);
  w.value(loc && loc->line > 0 && loc->column > 0 ? loc->column : -1);
  w.value(loc && loc->statement >= 0 ? loc->statement : -1);
  w.value(loc ? display_text(loc->sid) : std::string());
  w.value(t.comp(f.compliance));
  w.value(doc);
  w.end_array();
}

void write_principal(JsonWriter& w, Tables& t, const PrincipalSummary& p) {
  w.begin_array();
  w.value(t.name(p.arn));
  w.value(display_text(p.kind));
  w.value(p.admin ? 1 : 0);
  w.begin_array();
  for (const std::string& s : p.policies) w.value(display_text(s));
  w.end_array();
  w.begin_array();
  for (const std::string& s : p.notes) w.value(display_text(s));
  w.end_array();
  w.end_array();
}

// Which document a finding points into: the one whose file it names and whose span holds its
// line and column.
class DocumentIndex {
 public:
  explicit DocumentIndex(const std::vector<PolicyDocument>& docs) {
    for (std::size_t i = 0; i < docs.size(); ++i) {
      const PolicyDocument& d = docs[i];
      by_file_[d.file].push_back({{d.begin.line, d.begin.column}, {d.end.line, d.end.column}, i});
    }
    for (auto& [file, spans] : by_file_) std::sort(spans.begin(), spans.end());
  }
  // The index in `docs` of the document `f` points into, or -1.
  int find(const Finding& f) const {
    if (!f.location || f.location->line <= 0) return -1;
    const auto it = by_file_.find(f.location->file);
    if (it == by_file_.end()) return -1;
    const Pos at{f.location->line, f.location->column};
    const auto& spans = it->second;  // sorted by start; documents of one file do not overlap
    auto after = std::upper_bound(spans.begin(), spans.end(), at,
                                  [](const Pos& p, const Span& span) { return p < span.begin; });
    if (after == spans.begin()) return -1;
    --after;
    if (at <= after->end) return static_cast<int>(after->doc);
    return -1;
  }

 private:
  using Pos = std::pair<int, int>;
  struct Span {
    Pos begin, end;
    std::size_t doc;
    bool operator<(const Span& o) const { return std::tie(begin, end, doc) < std::tie(o.begin, o.end, o.doc); }
  };
  std::map<std::string, std::vector<Span>, std::less<>> by_file_;
};

// The documents the findings point into, numbered in the order they are first pointed at.
class DocumentsShown {
 public:
  explicit DocumentsShown(const std::vector<PolicyDocument>& docs) : docs_(docs), index_(docs) {}
  int id(const Finding& f) {
    const int d = index_.find(f);
    if (d < 0) return -1;
    auto [it, added] = shown_.emplace(d, static_cast<int>(order_.size()));
    if (added) order_.push_back(static_cast<std::size_t>(d));
    return it->second;
  }
  void write(JsonWriter& w, Tables& t) const {
    w.begin_array();
    for (std::size_t d : order_) write_document(w, t, docs_[d]);
    w.end_array();
  }

 private:
  static void write_document(JsonWriter& w, Tables& t, const PolicyDocument& d) {
    w.begin_array().value(t.name(d.name)).value(t.body(parts(d))).begin_array();
    for (const std::string& h : d.holders) w.value(t.name(h));
    w.end_array().end_array();
  }
  // The document's text split at its statements: [[text, statement or -1], ...] as JSON.
  static std::string parts(const PolicyDocument& d) {
    JsonWriter w;
    w.begin_array();
    std::size_t at = 0;
    for (std::size_t i = 0; i < d.statements.size(); ++i) {
      const auto [b, e] = d.statements[i];
      if (e <= b || b < at || e > d.text.size()) continue;
      if (b > at) w.begin_array().value(display_text(d.text.substr(at, b - at))).value(-1).end_array();
      w.begin_array().value(display_text(d.text.substr(b, e - b))).value(static_cast<int>(i)).end_array();
      at = e;
    }
    if (at < d.text.size()) w.begin_array().value(display_text(d.text.substr(at))).value(-1).end_array();
    w.end_array();
    return std::move(w).take();
  }

  const std::vector<PolicyDocument>& docs_;
  DocumentIndex index_;
  std::unordered_map<std::size_t, int> shown_;
  std::vector<std::size_t> order_;
};

// The chains, each written with the index of its finding.
class ChainsShown {
 public:
  explicit ChainsShown(const std::vector<Chain>& chains) {
    for (const Chain& c : chains) by_finding_.emplace(c.finding_id + '\n' + c.resource, &c);
  }
  void note(const Finding& f, std::size_t index) {
    const auto it = by_finding_.find(f.id + '\n' + f.resource);
    if (it != by_finding_.end()) found_.emplace_back(index, it->second);
  }
  void write(JsonWriter& w, Tables& t) const {
    w.begin_array();
    for (const auto& [index, c] : found_) {
      w.begin_array().value(index).begin_array();
      for (const std::string& n : c->nodes) w.value(t.name(n));
      w.end_array().begin_array();
      for (const ChainLink& l : c->links) {
        w.begin_array().value(display_text(l.label)).value(display_text(l.detail)).end_array();
      }
      w.end_array().end_array();
    }
    w.end_array();
  }

 private:
  std::unordered_map<std::string, const Chain*> by_finding_;
  std::vector<std::pair<std::size_t, const Chain*>> found_;
};

}  // namespace

std::string html_data_json(const ReportInput& input, const std::vector<Finding>& ordered) {
  // The records are written first, as they fill the tables; the tables lead the object.
  Tables tables;
  DocumentsShown docs(input.documents);
  ChainsShown chains(input.chains);
  JsonWriter findings;
  findings.begin_array();
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    write_finding(findings, tables, ordered[i], docs.id(ordered[i]));
    chains.note(ordered[i], i);
  }
  findings.end_array();
  JsonWriter principals;
  principals.begin_array();
  for (const PrincipalSummary& p : input.principals) write_principal(principals, tables, p);
  principals.end_array();
  JsonWriter evidence;  // documents and chains: they add holder and node names to the tables
  evidence.begin_object().key("docs");
  docs.write(evidence, tables);
  evidence.key("chains");
  chains.write(evidence, tables);
  evidence.end_object();
  JsonWriter head;
  head.begin_object().member("v", 1);
  tables.write(head);
  head.end_object();
  std::string json = std::move(head).take();
  json.pop_back();  // the closing brace: the records follow as members
  json += ",\"bodies\":" + tables.bodies_json();
  json += ",\"findings\":" + std::move(findings).take();
  json += ",\"principals\":" + std::move(principals).take();
  json += ',';
  json += std::string_view(evidence.str()).substr(1);  // its members, and the closing brace
  return script_safe_json(json);
}

}  // namespace iw::report::detail
