#include "trail/events.h"

#include <libdeflate.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>

#include "core/json_writer.h"
#include "core/strings.h"

namespace iw::trail {

namespace fs = std::filesystem;

// ---- Event -------------------------------------------------------------------------------------

namespace {

// The top-level members detections and Sigma rules read most (Event::hot_).
constexpr std::array<std::string_view, 15> kHot = {
    "eventID",         "eventName",        "errorCode",         "awsRegion",          "eventType",
    "eventTime",       "userAgent",        "eventSource",       "userIdentity",       "errorMessage",
    "sourceIPAddress", "responseElements", "requestParameters", "recipientAccountId", "additionalEventData"};

// Whether `key`, of the size of `literal`, is `literal`: a comparison of constant size, which
// the compiler turns into a few loads.
template <std::size_t N>
constexpr bool is(const char* key, const char (&literal)[N]) {
  return std::char_traits<char>::compare(key, literal, N - 1) == 0;
}

// The index of `key` in kHot, or -1.
constexpr int hot_index(std::string_view key) {
  const char* k = key.data();
  switch (key.size()) {
    case 7: return is(k, "eventID") ? 0 : -1;
    case 9:
      if (k[0] == 'e') {
        if (is(k, "eventName")) return 1;
        if (is(k, "errorCode")) return 2;
        if (is(k, "eventType")) return 4;
        if (is(k, "eventTime")) return 5;
        return -1;
      }
      if (is(k, "awsRegion")) return 3;
      return is(k, "userAgent") ? 6 : -1;
    case 11: return is(k, "eventSource") ? 7 : -1;
    case 12:
      if (is(k, "userIdentity")) return 8;
      return is(k, "errorMessage") ? 9 : -1;
    case 15: return is(k, "sourceIPAddress") ? 10 : -1;
    case 16: return is(k, "responseElements") ? 11 : -1;
    case 17: return is(k, "requestParameters") ? 12 : -1;
    case 18: return is(k, "recipientAccountId") ? 13 : -1;
    case 19: return is(k, "additionalEventData") ? 14 : -1;
    default: return -1;
  }
}

static_assert([] {
  for (std::size_t i = 0; i < kHot.size(); ++i) {
    if (hot_index(kHot[i]) != static_cast<int>(i)) return false;
  }
  return hot_index("eventTimes") == -1 && hot_index("eventTimf") == -1;
}());

}  // namespace

Event::Event(const Tree& doc, const TreeNode& root, std::string_view file, long long record)
    : doc_(&doc), root_(&root), file_(file), record_(record) {
  static_assert(kHot.size() == kHotCount);
  if (root.kind != json::Kind::object) return;
  for (const TreeNode& m : doc.children(root)) {
    if (const int i = hot_index(m.key); i >= 0 && hot_[i] == nullptr) hot_[i] = &m;
  }
}

const TreeNode* Event::member(std::string_view key) const {
  const int i = hot_index(key);
  return i >= 0 ? hot_[i] : doc_->member(*root_, key);
}

const TreeNode* Event::find(std::string_view dotted) const {
  if (root_->kind != json::Kind::object) return nullptr;
  std::size_t dot = dotted.find('.');
  const TreeNode* n = member(dotted.substr(0, dot));
  if (dot == std::string_view::npos) return n;
  dotted.remove_prefix(dot + 1);
  while (n != nullptr) {
    dot = dotted.find('.');
    if (n->kind != json::Kind::object) return nullptr;
    n = doc_->member(*n, dotted.substr(0, dot));
    if (dot == std::string_view::npos) return n;
    dotted.remove_prefix(dot + 1);
  }
  return nullptr;
}

std::string_view Event::str(std::string_view dotted) const {
  const TreeNode* n = find(dotted);
  if (n == nullptr || (n->kind != json::Kind::string && n->kind != json::Kind::number)) return {};
  return n->text;
}

namespace {

void fan_out(const Tree& doc, const TreeNode& n, std::string_view rest, const std::function<void(const TreeNode&)>& fn) {
  if (n.kind == json::Kind::array) {
    for (const TreeNode& c : doc.children(n)) fan_out(doc, c, rest, fn);
    return;
  }
  if (rest.empty()) {
    fn(n);
    return;
  }
  if (n.kind != json::Kind::object) return;
  const std::size_t dot = rest.find('.');
  const TreeNode* m = doc.member(n, rest.substr(0, dot));
  if (m == nullptr) return;
  fan_out(doc, *m, dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1), fn);
}

}  // namespace

