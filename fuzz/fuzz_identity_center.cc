// Fuzz target: identity-center.json from memory, next to a small valid authorization-details.json
// that holds a customer managed policy a permission set may name. Loading must succeed or throw
// SnapshotError with a sane location; every offset kept must lie inside its text; auditing what
// loaded must not crash or hang, and every finding on a permission set must name it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "account/account.h"
#include "audit/audit.h"

namespace {

using iw::account::Account;
using iw::account::PolicyDoc;

void check(const PolicyDoc& d) {
  for (const auto& issue : d.grammar) {
    if (issue.offset > d.located_in().text().size()) std::abort();
  }
  if (d.source == nullptr || d.offset > d.source->text().size()) std::abort();
  if (d.decoded && d.text.data() != d.decoded->text().data()) std::abort();
}

void check(const Account& a) {
  for (const auto& instance : a.identity_center) {
    for (const auto& ps : instance.permission_sets) {
      if (ps.source == nullptr || ps.offset > ps.source->text().size()) std::abort();
      if (ps.inline_policy) check(*ps.inline_policy);
      if (ps.session_seconds && *ps.session_seconds < 0) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string kDetails = R"({"Policies": [{"PolicyName": "ops", "Arn": "arn:aws:iam::111122223333:policy/ops",
      "Path": "/", "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
      "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}]})";
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const Account a = iw::account::load_snapshot_files(
        "fuzz", {{"authorization-details.json", kDetails}, {"identity-center.json", bytes},
                 {"snapshot.json", R"({"account_id": "111122223333", "taken_at": "2026-11-01T00:00:00Z"})"}});
    check(a);
    iw::audit::AuditOptions options;
    options.as_of = *a.taken_at;
    for (const iw::Finding& f : iw::audit::audit_account(a, options).findings) {
      if (f.resource.empty()) std::abort();
    }
  } catch (const iw::account::SnapshotError& e) {
    if (e.line < 0 || e.column < 0) std::abort();
  }
  return 0;
}
