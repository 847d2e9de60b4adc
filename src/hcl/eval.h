// The evaluator (internal to src/hcl): one Evaluator per evaluate() call.
//
// Bounded by construction: the syntax tree's depth is limited by the parser, templatefile()
// nesting by EvalOptions::max_depth, and the total work of one call by a step budget (each node
// evaluated and each element produced costs a step), so no expression makes it hang or exhaust
// memory; past a limit, values become unknown (UnknownKind::limit).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hcl/hcl.h"

namespace iw::hcl {

class Evaluator {
 public:
  Evaluator(Scope* scope, const EvalOptions& options) : scope_(scope), options_(options) {}

  Value eval(const Expr& e);

  // Variables bound by for-expressions, template directives and templatefile(): innermost last.
  struct Binding {
    std::string name;
    Value value;
  };
  std::vector<Binding> bindings;

  const EvalOptions& options() const { return options_; }
  std::size_t depth = 0;  // templatefile() nesting

  // Spends `n` steps of the budget; false once it is exhausted.
  bool spend(std::size_t n = 1);
  Value over_budget(Range where) const;
  // What is left of the budget; a nested evaluator (templatefile) continues from it.
  std::size_t remaining() const { return budget_; }
  void set_remaining(std::size_t budget) { budget_ = budget; }

 private:
  Value eval_template(const Expr& e);
  void render(const std::vector<TemplatePart>& parts, Value& out, std::optional<Value>& error);
  void append(Value& out, const Value& v, std::optional<Value>& error);
  Value eval_tuple(const Expr& e);
  Value eval_object(const Expr& e);
  Value eval_traversal(const Expr& e);
  Value eval_call(const Expr& e);
  Value eval_for(const Expr& e);
  Value eval_conditional(const Expr& e);
  Value eval_unary(const Expr& e);
  Value eval_binary(const Expr& e);
  Value apply_steps(Value v, const std::vector<Step>& steps, std::size_t from, const std::vector<Value>& keys);
  const Value* bound(std::string_view name) const;

  Scope* scope_;  // null inside templatefile(): only its vars are visible
  const EvalOptions& options_;
  std::size_t budget_ = 2'000'000;
};

// Helpers shared by the evaluator and the functions.

// The first unknown inside `v` as an unknown value located at `where` (its Unknown keeps the
// original cause and place).
Value propagate(const Value& v, Range where);
// An error value: what Terraform would reject.
Value error_value(std::string message, Range where);
// Attribute and index access as the language defines them (errors become error values).
Value get_attr(const Value& v, const std::string& name, Range where);
Value get_index(const Value& v, const Value& key, Range where);
// Conversions of the language: numbers and bools print as strings, numeric strings read as
// numbers, "true"/"false" as bools. nullopt when the value does not convert.
std::optional<std::string> as_string(const Value& v);
std::optional<double> as_number(const Value& v);
std::optional<bool> as_bool(const Value& v);
// The elements of a tuple, or of an object (its values, in key order).
bool is_collection(const Value& v);

}  // namespace iw::hcl
