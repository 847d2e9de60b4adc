// The data block of the HTML report. Compact: repeated strings are stored once, in tables, and
// records are arrays whose positions the page's script names (kF* in html_script.cc):
//
//   {"v": 1,
//    "names":    [string],                       resources, accounts, principals
//    "files":    [string],
//    "rules":    [[id, title, why, fix]],
//    "comps":    [[mapping]],                     distinct compliance lists
//    "findings": [[sev, rule, message, name, account, file, line, column, statement, sid, comp]],
//    "principals": [[name, kind, admin, [policy], [note]]]}
//
// sev is 0 (info) .. 4 (critical); name, account, file and comp are indexes into their tables
// (-1: none); line, column and statement are -1 when unknown. Every string went through
// display_text(), and the whole text through script_safe_json().
#include "report/html_data.h"

#include <string_view>
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

  Table<std::string> names_, files_, rules_;
  std::unordered_map<std::vector<std::string>, int, VectorHash> comp_index_;
  std::vector<std::vector<std::string>> comps_;
};

void write_finding(JsonWriter& w, Tables& t, const Finding& f) {
  w.begin_array();
  w.value(static_cast<int>(f.severity));
  w.value(t.rule(f));
  w.value(display_text(f.message));
  w.value(t.name(f.resource.empty() ? artifact(f) : f.resource));
  w.value(t.name(f.account));
  const Location* loc = f.location ? &*f.location : nullptr;
  w.value(loc ? t.file(loc->file) : -1);
  w.value(loc && loc->line > 0 ? loc->line : -1);
  w.value(loc && loc->line > 0 && loc->column > 0 ? loc->column : -1);
  w.value(loc && loc->statement >= 0 ? loc->statement : -1);
  w.value(loc ? display_text(loc->sid) : std::string());
  w.value(t.comp(f.compliance));
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

}  // namespace

std::string html_data_json(const ReportInput& input, const std::vector<Finding>& ordered) {
  // The records are written first, as they fill the tables; the tables lead the object.
  Tables tables;
  JsonWriter findings;
  findings.begin_array();
  for (const Finding& f : ordered) write_finding(findings, tables, f);
  findings.end_array();
  JsonWriter principals;
  principals.begin_array();
  for (const PrincipalSummary& p : input.principals) write_principal(principals, tables, p);
  principals.end_array();
  JsonWriter head;
  head.begin_object().member("v", 1);
  tables.write(head);
  head.end_object();
  std::string json = std::move(head).take();
  json.pop_back();  // the closing brace: the records follow as members
  json += ",\"findings\":" + std::move(findings).take();
  json += ",\"principals\":" + std::move(principals).take();
  json += '}';
  return script_safe_json(json);
}

}  // namespace iw::report::detail
