// `iamwarden access` on infrastructure code (docs/access.md): which inputs are snapshots,
// policy files or code, and the answers of `access external` and `access diff` for the
// policies code declares, extracted as `iamwarden iac` extracts them (iac/scan.h).
#pragma once

#include <string>
#include <vector>

#include "access/compare.h"
#include "core/finding.h"

namespace iw::cli {

// A snapshot directory holds a snapshot file (account.h kSnapshotFiles), or subdirectories
// that hold authorization-details.json.
bool is_snapshot(const std::string& dir);

// A policy file is a JSON object with a "Statement" (or a .json file that mentions one but does
// not parse, so that its error is reported as a policy's). Throws InputError when unreadable.
bool is_policy_file(const std::string& path);

// Appends the public-access and external-access findings of every resource and trust policy
// the code under `paths` declares (owner `account`, default 123456789012; zone organization
// `org` when not ""), located in the code; returns how many policies were decided. Throws
// InputError ("file:line:column: message") for code that does not parse.
std::size_t external_in_code(const std::vector<std::string>& paths, const std::string& account, const std::string& org,
                             std::vector<Finding>& out);

// access diff of two versions of infrastructure code. Policies are paired by the address of
// the resource that holds them, their kind and their name; `kind` ("" = all) keeps one kind.
// The answer is the first `fail` (in the order of NEW) with the address in its reason; a
// policy new in NEW is compared with one that denies everything, a policy gone from NEW is no
// broadening; `unknown` when some pair is unknown and none fails; else `pass`. Throws
// InputError for code that does not parse.
access::Proof diff_code(const std::string& old_path, const std::string& new_path, const std::string& kind);

}  // namespace iw::cli
