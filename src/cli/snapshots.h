// Loading account snapshots for the commands that read them (audit, paths, who-can, can,
// simulate --snapshot): the one place that turns a snapshot error into a usage error (exit 2)
// and says on stderr, in every output format, what was read with a gap: a file skipped with
// --keep-going, a credential report without a column no check needs.
#pragma once

#include <string>
#include <vector>

#include "account/account.h"

namespace iw::cli {

// The accounts of SNAPSHOT (one snapshot, or a folder of them). Throws InputError ("file:line:
// column: message") on bad input; prints "iamwarden: warning: ..." for each file skipped and
// each warning of the loader (even with --quiet: warnings always print).
std::vector<account::Account> load_accounts(const std::string& snapshot, bool keep_going = false);

// Prints the account's skipped files and loader warnings on stderr.
void warn_about(const account::Account& account);

}  // namespace iw::cli
