// Internal to account/: reading one snapshot file's JSON tree with located shape errors.
//
// A FileReader wraps one parsed file. Its accessors return the member when it has the expected
// type and throw SnapshotError at the member's position when it does not, so a file is either
// read whole or rejected with a location; nothing is skipped. Policy documents are read with
// read_doc(), which never throws for problems inside the document (they become grammar issues).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "account/account.h"
#include "json/json.h"

namespace iw::account::detail {

// Throws SnapshotError at `offset` of `source`.
[[noreturn]] void fail_at(const SourceText& source, std::size_t offset, const std::string& message);

// The account id in an ARN ("arn:aws:iam::111122223333:user/x"), or "".
std::string_view arn_account(std::string_view arn);

// Byte offset of the first invalid UTF-8 sequence in `s`, or npos.
std::size_t invalid_utf8_at(std::string_view s);

class FileReader {
 public:
  // Parses `source` as JSON (throws SnapshotError on syntax, UTF-8, size and depth problems).
  // The root object's lists named in `split` (json::ParseOptions::split) are left to be read
  // element by element (doc().elements(list), FileReader(file, element, 3)), each element's
  // `select_member` recorded as its json::Span::selector.
  FileReader(const SourceText& source, const LoadOptions& options, std::vector<std::string_view> split = {},
             std::string_view select_member = {});
  // One element of a list that `file` split, at nesting depth `depth` of the file (the root is
  // 1): parsed on its own, on any thread, its nodes located in the file.
  FileReader(const FileReader& file, json::Span element, std::size_t depth);

  const SourceText& source() const { return source_; }
  const json::Document& doc() const { return *doc_; }
  const json::Node& root() const { return doc_->root(); }
  const LoadOptions& options() const { return options_; }

  [[noreturn]] void fail(const json::Node& at, const std::string& message) const;

  // The root, which must be an object (or an array); `what` describes the expected content.
  const json::Node& root_object(std::string_view what) const;
  const json::Node& root_array(std::string_view what) const;

  // A page of a paginated call is not the account: throws when `root` has IsTruncated: true or
  // a NextToken (what --max-items and --no-paginate leave).
  void reject_partial(const json::Node& root) const;

  // Members of `object`. "optional" ones may be absent or null; "required" ones must be
  // present and not null (`owner` names the object in the message: "user without UserName").
  const json::Node* member(const json::Node& object, std::string_view key) const;
  const json::Node* optional_array(const json::Node& object, std::string_view key) const;
  const json::Node& required_array(const json::Node& object, std::string_view key,
                                   std::string_view owner) const;
  const json::Node* optional_object(const json::Node& object, std::string_view key) const;
  const json::Node& required_node(const json::Node& object, std::string_view key,
                                  std::string_view owner) const;
  std::string required_string(const json::Node& object, std::string_view key,
                              std::string_view owner) const;
  std::string optional_string(const json::Node& object, std::string_view key) const;
  std::optional<std::string> maybe_string(const json::Node& object, std::string_view key) const;
  std::optional<long long> optional_integer(const json::Node& object, std::string_view key) const;
  std::optional<bool> optional_bool(const json::Node& object, std::string_view key) const;
  std::optional<Timestamp> optional_timestamp(const json::Node& object, std::string_view key) const;

  // Checks that a value is of a kind: "<what> must be an object".
  void expect(const json::Node& node, json::Kind kind, std::string_view what) const;
  long long integer(const json::Node& node, std::string_view what) const;
  std::string string(const json::Node& node, std::string_view what) const;

  // Reads a policy document (object, or string to decode). `node` may be any value. Like skip(),
  // safe to call from several threads (the FileReader's other members are const).
  PolicyDoc read_doc(const json::Node& node);

  // Marks a value the loader does not interpret (e.g. the copies of roles inside an instance
  // profile): duplicate keys inside it are not errors.
  void skip(const json::Node& node);

  // Duplicate keys outside every document read so far are errors of the file's structure.
  // Call once, after every read_doc().
  void check_structural_duplicates() const;

 private:

  const SourceText& source_;
  LoadOptions options_;
  std::unique_ptr<json::Document> doc_;
  void add_span(std::uint32_t begin, std::uint32_t end);
  std::mutex spans_mutex_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> doc_spans_;  // [begin, end) of documents
};

// LoadOptions::question_action's tests of the elements of authorization-details.json
// (action_filter.cc). Each takes an element's JSON text, followed in memory by `readable` -
// element.size() readable bytes, and the action, lower-cased.

// The most a statement may do to the action, ordered: none, apply (a Deny), allow.
enum Reach : unsigned char { kNone, kMayApply, kMayAllow };

// Of a managed policy's element: the most a statement of the version in force may do (a
// NotAction, or what is not the plain grammar, counts as kMayAllow).
Reach policy_reach(std::string_view element, std::size_t readable, std::string_view action);

// What a question's load must know of a user's, group's or role's element before reading it.
// The views point into the element's text.
struct PrincipalScan {
  std::vector<std::string_view> attached;  // AttachedManagedPolicies' PolicyArn
  std::vector<std::string_view> groups;    // GroupList (a user's)
  std::string_view name;                   // UserName, GroupName or RoleName
  bool inline_may_allow = false;           // an inline policy's statement may allow the action
};
// `name_key`: "UserName", "GroupName" or "RoleName". False when the element is not the plain
// grammar (another type, a repeated member, a string with an escape, invalid JSON) or lacks a
// member the reader requires (its name, a role's trust policy, an inline policy's name): it must
// then be read whole, to be judged or to have its problem reported.
bool scan_principal(std::string_view element, std::size_t readable, std::string_view action, std::string_view name_key,
                    PrincipalScan& out);

// Per-file readers. Each reads `source` whole and throws SnapshotError, leaving `account`
// unchanged, when it is bad.
void read_authorization_details(const SourceText& source, const LoadOptions& options, Account& account);
void read_roles(const SourceText& source, const LoadOptions& options, Account& account);
void read_account_summary(const SourceText& source, const LoadOptions& options, Account& account);
void read_password_policy(const SourceText& source, const LoadOptions& options, Account& account);
void read_org_policies(const SourceText& source, const LoadOptions& options, OrgPolicyLevels& out);
void read_resource_policies(const SourceText& source, const LoadOptions& options, Account& account);
void read_compute(const SourceText& source, const LoadOptions& options, Account& account);
void read_identity_center(const SourceText& source, const LoadOptions& options, Account& account);
void read_snapshot_info(const SourceText& source, const LoadOptions& options, Account& account);
void read_credential_report_csv(const SourceText& source, Account& account);
void read_credential_report_json(const SourceText& source, const LoadOptions& options, Account& account);

}  // namespace iw::account::detail
