#include "report/spool.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <stdexcept>
#include <string>
#include <string_view>

namespace iw::report {

namespace {

// An unnamed temporary file in $TMPDIR (else /tmp): created, then unlinked at once.
std::FILE* open_run() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/iamwarden-findings-XXXXXX";
  const int fd = ::mkstemp(path.data());
  std::FILE* f = fd < 0 ? nullptr : ::fdopen(fd, "w+");
  if (f == nullptr) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot create a temporary file in " + path.substr(0, path.rfind('/')) +
                             " for the findings (set TMPDIR to a writable directory)");
  }
  ::unlink(path.c_str());
  return f;
}

// Records: fixed-size integers in the machine's byte order (a run is read back by the process
// that wrote it), strings and lists as a 32-bit count and their contents.
template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put(std::string& out, std::string_view s) {
  put(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}
void put(std::string& out, const std::vector<std::string>& list) {
  put(out, static_cast<std::uint32_t>(list.size()));
  for (const std::string& s : list) put(out, std::string_view(s));
}
void put(std::string& out, const std::vector<std::pair<std::string, std::string>>& pairs) {
  put(out, static_cast<std::uint32_t>(pairs.size()));
  for (const auto& [k, v] : pairs) {
    put(out, std::string_view(k));
    put(out, std::string_view(v));
  }
}

[[noreturn]] void damaged() { throw std::runtime_error("cannot read back the findings (a temporary file is damaged)"); }

class RecordReader {
 public:
  explicit RecordReader(std::string_view record) : rest_(record) {}

  template <typename T>
  T number() {
    T v;
    std::memcpy(&v, take(sizeof v).data(), sizeof v);
    return v;
  }
  std::string text() { return std::string(take(number<std::uint32_t>())); }
  std::vector<std::string> texts() {
    std::vector<std::string> out(count());
    for (std::string& s : out) s = text();
    return out;
  }
  std::vector<std::pair<std::string, std::string>> pairs() {
    std::vector<std::pair<std::string, std::string>> out(count());
    for (auto& [k, v] : out) {
      k = text();
      v = text();
    }
    return out;
  }
  bool flag() { return number<std::uint8_t>() != 0; }
  bool done() const { return rest_.empty(); }

 private:
  std::string_view take(std::size_t n) {
    if (n > rest_.size()) damaged();
    const std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  // A list's length, no longer than the bytes left could hold (each element takes at least 4).
  std::size_t count() {
    const std::uint32_t n = number<std::uint32_t>();
    if (n > rest_.size() / 4) damaged();
    return n;
  }

  std::string_view rest_;
};

void write_record(std::FILE* f, std::string& buffer, const Finding& finding) {
  buffer.assign(sizeof(std::uint32_t), '\0');
  append_record(buffer, finding);
  const auto length = static_cast<std::uint32_t>(buffer.size() - sizeof(std::uint32_t));
  std::memcpy(buffer.data(), &length, sizeof length);
  if (std::fwrite(buffer.data(), 1, buffer.size(), f) != buffer.size()) {
    throw std::runtime_error("cannot write findings to a temporary file (is the disk full?)");
  }
}

// Reads a run back from its start, one finding at a time. Findings of one rule share its RuleRef.
class RunReader {
 public:
  explicit RunReader(std::FILE* f) : f_(f) {
    if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0) throw std::runtime_error("cannot read back the findings");
  }

  bool next() {
    std::uint32_t length = 0;
    const std::size_t got = std::fread(&length, 1, sizeof length, f_);
    if (got == 0 && std::feof(f_)) return false;
    if (got != sizeof length) damaged();
    buffer_.resize(length);
    if (std::fread(buffer_.data(), 1, length, f_) != length) damaged();
    current = read_record(buffer_);
    if (current.rule && rule_ && same(*current.rule, *rule_)) current.rule = rule_;
    rule_ = current.rule;
    return true;
  }

  Finding current;

 private:
  static bool same(const RuleRef& a, const RuleRef& b) {
    return a.id == b.id && a.title == b.title && a.author == b.author && a.license == b.license &&
           a.references == b.references;
  }

  std::FILE* f_;
  std::string buffer_;
  std::shared_ptr<const RuleRef> rule_;
};

}  // namespace

void append_record(std::string& out, const Finding& f) {
  put(out, std::string_view(f.id));
  put(out, static_cast<std::uint8_t>(f.severity));
  put(out, std::string_view(f.title));
  put(out, std::string_view(f.message));
  put(out, std::string_view(f.account));
  put(out, std::string_view(f.resource));
  put(out, static_cast<std::uint8_t>(f.location.has_value()));
  if (f.location) {
    const Location& l = *f.location;
    put(out, std::string_view(l.file));
    put(out, static_cast<std::int32_t>(l.line));
    put(out, static_cast<std::int32_t>(l.column));
    put(out, static_cast<std::int32_t>(l.statement));
    put(out, std::string_view(l.sid));
    put(out, static_cast<std::int64_t>(l.record));
  }
  put(out, std::string_view(f.remediation));
  put(out, f.compliance);
  put(out, std::string_view(f.snippet));
  put(out, f.event);
  put(out, static_cast<std::uint8_t>(f.rule != nullptr));
  if (f.rule) {
    put(out, std::string_view(f.rule->id));
    put(out, std::string_view(f.rule->title));
    put(out, std::string_view(f.rule->author));
    put(out, std::string_view(f.rule->license));
    put(out, f.rule->references);
  }
  put(out, f.json);
  put(out, static_cast<std::uint8_t>(f.iac.has_value()));
  if (f.iac) {
    put(out, std::string_view(f.iac->address));
    put(out, std::string_view(f.iac->file));
    put(out, static_cast<std::int32_t>(f.iac->line));
  }
  put(out, f.related);
}

