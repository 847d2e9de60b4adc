// --format sarif: SARIF 2.1.0 as GitHub code scanning accepts it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "core/rules.h"
#include "report/report.h"
#include "report/export_util.h"
#include "report/report_util.h"
#include "report/spool.h"

namespace iw::report {

namespace {

constexpr std::string_view kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr std::string_view kFingerprintKey = "iamwarden/v1";
// GitHub code scanning rejects a run of more than 25,000 results and a result of more than
// 1,000 locations (docs.github.com, "SARIF results exceed limit").
constexpr std::size_t kMaxResultsPerRun = 25000;
constexpr std::size_t kMaxLocationsPerResult = 1000;

std::string_view level(Severity s) {
  switch (s) {
    case Severity::critical:
    case Severity::high: return "error";
    case Severity::medium: return "warning";
    case Severity::low:
    case Severity::info: return "note";
  }
  return "note";
}

// GitHub maps > 9.0 to critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::critical: return "9.5";
    case Severity::high: return "8.0";
    case Severity::medium: return "5.5";
    case Severity::low: return "3.0";
    case Severity::info: return "0.0";
  }
  return "0.0";
}

// "admin-wildcard" -> "AdminWildcard" (SARIF rule names are friendly identifiers).
std::string pascal_case(std::string_view id) {
  std::string name;
  bool upper = true;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

// A relative URI reference for a path as given: backslashes become slashes, and every byte
// outside RFC 3986 unreserved / sub-delims / "@" / "/" is percent-encoded, ':' included so
// that neither a drive letter nor an ARN reads as a URI scheme.
std::string to_uri(std::string_view path) {
  static constexpr std::string_view kKeep = "-._~!$&'()*+,;=@/";
  std::string uri;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\\') {
      uri += '/';
    } else if (std::isalnum(c) != 0 && c < 0x80) {
      uri += ch;
    } else if (kKeep.find(ch) != std::string_view::npos) {
      uri += ch;
    } else {
      uri += fmt::format("%{:02X}", c);
    }
  }
  return uri.empty() ? std::string("iamwarden") : uri;
}


struct Rule {
  std::string id;
  std::string title;
  std::string description;
  std::string remediation;
  std::string compliance;
  Severity severity = Severity::info;
};

Rule rule_for(const Finding& f) {
  if (const RuleInfo* r = find_rule(f.id)) {
    return Rule{std::string(r->id), std::string(r->title), std::string(r->description),
                std::string(r->remediation), std::string(r->compliance), r->severity};
  }
  std::string compliance;
  for (const std::string& c : f.compliance) compliance += (compliance.empty() ? "" : ",") + c;
  return Rule{f.id, f.title, "", f.remediation, compliance, f.severity};
}

void write_rule(JsonWriter& w, const Rule& r) {
  const std::string title = r.title.empty() ? r.id : r.title;
  const std::string description = r.description.empty() ? title : r.description;
  std::string text = description;
  std::string markdown = fmt::format("**{}**\n\n{}", title, description);
  if (!r.remediation.empty()) {
    text += "\nFix: " + r.remediation;
    markdown += "\n\n**Fix:** " + r.remediation;
  }
  if (!r.compliance.empty()) {
    text += "\nCompliance: " + r.compliance;
    markdown += "\n\n**Compliance:** " + r.compliance;
  }
  w.begin_object();
  w.member("id", r.id);
  w.member("name", pascal_case(r.id));
  w.key("shortDescription").begin_object().member("text", title).end_object();
  w.key("fullDescription").begin_object().member("text", description).end_object();
  w.key("help").begin_object().member("text", text).member("markdown", markdown).end_object();
  w.key("defaultConfiguration").begin_object().member("level", level(r.severity)).end_object();
  w.key("properties").begin_object();
  w.member("security-severity", security_severity(r.severity));
  w.key("tags").begin_array().value("security").end_array();
  w.end_object();
  w.end_object();
}

// The members of one location object (physical, and logical when the resource is no file).
void write_location_members(JsonWriter& w, const Finding& f) {
  const std::string& file = detail::artifact(f);
  const int line = f.location ? f.location->line : 0;
  const int column = f.location ? f.location->column : 0;
  w.key("physicalLocation").begin_object();
  w.key("artifactLocation").begin_object().member("uri", to_uri(file)).end_object();
  w.key("region").begin_object();
  w.member("startLine", line > 0 ? line : 1);
  if (line > 0 && column > 0) w.member("startColumn", column);
  w.end_object();
  w.end_object();
  if (!f.resource.empty() && f.resource != file) {
    w.key("logicalLocations").begin_array().begin_object();
    w.member("fullyQualifiedName", f.resource).member("kind", "resource");
    w.end_object().end_array();
  }
}

const std::string& text_of(const Finding& f) {
  return !f.message.empty() ? f.message : !f.title.empty() ? f.title : f.id;
}

