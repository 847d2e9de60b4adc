// The checks a snapshot cannot decide for want of a file, and the escalation methods the graph
// cannot (graph::undecided): the audit says so instead of reporting nothing.
#include <algorithm>

#include "audit/audit.h"
#include "graph/graph.h"

namespace iw::audit {

namespace {

bool has_credential_report(const account::Account& a) {
  return a.has_file("credential-report.csv") || a.has_file("credential-report.json");
}

Undecided checks(std::vector<std::string> ids, std::string needs) {
  std::sort(ids.begin(), ids.end());
  return {"checks", std::move(ids), std::move(needs)};
}

}  // namespace

std::vector<Undecided> undecided(const account::Account& a) {
  std::vector<Undecided> out;
  if (!has_credential_report(a)) {
    std::vector<std::string> ids = {"access-key-not-rotated", "access-key-unused", "multiple-active-access-keys",
                                    "password-unused", "root-recently-used", "user-console-no-mfa"};
    // The account summary decides the root user's MFA and keys when there is no report.
    if (!a.has_file("account-summary.json")) {
      out.push_back(checks({"root-access-keys-present", "root-mfa-disabled"},
                           "credential-report.csv or account-summary.json"));
    }
    out.insert(out.begin(), checks(std::move(ids), "credential-report.csv"));
  }
  if (!a.has_file("roles.json")) out.push_back(checks({"role-max-session-long"}, "roles.json"));
  for (Undecided& u : graph::undecided(a)) out.push_back(std::move(u));
  return out;
}

}  // namespace iw::audit
