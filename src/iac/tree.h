// JSON and YAML texts as located value trees (value.h), for the readers of templates and plans.
//
// load_json() and load_yaml() never throw: on bad input they return false and set `error` to
// "file:line:column: message". YAML short-form tags of CloudFormation (`!Ref x`, `!Sub ...`,
// `!GetAtt a.b`, `!If [...]`, ...) become the long form ({"Ref": x}, {"Fn::Sub": ...},
// {"Fn::GetAtt": [a, b]}, ...); other tags are kept as if untagged. Plain YAML scalars true and
// false are booleans; every other scalar is a string. Only the first YAML document is read. An
// alias is a copy of its anchor's value, counted against the limits again (so "billion laughs"
// stops at max_nodes). Limits: nesting depth and node count.
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

// The two YAML readers load_yaml() is made of (exposed for tests and fuzzing).
namespace detail {
// Reads yaml-cpp's parser events straight into `out`. Returns false, without a message, on every
// document that is an error for load_yaml_graph (and then leaves `out` unspecified).
bool load_yaml_events(std::string_view file, std::string_view text, Value& out, const TreeLimits& limits = {});
// Converts yaml-cpp's node graph (YAML::Load): the reader of every document load_yaml_events()
// refuses, so every error message is this reader's; the reference the events reader is tested
// against (same result on every document).
bool load_yaml_graph(std::string_view file, std::string_view text, Value& out, std::string& error,
                     const TreeLimits& limits = {});
}  // namespace detail

// Parses `text` (a policy written as a JSON string) into a tree located at `at`: with
// `first_line` > 0, line N of the text is reported as line first_line + N - 1 of at.file (a
// heredoc or a file() of JSON); otherwise every value is located at `at`. Placeholders inside
// string values survive. Returns false (and sets `error`, without location) when it is no JSON.
bool parse_json_string(std::string_view text, const Origin& at, int first_line, Value& out, std::string& error);

}  // namespace iw::iac
