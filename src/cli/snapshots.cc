#include "cli/snapshots.h"

#include <cstdio>

#include "cli/command.h"

namespace iw::cli {

void warn_about(const account::Account& account) {
  for (const std::string& s : account.skipped) {
    std::fprintf(stderr, "iamwarden: warning: skipped %s (--keep-going)\n", s.c_str());
  }
  for (const std::string& w : account.warnings) std::fprintf(stderr, "iamwarden: warning: %s\n", w.c_str());
}

std::vector<account::Account> load_accounts(const std::string& snapshot, const account::LoadOptions& options,
                                            bool warn) {
  std::vector<account::Account> accounts;
  try {
    accounts = account::load_snapshots(snapshot, options);
  } catch (const account::SnapshotError& e) {
    throw InputError(e.what());
  }
  if (warn) {
    for (const account::Account& a : accounts) warn_about(a);
  }
  return accounts;
}

Organization load_organization(const std::string& snapshot, const account::LoadOptions& options, bool warn) {
  Organization org;
  org.accounts = load_accounts(snapshot, options, warn);
  if (org.accounts.empty()) throw InputError(snapshot + ": no account snapshot");
  if (org.accounts.size() > 1) org.merged = account::merge_organization(org.accounts);
  return org;
}

}  // namespace iw::cli
