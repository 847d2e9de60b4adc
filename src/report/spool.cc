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
// that wrote it), strings and lists as a 32-bit count and their contents — or, for a string or
// list equal to the same field of the record before (given to both ends), the count kSame
// alone: a flood of one rule's findings repeats its title, remediation and rule in every one.
constexpr std::uint32_t kSame = 0xFFFFFFFF;

template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put(std::string& out, std::string_view s, const std::string* before = nullptr) {
  if (before != nullptr && *before == s) return put(out, kSame);
  put(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}
void put(std::string& out, const std::vector<std::string>& list, const std::vector<std::string>* before = nullptr) {
  if (before != nullptr && *before == list) return put(out, kSame);
  put(out, static_cast<std::uint32_t>(list.size()));
  for (const std::string& s : list) put(out, std::string_view(s));
}
void put(std::string& out, const std::vector<std::pair<std::string, std::string>>& pairs,
         const std::vector<std::pair<std::string, std::string>>* before = nullptr) {
  put(out, static_cast<std::uint32_t>(pairs.size()));
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const bool aligned = before != nullptr && i < before->size();
    put(out, std::string_view(pairs[i].first), aligned ? &(*before)[i].first : nullptr);
    put(out, std::string_view(pairs[i].second), aligned ? &(*before)[i].second : nullptr);
  }
}

bool same_rule(const RuleRef& a, const RuleRef& b) {
  return &a == &b || (a.id == b.id && a.title == b.title && a.author == b.author && a.license == b.license &&
                      a.references == b.references);
}

[[noreturn]] void damaged() { throw std::runtime_error("cannot read back the findings (a temporary file is damaged)"); }

// Reads one record; `before` is the record before it when it was written with one.
class RecordReader {
 public:
  RecordReader(std::string_view record, const Finding* before) : rest_(record), before_(before) {}

  template <typename T>
  T number() {
    T v;
    std::memcpy(&v, take(sizeof v).data(), sizeof v);
    return v;
  }
  // A string; `field`: the member of the record before that a back-reference stands for.
  std::string text(std::string Finding::*field) { return text(before_ != nullptr ? &(before_->*field) : nullptr); }
  std::string text(const std::string* earlier_value = nullptr) {
    const std::uint32_t n = number<std::uint32_t>();
    if (n != kSame) return std::string(take(n));
    if (earlier_value == nullptr) damaged();
    return *earlier_value;
  }
  std::vector<std::string> texts(const std::vector<std::string>* earlier_value = nullptr) {
    const std::uint32_t n = number<std::uint32_t>();
    if (n == kSame) {
      if (earlier_value == nullptr) damaged();
      return *earlier_value;
    }
    std::vector<std::string> out(checked(n));
    for (std::string& s : out) s = text();
    return out;
  }
  std::vector<std::pair<std::string, std::string>> pairs(const std::vector<std::pair<std::string, std::string>>* earlier_value) {
    std::vector<std::pair<std::string, std::string>> out(checked(number<std::uint32_t>()));
    for (std::size_t i = 0; i < out.size(); ++i) {
      const bool aligned = earlier_value != nullptr && i < earlier_value->size();
      out[i].first = text(aligned ? &(*earlier_value)[i].first : nullptr);
      out[i].second = text(aligned ? &(*earlier_value)[i].second : nullptr);
    }
    return out;
  }
  std::uint8_t flag() { return number<std::uint8_t>(); }
  bool done() const { return rest_.empty(); }

 private:
  std::string_view take(std::size_t n) {
    if (n > rest_.size()) damaged();
    const std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  // A list's length, no longer than the bytes left could hold (each element takes at least 4).
  std::size_t checked(std::uint32_t n) const {
    if (n > rest_.size() / 4) damaged();
    return n;
  }

  std::string_view rest_;
  const Finding* before_;
};

void write_record(std::FILE* f, std::string& buffer, const Finding& finding, const Finding* before) {
  buffer.assign(sizeof(std::uint32_t), '\0');
  append_record(buffer, finding, before);
  const auto length = static_cast<std::uint32_t>(buffer.size() - sizeof(std::uint32_t));
  std::memcpy(buffer.data(), &length, sizeof length);
  if (std::fwrite(buffer.data(), 1, buffer.size(), f) != buffer.size()) {
    throw std::runtime_error("cannot write findings to a temporary file (is the disk full?)");
  }
}

// Reads a run back from its start, one finding at a time, each record with the one before it
// (a run that merged others refers to none).
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
    current = read_record(buffer_, read_ ? &current : nullptr);
    read_ = true;
    return true;
  }

  Finding current;

 private:
  std::FILE* f_;
  bool read_ = false;
  std::string buffer_;
};

}  // namespace

