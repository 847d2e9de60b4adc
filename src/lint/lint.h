// Linting one policy document: validity and danger on its own (contracts.md §2, lint ids).
//
// lint_text() parses and lints the text of one policy file. lint_document() lints a policy
// that is already parsed (e.g. one found inside an account snapshot). Both append Findings
// and never throw on bad input: a broken document becomes a `json-syntax` or `policy-grammar`
// finding. Thread-safe: may be called concurrently (the catalog is immutable).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/source.h"
#include "policy/policy.h"

namespace iw::lint {

struct Options {
  std::optional<policy::Kind> kind;  // nullopt: infer from the document
  std::string account;               // owner account, if known ("" = unknown)
};

struct Target {
  const SourceText* source = nullptr;  // text that the document's offsets refer to
  std::string resource;                // Finding::resource (file path, or policy/principal ARN)
  std::string account;                 // Finding::account
  std::string_view policy_text;        // the policy's own JSON text (for its size quota)
};

struct Result {
  policy::Kind kind = policy::Kind::identity;
  bool kind_inferred = false;
  bool parsed = false;  // false when the JSON did not parse
  std::string not_a_policy;  // why the JSON is no IAM policy at all ("" = it is one); linted anyway
};

// Parses `source` as one policy and lints it; findings name `source.name()` as the file and
// resource. Appends to `out`.
Result lint_text(const SourceText& source, const Options& options, std::vector<Finding>& out);

// Lints a parsed document as a policy of `kind`. `grammar` holds the structural issues the
// parser found (reported as policy-grammar). Appends to `out`.
void lint_document(const policy::Document& doc, policy::Kind kind,
                   const std::vector<policy::Issue>& grammar, const Target& target,
                   std::vector<Finding>& out);

// Reports a document that could not be read at all (a policy string that holds no JSON): only
// its `grammar` issues, as policy-grammar. No other rule runs on the nothing it leaves, so an
// unreadable policy never also gets, say, missing-version. Appends to `out`.
void lint_unreadable(const std::vector<policy::Issue>& grammar, const Target& target, std::vector<Finding>& out);

}  // namespace iw::lint