void Event::for_each_value(std::string_view dotted, const std::function<void(const TreeNode&)>& fn) const {
  if (dotted.empty()) return;
  fan_out(*doc_, *root_, dotted, fn);
}

std::string_view Event::scalar_text(const TreeNode& n) {
  switch (n.kind) {
    case json::Kind::string:
    case json::Kind::number: return n.text;
    case json::Kind::boolean: return n.boolean ? "true" : "false";
    default: return {};
  }
}

std::string_view principal_key(const Event& e) {
  if (e.str("userIdentity.type") == "AssumedRole") {
    if (std::string_view issuer = e.str("userIdentity.sessionContext.sessionIssuer.arn"); !issuer.empty()) return issuer;
  }
  if (std::string_view arn = e.str("userIdentity.arn"); !arn.empty()) return arn;
  return e.str("userIdentity.type");
}

std::string call_name(const Event& e) {
  std::string_view source = e.str("eventSource");
  source = source.substr(0, source.find('.'));
  std::string out(source);
  out += ':';
  out += e.str("eventName");
  return out;
}

void describe_event(const Event& e, Finding& f) {
  f.resource = std::string(e.str("userIdentity.arn"));
  if (f.resource.empty()) f.resource = std::string(e.str("userIdentity.type"));
  if (f.resource.empty()) f.resource = "unknown";
  f.account = std::string(e.str("recipientAccountId"));
  for (std::string_view k : {"eventID", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
                             "userAgent", "errorCode"}) {
    if (std::string_view v = e.str(k); !v.empty()) f.event.emplace_back(k, v);
  }
  Location loc;
  loc.file = std::string(e.file());
  loc.record = e.record();
  f.location = std::move(loc);
}

std::string to_string(const Warning& w) {
  if (w.record < 0) return w.file + ": " + w.message;
  return w.file + ": record " + std::to_string(w.record) + ": " + w.message;
}

// ---- gzip --------------------------------------------------------------------------------------

void TextBuffer::reserve(std::size_t n) {
  if (n + json::kPadding <= capacity_) return;
  const std::size_t size = size_;
  resize(n);
  size_ = size;
  std::memset(data_.get() + size_, 0, json::kPadding);
}

void TextBuffer::resize(std::size_t n) {
  if (n + json::kPadding > capacity_) {
    const std::size_t capacity = std::max(n + json::kPadding, capacity_ * 2);
    std::unique_ptr<char[]> grown(new char[capacity]);  // not zeroed: the bytes are written next
    if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = capacity;
  }
  size_ = n;
  std::memset(data_.get() + n, 0, json::kPadding);
}

