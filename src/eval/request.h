// The request model of the evaluator (aws-evaluation-semantics.md §1): who calls, what action on
// which resource, in which account, with which condition context.
//
// Build a Request with make_request(): it parses the principal, lower-cases the action, defaults
// the resource account, and derives the global keys of §1 that the caller did not supply. A
// Request is immutable after construction and may be evaluated any number of times, against any
// number of compiled policy sets, from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iw::eval {

// The outcome of a parse or build step: a value, or a message for the user.
template <class T>
struct [[nodiscard]] Result {
  std::optional<T> value;
  std::string error;  // set iff !value
  explicit operator bool() const { return value.has_value(); }
  static Result fail(std::string message) { return Result{std::nullopt, std::move(message)}; }
};

enum class PrincipalKind : std::uint8_t {
  user,            // arn:P:iam::A:user/path/name
  root,            // arn:P:iam::A:root
  role,            // arn:P:iam::A:role/path/name (a session whose name is unknown)
  assumed_role,    // arn:P:sts::A:assumed-role/Role/Session
  federated_user,  // arn:P:sts::A:federated-user/Name
  service,         // service:name.amazonaws.com
  anonymous,       // anonymous
};
std::string_view to_string(PrincipalKind k);

struct Principal {
  PrincipalKind kind = PrincipalKind::anonymous;
  std::string arn;        // as given ("service:x.amazonaws.com", "anonymous" for those kinds)
  std::string partition;  // "aws", ... ("" for service and anonymous)
  std::string account;    // 12 digits ("" for service and anonymous)
  std::string name;       // user, role, federated-user or service name
  std::string path;       // user/role path ("/" by default; unknown for sessions unless supplied)
  std::string session;    // assumed-role session name
  std::string role_arn;   // sessions and roles: the role's ARN (with path when known)

  bool is_iam() const { return kind != PrincipalKind::service && kind != PrincipalKind::anonymous; }
  bool is_session() const { return kind == PrincipalKind::role || kind == PrincipalKind::assumed_role; }
  // A service-linked role (path /aws-service-role/): SCPs and RCPs do not apply (§3.3 step 2).
  bool service_linked() const { return is_session() && path.starts_with("/aws-service-role/"); }
};

// Parses a principal string; the error names what is wrong.
Result<Principal> parse_principal(std::string_view text);
// The same into `out`, reusing its storage; returns "" or the error.
std::string parse_principal(std::string_view text, Principal& out);

// One context key: a single value (multi == false, values.size() == 1) or a list (multi).
struct ContextEntry {
  std::string key;  // ASCII lower-cased
  std::vector<std::string> values;
  bool multi = false;
};

// The condition context. Keys are case-insensitive (tag keys included); an empty list is absent.
// Removed keys keep their storage: a Context that is cleared and refilled for request after
// request (assign()) stops allocating once it has held as many keys as the largest request.
class Context {
 public:
  Context() = default;
  Context(const Context& other);             // copies the present keys only
  Context& operator=(const Context& other);
  Context(Context&&) noexcept = default;
  Context& operator=(Context&&) noexcept = default;

  // Sets a single-valued key (replacing any earlier value).
  void set(std::string_view key, std::string value);
  // Sets a multi-valued key; an empty list removes the key (absent). Returns whether the key is
  // now present. For tag keys (is_tag_key) an empty string is null: it is dropped (§1).
  bool set_list(std::string_view key, std::vector<std::string> values);
  // Adds a key that is not present, with set_list()'s rules (multi) or set()'s (!multi, one
  // value), copying the views into reused storage. Changes nothing when the key is present.
  enum class Added { added, absent, present };  // absent: no value left (an empty list or tag value)
  Added add(std::string_view key, std::span<const std::string_view> values, bool multi);
  // Removes every key, keeping the storage.
  void clear() { size_ = 0; }
  // The entry for `key_lower` (already lower-cased), or nullptr when absent. Never allocates.
  const ContextEntry* find(std::string_view key_lower) const;
  bool has(std::string_view key) const;
  std::span<const ContextEntry> entries() const { return {entries_.data(), size_}; }

 private:
  // The spare entry at index size_ with `key` lower-cased into it; it becomes present when the
  // caller increments size_. The index of the present entry with that key, or size_.
  std::size_t prepare(std::string_view key);
  void remove(std::size_t index);
  std::vector<ContextEntry> entries_;  // [0, size_) present, in order of setting; then spares
  std::size_t size_ = 0;
};

// Keys whose values users write as tags (aws:RequestTag/K, aws:ResourceTag/K,
// aws:PrincipalTag/K, aws:TagKeys and the services' own …:RequestTag/K, …:ResourceTag/K):
// an empty string among their values is null (aws-evaluation-semantics.md §1). Lower-case input.
bool is_tag_key(std::string_view key_lower);

// What the caller supplies (contracts.md §4); see make_request().
struct RequestSpec {
  std::string principal;
  std::string action;
  std::string resource;
  std::string resource_account;  // "" = from the resource ARN, then the principal's account
  Context context;
  std::string federated_by;      // federated users: the IAM user ARN that federated them
};

struct Request {
  Principal principal;
  std::string action;          // as given
  std::string action_lower;    // ASCII lower-cased
  std::string resource;        // ARN or "*"
  std::string resource_account;
  Context context;             // supplied keys plus the derived keys of §1
  std::string federated_by;

  // The lower-cased service prefix of the action ("s3").
  std::string_view service() const { return std::string_view(action_lower).substr(0, action_lower.find(':')); }
  bool same_account() const { return principal.is_iam() && principal.account == resource_account; }
};

// Validates and completes a request: principal parsed; action `service:Name`; resource an ARN
// (arn:partition:service:region:account:resource) or "*"; resource_account defaulted; derived
// context keys added when absent. Errors name the offending field.
Result<Request> make_request(const RequestSpec& spec);

// Points an existing request at another action and resource (validated as make_request does;
// false, and `r` unchanged, when they are not valid), re-deriving aws:ResourceAccount. For
// callers that ask many questions of one principal: no principal parsing, no context rebuild.
bool retarget(Request& r, std::string_view action, std::string_view resource, std::string_view resource_account);

// The same into `out`, reusing its storage (no allocation once warm: for many requests in a
// row). The context is swapped, not copied: `spec.context` is left holding `out`'s previous
// one, for the caller to clear and refill. Returns "" or the error message; on error `out` is
// unspecified.
std::string make_request(RequestSpec& spec, Request& out);

// The checks of make_request() and the fields they fill, without the context (neither read nor
// swapped): "" or the same error. For a caller that checks many requests before deciding any.
std::string check_request(const RequestSpec& spec, Request& out);

// True when `s` has the shape arn:P:S:R:A:X (at least five colons, "arn" first, service set).
bool looks_like_arn(std::string_view s);

}  // namespace iw::eval
