// Findings baselines (lint, audit): --write-baseline FILE saves the fingerprints of the current
// findings; --baseline FILE then reports, and counts toward --fail-on, only findings not in it,
// so CI fails on new findings alone. The file is JSON:
//
//   {"iamwarden_baseline": 1, "fingerprints": ["0f3a...", ...]}
//
// Fingerprints are report::fingerprint(): they do not change when lines move. The same matching
// compares the findings of two versions of the code (iac --diff): diff_findings().
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "core/finding.h"

namespace iw::cli {

struct BaselineOptions {
  std::string read;   // --baseline FILE
  std::string write;  // --write-baseline FILE

  // With --baseline: removes the findings whose fingerprint the file lists; returns how many.
  // Throws InputError naming file:line:column when the file is not a baseline.
  std::size_t apply(std::vector<Finding>& findings) const;
  // With --write-baseline: writes the fingerprints of `findings`. Throws InputError when the
  // file cannot be written.
  void save(const std::vector<Finding>& findings) const;
};

void add_baseline_options(CLI::App& command, BaselineOptions& options);

// The findings of `now` that `before` does not have (same fingerprint = same finding), in the
// order of `now`, and how many of `before` are gone (fixed) or still there (unchanged).
struct FindingsDiff {
  std::vector<Finding> added;
  std::size_t fixed = 0, unchanged = 0;
};
FindingsDiff diff_findings(std::vector<Finding> now, const std::vector<Finding>& before);

}  // namespace iw::cli