std::string gunzip(std::string_view in, TextBuffer& out, std::size_t max_bytes) {
  // One decompressor per thread (it keeps no state between calls).
  thread_local const std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> d(
      libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
  if (!d) return "out of memory";
  out.clear();
  std::size_t pos = 0;
  while (pos < in.size()) {
    const std::string_view member = in.substr(pos);
    if (member.size() < 18 || static_cast<unsigned char>(member[0]) != 0x1f ||
        static_cast<unsigned char>(member[1]) != 0x8b) {
      if (pos > 0 && member.find_first_not_of('\0') == std::string_view::npos) break;  // padding
      return pos == 0 ? "not gzip data" : "truncated or corrupt gzip data after byte " + std::to_string(pos);
    }
    // The trailer's ISIZE is the size of a lone member: a first guess, then double.
    const unsigned char* t = reinterpret_cast<const unsigned char*>(in.data() + in.size() - 4);
    const std::size_t isize = t[0] | (t[1] << 8) | (t[2] << 16) | (std::size_t{t[3]} << 24);
    std::size_t room = std::max<std::size_t>({isize + 1, member.size() * 4, 1u << 16});
    for (;;) {
      room = std::min(room, max_bytes - std::min(max_bytes, out.size()) + 1);
      const std::size_t base = out.size();
      out.resize(base + room);
      std::size_t in_used = 0, out_used = 0;
      const libdeflate_result r = libdeflate_gzip_decompress_ex(d.get(), member.data(), member.size(),
                                                                out.data() + base, room, &in_used, &out_used);
      if (r == LIBDEFLATE_SUCCESS) {
        out.resize(base + out_used);
        if (out.size() > max_bytes) return "decompressed data larger than the limit of " + std::to_string(max_bytes) + " bytes";
        pos += in_used;
        break;
      }
      out.resize(base);
      if (r != LIBDEFLATE_INSUFFICIENT_SPACE) return "truncated or corrupt gzip data";
      if (base + room > max_bytes) return "decompressed data larger than the limit of " + std::to_string(max_bytes) + " bytes";
      room *= 2;
    }
  }
  return {};
}

// ---- paths -------------------------------------------------------------------------------------

namespace {

bool is_digest(std::string_view path) { return path.find("CloudTrail-Digest") != std::string_view::npos; }

bool is_event_file(std::string_view name) {
  for (std::string_view ext : {".json", ".jsonl", ".ndjson", ".gz"}) {
    if (name.ends_with(ext)) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> expand_event_paths(const std::vector<std::string>& paths, ReadStats& stats) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    if (p == "-") {
      out.push_back(p);
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(p, ec);
    if (ec || !fs::exists(status)) throw std::runtime_error(p + ": no such file or directory");
    if (!fs::is_directory(status)) {
      if (is_digest(p)) ++stats.digests;
      else out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    std::size_t digests = 0;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file() || !is_event_file(it->path().filename().string())) continue;
      if (is_digest(it->path().string())) ++digests;
      else found.push_back(it->path().string());
    }
    if (ec) throw std::runtime_error(p + ": cannot list directory: " + ec.message());
    stats.digests += digests;
    if (found.empty()) {
      throw std::runtime_error("no CloudTrail event files found in " + p +
                               " (*.json, *.json.gz, *.jsonl, *.ndjson, *.gz" + (digests ? "; digest files skipped)" : ")"));
    }
    std::sort(found.begin(), found.end());
    for (std::string& f : found) out.push_back(std::move(f));
  }
  return out;
}

// ---- one file ----------------------------------------------------------------------------------

namespace {

// Replaces every byte of an ill-formed UTF-8 sequence with '?'. Returns the offset of the first
// replaced byte, or npos when the text was valid.
std::size_t repair_utf8(std::span<char> s) {
  std::size_t first = std::string::npos;
  const auto bad = [&](std::size_t i) {
    if (first == std::string::npos) first = i;
    s[i] = '?';
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    const std::size_t n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    bool ok = n > 0 && i + n < s.size();
    for (std::size_t k = 1; ok && k <= n; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) ok = false;
    }
    if (ok && n >= 2) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F)) ok = false;
    }
    if (!ok) {
      bad(i);
      ++i;
      continue;
    }
    i += n + 1;
  }
  return first;
}

// Line and column (1-based, bytes) of `offset` in `text`.
std::string position(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(offset - start + 1);
}

bool has_member(const Tree& doc, const TreeNode& n, std::string_view key) {
  return n.kind == json::Kind::object && doc.member(n, key) != nullptr;
}

// The parsers and trees of one FileReader: the file's (or line's) tree, and the tree of an event
// embedded in it as a string (lookup-events, Lake). Reused by the next file read.
struct Buffers {
  TextBuffer raw, plain;  // the file's bytes as read, and decompressed
  TreeParser outer, inner;
  Tree file, embedded;
};

// The Buffers no read is using, for the next one. Buffers are made where first needed, or ahead,
// by reserve_readers() on the thread that starts the readers: memory taken on a reading thread
// comes from that thread's own heap, which the C library grows in small pages (a fault per 4 KiB
// where the main heap takes 2 MiB at once).
class BuffersPool {
 public:
  static BuffersPool& get() {
    static BuffersPool pool;
    return pool;
  }
  std::unique_ptr<Buffers> take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        std::unique_ptr<Buffers> b = std::move(free_.back());
        free_.pop_back();
        return b;
      }
    }
    return std::make_unique<Buffers>();
  }
  void give(std::unique_ptr<Buffers> b) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(b));
  }
  void reserve(std::size_t count, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    while (free_.size() < count) {
      auto b = std::make_unique<Buffers>();
      b->raw.reserve(bytes / 8);
      b->plain.reserve(bytes);
      b->outer.reserve(bytes);
      free_.push_back(std::move(b));
    }
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Buffers>> free_;
};

