// Loading account snapshots for the commands that read them (audit, paths, who-can, can,
// simulate --snapshot): the one place that turns a snapshot error into a usage error (exit 2)
// and says on stderr, in every output format, what was read with a gap: a file skipped with
// --keep-going, a credential report without a column no check needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "account/account.h"

namespace iw::cli {

// The accounts of SNAPSHOT (one snapshot, or a folder of them). Throws InputError ("file:line:
// column: message") on bad input; prints "iamwarden: warning: ..." for each file skipped and
// each warning of the loader (even with --quiet: warnings always print).
// `warn`: false when the same snapshot was loaded, and warned about, before.
std::vector<account::Account> load_accounts(const std::string& snapshot, const account::LoadOptions& options = {},
                                            bool warn = true);

// SNAPSHOT as one account for the questions that cross account boundaries (paths, who-can,
// can): a folder of several accounts is merged (account::merge_organization), so a role of one
// account trusting another is an edge. `accounts` owns the documents `merged` points into.
struct Organization {
  std::vector<account::Account> accounts;
  std::optional<account::Account> merged;  // set when there are several accounts
  const account::Account& view() const { return merged ? *merged : accounts.front(); }
};
// `options`: e.g. only_principals or question_action (a question about a few principals or one
// action). `warn`: false when the same snapshot was loaded, and warned about, before.
Organization load_organization(const std::string& snapshot, const account::LoadOptions& options = {},
                               bool warn = true);

// Prints the account's skipped files and loader warnings on stderr.
void warn_about(const account::Account& account);

}  // namespace iw::cli
