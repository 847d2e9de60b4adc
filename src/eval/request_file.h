// Reading simulation requests (contracts.md §4): the single form, the batch form
// ({"requests": [...]}), one request object (an NDJSON line, docs/simulate.md) and policy files
// given separately (simulate's flags).
//
// This is the located reader: the reference for the fast readers of request_stream.h, and the
// source of their error messages.
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
  std::string name;  // what a reader knows the policy as ("" = only its label): from a snapshot,
                     // "managed AdministratorAccess (via group admins)", "SCP FullAWSAccess (root)"
};

// What parse_request_file() does with the requests of the file.
enum class RequestsMode {
  read,    // into RequestFile::requests: the one of the single form, or every one of a batch
  stream,  // a batch's "requests" array is left unread (requests stays empty) for BatchRequests
           // (request_stream.h) to read in place; the single form is read as usual
  ignore,  // policies only (a base file for NDJSON requests): request fields and a "requests"
           // array may be there but are not kept, and principal/action/resource are not required
};

struct RequestFile {
  PolicySet policies;
  std::vector<PolicyOrigin> origins;
  std::vector<RequestSpec> requests;  // one for the single form
  bool batch = false;
  std::string federated_by;           // the file's top-level default for its requests ("" = none)
  // RequestsMode::stream: the file's text and the span [offset, end) of its "requests" array.
  std::shared_ptr<const SourceText> source;
  std::uint32_t requests_offset = 0;
  std::uint32_t requests_end = 0;

  // "file:line:column" of `offset` in policy `ref` ("" when unknown).
  std::string locate(const PolicyRef& ref, std::uint32_t offset) const;
};

// Parses a request file. `name` is used in messages.
Result<RequestFile> parse_request_file(std::string_view text, std::string_view name);
// The same for the text of `source`, read in place (no copy of a large batch).
Result<RequestFile> parse_request_file(const std::shared_ptr<const SourceText>& source, RequestsMode mode);

// Reads one request object — the fields of a batch element — from `text`, the content of line
// `line` of the file `name` (an NDJSON line): messages are "name:line:column: ...".
// `federated_by` is the default for a request that has none.
Result<RequestSpec> read_request_object(std::string_view text, std::string_view name, std::size_t line,
                                        std::string_view federated_by = {});

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
