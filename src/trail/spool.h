// The findings of `trail detect` in report order, in bounded memory.
//
// A Sigma rule that fires on most events (SigmaHQ's "AWS STS AssumeRole Misuse" fires on every
// call made with a role's credentials) gives a finding per event: more than memory holds for a
// year of logs. The spool holds up to `limit` findings; beyond, it sorts them and writes them as
// one run (lines of finding_line() JSON) to an unnamed temporary file, removed when the spool is
// destroyed. each() merges the runs and the findings held, so it yields exactly the order
// sort_findings() gives to all of them in the order they were added (equal findings keep that
// order). When there are more than kMaxRuns runs they are merged into one, so open files and
// the merge's memory stay bounded. Carries trail findings only (what finding_line() keeps).
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "core/finding.h"

namespace iw::trail {

class FindingSpool {
 public:
  static constexpr std::size_t kMaxRuns = 64;

  explicit FindingSpool(std::size_t limit);
  ~FindingSpool();
  FindingSpool(const FindingSpool&) = delete;
  FindingSpool& operator=(const FindingSpool&) = delete;

  void add(std::vector<Finding>&& findings);
  // True once findings went to disk: then only each() gives them back.
  bool spilled() const { return !runs_.empty(); }
  std::size_t size() const { return size_; }
  // Every finding, sorted (only while nothing was spilled).
  std::vector<Finding> take();
  // Calls fn with every finding in sort_findings() order; may be called again (a report that
  // reads the findings twice). Throws std::runtime_error when a run cannot be written or read
  // back.
  void each(const std::function<void(const Finding&)>& fn);

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  using File = std::unique_ptr<std::FILE, Closer>;

  void spill();
  // Merges `runs` (in the order they were made) and then `held` (sorted), calling fn.
  static void merge(std::vector<File>& runs, const std::vector<Finding>& held, const std::function<void(const Finding&)>& fn);

  std::size_t limit_;
  std::size_t size_ = 0;
  std::vector<Finding> held_;
  std::vector<File> runs_;
};

}  // namespace iw::trail
