// Reading simulation requests (contracts.md §4): the single form, the batch form
// ({"requests": [...]}) and policy files given separately (simulate's flags).
//
// Every policy is validated as IAM would: JSON syntax, duplicate keys, the policy grammar and
// the rules of its kind (identity, boundary, session, scp, rcp; resource or trust, inferred from
// the document). A problem is returned as a message that names the file and line:column.
// Policies may be JSON objects or URL-encoded strings (as the raw IAM API returns them).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "eval/engine.h"
#include "eval/request.h"
#include "json/json.h"
#include "policy/policy.h"

namespace iw::eval {

// Where a policy's offsets point: its text (the request file, a policy file, or the decoded
// text of a URL-encoded policy).
struct PolicyOrigin {
  PolicyRef ref;
  std::shared_ptr<const SourceText> source;
};

struct RequestFile {
  PolicySet policies;
  std::vector<PolicyOrigin> origins;
  std::vector<RequestSpec> requests;  // one for the single form
  bool batch = false;

  // "file:line:column" of `offset` in policy `ref` ("" when unknown).
  std::string locate(const PolicyRef& ref, std::uint32_t offset) const;
};

// Parses a request file. `name` is used in messages.
Result<RequestFile> parse_request_file(std::string_view text, std::string_view name);

// Reads a request object from an already-parsed tree whose text is `source` (test cases embed
// requests in larger files).
Result<RequestFile> read_request(const json::Document& doc, const json::Node& node,
                                 const std::shared_ptr<const SourceText>& source);

// Parses and validates one policy text of kind `kind` (for the resource layer pass
// policy::Kind::resource: resource vs trust is inferred). Errors are "name:line:col: message".
Result<policy::Document> load_policy(std::string_view text, std::string_view name, policy::Kind kind,
                                     std::shared_ptr<const SourceText>& source);

// "name:line:col: message" for a compile error of `file`'s policies.
std::string describe(const RequestFile& file, const CompileError& error);

}  // namespace iw::eval
