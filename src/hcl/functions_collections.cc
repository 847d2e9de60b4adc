// Collection functions: concat, merge, flatten, distinct, compact, lookup, element, length,
// keys, values, contains, coalesce, coalescelist, range, zipmap, one, sort, reverse, slice,
// index, alltrue, anytrue, setunion, setintersection, setsubtract, tolist, toset, tomap,
// try, can.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "hcl/functions.h"
#include "hcl/internal.h"

namespace iw::hcl {

namespace {

Value need(std::string_view fn, std::string_view what, Range where) {
  return error_value(std::string(fn) + "() needs " + std::string(what), where);
}

// The elements of a tuple or the values of an object, for functions that take either.
const std::vector<Value>* elements(const Value& v, std::vector<Value>& scratch) {
  if (v.type == Type::tuple) return &v.items;
  if (v.type != Type::object) return nullptr;
  scratch.clear();
  for (const auto& m : v.members) scratch.push_back(m.value);
  return &scratch;
}

// Known values are equal exactly when their JSON texts are (types included: "1" is not 1).
std::vector<Value> distinct_of(const std::vector<Value>& in) {
  std::vector<Value> out;
  std::unordered_set<std::string> seen;
  for (const auto& v : in)
    if (seen.insert(to_json(v)).second) out.push_back(v);
  return out;
}

Value fn_concat(Call& c) {
  std::vector<Value> out;
  for (const auto& a : c.args) {
    if (a.type == Type::unknown) return propagate(a, c.where);
    if (a.type != Type::tuple) return need("concat", "lists", a.where);
    out.insert(out.end(), a.items.begin(), a.items.end());
  }
  return Value::tuple(std::move(out), c.where);
}

Value fn_merge(Call& c) {
  std::vector<Member> out;
  for (const auto& a : c.args) {
    if (a.type == Type::null) continue;
    if (a.type == Type::unknown) return propagate(a, c.where);
    if (a.type != Type::object) return need("merge", "maps or objects", a.where);
    out.insert(out.end(), a.members.begin(), a.members.end());
  }
  return Value::object(std::move(out), c.where);
}

bool flatten_into(const Value& v, std::vector<Value>& out, Value& stop) {
  for (const auto& el : v.items) {
    if (el.type == Type::unknown) {
      stop = el;
      return false;
    }
    if (el.type == Type::tuple) {
      if (!flatten_into(el, out, stop)) return false;
    } else {
      out.push_back(el);
    }
  }
  return true;
}

Value fn_flatten(Call& c) {
  const Value& a = c.args[0];
  if (a.type == Type::unknown) return propagate(a, c.where);
  if (a.type != Type::tuple) return need("flatten", "a list", c.where);
  std::vector<Value> out;
  Value stop;
  if (!flatten_into(a, out, stop)) return propagate(stop, c.where);
  return Value::tuple(std::move(out), c.where);
}

Value fn_distinct(Call& c) {
  if (c.args[0].type != Type::tuple) return need("distinct", "a list", c.where);
  if (!c.evaluator.spend(c.args[0].items.size())) return c.evaluator.over_budget(c.where);
  return Value::tuple(distinct_of(c.args[0].items), c.where);
}

Value fn_compact(Call& c) {
  if (c.args[0].type != Type::tuple) return need("compact", "a list of strings", c.where);
  std::vector<Value> out;
  for (const auto& v : c.args[0].items)
    if (!(v.type == Type::null || (v.type == Type::string && v.text.empty()))) out.push_back(v);
  return Value::tuple(std::move(out), c.where);
}

Value fn_lookup(Call& c) {
  const Value& m = c.args[0];
  const Value& k = c.args[1];
  if (m.type == Type::unknown) return propagate(m, c.where);
  if (!k.is_wholly_known()) return propagate(k, c.where);
  if (m.type != Type::object) return need("lookup", "a map", c.where);
  auto key = as_string(k);
  if (!key) return need("lookup", "a string key", c.where);
  if (const Value* v = m.find(*key)) return *v;
  if (c.args.size() == 3) return c.args[2];
  return error_value("lookup(): the map has no key \"" + *key + "\" and no default was given", c.where);
}

Value fn_element(Call& c) {
  const Value& l = c.args[0];
  if (l.type == Type::unknown) return propagate(l, c.where);
  if (!c.args[1].is_wholly_known()) return propagate(c.args[1], c.where);
  if (l.type != Type::tuple) return need("element", "a list", c.where);
  auto n = as_number(c.args[1]);
  if (!n || *n < 0 || *n != std::floor(*n)) return need("element", "a whole, non-negative index", c.where);
  if (l.items.empty()) return error_value("element() of an empty list", c.where);
  return l.items[static_cast<std::size_t>(std::fmod(*n, static_cast<double>(l.items.size())))];
}

// Length in code points.
std::size_t code_point_count(const std::string& s) {
  std::size_t n = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

Value fn_length(Call& c) {
  const Value& v = c.args[0];
  switch (v.type) {
    case Type::tuple: return Value::from_number(static_cast<double>(v.items.size()), c.where);
    case Type::object: return Value::from_number(static_cast<double>(v.members.size()), c.where);
    case Type::string:
      if (!v.holes.empty()) return propagate(v, c.where);
      return Value::from_number(static_cast<double>(code_point_count(v.text)), c.where);
    case Type::unknown: return propagate(v, c.where);
    default: return need("length", "a string, list or map", c.where);
  }
}

Value fn_keys(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (v.type != Type::object) return need("keys", "a map or object", c.where);
  std::vector<Value> out;
  for (const auto& m : v.members) out.push_back(Value::from_string(m.key, m.key_where));
  return Value::tuple(std::move(out), c.where);
}

Value fn_values(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (v.type != Type::object) return need("values", "a map or object", c.where);
  std::vector<Value> out;
  for (const auto& m : v.members) out.push_back(m.value);
  return Value::tuple(std::move(out), c.where);
}

Value fn_contains(Call& c) {
  std::vector<Value> scratch;
  const auto* els = elements(c.args[0], scratch);
  if (!els || c.args[0].type != Type::tuple) return need("contains", "a list or set", c.where);
  for (const auto& v : *els)
    if (equal(v, c.args[1])) return Value::from_bool(true, c.where);
  return Value::from_bool(false, c.where);
}

Value fn_coalesce(Call& c) {
  for (const auto& a : c.args) {
    if (a.type == Type::unknown) return propagate(a, c.where);
    if (a.type == Type::null || (a.type == Type::string && a.holes.empty() && a.text.empty())) continue;
    return a;
  }
  return error_value("coalesce(): no non-null, non-empty argument", c.where);
}

Value fn_coalescelist(Call& c) {
  for (const auto& a : c.args) {
    if (a.type == Type::unknown) return propagate(a, c.where);
    if (a.type != Type::tuple) return need("coalescelist", "lists", c.where);
    if (!a.items.empty()) return a;
  }
  return error_value("coalescelist(): no non-empty list", c.where);
}

Value fn_range(Call& c) {
  std::vector<double> n;
  for (const auto& a : c.args) {
    auto x = as_number(a);
    if (!x) return need("range", "numbers", c.where);
    n.push_back(*x);
  }
  double start = n.size() == 1 ? 0 : n[0];
  double limit = n.size() == 1 ? n[0] : n[1];
  double step = n.size() == 3 ? n[2] : (limit >= start ? 1 : -1);
  if (step == 0) return error_value("range(): the step cannot be zero", c.where);
  if ((step > 0 && limit < start) || (step < 0 && limit > start)) {
    return error_value("range(): the step goes away from the limit", c.where);
  }
  double count = std::ceil((limit - start) / step);
  if (count > static_cast<double>(c.evaluator.options().max_elements)) {
    return Value::make_unknown(UnknownKind::limit, "range() result over the size limit", c.where);
  }
  if (!c.evaluator.spend(static_cast<std::size_t>(count))) return c.evaluator.over_budget(c.where);
  std::vector<Value> out;
  for (double k = 0; k < count; ++k) out.push_back(Value::from_number(start + k * step, c.where));
  return Value::tuple(std::move(out), c.where);
}

Value fn_zipmap(Call& c) {
  const Value& k = c.args[0];
  const Value& v = c.args[1];
  if (!k.is_wholly_known()) return propagate(k, c.where);
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (k.type != Type::tuple || v.type != Type::tuple) return need("zipmap", "two lists", c.where);
  if (k.items.size() != v.items.size()) return error_value("zipmap(): the lists differ in length", c.where);
  std::vector<Member> out;
  for (std::size_t i = 0; i < k.items.size(); ++i) {
    auto key = as_string(k.items[i]);
    if (!key) return need("zipmap", "string keys", c.where);
    out.push_back(Member{*key, k.items[i].where, v.items[i]});
  }
  return Value::object(std::move(out), c.where);
}

Value fn_one(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (v.type != Type::tuple) return need("one", "a list or set", c.where);
  if (v.items.empty()) return Value::null_value(c.where);
  if (v.items.size() == 1) return v.items[0];
  return error_value("one(): the list has more than one element", c.where);
}

Value fn_sort(Call& c) {
  if (c.args[0].type != Type::tuple) return need("sort", "a list of strings", c.where);
  std::vector<Value> out;
  for (const auto& v : c.args[0].items) {
    auto s = as_string(v);
    if (!s) return need("sort", "a list of strings", c.where);
    out.push_back(Value::from_string(*s, v.where));
  }
  std::stable_sort(out.begin(), out.end(), [](const Value& a, const Value& b) { return a.text < b.text; });
  return Value::tuple(std::move(out), c.where);
}

Value fn_reverse(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (v.type != Type::tuple) return need("reverse", "a list", c.where);
  std::vector<Value> out(v.items.rbegin(), v.items.rend());
  return Value::tuple(std::move(out), c.where);
}

Value fn_slice(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (!c.args[1].is_wholly_known()) return propagate(c.args[1], c.where);
  if (!c.args[2].is_wholly_known()) return propagate(c.args[2], c.where);
  auto b = as_number(c.args[1]);
  auto e = as_number(c.args[2]);
  if (v.type != Type::tuple || !b || !e) return need("slice", "a list and two indexes", c.where);
  if (*b < 0 || *e < *b || *e > static_cast<double>(v.items.size())) return error_value("slice(): indexes out of range", c.where);
  std::vector<Value> out(v.items.begin() + static_cast<std::ptrdiff_t>(*b), v.items.begin() + static_cast<std::ptrdiff_t>(*e));
  return Value::tuple(std::move(out), c.where);
}

Value fn_index(Call& c) {
  if (c.args[0].type != Type::tuple) return need("index", "a list", c.where);
  const auto& items = c.args[0].items;
  for (std::size_t k = 0; k < items.size(); ++k)
    if (equal(items[k], c.args[1])) return Value::from_number(static_cast<double>(k), c.where);
  return error_value("index(): the value is not in the list", c.where);
}

Value all_any(Call& c, bool all) {
  if (c.args[0].type != Type::tuple) return need(all ? "alltrue" : "anytrue", "a list of bools", c.where);
  for (const auto& v : c.args[0].items) {
    auto b = as_bool(v);
    if (!b) return need(all ? "alltrue" : "anytrue", "a list of bools", c.where);
    if (*b != all) return Value::from_bool(!all, c.where);
  }
  return Value::from_bool(all, c.where);
}

// toset(): distinct elements, strings and numbers in order (as Terraform iterates sets).
Value make_set(std::vector<Value> items, Range where) {
  items = distinct_of(items);
  bool strings = std::all_of(items.begin(), items.end(), [](const Value& v) { return v.type == Type::string; });
  bool numbers = std::all_of(items.begin(), items.end(), [](const Value& v) { return v.type == Type::number; });
  if (strings) std::stable_sort(items.begin(), items.end(), [](const Value& a, const Value& b) { return a.text < b.text; });
  if (numbers) std::stable_sort(items.begin(), items.end(), [](const Value& a, const Value& b) { return a.number < b.number; });
  Value out = Value::tuple(std::move(items), where);
  out.set = true;
  return out;
}

Value set_op(Call& c, int kind) {  // 0 union, 1 intersection, 2 subtract
  for (const auto& a : c.args)
    if (a.type != Type::tuple) return error_value("set functions need sets or lists", c.where);
  if (kind == 2 && c.args.size() != 2) return error_value("setsubtract() takes 2 arguments", c.where);
  std::vector<Value> out = c.args[0].items;
  for (std::size_t k = 1; k < c.args.size(); ++k) {
    const auto& other = c.args[k].items;
    std::unordered_set<std::string> keys;
    for (const auto& o : other) keys.insert(to_json(o));
    auto in_other = [&](const Value& v) { return keys.count(to_json(v)) > 0; };
    if (kind == 0) {
      out.insert(out.end(), other.begin(), other.end());
    } else {
      std::erase_if(out, [&](const Value& v) { return kind == 1 ? !in_other(v) : in_other(v); });
    }
  }
  return make_set(std::move(out), c.where);
}

Value fn_tolist(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown || v.type == Type::null) return v.type == Type::null ? v : propagate(v, c.where);
  if (v.type != Type::tuple) return need("tolist", "a list, set or tuple", c.where);
  Value out = v;
  out.set = false;
  return out;
}

Value fn_toset(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::null) return v;
  if (!v.is_wholly_known()) return propagate(v, c.where);
  if (v.type != Type::tuple) return need("toset", "a list, set or tuple", c.where);
  if (!c.evaluator.spend(v.items.size())) return c.evaluator.over_budget(c.where);
  return make_set(v.items, v.where);
}

Value fn_tomap(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::null) return v;
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (v.type != Type::object) return need("tomap", "a map or object", c.where);
  return v;
}