// Buffers of the pool while a FileReader uses them.
class BuffersLease {
 public:
  BuffersLease() : buffers_(BuffersPool::get().take()) {}
  ~BuffersLease() { BuffersPool::get().give(std::move(buffers_)); }
  BuffersLease(const BuffersLease&) = delete;
  BuffersLease& operator=(const BuffersLease&) = delete;
  Buffers& get() { return *buffers_; }

 private:
  std::unique_ptr<Buffers> buffers_;
};

class FileReader {
 public:
  FileReader(Buffers& buffers, std::string_view name, const ReadOptions& options,
             const std::function<void(const Event&)>& on_event, std::vector<Warning>& warnings, ReadStats& stats)
      : buffers_(buffers), name_(name), options_(options), on_event_(on_event), warnings_(warnings), stats_(stats) {}

  // The whole (decompressed, padded) text of the file.
  void read(std::string_view text) {
    if (looks_like_lines(text)) return read_lines(text);
    json::ParseError error;
    bool each = false;
    if (buffers_.outer.parse_each(text, "Records", limits(), buffers_.file, error,
                                  [&](const Tree& record) { event(record, record.root()); }, each)) {
      return each ? void() : top(buffers_.file, buffers_.file.root(), text);
    }
    if (text.find('\n', text.find_first_not_of(" \t\r\n")) != std::string_view::npos && first_line_parses(text)) {
      return read_lines(text);
    }
    warn(-1, "not valid JSON at " + position(text, error.offset) + ": " + error.message);
  }

 private:
  json::Limits limits() const { return {.max_bytes = options_.max_file_bytes, .max_depth = 256}; }

  void warn(long long record, std::string message) { warnings_.push_back({std::string(name_), record, std::move(message)}); }

  static std::string_view trim(std::string_view s) {
    const std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  }

  // One complete JSON object on the first line and another line after it: NDJSON.
  static bool looks_like_lines(std::string_view text) {
    const std::size_t b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return false;
    const std::size_t nl = text.find('\n', b);
    if (nl == std::string_view::npos) return false;
    const std::string_view first = trim(text.substr(b, nl - b));
    const std::string_view rest = trim(text.substr(nl));
    return first.size() > 1 && first.front() == '{' && first.back() == '}' && !rest.empty() && rest.front() == '{';
  }

  bool first_line_parses(std::string_view text) const {
    const std::size_t b = text.find_first_not_of(" \t\r\n");
    const std::size_t nl = text.find('\n', b);
    json::ParseError error;
    return json::parse(text.substr(b, nl - b), error, limits()) != nullptr;
  }

  void read_lines(std::string_view text) {
    std::size_t line_no = 0;
    while (!text.empty()) {
      const std::size_t nl = text.find('\n');
      const std::string_view line = trim(text.substr(0, nl));
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
      ++line_no;
      if (line.empty()) continue;
      json::ParseError error;
      // The line lies inside the padded text of the file: parsed in place.
      if (!buffers_.outer.parse(line, limits(), buffers_.file, error)) {
        warn(next_record_++, "line " + std::to_string(line_no) + " is not valid JSON at column " +
                                 std::to_string(error.offset + 1) + ": " + error.message);
        continue;
      }
      top(buffers_.file, buffers_.file.root(), line);
    }
  }

