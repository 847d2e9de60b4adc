#include "trail/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "core/json_writer.h"
#include "json/json.h"
#include "trail/parallel.h"

namespace iw::trail {

void add_stats(ReadStats& into, const ReadStats& more) {
  into.files += more.files;
  into.digests += more.digests;
  into.events += more.events;
  into.filtered += more.filtered;
  into.bytes += more.bytes;
}

void Partial::append(Partial&& next) {
  if (entries.empty()) {
    entries = std::move(next.entries);
  } else {
    entries.insert(entries.end(), std::make_move_iterator(next.entries.begin()), std::make_move_iterator(next.entries.end()));
  }
  files.insert(files.end(), std::make_move_iterator(next.files.begin()), std::make_move_iterator(next.files.end()));
  warnings.insert(warnings.end(), std::make_move_iterator(next.warnings.begin()), std::make_move_iterator(next.warnings.end()));
  add_stats(stats, next.stats);
}

// ---- to_json / from_json -------------------------------------------------------------------------
// {"format": "iamwarden-trail-partial-1", "files": [...], "warnings": [{"file", "record", "message"}],
//  "stats": {"files", "digests", "events", "filtered", "bytes"},
//  "entries": [{"gate", "key", "value", "time", "tail", "finding": {...}}]}
// A finding carries what trail findings use: id, severity, title, message, account, resource,
// file, record, remediation, compliance, event ([[name, value], ...]) and rule.

namespace {

constexpr std::string_view kFormat = "iamwarden-trail-partial-1";

void write_finding(JsonWriter& w, const Finding& f) {
  w.begin_object().member("id", f.id).member("severity", to_string(f.severity)).member("title", f.title);
  w.member("message", f.message).member("account", f.account).member("resource", f.resource);
  if (f.location) w.member("file", f.location->file).member("record", f.location->record);
  w.member("remediation", f.remediation);
  w.key("compliance").begin_array();
  for (const std::string& c : f.compliance) w.value(c);
  w.end_array().key("event").begin_array();
  for (const auto& [k, v] : f.event) w.begin_array().value(k).value(v).end_array();
  w.end_array();
  if (f.rule) {
    w.key("rule").begin_object().member("id", f.rule->id).member("title", f.rule->title);
    w.member("author", f.rule->author).member("license", f.rule->license).key("references").begin_array();
    for (const std::string& r : f.rule->references) w.value(r);
    w.end_array().end_object();
  }
  w.end_object();
}

[[noreturn]] void bad(std::string_view what) {
  throw std::runtime_error(fmt::format("not a trail scan partial: {}", what));
}

class Reader {
 public:
  explicit Reader(const json::Document& doc) : doc_(doc) {}

  const json::Node& get(const json::Node& object, std::string_view key, json::Kind kind) const {
    const json::Node* n = doc_.member(object, key);
    if (n == nullptr || n->kind != kind) bad(fmt::format("\"{}\" missing or not {}", key, json::to_string(kind)));
    return *n;
  }
  std::string text(const json::Node& object, std::string_view key) const {
    return std::string(get(object, key, json::Kind::string).text);
  }
  long long number(const json::Node& object, std::string_view key) const {
    const std::string_view t = get(object, key, json::Kind::number).text;
    long long n = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec != std::errc() || end != t.data() + t.size()) bad(fmt::format("\"{}\" is not an integer", key));
    return n;
  }
  std::vector<std::string> strings(const json::Node& object, std::string_view key) const {
    std::vector<std::string> out;
    for (const json::Node& c : doc_.children(get(object, key, json::Kind::array))) {
      if (c.kind != json::Kind::string) bad(fmt::format("\"{}\" holds a non-string", key));
      out.emplace_back(c.text);
    }
    return out;
  }
  Finding finding(const json::Node& n) const {
    Finding f;
    f.id = text(n, "id");
    const std::optional<Severity> severity = parse_severity(text(n, "severity"));
    if (!severity) bad("unknown severity");
    f.severity = *severity;
    f.title = text(n, "title");
    f.message = text(n, "message");
    f.account = text(n, "account");
    f.resource = text(n, "resource");
    if (doc_.member(n, "file") != nullptr) {
      Location loc;
      loc.file = text(n, "file");
      loc.record = number(n, "record");
      f.location = std::move(loc);
    }
    f.remediation = text(n, "remediation");
    f.compliance = strings(n, "compliance");
    for (const json::Node& pair : doc_.children(get(n, "event", json::Kind::array))) {
      if (pair.kind != json::Kind::array || pair.child_count != 2) bad("\"event\" holds a non-pair");
      const json::Node& k = doc_.node(pair.first_child);
      const json::Node& v = doc_.node(k.next_sibling);
      if (k.kind != json::Kind::string || v.kind != json::Kind::string) bad("\"event\" holds a non-string");
      f.event.emplace_back(k.text, v.text);
    }
    if (const json::Node* r = doc_.member(n, "rule"); r != nullptr) {
      if (r->kind != json::Kind::object) bad("\"rule\" is not an object");
      f.rule = std::make_shared<const RuleRef>(
          RuleRef{text(*r, "id"), text(*r, "title"), text(*r, "author"), text(*r, "license"), strings(*r, "references")});
    }
    return f;
  }

