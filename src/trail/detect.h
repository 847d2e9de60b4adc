// Detections over CloudTrail events: the built-in ids of contracts.md §6, Sigma rules, and what
// is new against a baseline.
//
// A Detector sees events one at a time (add()) and keeps only small per-principal state (sliding
// windows of failure times, what it has reported once), so a scan of any length runs in bounded
// memory. Events are expected roughly in time order, as CloudTrail files are; windows tolerate
// events out of order within the window. take() returns the findings (built-in ids through the
// rule registry; Sigma findings carry their rule). One Detector per thread; not thread-safe.
#pragma once

#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/finding.h"
#include "trail/events.h"

namespace iw::trail {

class Baseline;
namespace sigma {
class RuleSet;
}

struct DetectOptions {
  const sigma::RuleSet* sigma = nullptr;  // Sigma rules to run; nullptr = none
  const Baseline* baseline = nullptr;     // enables new-region, first-seen-api, credential-use-from-new-ip
  int login_failures = 5;                 // console-login-failures: this many …
  Timestamp login_window = 3600;          // … within this many seconds
  int denied_burst = 10;                  // access-denied-burst: this many …
  Timestamp denied_window = 600;          // … within this many seconds
};

// The built-in detection ids, in registry order.
const std::vector<std::string>& builtin_ids();

class Detector {
 public:
  explicit Detector(const DetectOptions& options) : options_(options) {}

  void add(const Event& e);
  // The findings so far; the detector is left empty.
  std::vector<Finding> take() { return std::move(findings_); }

 private:
  void per_event(const Event& e);
  void windows(const Event& e);
  void against_baseline(const Event& e);
  // Without a baseline: a principal acting in a region other than those it used earlier in the
  // events (global services, whose events all carry us-east-1, do not count).
  void new_region_in_window(const Event& e);
  void report(std::string_view id, const Event& e, std::string message);
  // True when `times` (a window of `span` seconds) reaches `count` with `t` added; then cleared.
  static bool burst(std::deque<Timestamp>& times, Timestamp t, int count, Timestamp span);

  DetectOptions options_;
  std::vector<Finding> findings_;
  std::map<std::string, std::deque<Timestamp>, std::less<>> login_failures_, denied_;
  std::set<std::string, std::less<>> reported_once_;  // baseline findings: "id\0principal\0value"
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> regions_;  // principal -> regions seen
};

}  // namespace iw::trail