bool is_error(const Value& v) {
  for (const Unknown* u : v.unknowns())
    if (u->kind == UnknownKind::error) return true;
  return false;
}

// try(): the first argument that evaluates without an error. An argument unknown for another
// reason (an unresolved reference) could be fine or fail: the result is unknown.
Value fn_try(Call& c) {
  for (const auto& a : c.args) {
    if (is_error(a)) continue;
    return a;
  }
  return error_value("try(): every argument failed", c.where);
}

Value fn_can(Call& c) {
  const Value& a = c.args[0];
  if (is_error(a)) return Value::from_bool(false, c.where);
  if (!a.is_wholly_known()) return propagate(a, c.where);
  return Value::from_bool(true, c.where);
}

}  // namespace

void add_collection_functions(FunctionTable& t) {
  t["concat"] = {fn_concat, 0, kVariadic, true};
  t["merge"] = {fn_merge, 0, kVariadic, true};
  t["flatten"] = {fn_flatten, 1, 1, true};
  t["distinct"] = {fn_distinct, 1, 1};
  t["compact"] = {fn_compact, 1, 1};
  t["lookup"] = {fn_lookup, 2, 3, true};
  t["element"] = {fn_element, 2, 2, true};
  t["length"] = {fn_length, 1, 1, true};
  t["keys"] = {fn_keys, 1, 1, true};
  t["values"] = {fn_values, 1, 1, true};
  t["contains"] = {fn_contains, 2, 2};
  t["coalesce"] = {fn_coalesce, 1, kVariadic, true};
  t["coalescelist"] = {fn_coalescelist, 1, kVariadic, true};
  t["range"] = {fn_range, 1, 3};
  t["zipmap"] = {fn_zipmap, 2, 2, true};
  t["one"] = {fn_one, 1, 1, true};
  t["sort"] = {fn_sort, 1, 1};
  t["reverse"] = {fn_reverse, 1, 1, true};
  t["slice"] = {fn_slice, 3, 3, true};
  t["index"] = {fn_index, 2, 2};
  t["alltrue"] = {[](Call& c) { return all_any(c, true); }, 1, 1};
  t["anytrue"] = {[](Call& c) { return all_any(c, false); }, 1, 1};
  t["setunion"] = {[](Call& c) { return set_op(c, 0); }, 1, kVariadic};
  t["setintersection"] = {[](Call& c) { return set_op(c, 1); }, 1, kVariadic};
  t["setsubtract"] = {[](Call& c) { return set_op(c, 2); }, 2, 2};
  t["tolist"] = {fn_tolist, 1, 1, true};
  t["toset"] = {fn_toset, 1, 1, true};
  t["tomap"] = {fn_tomap, 1, 1, true};
  t["try"] = {fn_try, 1, kVariadic, true};
  t["can"] = {fn_can, 1, 1, true};
}

}  // namespace iw::hcl
