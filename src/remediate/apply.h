// remediate apply / rollback: carry out a plan's calls safely (contracts.md §8).
//
// apply(): first reads the current state of everything the plan changes and writes it, with
// the calls that restore it, to BACKUP/backup.json (before any change); then makes the calls in
// plan order, recording each as applied in the backup. A call whose target is already in the
// wanted state is skipped ("unchanged"), so applying a plan twice changes nothing the second
// time. The first failure stops the run: what was applied is in the backup, and rollback(BACKUP)
// undoes it. The plan's account must be the caller's.
//
// rollback(): makes the restoring calls of every applied change, last change first, and marks
// them rolled back (running it twice is harmless). A deleted console password cannot be
// restored: a new one is set, must be changed at first sign-in, and is written to a file of mode
// 0600 in BACKUP.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "aws/client.h"
#include "remediate/plan.h"

namespace iw::remediate {

struct ApplyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct StepResult {
  std::string finding_id, resource, action;  // action: "iam:UpdateAccessKey"
  std::string outcome;                       // applied, unchanged, failed, rolled back, skipped
  std::string detail;                        // the error of a failed step
};

struct ApplyReport {
  std::vector<StepResult> steps;
  bool failed = false;
  std::size_t changed() const;
};

// Applies `plan` (only its non-manual actions) through `client`, backing up to `backup_dir`
// (created; refused when it already holds a backup). `note` receives progress lines.
// Throws ApplyError before any change (wrong account, existing backup, unreadable state);
// a failed call is reported in the ApplyReport (failed = true), not thrown.
ApplyReport apply(aws::Client& client, const Plan& plan, const std::string& backup_dir,
                  const std::function<void(const std::string&)>& note);

// Restores what apply() changed, from `backup_dir`. Throws ApplyError on a missing or malformed
// backup; a failed restoring call is reported (failed = true) and stops the rollback.
ApplyReport rollback(aws::Client& client, const std::string& backup_dir,
                     const std::function<void(const std::string&)>& note);

}  // namespace iw::remediate
