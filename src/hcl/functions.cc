// The function table and the call protocol (arity, unknown arguments, result limits).
#include "hcl/functions.h"

#include <algorithm>

namespace iw::hcl {

namespace {

const FunctionTable& table() {
  static const FunctionTable t = [] {
    FunctionTable f;
    add_string_functions(f);
    add_collection_functions(f);
    add_encoding_functions(f);
    add_number_functions(f);
    return f;
  }();
  return t;
}

std::string arity(const Function& f) {
  if (f.max_args == kVariadic) return "at least " + std::to_string(f.min_args);
  if (f.min_args == f.max_args) return std::to_string(f.min_args);
  return std::to_string(f.min_args) + " to " + std::to_string(f.max_args);
}

}  // namespace

Value call_function(const std::string& name, Call& call) {
  const auto& t = table();
  auto it = t.find(name);
  if (it == t.end()) return Value::make_unknown(UnknownKind::function, name, call.where);
  const Function& f = it->second;
  std::size_t n = call.args.size();
  if (n < f.min_args || (f.max_args != kVariadic && n > f.max_args)) {
    return error_value(name + "() takes " + arity(f) + " arguments, not " + std::to_string(n), call.where);
  }
  if (!f.sees_unknowns) {
    for (const auto& a : call.args)
      if (!a.is_wholly_known()) return propagate(a, call.where);
  }
  if (!call.evaluator.spend(1 + n)) return call.evaluator.over_budget(call.where);
  Value out = f.run(call);
  const auto& o = call.evaluator.options();
  if (out.text.size() > o.max_string_bytes || out.items.size() > o.max_elements || out.members.size() > o.max_elements) {
    return Value::make_unknown(UnknownKind::limit, name + "() result over the size limit", call.where);
  }
  return out;
}

const std::vector<std::string_view>& function_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& [name, f] : table()) v.push_back(name);
    return v;
  }();
  return names;
}

}  // namespace iw::hcl