void append_record(std::string& out, const Finding& f, const Finding* before) {
  const auto was = [&]<typename T>(T Finding::*field) -> const T* { return before != nullptr ? &(before->*field) : nullptr; };
  put(out, std::string_view(f.id), was(&Finding::id));
  put(out, static_cast<std::uint8_t>(f.severity));
  put(out, std::string_view(f.title), was(&Finding::title));
  put(out, std::string_view(f.message));
  put(out, std::string_view(f.account), was(&Finding::account));
  put(out, std::string_view(f.resource), was(&Finding::resource));
  put(out, static_cast<std::uint8_t>(f.location.has_value()));
  if (f.location) {
    const Location& l = *f.location;
    put(out, std::string_view(l.file), before != nullptr && before->location ? &before->location->file : nullptr);
    put(out, static_cast<std::int32_t>(l.line));
    put(out, static_cast<std::int32_t>(l.column));
    put(out, static_cast<std::int32_t>(l.statement));
    put(out, std::string_view(l.sid));
    put(out, static_cast<std::int64_t>(l.record));
  }
  put(out, std::string_view(f.remediation), was(&Finding::remediation));
  put(out, f.compliance, was(&Finding::compliance));
  put(out, std::string_view(f.snippet));
  put(out, f.event, was(&Finding::event));
  // The rule: 0 none, 1 written out, 2 the rule of the record before.
  if (!f.rule) {
    put(out, std::uint8_t{0});
  } else if (before != nullptr && before->rule && same_rule(*before->rule, *f.rule)) {
    put(out, std::uint8_t{2});
  } else {
    put(out, std::uint8_t{1});
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

Finding read_record(std::string_view record, const Finding* before) {
  RecordReader r(record, before);
  Finding f;
  f.id = r.text(&Finding::id);
  const auto severity = r.number<std::uint8_t>();
  if (severity > static_cast<std::uint8_t>(Severity::critical)) damaged();
  f.severity = static_cast<Severity>(severity);
  f.title = r.text(&Finding::title);
  f.message = r.text();
  f.account = r.text(&Finding::account);
  f.resource = r.text(&Finding::resource);
  if (r.flag() != 0) {
    Location& l = f.location.emplace();
    l.file = r.text(before != nullptr && before->location ? &before->location->file : nullptr);
    l.line = r.number<std::int32_t>();
    l.column = r.number<std::int32_t>();
    l.statement = r.number<std::int32_t>();
    l.sid = r.text();
    l.record = r.number<std::int64_t>();
  }
  f.remediation = r.text(&Finding::remediation);
  f.compliance = r.texts(before != nullptr ? &before->compliance : nullptr);
  f.snippet = r.text();
  f.event = r.pairs(before != nullptr ? &before->event : nullptr);
  const std::uint8_t rule = r.flag();
  if (rule == 2) {
    if (before == nullptr || !before->rule) damaged();
    f.rule = before->rule;  // shared, as the findings of one rule are
  } else if (rule == 1) {
    RuleRef ref;
    ref.id = r.text();
    ref.title = r.text();
    ref.author = r.text();
    ref.license = r.text();
    ref.references = r.texts();
    f.rule = std::make_shared<const RuleRef>(std::move(ref));
  } else if (rule != 0) {
    damaged();
  }
  f.json = r.pairs(nullptr);
  if (const std::uint8_t iac = r.flag(); iac == 1) {
    IacOrigin& origin = f.iac.emplace();
    origin.address = r.text();
    origin.file = r.text();
    origin.line = r.number<std::int32_t>();
  } else if (iac != 0) {
    damaged();
  }
  f.related = r.texts();
  if (!r.done()) damaged();
  return f;
}

FindingSpool::FindingSpool(std::size_t limit, Less less)
    : limit_(limit == 0 ? 1 : limit), less_(less == nullptr ? finding_less : less) {}

FindingSpool::~FindingSpool() {
  if (writing_.valid()) writing_.wait();  // its error, if any, no longer matters
}

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
  sort(held_);
  size_ = 0;
  return std::move(held_);
}

void FindingSpool::each(const std::function<void(const Finding&)>& fn) {
  finish_run();
  sort(held_);
  merge(runs_, held_, fn);
}

void FindingSpool::sort(std::vector<Finding>& findings) const {
  if (less_ == finding_less) return sort_findings(findings);  // its fast path for many findings
  std::stable_sort(findings.begin(), findings.end(), less_);
}

void FindingSpool::spill() {
  finish_run();
  writing_ = std::async(std::launch::async, [this, batch = std::move(held_)]() mutable {
    sort(batch);
    File run(open_run());
    std::string buffer;
    const Finding* before = nullptr;
    for (const Finding& f : batch) {
      write_record(run.get(), buffer, f, before);
      before = &f;
    }
    batch = {};  // freed here too, off the adding thread
    return run;
  });
  held_ = {};
}

void FindingSpool::finish_run() {
  if (!writing_.valid()) return;
  runs_.push_back(writing_.get());
  if (runs_.size() <= kMaxRuns) return;
  File merged(open_run());
  std::string buffer;
  merge(runs_, {}, [&](const Finding& f) { write_record(merged.get(), buffer, f, nullptr); });
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
