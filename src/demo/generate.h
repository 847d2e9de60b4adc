// Synthetic organizations for demos, tests and benchmarks: account snapshots (contracts.md §3)
// with users, groups, roles, managed and inline policies, trust policies, boundaries, a
// credential report, password policies and SCPs, and a realistic share of problems. The same
// options (seed included) always produce the same bytes.
#pragma once

#include <cstdint>
#include <string>

namespace iw::demo {

struct GenerateOptions {
  int accounts = 3;
  int users = 20;       // per account
  int roles = 40;       // per account
  int policies = 30;    // customer-managed policies per account
  std::uint64_t seed = 1;
  // Real account shapes: AWS-managed job-function policies (aws_managed.h) attached to a third of
  // the principals, conditions on customer policies, multi-kilobyte documents.
  bool realistic = false;
  std::string taken_at = "2026-11-01T00:00:00Z";
};

// Writes one snapshot directory per account under `directory` (created if needed; existing
// files of the same names are replaced). Throws std::runtime_error when a file cannot be written.
void generate(const std::string& directory, const GenerateOptions& options);

}  // namespace iw::demo
