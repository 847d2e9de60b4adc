// The account model: everything an audit knows about one AWS account, read from an account
// snapshot directory (contracts.md §3: AWS CLI outputs saved as files).
//
// load_snapshot() reads one directory; load_snapshots() reads a directory that is one snapshot
// or whose subdirectories are snapshots (an organization). Both throw SnapshotError on bad
// input (missing required file, malformed JSON/CSV, wrong shape, invalid UTF-8, over the size
// or depth limits), naming the file and the line:column. Nothing is silently skipped: with
// LoadOptions::keep_going a bad optional file is recorded in Account::skipped instead.
//
// An Account owns the text of every file it read (SourceText), so the offsets of every parsed
// policy stay valid as long as the Account lives. Accounts are immutable after loading and may
// be read from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string_view>
#include <unordered_map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/key_index.h"
#include "core/source.h"
#include "core/time.h"
#include "policy/policy.h"

namespace iw::account {

// Timestamps (core/time.h), under the names the account model has always used.
using iw::Timestamp;
using iw::parse_timestamp;
using iw::format_timestamp;

// what() is "file:line:column: message", or "file: message" when line is 0.
struct SnapshotError : std::runtime_error {
  SnapshotError(std::string file, int line, int column, const std::string& message);
  std::string file;     // the path of the file (the directory when no file is to blame)
  int line = 0;    // 0 when the problem is the file as a whole
  int column = 0;
  std::string message;  // without the location
};

// One policy document and where it came from.
//
// A document written as a JSON object is read in place: its offsets are into *source. A document
// written as a string (URL-encoded, as the raw IAM API returns it, or JSON text in a string) is
// decoded into `decoded`, named "<file>@<line>:<column>" after where the string sits, and its
// offsets are into that. A string that does not decode to JSON is not an error of the snapshot:
// it leaves an empty `document` and one `grammar` issue (offsets into `decoded`).
struct PolicyDoc {
  const SourceText* source = nullptr;  // the file it was read from (owned by the Account)
  std::uint32_t offset = 0;            // where the document (object or string) starts in *source
  std::string_view text;               // its own JSON text (decoded, if it was a string)
  policy::Document document;
  std::vector<policy::Issue> grammar;  // structural problems, duplicate keys included (offsets
                                       // into located_in())
  bool url_encoded = false;            // the string was percent-encoded
  bool readable = true;                // false: the string held no JSON; `grammar` says why
  std::optional<SourceText> decoded;   // set when the document was a string: offsets refer to it
  // The SourceText that the document's offsets refer to.
  const SourceText& located_in() const { return decoded ? *decoded : *source; }
};

struct PolicyVersion {
  std::string version_id;  // "v3"
  bool is_default = false;
  std::optional<Timestamp> create_date;
  PolicyDoc doc;
};

struct ManagedPolicy {
  std::string arn, name, id, path;
  bool aws_managed = false;  // arn:aws:iam::aws:policy/...
  std::string default_version_id;
  int attachment_count = 0;
  int boundary_usage_count = 0;
  std::vector<PolicyVersion> versions;
  // The default version's document (nullptr if the snapshot lacks it).
  const PolicyDoc* default_document() const;
};

struct InlinePolicy {
  std::string name;
  PolicyDoc doc;
};

struct Tag {
  std::string key, value;
};

struct User {
  std::string arn, name, id, path;
  std::optional<Timestamp> create_date;
  std::vector<std::string> groups;                // group names
  std::vector<std::string> attached_policy_arns;  // managed policies attached directly
  std::vector<InlinePolicy> inline_policies;
  std::optional<std::string> boundary_arn;        // permissions boundary policy
  std::vector<Tag> tags;
};

struct Group {
  std::string arn, name, id, path;
  std::optional<Timestamp> create_date;
  std::vector<std::string> attached_policy_arns;
  std::vector<InlinePolicy> inline_policies;
};

struct Role {
  std::string arn, name, id, path;
  std::optional<Timestamp> create_date;
  PolicyDoc trust;                                 // AssumeRolePolicyDocument
  std::vector<std::string> attached_policy_arns;
  std::vector<InlinePolicy> inline_policies;
  std::optional<std::string> boundary_arn;
  std::optional<Timestamp> last_used;              // RoleLastUsed.LastUsedDate
  std::optional<std::string> last_used_region;
  std::optional<int> max_session_duration;         // only from roles.json
  std::vector<std::string> instance_profile_arns;
  std::vector<Tag> tags;
  bool service_linked() const { return path.rfind("/aws-service-role/", 0) == 0; }
};

// One row of the credential report. Absent dates ("N/A", "no_information") are nullopt.
struct CredentialRow {
  std::string user;  // "<root_account>" for the root user
  std::string arn;
  std::optional<Timestamp> user_creation_time;
  bool password_enabled = false;
  std::optional<Timestamp> password_last_used;
  std::optional<Timestamp> password_last_changed;
  bool mfa_active = false;
  struct Key {
    bool active = false;
    std::optional<Timestamp> last_rotated;
    std::optional<Timestamp> last_used;
  } keys[2];
  bool cert_active[2] = {false, false};
  bool is_root() const { return user == "<root_account>"; }
};

struct PasswordPolicy {
  int minimum_length = 0;
  bool require_symbols = false, require_numbers = false, require_uppercase = false,
       require_lowercase = false, allow_users_to_change = false, expire_passwords = false,
       hard_expiry = false;
  int max_age_days = 0;       // 0 = never expires
  int reuse_prevention = 0;   // 0 = not set
};

struct NamedPolicy {
  std::string name;
  std::string target;  // the level's "target" (root, OU or account id; "" if not given)
  PolicyDoc doc;
};
// SCPs or RCPs: one list per level, root first, account last. Empty = none apply.
using OrgPolicyLevels = std::vector<std::vector<NamedPolicy>>;

struct ResourcePolicy {
  std::string arn;
  PolicyDoc doc;
};

struct Compute {
  std::string arn, type, role_arn;
};

// IAM Identity Center (identity-center.json, written by `collect --identity-center`).
// A customer managed policy named by a permission set: the policy of that name and path in each
// account the set is assigned to.
struct PolicyReference {
  std::string name;
  std::string path = "/";
};

struct PermissionSetAssignment {
  std::string account;         // 12 digits
  std::string principal_type;  // "USER" or "GROUP"
  std::string principal_id;    // the identity store id
};

// A permission set: what a user gets, as the role AWS provisions in each assigned account.
struct PermissionSet {
  std::string arn, name, description;
  std::string session_duration;             // as written ("PT8H"; "" when not set)
  std::optional<std::int64_t> session_seconds;  // parsed session_duration
  std::optional<PolicyDoc> inline_policy;
  std::vector<std::string> managed_policy_arns;  // AWS managed policies
  std::vector<PolicyReference> customer_managed;
  std::optional<std::string> boundary_arn;              // boundary: a managed policy ARN ...
  std::optional<PolicyReference> boundary_reference;    // ... or a customer managed reference
  std::vector<PermissionSetAssignment> assignments;
  const SourceText* source = nullptr;  // identity-center.json (owned by the Account)
  std::uint32_t offset = 0;            // where the permission set's object starts in it
};

struct IdentityCenterInstance {
  std::string arn, identity_store_id;
  std::vector<PermissionSet> permission_sets;
};

struct Account {
  std::string id;                     // 12 digits ("" if no file names it)
  std::string directory;              // the snapshot directory
  std::optional<Timestamp> taken_at;  // snapshot.json
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<Role> roles;
  std::vector<ManagedPolicy> policies;
  std::optional<std::vector<CredentialRow>> credential_report;
  std::optional<Timestamp> credential_report_generated;  // GeneratedTime (JSON form only)
  std::optional<std::map<std::string, long long>> summary;  // account-summary.json SummaryMap
  // nullopt when there is no policy: the file is absent, or empty (what
  // `aws iam get-account-password-policy > password-policy.json` leaves when the account has none).
  std::optional<PasswordPolicy> password_policy;
  bool password_policy_file_present = false;  // password-policy.json exists (even if empty)
  OrgPolicyLevels scps, rcps;
  // Set only on an organization seen as one account (merge_organization): each member account's
  // SCP and RCP levels by account id. A principal is judged by the levels of its own account:
  // scps_of() / rcps_of() give them (`scps` / `rcps` for an account not listed).
  std::map<std::string, OrgPolicyLevels, std::less<>> member_scps, member_rcps;
  const OrgPolicyLevels& scps_of(std::string_view account) const;
  const OrgPolicyLevels& rcps_of(std::string_view account) const;
  std::vector<ResourcePolicy> resource_policies;
  std::vector<Compute> compute;
  std::vector<IdentityCenterInstance> identity_center;  // identity-center.json (empty if absent)
  std::vector<std::string> skipped;   // with keep_going: "file: reason" for each file skipped
  std::vector<std::string> warnings;  // "file: ..." for what was read with a gap no check needs
  std::vector<std::string> files;     // names of the snapshot files read, e.g. "compute.json"
  bool has_file(std::string_view name) const;
  std::vector<std::unique_ptr<SourceText>> sources;  // every file read, owned here
  // LoadOptions::question_resource: how many users and roles were left out unread.
  std::size_t principals_left_out = 0;

