// Number functions and conversions: abs, min, max, ceil, floor, pow, signum, sum, tonumber,
// tobool.
#include <cmath>

#include "hcl/functions.h"

namespace iw::hcl {

namespace {

std::optional<double> number_arg(Call& c, std::size_t k) { return as_number(c.args[k]); }

Value unary(Call& c, std::string_view name, double (*f)(double)) {
  auto n = number_arg(c, 0);
  if (!n) return error_value(std::string(name) + "() needs a number", c.where);
  return Value::from_number(f(*n), c.where);
}

Value min_max(Call& c, bool max) {
  std::vector<Value> args = c.args;
  if (args.size() == 1 && args[0].type == Type::tuple) args = args[0].items;  // min(list...) written without ...
  if (args.empty()) return error_value(std::string(max ? "max" : "min") + "() needs at least one number", c.where);
  double best = 0;
  for (std::size_t k = 0; k < args.size(); ++k) {
    auto n = as_number(args[k]);
    if (!n) return error_value(std::string(max ? "max" : "min") + "() needs numbers", c.where);
    if (k == 0 || (max ? *n > best : *n < best)) best = *n;
  }
  return Value::from_number(best, c.where);
}

Value fn_pow(Call& c) {
  auto a = number_arg(c, 0), b = number_arg(c, 1);
  if (!a || !b) return error_value("pow() needs two numbers", c.where);
  double r = std::pow(*a, *b);
  if (!std::isfinite(r)) return error_value("pow(): the result is out of range", c.where);
  return Value::from_number(r, c.where);
}

Value fn_sum(Call& c) {
  const Value& v = c.args[0];
  if (v.type != Type::tuple || v.items.empty()) return error_value("sum() needs a non-empty list of numbers", c.where);
  double s = 0;
  for (const auto& el : v.items) {
    auto n = as_number(el);
    if (!n) return error_value("sum() needs a list of numbers", c.where);
    s += *n;
  }
  if (!std::isfinite(s)) return error_value("sum(): the result is out of range", c.where);
  return Value::from_number(s, c.where);
}

Value fn_tonumber(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::null) return v;
  auto n = as_number(v);
  if (!n) return error_value("tonumber() cannot convert this value to a number", c.where);
  return Value::from_number(*n, c.where);
}

Value fn_tobool(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::null) return v;
  auto b = as_bool(v);
  if (!b) return error_value("tobool() cannot convert this value to a bool", c.where);
  return Value::from_bool(*b, c.where);
}

}  // namespace

void add_number_functions(FunctionTable& t) {
  t["abs"] = {[](Call& c) { return unary(c, "abs", [](double x) { return std::fabs(x); }); }, 1, 1};
  t["ceil"] = {[](Call& c) { return unary(c, "ceil", [](double x) { return std::ceil(x); }); }, 1, 1};
  t["floor"] = {[](Call& c) { return unary(c, "floor", [](double x) { return std::floor(x); }); }, 1, 1};
  t["signum"] = {[](Call& c) { return unary(c, "signum", [](double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }); }, 1, 1};
  t["min"] = {[](Call& c) { return min_max(c, false); }, 1, kVariadic};
  t["max"] = {[](Call& c) { return min_max(c, true); }, 1, kVariadic};
  t["pow"] = {fn_pow, 2, 2};
  t["sum"] = {fn_sum, 1, 1};
  t["tonumber"] = {fn_tonumber, 1, 1};
  t["tobool"] = {fn_tobool, 1, 1};
}

}  // namespace iw::hcl
