// The built-in functions (internal to src/hcl). One file per family registers its functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/eval.h"

namespace iw::hcl {

// What a function gets: its evaluated arguments (after `...` expansion), the call's range, and
// the evaluator (for options, files and the budget).
struct Call {
  std::vector<Value>& args;
  Range where;
  Evaluator& evaluator;
};

struct Function {
  Value (*run)(Call& call) = nullptr;
  std::size_t min_args = 0;
  std::size_t max_args = 0;  // kVariadic: no maximum
  // false: any argument that is not wholly known makes the result unknown before `run` is
  // called. true: `run` handles unknown arguments itself (keeps what is known).
  bool sees_unknowns = false;
};

inline constexpr std::size_t kVariadic = static_cast<std::size_t>(-1);

using FunctionTable = std::map<std::string, Function, std::less<>>;

void add_string_functions(FunctionTable& table);
void add_collection_functions(FunctionTable& table);
void add_encoding_functions(FunctionTable& table);  // jsonencode, file, templatefile, base64...
void add_number_functions(FunctionTable& table);    // and type conversions

// Calls `name`; an unknown function gives an unknown value (UnknownKind::function).
Value call_function(const std::string& name, Call& call);

}  // namespace iw::hcl