// One SARIF result: one finding, or (for a run that would exceed GitHub's limits) several
// findings of one rule, the first as the location and every one as a related location.
void write_result(JsonWriter& w, const std::vector<const Finding*>& members, const std::string& fingerprint,
                  std::size_t rule_index) {
  const Finding& f = *members.front();
  w.begin_object();
  w.member("ruleId", f.id);
  w.member("ruleIndex", rule_index);
  Severity severity = f.severity;
  for (const Finding* m : members) severity = std::max(severity, m->severity);
  w.member("level", level(severity));
  const std::string text = members.size() == 1
                               ? text_of(f)
                               : fmt::format("{} findings of this rule; the first: {}", members.size(), text_of(f));
  w.key("message").begin_object().member("text", text).end_object();
  w.key("locations").begin_array().begin_object();
  write_location_members(w, f);
  w.end_object().end_array();
  if (members.size() > 1) {
    w.key("relatedLocations").begin_array();
    for (std::size_t i = 0; i < members.size(); ++i) {
      w.begin_object().member("id", i);
      write_location_members(w, *members[i]);
      w.key("message").begin_object().member("text", text_of(*members[i])).end_object();
      w.end_object();
    }
    w.end_array();
  }
  w.key("partialFingerprints").begin_object().member(kFingerprintKey, fingerprint).end_object();
  w.key("properties").begin_object();
  w.member("severity", to_string(severity));
  if (!f.account.empty()) w.member("account", f.account);
  if (!f.compliance.empty()) w.member("compliance", f.compliance);
  w.end_object();
  w.end_object();
}

// The order of the groups: by rule, then file; stable, so a group's findings keep report order.
bool by_rule_and_file(const Finding& a, const Finding& b) {
  if (const int c = a.id.compare(b.id); c != 0) return c < 0;
  return detail::artifact(a) < detail::artifact(b);
}

// How many findings the grouping holds in memory before it sorts on disk (about 1 KB each).
constexpr std::size_t kGroupedInMemory = 65536;

// Over GitHub's limit of results per run: one result per rule and file (the statements of one
// policy file, or of one snapshot file); still over it, one result per rule (its findings by
// file). Each group is cut into results of at most kMaxLocationsPerResult findings; a group's
// fingerprint depends on its rule, key (file, or none) and place.
void write_grouped(JsonWriter& w, const FindingSource& each, const std::map<std::string, std::size_t>& index,
                   const std::function<void(std::string_view)>& sink) {
  FindingSpool groups(kGroupedInMemory, by_rule_and_file);
  each([&](const Finding& f) { groups.add(detail::slim(f, false)); });
  std::size_t by_file = 0;
  std::string id, file;
  groups.each([&](const Finding& f) {
    if (by_file > 0 && f.id == id && detail::artifact(f) == file) return;
    ++by_file;
    id = f.id;
    file = detail::artifact(f);
  });
  const bool per_file = by_file <= kMaxResultsPerRun;
  std::vector<Finding> members;
  std::string key;
  std::size_t chunk = 0;
  const auto flush = [&] {
    if (members.empty()) return;
    std::vector<const Finding*> pointers;
    for (const Finding& m : members) pointers.push_back(&m);
    Finding identity;
    identity.id = members.front().id;
    identity.resource = fmt::format("{}#{}", key, chunk++);
    write_result(w, pointers, detail::stable_fingerprint(members.size() == 1 ? members.front() : identity),
                 index.at(members.front().id));
    detail::drain_block(w, sink);
    members.clear();
  };
  groups.each([&](const Finding& f) {
    const std::string& f_key = per_file ? detail::artifact(f) : std::string();
    if (members.empty() || f.id != members.front().id || f_key != key) {
      flush();
      key = f_key;
      chunk = 0;
    } else if (members.size() == kMaxLocationsPerResult) {
      flush();
    }
    members.push_back(f);
  });
  flush();
}

}  // namespace

// The report of the findings of `each` (in report order), handed to `sink` in pieces.
void write_sarif(const ReportInput& input, const FindingSource& each, const std::function<void(std::string_view)>& sink) {
  // One rule per id used, in id order; the first finding of an unregistered id describes it.
  std::map<std::string, Rule> rules;
  std::size_t count = 0;
  each([&](const Finding& f) {
    ++count;
    if (!rules.contains(f.id)) rules.emplace(f.id, rule_for(f));
  });
  std::map<std::string, std::size_t> index;
  for (const auto& [id, rule] : rules) index.emplace(id, index.size());

  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object();
  w.member("$schema", kSchema);
  w.member("version", "2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.member("name", input.tool.name);
  w.member("version", input.tool.version);
  w.member("semanticVersion", input.tool.version);
  w.key("rules").begin_array();
  for (const auto& [id, rule] : rules) write_rule(w, rule);
  w.end_array();
  w.end_object().end_object();
  w.key("results").begin_array();
  if (count <= kMaxResultsPerRun) {  // one result per finding
    each([&](const Finding& f) {
      write_result(w, {&f}, detail::stable_fingerprint(f), index.at(f.id));
      detail::drain_block(w, sink);
    });
  } else {
    write_grouped(w, each, index, sink);
  }
  w.end_array();
  w.member("columnKind", "unicodeCodePoints");
  if (!input.tool.catalog.empty()) {
    w.key("properties").begin_object().member("catalog", input.tool.catalog).end_object();
  }
  w.end_object().end_array();
  w.end_object();
  w.drain(sink);
  sink("\n");
}

std::string write_sarif(const ReportInput& input) { return detail::held_string(input, write_sarif); }

}  // namespace iw::report
