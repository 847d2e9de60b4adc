// The IAM policy document model, parsed strictly and with the source position of every element.
//
// parse_policy() turns JSON text (or a URL-encoded JSON string, as the raw IAM API returns it)
// into a Document. It never throws and never crashes on bad input:
//   - JSON that does not parse         -> ParseResult::json_error (lint id `json-syntax`);
//   - JSON that is not a valid policy   -> ParseResult::grammar issues (lint id `policy-grammar`)
//     plus a Document holding every element that could be read, so later checks still run.
// Kind-specific rules (Principal allowed? Resource required? ...) are checked separately by
// check_kind_grammar(), because the kind may be inferred from the document (infer_kind()).
// Offsets are byte offsets into the parsed text (ParseResult::text); SourceText maps them to
// line and column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace iw::policy {

enum class Kind : std::uint8_t { identity, resource, trust, scp, rcp, boundary, session };
std::string_view to_string(Kind k);
std::optional<Kind> parse_kind(std::string_view s);

enum class Effect : std::uint8_t { allow, deny };

// A string element with its position.
struct Located {
  std::string text;
  std::uint32_t offset = 0;
};

enum class PrincipalType : std::uint8_t { star, aws, service, federated, canonical_user };
std::string_view to_string(PrincipalType t);

// One principal entry: bare "*" (type star), or one value of an AWS/Service/Federated/
// CanonicalUser list.
struct PrincipalEntry {
  PrincipalType type = PrincipalType::star;
  std::string value;  // "*" for type star
  std::uint32_t offset = 0;
};

// One condition key under one operator: {"StringEquals": {"aws:SourceAccount": ["1", "2"]}}.
struct ConditionValue {
  std::string text;   // strings as written; numbers as written; booleans "true"/"false"
  json::Kind kind = json::Kind::string;
  std::uint32_t offset = 0;
};
struct Condition {
  std::string op;      // operator as written, e.g. "ForAnyValue:StringLike"
  std::uint32_t op_offset = 0;
  std::string key;     // condition key as written, e.g. "aws:PrincipalTag/Team"
  std::uint32_t key_offset = 0;
  std::vector<ConditionValue> values;
  bool values_array = false;  // written as an array (possibly empty)
};

// Which of the paired elements a statement uses.
enum class Polarity : std::uint8_t { absent, positive, negated };  // e.g. Action / NotAction

struct Statement {
  std::uint32_t offset = 0;  // the statement's '{'
  std::uint32_t index = 0;   // 0-based position in the Statement list
  std::optional<Located> sid;
  Effect effect = Effect::deny;
  bool effect_valid = false;
  std::uint32_t effect_offset = 0;

  Polarity action = Polarity::absent;  // Action or NotAction
  std::uint32_t action_offset = 0;     // of the element's key
  std::vector<Located> actions;

  Polarity resource = Polarity::absent;
  std::uint32_t resource_offset = 0;
  std::vector<Located> resources;

  Polarity principal = Polarity::absent;
  std::uint32_t principal_offset = 0;
  std::vector<PrincipalEntry> principals;

  std::uint32_t condition_offset = 0;
  bool has_condition = false;
  std::vector<Condition> conditions;
};

struct Document {
  std::optional<Located> version;  // absent -> effective version 2008-10-17
  std::optional<Located> id;
  bool has_statement = false;
  bool statement_array = false;
  std::uint32_t statement_offset = 0;
  std::vector<Statement> statements;

  // True when policy variables are active (Version "2012-10-17").
  bool variables_enabled() const { return version && version->text == "2012-10-17"; }
};

struct Issue {
  std::string message;
  std::uint32_t offset = 0;
};

struct ParseResult {
  std::string text;                     // the parsed JSON (percent-decoded if it was encoded)
  bool url_encoded = false;
  std::optional<Issue> json_error;      // set -> no document
  std::optional<Document> document;
  std::vector<Issue> grammar;           // structural problems found while reading
  std::string not_a_policy;             // set (why) when the JSON is no IAM policy at all
};

struct ParseOptions {
  json::Limits limits{};
};

// Parses one policy document. `text` is copied into the result.
ParseResult parse_policy(std::string_view text, const ParseOptions& options = {});

// Reads a policy from a node of an already-parsed JSON tree (e.g. inside an account
// snapshot); offsets stay relative to that tree's text. Appends problems to `grammar`,
// including the duplicate keys found inside the node.
Document read_policy(const json::Document& doc, const json::Node& node, std::vector<Issue>& grammar);

// Why a JSON value is not an IAM policy document at all, or "" when it is or may be one (a
// policy with mistakes is still a policy). Not a policy: a value that is not an object; a
// CloudFormation template (AWSTemplateFormatVersion or Resources); an object with neither a
// Statement nor an IAM Version ("2012-10-17", "2008-10-17"), such as package.json.
std::string not_a_policy(const json::Document& doc, const json::Node& node);

// The kind a document most likely is: Principal present -> resource, or trust when every
// action is an sts:AssumeRole* action; otherwise identity.
Kind infer_kind(const Document& doc);

// Rules that depend on the kind (Principal forbidden in identity policies, Resource required,
// trust-policy and RCP restrictions, ...). Appends to `issues`.
void check_kind_grammar(const Document& doc, Kind kind, std::vector<Issue>& issues);

// Percent-decodes `s` ('+' stays '+'); nullopt when an escape is malformed.
std::optional<std::string> percent_decode(std::string_view s);

}  // namespace iw::policy