  // A parsed JSON text of any of the forms.
  void top(const Tree& doc, const TreeNode& root, std::string_view text) {
    if (root.kind == json::Kind::array) {
      for (const TreeNode& c : doc.children(root)) element(doc, c, text);
      return;
    }
    if (root.kind != json::Kind::object) return warn(-1, "not CloudTrail events (a JSON " + std::string(json::to_string(root.kind)) + ")");
    if (const TreeNode* records = doc.member(root, "Records"); records && records->kind == json::Kind::array) {
      for (const TreeNode& c : doc.children(*records)) event(doc, c);
      return;
    }
    if (const TreeNode* events = doc.member(root, "Events"); events && events->kind == json::Kind::array) {
      for (const TreeNode& c : doc.children(*events)) lookup_event(doc, c);
      return;
    }
    if (const TreeNode* rows = doc.member(root, "QueryResultRows"); rows && rows->kind == json::Kind::array) {
      for (const TreeNode& row : doc.children(*rows)) lake_row(doc, row);
      return;
    }
    if (is_event_like(doc, root)) return element(doc, root, text);
    warn(-1, "not CloudTrail events: no Records, Events, QueryResultRows, detail or eventTime member");
  }

  static bool is_event_like(const Tree& doc, const TreeNode& n) {
    return has_member(doc, n, "eventTime") || has_member(doc, n, "eventName") || has_member(doc, n, "eventVersion") ||
           has_member(doc, n, "detail");
  }

  // An element of a top-level array or a line: an event, an EventBridge envelope, a lookup-events
  // entry or a Lake row.
  void element(const Tree& doc, const TreeNode& n, std::string_view text) {
    if (n.kind == json::Kind::object) {
      const TreeNode* detail = doc.member(n, "detail");
      if (detail && detail->kind == json::Kind::object && !has_member(doc, n, "eventTime")) return event(doc, *detail);
      if (has_member(doc, n, "CloudTrailEvent")) return lookup_event(doc, n);
      if (has_member(doc, n, "Records") || has_member(doc, n, "Events") || has_member(doc, n, "QueryResultRows")) {
        return top(doc, n, text);
      }
      if (has_member(doc, n, "eventJson") || has_member(doc, n, "eventjson")) return lake_row(doc, n);
    }
    event(doc, n);
  }

  void lookup_event(const Tree& doc, const TreeNode& entry) {
    const TreeNode* s = entry.kind == json::Kind::object ? doc.member(entry, "CloudTrailEvent") : nullptr;
    if (s == nullptr || s->kind != json::Kind::string) {
      return warn(next_record_++, "lookup-events entry without a CloudTrailEvent string");
    }
    embedded(s->text, "CloudTrailEvent");
  }

  // An event held as a JSON string.
  void embedded(std::string_view text, std::string_view what) {
    json::ParseError error;
    if (!buffers_.inner.parse_copy(text, limits(), buffers_.embedded, error)) {
      return warn(next_record_++, std::string(what) + " is not valid JSON at column " + std::to_string(error.offset + 1) +
                                      ": " + error.message);
    }
    event(buffers_.embedded, buffers_.embedded.root());
  }

  // A CloudTrail Lake row: [{"col": value}, ...] (get-query-results) or {"col": value, ...}.
  void lake_row(const Tree& doc, const TreeNode& row) {
    if (row.kind == json::Kind::object) {
      for (const TreeNode& m : doc.children(row)) {  // Lake column names keep the query's case
        if (iequals(m.key, "eventJson") && m.kind == json::Kind::string) return embedded(m.text, "eventJson");
      }
      return event(doc, row);
    }
    if (row.kind != json::Kind::array) return warn(next_record_++, "CloudTrail Lake row is not an array of columns");
    std::string object = "{";
    for (const TreeNode& col : doc.children(row)) {
      if (col.kind != json::Kind::object) continue;
      for (const TreeNode& m : doc.children(col)) {
        if (iequals(m.key, "eventJson") && m.kind == json::Kind::string) return embedded(m.text, "eventJson");
        if (object.size() > 1) object += ',';
        append_json_string(object, m.key);
        object += ':';
        object += to_json(doc, m);
      }
    }
    object += '}';
    embedded(object, "CloudTrail Lake row");
  }

