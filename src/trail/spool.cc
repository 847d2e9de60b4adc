#include "trail/spool.h"

#include <unistd.h>

#include <cstdlib>
#include <queue>
#include <stdexcept>
#include <string>
#include <string_view>

#include "trail/scan.h"

namespace iw::trail {

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

void write_line(std::FILE* f, const Finding& finding) {
  const std::string line = finding_line(finding);
  if (std::fwrite(line.data(), 1, line.size(), f) != line.size() || std::fputc('\n', f) == EOF) {
    throw std::runtime_error("cannot write findings to a temporary file (is the disk full?)");
  }
}

// Reads a run back from its start, one finding at a time.
class RunReader {
 public:
  explicit RunReader(std::FILE* f) : f_(f) {
    if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0) throw std::runtime_error("cannot read back the findings");
  }
  ~RunReader() { std::free(line_); }
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  bool next() {
    const ssize_t n = ::getline(&line_, &capacity_, f_);
    if (n < 0) {
      if (std::ferror(f_)) throw std::runtime_error("cannot read back the findings");
      return false;
    }
    std::string_view line(line_, static_cast<std::size_t>(n));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    current = finding_from_line(line);
    return true;
  }

  Finding current;

 private:
  std::FILE* f_;
  char* line_ = nullptr;
  std::size_t capacity_ = 0;
};

}  // namespace

FindingSpool::FindingSpool(std::size_t limit) : limit_(limit == 0 ? 1 : limit) {}
FindingSpool::~FindingSpool() = default;

void FindingSpool::add(std::vector<Finding>&& findings) {
  for (Finding& f : findings) {
    held_.push_back(std::move(f));
    ++size_;
    if (held_.size() >= limit_) spill();
  }
}

std::vector<Finding> FindingSpool::take() {
  if (spilled()) throw std::logic_error("FindingSpool::take after a spill");
  sort_findings(held_);
  size_ = 0;
  return std::move(held_);
}

void FindingSpool::each(const std::function<void(const Finding&)>& fn) {
  sort_findings(held_);
  merge(runs_, held_, fn);
}

void FindingSpool::spill() {
  sort_findings(held_);
  File run(open_run());
  for (const Finding& f : held_) write_line(run.get(), f);
  held_.clear();
  runs_.push_back(std::move(run));
  if (runs_.size() <= kMaxRuns) return;
  File merged(open_run());
  merge(runs_, {}, [&](const Finding& f) { write_line(merged.get(), f); });
  runs_.clear();
  runs_.push_back(std::move(merged));
}

void FindingSpool::merge(std::vector<File>& runs, const std::vector<Finding>& held,
                         const std::function<void(const Finding&)>& fn) {
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
    if (finding_less(fa, fb)) return false;
    if (finding_less(fb, fa)) return true;
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

}  // namespace iw::trail
