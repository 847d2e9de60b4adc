// Detections over CloudTrail events: the built-in ids of contracts.md §6, Sigma rules, and what
// is new against a baseline.
//
// A Detector sees events one at a time (add()) in order and keeps only small per-principal state
// (sliding windows of failure times, what it has reported once), so a scan of any length runs in
// bounded memory. Events are expected roughly in time order, as CloudTrail files are; windows
// tolerate events out of order within the window. take() returns the findings (built-in ids
// through the rule registry; Sigma findings carry their rule). It is a Scanner feeding a Merger
// (scan.h), the same code that scans files on several threads or machines. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "trail/events.h"
#include "trail/scan.h"

namespace iw::trail {

class Detector {
 public:
  explicit Detector(const DetectOptions& options) : scanner_(options), merger_(options) {}

  void add(const Event& e) { scanner_.add(e); }
  // The findings so far; the detector is left empty (its windows and sets are kept).
  std::vector<Finding> take() {
    merger_.add(scanner_.take());
    return merger_.take();
  }

 private:
  Scanner scanner_;
  Merger merger_;
};

}  // namespace iw::trail
