// Findings in a given order, in bounded memory: an external merge sort.
//
// A Sigma rule that fires on most events (SigmaHQ's "AWS STS AssumeRole Misuse" fires on every
// call made with a role's credentials) gives a finding per event: more than memory holds for a
// year of logs. The spool holds up to `limit` findings; beyond, it sorts them and writes them as
// one run (binary records carrying every field of a Finding) to an unnamed temporary file,
// removed when the spool is destroyed. A run is sorted and written on a thread of its own while
// the next `limit` findings are added (so up to twice `limit` are in memory); add() waits for
// it only when the next run is due. each() merges the runs and the findings held, so it yields
// exactly the order a stable sort by `less` gives to all of them in the order they were added
// (equal findings keep that order). When there are more than kMaxRuns runs they are merged into
// one, so open files and the merge's memory stay bounded.
//
// trail detect spools its findings in report order (sort_findings()); the SARIF writer re-spools
// a large report by rule and file to group it.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <vector>

#include "core/finding.h"

namespace iw::report {

class FindingSpool {
 public:
  static constexpr std::size_t kMaxRuns = 64;
  // A strict weak order of findings; nullptr = finding_less (sort_findings()'s order).
  using Less = bool (*)(const Finding&, const Finding&);

  explicit FindingSpool(std::size_t limit, Less less = nullptr);
  ~FindingSpool();
  FindingSpool(const FindingSpool&) = delete;
  FindingSpool& operator=(const FindingSpool&) = delete;

  void add(std::vector<Finding>&& findings);
  void add(Finding&& finding);
  // True once findings went to disk: then only each() gives them back.
  bool spilled() const { return !runs_.empty() || writing_.valid(); }
  std::size_t size() const { return size_; }
  // Every finding, sorted (only while nothing was spilled).
  std::vector<Finding> take();
  // Calls fn with every finding in order; may be called again (a report that reads the findings
  // twice). Throws std::runtime_error when a run cannot be written or read back.
  void each(const std::function<void(const Finding&)>& fn);

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  using File = std::unique_ptr<std::FILE, Closer>;

  void sort(std::vector<Finding>& findings) const;
  void spill();
  // Waits for the run being written, and keeps it (rethrows what writing it threw).
  void finish_run();
  // Merges `runs` (in the order they were made) and then `held` (sorted), calling fn.
  void merge(std::vector<File>& runs, const std::vector<Finding>& held, const std::function<void(const Finding&)>& fn) const;

  std::size_t limit_;
  Less less_;
  std::size_t size_ = 0;
  std::vector<Finding> held_;
  std::vector<File> runs_;
  std::future<File> writing_;  // the run being sorted and written, when valid
};

// A finding as the spool's record (without its length prefix), and back: every field of Finding.
// With `before` (the record written before it, given to both), the fields equal to its own are
// written as references to it. read_record() throws std::runtime_error when `record` is not one
// (or refers to a record before that it was not given).
void append_record(std::string& out, const Finding& f, const Finding* before = nullptr);
Finding read_record(std::string_view record, const Finding* before = nullptr);

}  // namespace iw::report
