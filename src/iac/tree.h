// JSON and YAML texts as located value trees (value.h), for the readers of templates and plans.
//
// load_json() and load_yaml() never throw: on bad input they return false and set `error` to
// "file:line:column: message". YAML short-form tags of CloudFormation (`!Ref x`, `!Sub ...`,
// `!GetAtt a.b`, `!If [...]`, ...) become the long form ({"Ref": x}, {"Fn::Sub": ...},
// {"Fn::GetAtt": [a, b]}, ...); other tags are kept as if untagged. Plain YAML scalars true and
// false are booleans; every other scalar is a string. Limits: nesting depth and node count.
#pragma once

#include <string>
#include <string_view>

#include "iac/value.h"

namespace iw::iac {

struct TreeLimits {
  std::size_t max_depth = 64;
  std::size_t max_nodes = 2'000'000;
};

bool load_json(std::string_view file, std::string_view text, Value& out, std::string& error, const TreeLimits& limits = {});
bool load_yaml(std::string_view file, std::string_view text, Value& out, std::string& error, const TreeLimits& limits = {});

// Parses `text` (a policy written as a JSON string) into a tree located at `at`: with
// `first_line` > 0, line N of the text is reported as line first_line + N - 1 of at.file (a
// heredoc or a file() of JSON); otherwise every value is located at `at`. Placeholders inside
// string values survive. Returns false (and sets `error`, without location) when it is no JSON.
bool parse_json_string(std::string_view text, const Origin& at, int first_line, Value& out, std::string& error);

}  // namespace iw::iac
