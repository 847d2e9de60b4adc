// Policy variables (aws-evaluation-semantics.md §6): `${key}`, `${key, 'default'}`, and the
// escapes `${*}`, `${?}`, `${$}`. split_variables() cuts a string into literal text and
// variable references; substitution itself happens in the evaluator (it needs the request).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iw::policy {

struct TextPart {
  enum class Type { text, variable, escape } type = Type::text;
  std::string_view text;            // text: the literal run; escape: "*", "?" or "$"
  std::string_view key;             // variable: the key as written (case-insensitive)
  std::string_view default_value;   // variable: the default, if has_default
  bool has_default = false;
  std::size_t offset = 0;           // byte offset of the part in the input
};

// Splits `s`. An unclosed `${` is literal text. Never fails.
std::vector<TextPart> split_variables(std::string_view s);

// True when `s` contains a `${...}` reference or escape.
bool has_variables(std::string_view s);

// A `${...}` whose inside is not a valid key or key-with-default (e.g. `${aws:username`
// closed but malformed like `${ }` or `${a, b}`): the offending reference, or "".
std::string_view malformed_variable(std::string_view s);

}  // namespace iw::policy