  void event(const Tree& doc, const TreeNode& n) {
    const long long record = next_record_++;
    if (n.kind != json::Kind::object) return warn(record, "not a CloudTrail event (a JSON " + std::string(json::to_string(n.kind)) + ")");
    Event e(doc, n, name_, record);
    const TreeNode* t = e.find("eventTime");
    if (t == nullptr || t->kind != json::Kind::string) {
      return warn(record, e.find("eventName") != nullptr || e.find("eventSource") != nullptr
                              ? "event without eventTime: skipped"
                              : "not a CloudTrail event (no eventTime, eventName or eventSource)");
    }
    const std::optional<Timestamp> time = parse_timestamp(t->text);
    if (!time) return warn(record, "eventTime \"" + std::string(t->text) + "\" is not a timestamp: skipped");
    if ((options_.since && *time < *options_.since) || (options_.until && *time > *options_.until)) {
      ++stats_.filtered;
      return;
    }
    ++stats_.events;
    e.set_time(*time);
    on_event_(e);
  }

  Buffers& buffers_;
  std::string_view name_;
  const ReadOptions& options_;
  const std::function<void(const Event&)>& on_event_;
  std::vector<Warning>& warnings_;
  ReadStats& stats_;
  long long next_record_ = 0;
};

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Reads the file (at most max_bytes + 1 bytes of it) into `out`.
void read_file(const std::string& path, std::size_t max_bytes, TextBuffer& out) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error(path + ": cannot open");
  out.clear();
  for (;;) {
    const std::size_t at = out.size(), want = std::max<std::size_t>(at, 1u << 16);
    out.resize(at + want);
    const std::size_t n = std::fread(out.data() + at, 1, want, f);
    out.resize(at + n);
    if (n < want || out.size() > max_bytes) break;
  }
  const bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (failed) throw std::runtime_error(path + ": cannot read");
}

// The part of read_events() after the file's bytes are in buffers.raw.
void read_raw(std::string_view name, Buffers& buffers, const ReadOptions& options,
              const std::function<void(const Event&)>& on_event, std::vector<Warning>& warnings, ReadStats& stats) {
  ++stats.files;
  if (buffers.raw.size() > options.max_file_bytes) {
    warnings.push_back({std::string(name), -1, "larger than the limit of " + std::to_string(options.max_file_bytes) + " bytes: skipped"});
    return;
  }
  TextBuffer* text = &buffers.raw;
  if (is_gzip(buffers.raw.view())) {
    const std::string problem = gunzip(buffers.raw.view(), buffers.plain, options.max_file_bytes);
    if (!problem.empty()) {
      warnings.push_back({std::string(name), -1, problem + (buffers.plain.size() == 0 ? "" : ": reading what was decompressed")});
      // A truncated member leaves nothing usable of itself; earlier members are complete.
      if (buffers.plain.size() == 0) return;
    }
    text = &buffers.plain;
  }
  if (simdjson::validate_utf8(text->data(), text->size())) {
    // valid: the common case, checked at SIMD speed
  } else if (const std::size_t bad = repair_utf8({text->data(), text->size()}); bad != std::string::npos) {
    warnings.push_back({std::string(name), -1, "invalid UTF-8 at " + position(text->view(), bad) + ": replaced with '?'"});
  }
  stats.bytes += text->size();
  FileReader(buffers, name, options, on_event, warnings, stats).read(text->view());
}

}  // namespace

void reserve_readers(std::size_t count, std::size_t bytes) { BuffersPool::get().reserve(count, bytes); }

void read_buffer(std::string_view name, std::string bytes, const ReadOptions& options,
                 const std::function<void(const Event&)>& on_event, std::vector<Warning>& warnings,
                 ReadStats& stats) {
  BuffersLease lease;
  Buffers& buffers = lease.get();
  buffers.raw.resize(bytes.size());
  if (!bytes.empty()) std::memcpy(buffers.raw.data(), bytes.data(), bytes.size());
  read_raw(name, buffers, options, on_event, warnings, stats);
}

void read_events(const std::vector<std::string>& files, const ReadOptions& options,
                 const std::function<void(const Event&)>& on_event, std::vector<Warning>& warnings,
                 ReadStats& stats) {
  BuffersLease lease;
  for (const std::string& file : files) {
    read_file(file, options.max_file_bytes + 1, lease.get().raw);
    read_raw(file == "-" ? "<stdin>" : file, lease.get(), options, on_event, warnings, stats);
  }
}

}  // namespace iw::trail