 private:
  const json::Document& doc_;
};

}  // namespace

std::string Partial::to_json() const {
  JsonWriter w;
  w.begin_object().member("format", kFormat).key("files").begin_array();
  for (const std::string& f : files) w.value(f);
  w.end_array().key("warnings").begin_array();
  for (const Warning& x : warnings) {
    w.begin_object().member("file", x.file).member("record", x.record).member("message", x.message).end_object();
  }
  w.end_array().key("stats").begin_object().member("files", stats.files).member("digests", stats.digests);
  w.member("events", stats.events).member("filtered", stats.filtered).member("bytes", stats.bytes).end_object();
  w.key("entries").begin_array();
  for (const Entry& e : entries) {
    w.begin_object().member("gate", static_cast<int>(e.gate)).member("key", e.key).member("value", e.value);
    w.member("time", static_cast<std::int64_t>(e.time)).member("tail", e.tail).key("finding");
    write_finding(w, e.finding);
    w.end_object();
  }
  w.end_array().end_object();
  return std::move(w).take();
}

Partial Partial::from_json(std::string_view text) {
  json::ParseError error;
  json::Limits limits;
  limits.max_bytes = std::size_t{1} << 31;
  limits.max_depth = 16;
  const std::unique_ptr<json::Document> doc = json::parse(text, error, limits);
  if (!doc) bad(error.message);
  const json::Node& root = doc->root();
  if (root.kind != json::Kind::object) bad("not an object");
  const Reader r(*doc);
  if (r.text(root, "format") != kFormat) bad("unknown format (from another version of iamwarden?)");
  Partial p;
  p.files = r.strings(root, "files");
  for (const json::Node& x : doc->children(r.get(root, "warnings", json::Kind::array))) {
    if (x.kind != json::Kind::object) bad("a warning is not an object");
    p.warnings.push_back({r.text(x, "file"), r.number(x, "record"), r.text(x, "message")});
  }
  const json::Node& stats = r.get(root, "stats", json::Kind::object);
  const auto count = [&](std::string_view key) { return static_cast<std::size_t>(std::max(0LL, r.number(stats, key))); };
  p.stats = {count("files"), count("digests"), count("events"), count("filtered"), count("bytes")};
  for (const json::Node& x : doc->children(r.get(root, "entries", json::Kind::array))) {
    if (x.kind != json::Kind::object) bad("an entry is not an object");
    Entry& e = p.entries.emplace_back();
    const long long gate = r.number(x, "gate");
    if (gate < 0 || gate > static_cast<long long>(Entry::Gate::new_region)) bad("unknown gate");
    e.gate = static_cast<Entry::Gate>(gate);
    e.key = r.text(x, "key");
    e.value = r.text(x, "value");
    e.time = r.number(x, "time");
    e.tail = r.text(x, "tail");
    e.finding = r.finding(r.get(x, "finding", json::Kind::object));
  }
  return p;
}

// ---- scanning files ------------------------------------------------------------------------------

void scan_files(const std::vector<std::string>& files, const ReadOptions& read, const DetectOptions& detect,
                unsigned threads, const std::function<void(Partial&&)>& done) {
  reserve_readers(std::min<std::size_t>(thread_count(threads), files.size()), kTypicalFileBytes);
  in_order<Partial>(
      files.size(), threads,
      [&](std::size_t i) {
        Scanner scanner(detect);
        std::vector<Warning> warnings;
        ReadStats stats;
        try {
          read_events({files[i]}, read, [&](const Event& e) { scanner.add(e); }, warnings, stats);
        } catch (const std::runtime_error& e) {
          warnings.push_back({files[i], -1, e.what()});
        }
        Partial p = scanner.take();
        p.files.push_back(files[i] == "-" ? "<stdin>" : files[i]);
        p.warnings = std::move(warnings);
        p.stats = stats;
        return p;
      },
      [&](std::size_t, Partial&& p) { done(std::move(p)); });
}

}  // namespace iw::trail