Finding read_record(std::string_view record) {
  RecordReader r(record);
  Finding f;
  f.id = r.text();
  const auto severity = r.number<std::uint8_t>();
  if (severity > static_cast<std::uint8_t>(Severity::critical)) damaged();
  f.severity = static_cast<Severity>(severity);
  f.title = r.text();
  f.message = r.text();
  f.account = r.text();
  f.resource = r.text();
  if (r.flag()) {
    Location& l = f.location.emplace();
    l.file = r.text();
    l.line = r.number<std::int32_t>();
    l.column = r.number<std::int32_t>();
    l.statement = r.number<std::int32_t>();
    l.sid = r.text();
    l.record = r.number<std::int64_t>();
  }
  f.remediation = r.text();
  f.compliance = r.texts();
  f.snippet = r.text();
  f.event = r.pairs();
  if (r.flag()) {
    RuleRef rule;
    rule.id = r.text();
    rule.title = r.text();
    rule.author = r.text();
    rule.license = r.text();
    rule.references = r.texts();
    f.rule = std::make_shared<const RuleRef>(std::move(rule));
  }
  f.json = r.pairs();
  if (r.flag()) {
    IacOrigin& origin = f.iac.emplace();
    origin.address = r.text();
    origin.file = r.text();
    origin.line = r.number<std::int32_t>();
  }
  f.related = r.texts();
  if (!r.done()) damaged();
  return f;
}

FindingSpool::FindingSpool(std::size_t limit, Less less)
    : limit_(limit == 0 ? 1 : limit), less_(less == nullptr ? finding_less : less) {}
FindingSpool::~FindingSpool() = default;

void FindingSpool::add(Finding&& finding) {
  held_.push_back(std::move(finding));
  ++size_;
  if (held_.size() >= limit_) spill();
}

void FindingSpool::add(std::vector<Finding>&& findings) {
  for (Finding& f : findings) add(std::move(f));
}

std::vector<Finding> FindingSpool::take() {
  if (spilled()) throw std::logic_error("FindingSpool::take after a spill");
  sort_held();
  size_ = 0;
  return std::move(held_);
}

void FindingSpool::each(const std::function<void(const Finding&)>& fn) {
  sort_held();
  merge(runs_, held_, fn);
}

void FindingSpool::sort_held() {
  if (less_ == finding_less) return sort_findings(held_);  // its fast path for many findings
  std::stable_sort(held_.begin(), held_.end(), less_);
}

void FindingSpool::spill() {
  sort_held();
  File run(open_run());
  std::string buffer;
  for (const Finding& f : held_) write_record(run.get(), buffer, f);
  held_.clear();
  runs_.push_back(std::move(run));
  if (runs_.size() <= kMaxRuns) return;
  File merged(open_run());
  merge(runs_, {}, [&](const Finding& f) { write_record(merged.get(), buffer, f); });
  runs_.clear();
  runs_.push_back(std::move(merged));
}

void FindingSpool::merge(std::vector<File>& runs, const std::vector<Finding>& held,
                         const std::function<void(const Finding&)>& fn) const {
  std::vector<std::unique_ptr<RunReader>> readers;
  for (File& run : runs) readers.push_back(std::make_unique<RunReader>(run.get()));
  const std::size_t held_source = readers.size();
  std::size_t held_at = 0;
  const auto current = [&](std::size_t source) -> const Finding& {
    return source < held_source ? readers[source]->current : held[held_at];
  };
  // The heap's top is the least finding; among equal ones, the earliest source (runs were made
  // in the order findings were added, the held ones last), so that the merge is stable.
  const auto after = [&](std::size_t a, std::size_t b) {
    const Finding& fa = current(a);
    const Finding& fb = current(b);
    if (less_(fa, fb)) return false;
    if (less_(fb, fa)) return true;
    return a > b;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(after)> heap(after);
  for (std::size_t i = 0; i < readers.size(); ++i) {
    if (readers[i]->next()) heap.push(i);
  }
  if (!held.empty()) heap.push(held_source);
  while (!heap.empty()) {
    const std::size_t source = heap.top();
    heap.pop();
    fn(current(source));
    if (source < held_source ? readers[source]->next() : ++held_at < held.size()) heap.push(source);
  }
}

}  // namespace iw::report