  std::string root_arn() const { return "arn:aws:iam::" + id + ":root"; }

  // Lookups (exact, case-sensitive match; the first one if several match; nullptr if none).
  // O(1) through `lookup` once build_lookup() ran (load_snapshot() calls it). An Account built
  // by hand, or whose lists grew or shrank since, still answers correctly, by scanning; call
  // build_lookup() again after renaming entries in place.
  const User* user_by_name(std::string_view name) const;
  const User* user_by_arn(std::string_view arn) const;
  const Group* group_by_name(std::string_view name) const;
  const Role* role_by_name(std::string_view name) const;
  const Role* role_by_arn(std::string_view arn) const;
  const ManagedPolicy* policy_by_arn(std::string_view arn) const;

  // Indexes of users, groups, roles and policies by name and ARN: open addressing over the
  // hashes of the keys, in list order (so the first of equal keys is found first). An index is
  // trusted only while its list still has the size it was built for, and an entry it names only
  // when its key still matches (renaming entries in place needs build_lookup() again).
  struct Lookup {
    KeyIndex user_names, user_arns, group_names, role_names, role_arns, policy_arns;
    std::size_t users = 0, groups = 0, roles = 0, policies = 0;
    bool built = false;
  };
  Lookup lookup;
  void build_lookup();
};

struct LoadOptions {
  bool keep_going = false;               // record bad optional files in skipped, go on
  std::size_t max_file_bytes = 512u << 20;  // per file (also the JSON parser's limit)
  std::size_t max_depth = 64;               // JSON nesting
  // When set: of authorization-details.json's users and roles, only those whose ARN is listed
  // are read, and the roles of the listed role sessions (arn:aws:sts::ACCOUNT:assumed-role/NAME/…:
  // the role NAME of ACCOUNT, whatever its path), with the first user and role that name an
  // account, so that the account id is the same — a question about one principal need not read
  // ten thousand. Groups are read whole; of the managed policies, those listed, those the users,
  // roles and groups read attach or take as a boundary, and the first that names an account.
  std::optional<std::vector<std::string>> only_principals;
  // When set (a lower-cased action, "iam:passrole"): of authorization-details.json's managed
  // policies, only those that principals use as a boundary, those listed in only_principals, and
  // those whose default version has a statement that may apply to the action, whatever its
  // effect (a NotAction, or what is not the plain grammar, counts as may), and of those the
  // document of the default version only (ManagedPolicy::default_document(); the other versions'
  // PolicyVersion::doc are empty documents at their place in the file) — a question
  // about one action need not read twenty thousand policies. The others are left out of
  // Account::policies as if they did not exist: an answer about that action only is the same
  // (they hold no statement that applies), and a principal attaching one gets no document.
  // roles.json, the credential report, account-summary.json and password-policy.json, which no
  // direct answer reads, are not read either.
  std::string question_action;
  // With question_action, the resource asked about ("*", an ARN): the users and roles that no
  // identity policy (their own, their groups') may allow the action are left out too, and of
  // the managed policies those not attached by what is read, unless an identity Allow does not
  // decide the action (eval::allowed_without_identity_allow) or the resource has a policy of its
  // own (it is a user or role of the snapshot, or an entry of resource-policies.json): the
  // principals that can do it on that resource are then all read, with what they attach. The
  // snapshot is read again whole (as with question_action alone) when only the files read after
  // authorization-details.json, or another account's, say that the resource has a policy.
  std::string question_resource;
};

// The files of a snapshot, by name ("authorization-details.json", ...), in the order
// load_snapshot() reads them. Other files in the directory are ignored.
inline constexpr std::string_view kSnapshotFiles[] = {
    "authorization-details.json", "roles.json", "credential-report.csv",
    "credential-report.json",     "account-summary.json", "password-policy.json",
    "scps.json",                  "rcps.json",  "resource-policies.json",
    "compute.json",               "identity-center.json", "snapshot.json"};

// Reads one snapshot directory. Throws SnapshotError.
Account load_snapshot(const std::string& directory, const LoadOptions& options = {});

// The same from memory: `files` maps file names (as in kSnapshotFiles; others are an error) to
// their contents; `directory` only prefixes the file names in SourceTexts and errors ("" = none).
// load_snapshot() is this after reading the files; tests and fuzz targets call it directly.
Account load_snapshot_files(const std::string& directory, std::map<std::string, std::string> files,
                            const LoadOptions& options = {});

// One Account holding the users, groups, roles, managed policies (AWS-managed ones once),
// resource policies and compute of every account of `accounts`, each member's SCP/RCP levels in
// member_scps/member_rcps, so that the access model and the escalation graph cross account
// boundaries (a role of one account trusting another). Entries are copies whose documents
// point into the sources of `accounts`: the result is valid while `accounts` lives. Per-account
// files (credential report, password policy, summary) are not merged; `id` is "" when the
// accounts are several, `taken_at` the earliest.
Account merge_organization(const std::vector<Account>& accounts);

// Reads a snapshot directory, or a directory of snapshot directories (sorted by name).
// Throws SnapshotError (e.g. when neither holds authorization-details.json).
std::vector<Account> load_snapshots(const std::string& directory, const LoadOptions& options = {});

}  // namespace iw::account
