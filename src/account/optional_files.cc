// The optional JSON files of a snapshot (contracts.md §3). Each reader validates the whole file
// before it changes the Account, so a rejected file leaves no trace.
#include <unordered_map>

#include "account/reader.h"
#include "core/strings.h"

namespace iw::account::detail {

using json::Kind;
using json::Node;

namespace {

int bounded(const FileReader& r, const Node& n, std::string_view what, long long lo, long long hi) {
  const long long v = r.integer(n, what);
  if (v < lo || v > hi) {
    r.fail(n, std::string(what) + " out of range (" + std::to_string(lo) + " to " + std::to_string(hi) +
                  "): " + std::to_string(v));
  }
  return static_cast<int>(v);
}

}  // namespace

void read_roles(const SourceText& source, const LoadOptions& options, Account& account) {
  FileReader r(source, options);
  const Node& root = r.root_object("the output of aws iam list-roles");
  r.reject_partial(root);
  const Node& list = r.required_array(root, "Roles", "the output of aws iam list-roles");
  std::unordered_map<std::string_view, std::size_t> by_arn;
  for (std::size_t i = 0; i < account.roles.size(); ++i) by_arn.emplace(account.roles[i].arn, i);
  std::vector<std::pair<std::size_t, int>> durations;
  for (const Node& n : r.doc().children(list)) {
    r.expect(n, Kind::object, "each role");
    const std::string arn = r.required_string(n, "Arn", "role");
    const Node* duration = r.member(n, "MaxSessionDuration");
    if (duration == nullptr) continue;
    const int seconds = bounded(r, *duration, "MaxSessionDuration", 0, 1'000'000);
    // A role missing from authorization-details.json (created in between) has nothing to update.
    if (auto it = by_arn.find(arn); it != by_arn.end()) durations.emplace_back(it->second, seconds);
  }
  r.check_structural_duplicates();
  for (const auto& [index, seconds] : durations) account.roles[index].max_session_duration = seconds;
}

void read_account_summary(const SourceText& source, const LoadOptions& options, Account& account) {
  FileReader r(source, options);
  const Node& root = r.root_object("the output of aws iam get-account-summary");
  const Node& map = r.required_node(root, "SummaryMap", "the output of aws iam get-account-summary");
  r.expect(map, Kind::object, "SummaryMap");
  std::map<std::string, long long> out;
  for (const Node& n : r.doc().children(map)) out.emplace(std::string(n.key), r.integer(n, n.key));
  r.check_structural_duplicates();
  account.summary = std::move(out);
}

void read_password_policy(const SourceText& source, const LoadOptions& options, Account& account) {
  // `aws iam get-account-password-policy > file` leaves the file empty when there is no policy.
  if (trim(source.text()).empty()) {
    account.password_policy_file_present = true;
    return;
  }
  FileReader r(source, options);
  const Node& root = r.root_object("the output of aws iam get-account-password-policy");
  const Node& p = r.required_node(root, "PasswordPolicy", "the output of aws iam get-account-password-policy");
  r.expect(p, Kind::object, "PasswordPolicy");
  PasswordPolicy out;
  auto flag = [&](std::string_view key, bool& field) {
    if (auto b = r.optional_bool(p, key)) field = *b;
  };
  auto number = [&](std::string_view key, int& field, long long hi) {
    if (const Node* n = r.member(p, key)) field = bounded(r, *n, key, 0, hi);
  };
  number("MinimumPasswordLength", out.minimum_length, 1024);
  flag("RequireSymbols", out.require_symbols);
  flag("RequireNumbers", out.require_numbers);
  flag("RequireUppercaseCharacters", out.require_uppercase);
  flag("RequireLowercaseCharacters", out.require_lowercase);
  flag("AllowUsersToChangePassword", out.allow_users_to_change);
  flag("ExpirePasswords", out.expire_passwords);
  flag("HardExpiry", out.hard_expiry);
  number("MaxPasswordAge", out.max_age_days, 100000);
  number("PasswordReusePrevention", out.reuse_prevention, 1024);
  r.check_structural_duplicates();
  account.password_policy_file_present = true;
  account.password_policy = out;
}

void read_org_policies(const SourceText& source, const LoadOptions& options, OrgPolicyLevels& out) {
  FileReader r(source, options);
  const Node& root = r.root_object("{\"levels\": [{\"target\": ..., \"policies\": [...]}]}");
  const Node& levels = r.required_array(root, "levels", "the file");
  OrgPolicyLevels result;
  for (const Node& level : r.doc().children(levels)) {
    r.expect(level, Kind::object, "each level");
    const std::string target = r.optional_string(level, "target");
    std::vector<NamedPolicy> policies;
    for (const Node& p : r.doc().children(r.required_array(level, "policies", "level"))) {
      r.expect(p, Kind::object, "each policy");
      NamedPolicy named;
      named.name = r.required_string(p, "name", "policy");
      named.target = target;
      named.doc = r.read_doc(r.required_node(p, "document", "policy"));
      policies.push_back(std::move(named));
    }
    result.push_back(std::move(policies));
  }
  r.check_structural_duplicates();
  out = std::move(result);
}

void read_resource_policies(const SourceText& source, const LoadOptions& options, Account& account) {
  FileReader r(source, options);
  const Node& root = r.root_array("[{\"arn\": ..., \"policy\": {...}}]");
  std::vector<ResourcePolicy> out;
  for (const Node& n : r.doc().children(root)) {
    r.expect(n, Kind::object, "each resource policy");
    ResourcePolicy p;
    p.arn = r.required_string(n, "arn", "resource policy");
    p.doc = r.read_doc(r.required_node(n, "policy", "resource policy"));
    out.push_back(std::move(p));
  }
  r.check_structural_duplicates();
  account.resource_policies = std::move(out);
}

void read_compute(const SourceText& source, const LoadOptions& options, Account& account) {
  FileReader r(source, options);
  const Node& root = r.root_array("[{\"arn\": ..., \"type\": ..., \"role\": ...}]");
  std::vector<Compute> out;
  for (const Node& n : r.doc().children(root)) {
    r.expect(n, Kind::object, "each compute resource");
    out.push_back({r.required_string(n, "arn", "compute resource"), r.required_string(n, "type", "compute resource"),
                   r.required_string(n, "role", "compute resource")});
  }
  r.check_structural_duplicates();
  account.compute = std::move(out);
}

void read_snapshot_info(const SourceText& source, const LoadOptions& options, Account& account) {
  FileReader r(source, options);
  const Node& root = r.root_object("{\"account_id\": ..., \"taken_at\": ...}");
  std::string id;
  if (const Node* n = r.member(root, "account_id")) {
    id = r.string(*n, "account_id");
    const bool twelve_digits =
        id.size() == 12 && id.find_first_not_of("0123456789") == std::string::npos;
    if (!twelve_digits) r.fail(*n, "account_id must be 12 digits, not \"" + id.substr(0, 40) + "\"");
  }
  const std::optional<Timestamp> taken_at = r.optional_timestamp(root, "taken_at");
  r.check_structural_duplicates();
  account.id = id;
  account.taken_at = taken_at;
}

}  // namespace iw::account::detail
