// Guardrails: service control policies (SCPs) for named, well-known protections, generated from
// parameters (`iamwarden guardrails generate`, docs/guardrails.md).
//
// Pure data: nothing here reads or writes a file. generate() returns the files of a guardrail
// set as (relative path, text): per guardrail one minified SCP (NAME.json) checked against the
// SCP size limit (5,120 characters, every character counts), one policy test suite in the
// `iamwarden test` format (NAME.test.json) that pins what the SCP denies and what it keeps, the
// two policies those suites share (support/), and the manifest guardrails.json that `guardrails
// verify` reads (name, file, tests, description, parameters). Output is deterministic: the same
// names and parameters give the same bytes.
//
// probes() are the representative requests of a guardrail that `verify` asks of a snapshot's
// principals: the ones it must block for an ordinary principal, and the ones it must keep.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iw::guardrails {

// AWS Organizations quota: an SCP holds at most 5,120 characters, all of them counted.
inline constexpr std::size_t kScpLimit = 5120;

// The account the generated test suites use for their requests.
inline constexpr std::string_view kExampleAccount = "111122223333";

// Which parameter a guardrail cannot do without.
enum class Needs { nothing, regions, protected_roles };

struct Info {
  std::string_view name;
  std::string_view description;  // one line
  Needs needs = Needs::nothing;
  bool break_glass = true;  // --break-glass principals are exempt
};

// Every guardrail, sorted by name.
std::span<const Info> all();
const Info* find(std::string_view name);

struct Parameters {
  std::vector<std::string> break_glass;      // IAM principal ARNs or ARN patterns (ArnNotLike)
  std::vector<std::string> regions;          // region-allowlist: the allowed regions
  std::vector<std::string> protected_roles;  // protect-iam-roles: role names, paths or patterns
};

// "" when the parameters are well formed, else what is wrong with which value (region names,
// ARNs, role names). Lists are deduplicated in place, first occurrence kept.
std::string check(Parameters& p);

// `names` as given (each a guardrail name, or "all" for every one), resolved to guardrail names
// in catalog order without repeats; "" or an error naming the unknown name and the known ones.
std::string resolve(const std::vector<std::string>& names, std::vector<std::string>& out);

// A protected role pattern as an IAM role ARN pattern ("Admin*" -> "arn:aws:iam::*:role/Admin*";
// a full ARN stays as it is).
std::string role_arn_pattern(std::string_view role);

// A concrete principal ARN matching an ARN pattern, for tests and probes: a '*' account becomes
// `account`, every other '*' or '?' becomes 'x'. "" when the pattern is not an IAM user or role.
std::string concrete_principal(std::string_view pattern, std::string_view account);

// The minified SCP of guardrail `name` (no size check). `name` must be known.
std::string scp(std::string_view name, const Parameters& p);

struct File {
  std::string path;  // relative to the output folder, '/'-separated
  std::string text;
};

struct Generated {
  std::vector<File> files;
  std::string error;  // set (and files empty) when a policy would exceed kScpLimit
};

// The files of the guardrails `names` (resolved names; parameters checked and the needed ones
// present). `version` is written into the manifest.
Generated generate(const std::vector<std::string>& names, const Parameters& p, std::string_view version);

// A request `verify` asks: `resource` may hold "{account}" (the principal's account).
struct Probe {
  std::string action;
  std::string resource;
  std::vector<std::pair<std::string, std::string>> context;  // keys the requester chooses
  bool keep = false;  // true: every principal allowed it before must keep it
};

// The probes of guardrail `name` (known) under `p`.
std::vector<Probe> probes(std::string_view name, const Parameters& p);

}  // namespace iw::guardrails
