// Detection in parts: scan files independently, merge the parts in file order, finish.
//
// `trail detect` runs on many files at once (threads, or Dask workers through the Python module)
// and must give the same findings, in the same order, as one pass over the events in file order.
// Most detections look at one event; those that aggregate across events (access-denied-burst,
// console-login-failures, new-region, and the once-per-principal baseline findings first-seen-api,
// credential-use-from-new-ip) cannot be decided by a scanner that sees only some files. So:
//
//   Scanner  sees the events of some consecutive files, in order, and writes a Partial: every
//            per-event finding complete, and for each event a cross-file detection might report
//            on, a gated Entry — the finding it would be, with the key and time the decision
//            needs. Scanners share nothing but read-only options (a Sigma RuleSet, a Baseline).
//   Merger   takes Partials in file order and replays their entries through the sliding windows
//            and the "seen before" sets: what passes becomes a finding, in event order.
//
// Within one Partial the scanner keeps only the first entry of each once-per-principal key
// (baseline findings, new-region): the later ones could never be reported. Access-denied and
// failed console sign-ins keep one entry per event (the windows need every time).
//
// A Partial serializes to JSON text (to_json/from_json) so that it can travel between processes.
// Detector (detect.h) is a Scanner and a Merger over one stream. The rules themselves are in
// detect.cc.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/finding.h"
#include <deque>
#include <functional>
#include <map>
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

struct Entry {
  enum class Gate : std::uint8_t { none, login_failures, access_denied, once, new_region };
  Gate gate = Gate::none;
  // login_failures / access_denied: the window's key; once: "id\nprincipal\nvalue";
  // new_region: the principal.
  std::string key;
  std::string value;   // new_region: the region
  Timestamp time = 0;  // the event's time (windows)
  // The finding. new_region: `message` is the text before the list of regions used earlier,
  // `tail` the text after it.
  Finding finding;
  std::string tail;
};

// What a scanner saw of some consecutive files.
struct Partial {
  std::vector<Entry> entries;            // in event order
  std::vector<std::string> files;        // the files read, in order
  std::vector<Warning> warnings;         // in file order
  ReadStats stats;

  // Appends `next` (the files after this one's).
  void append(Partial&& next);
  std::string to_json() const;
  // Reads to_json() output. Throws std::runtime_error when `text` is not one.
  static Partial from_json(std::string_view text);
};

void add_stats(ReadStats& into, const ReadStats& more);

class Scanner {
 public:
  explicit Scanner(const DetectOptions& options) : options_(options) {}

  void add(const Event& e);
  // The entries so far; the scanner starts a new Partial.
  Partial take();

 private:
  void per_event(const Event& e);
  void windows(const Event& e);
  void against_baseline(const Event& e);
  void new_region_in_window(const Event& e);
  Entry& report(std::string_view id, const Event& e, std::string message);
  Entry& gated(Entry::Gate gate, std::string key, std::string_view id, const Event& e, std::string message);

  DetectOptions options_;
  Partial partial_;
  std::vector<Finding> sigma_;                    // scratch for Sigma matches
  std::unordered_set<std::string> first_;         // once / new_region keys already in partial_
  std::string once_key_;                          // the key of the entry to add (scratch)
};

class Merger {
 public:
  explicit Merger(const DetectOptions& options) : options_(options) {}

  // The next part, in file order.
  void add(Partial&& part);
  // The findings so far; the merger keeps its windows and sets.
  std::vector<Finding> take() { return std::move(findings_); }

 private:
  static bool burst(std::deque<Timestamp>& times, Timestamp t, int count, Timestamp span);

  DetectOptions options_;
  std::vector<Finding> findings_;
  std::map<std::string, std::deque<Timestamp>, std::less<>> login_failures_, denied_;
  std::set<std::string, std::less<>> reported_once_;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> regions_;  // principal -> regions seen
};

// Scans `files` (from expand_event_paths) on `threads` threads, one file per task, and calls
// `done` on the calling thread with each file's Partial in file order. A file that cannot be
// opened becomes a warning in its Partial. threads as in_order() (0: one per core).
void scan_files(const std::vector<std::string>& files, const ReadOptions& read, const DetectOptions& detect,
                unsigned threads, const std::function<void(Partial&&)>& done);

}  // namespace iw::trail
