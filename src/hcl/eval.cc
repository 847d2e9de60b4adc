// Evaluation of expressions: literals, templates, collections, traversals, operators,
// conditionals and for-expressions. Functions are in functions_*.cc.
#include "hcl/eval.h"

#include <cmath>
#include <unordered_map>

#include "hcl/functions.h"
#include "hcl/internal.h"

namespace iw::hcl {

Value propagate(const Value& v, Range where) {
  auto unknowns = v.unknowns();
  Value out;
  out.type = Type::unknown;
  out.unknown = unknowns.empty() ? Unknown{UnknownKind::error, "unknown value", where} : *unknowns.front();
  out.where = where;
  return out;
}

Value error_value(std::string message, Range where) {
  return Value::make_unknown(UnknownKind::error, std::move(message), where);
}

std::optional<std::string> as_string(const Value& v) {
  if (!v.holes.empty()) return std::nullopt;
  switch (v.type) {
    case Type::string: return v.text;
    case Type::number: return format_number(v.number);
    case Type::boolean: return std::string(v.boolean ? "true" : "false");
    default: return std::nullopt;
  }
}

std::optional<double> as_number(const Value& v) {
  if (v.type == Type::number) return v.number;
  if (v.type != Type::string || !v.holes.empty() || v.text.empty()) return std::nullopt;
  const std::string& s = v.text;
  std::size_t k = 0;
  if (s[k] == '-' || s[k] == '+') ++k;
  bool digits = false;
  while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k, digits = true;
  if (k < s.size() && s[k] == '.') {
    ++k;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k, digits = true;
  }
  if (digits && k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    bool exp = false;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9') ++k, exp = true;
    if (!exp) return std::nullopt;
  }
  if (!digits || k != s.size()) return std::nullopt;
  double n = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(n)) return std::nullopt;
  return n;
}

std::optional<bool> as_bool(const Value& v) {
  if (v.type == Type::boolean) return v.boolean;
  if (v.type == Type::string && v.holes.empty()) {
    if (v.text == "true") return true;
    if (v.text == "false") return false;
  }
  return std::nullopt;
}

bool is_collection(const Value& v) { return v.type == Type::tuple || v.type == Type::object; }

Value get_attr(const Value& v, const std::string& name, Range where) {
  switch (v.type) {
    case Type::unknown: {
      Value out = v;
      if (out.unknown.kind == UnknownKind::reference) out.unknown.what += "." + name;
      out.where = where;
      return out;
    }
    case Type::object:
      if (const Value* m = v.find(name)) return *m;
      return error_value("this object has no attribute \"" + name + "\"", where);
    case Type::null: return error_value("cannot get attribute \"" + name + "\" of a null value", where);
    default:
      return error_value("cannot get attribute \"" + name + "\" of a " + std::string(to_string(v.type)) + " value",
                         where);
  }
}

Value get_index(const Value& v, const Value& key, Range where) {
  if (v.type == Type::unknown) {
    Value out = v;
    if (out.unknown.kind == UnknownKind::reference) {
      auto text = as_string(key);
      out.unknown.what += key.type == Type::string && text ? "[\"" + *text + "\"]" : text ? "[" + *text + "]" : "[?]";
    }
    out.where = where;
    return out;
  }
  if (!key.is_wholly_known()) return propagate(key, where);
  if (v.type == Type::tuple) {
    auto n = as_number(key);
    if (!n || *n != std::floor(*n)) return error_value("a tuple index must be a whole number", where);
    if (*n < 0 || *n >= static_cast<double>(v.items.size())) {
      return error_value("index " + format_number(*n) + " out of range (" + std::to_string(v.items.size()) +
                             " elements)",
                         where);
    }
    return v.items[static_cast<std::size_t>(*n)];
  }
  if (v.type == Type::object) {
    auto k = as_string(key);
    if (!k) return error_value("an object key must be a string", where);
    if (const Value* m = v.find(*k)) return *m;
    return error_value("this object has no element \"" + *k + "\"", where);
  }
  if (v.type == Type::null) return error_value("cannot index a null value", where);
  return error_value("cannot index a " + std::string(to_string(v.type)) + " value", where);
}

bool Evaluator::spend(std::size_t n) {
  if (budget_ < n) {
    budget_ = 0;
    return false;
  }
  budget_ -= n;
  return true;
}

Value Evaluator::over_budget(Range where) const {
  return Value::make_unknown(UnknownKind::limit, "the expression needs more work than the evaluation limit", where);
}

const Value* Evaluator::bound(std::string_view name) const {
  for (auto it = bindings.rbegin(); it != bindings.rend(); ++it)
    if (it->name == name) return &it->value;
  return nullptr;
}

Value Evaluator::eval(const Expr& e) {
  if (!spend()) return over_budget(e.where);
  switch (e.kind) {
    case ExprKind::literal: return e.value;
    case ExprKind::template_: return eval_template(e);
    case ExprKind::tuple: return eval_tuple(e);
    case ExprKind::object: return eval_object(e);
    case ExprKind::traversal: return eval_traversal(e);
    case ExprKind::call: return eval_call(e);
    case ExprKind::for_tuple:
    case ExprKind::for_object: return eval_for(e);
    case ExprKind::conditional: return eval_conditional(e);
    case ExprKind::unary: return eval_unary(e);
    case ExprKind::binary: return eval_binary(e);
    case ExprKind::parens: {
      Value v = eval(*e.lhs);
      return v;
    }
  }
  return error_value("unsupported expression", e.where);
}

// --- templates ---

void Evaluator::append(Value& out, const Value& v, std::optional<Value>& error) {
  if (error) return;
  if (v.type == Type::unknown) {
    if (v.unknown.kind == UnknownKind::error || v.unknown.kind == UnknownKind::limit) {
      error = v;
      return;
    }
    out.holes.push_back({out.text.size(), v.unknown});
    return;
  }
  if (v.type == Type::string) {
    for (const auto& h : v.holes) out.holes.push_back({out.text.size() + h.offset, h.why});
    out.text += v.text;
  } else if (auto s = as_string(v)) {
    out.text += *s;
  } else if (v.type == Type::null) {
    error = error_value("a template cannot interpolate a null value", v.where);
  } else {
    error = error_value("a template cannot interpolate a " + std::string(to_string(v.type)) + " value", v.where);
  }
  if (!error && out.text.size() > options_.max_string_bytes) {
    error = Value::make_unknown(UnknownKind::limit, "a template result over the string size limit", v.where);
  }
}

void Evaluator::render(const std::vector<TemplatePart>& parts, Value& out, std::optional<Value>& error) {
  for (const auto& p : parts) {
    if (error) return;
    if (!spend()) {
      error = over_budget(p.where);
      return;
    }
    switch (p.kind) {
      case TemplatePart::Kind::literal:
        append(out, Value::from_string(p.text, p.where), error);
        break;
      case TemplatePart::Kind::interpolation: append(out, eval(*p.expr), error); break;
      case TemplatePart::Kind::if_: {
        Value test = eval(*p.expr);
        if (test.type == Type::unknown) {
          append(out, test, error);
        } else if (auto b = as_bool(test)) {
          render(*b ? p.then_parts : p.else_parts, out, error);
        } else {
          error = error_value("the %{if} condition must be a bool", p.expr->where);
        }
        break;
      }
      case TemplatePart::Kind::for_: {
        Value coll = eval(*p.expr);
        if (coll.type == Type::unknown || !is_collection(coll)) {
          if (coll.type == Type::unknown) {
            append(out, coll, error);
          } else {
            error = error_value("%{for} needs a tuple or an object", p.expr->where);
          }
          break;
        }
        std::size_t n = coll.type == Type::tuple ? coll.items.size() : coll.members.size();
        for (std::size_t k = 0; k < n && !error; ++k) {
          Value key = coll.type == Type::tuple ? Value::from_number(static_cast<double>(k), p.where)
                                               : Value::from_string(coll.members[k].key, coll.members[k].key_where);
          const Value& val = coll.type == Type::tuple ? coll.items[k] : coll.members[k].value;
          std::size_t mark = bindings.size();
          if (!p.key_var.empty()) bindings.push_back({p.key_var, key});
          bindings.push_back({p.value_var, val});
          render(p.then_parts, out, error);
          bindings.resize(mark);
        }
        break;
      }
    }
  }
}

Value Evaluator::eval_template(const Expr& e) {
  // A template that is one interpolation is the value itself, not converted to a string.
  if (e.parts.size() == 1 && e.parts[0].kind == TemplatePart::Kind::interpolation) return eval(*e.parts[0].expr);
  Value out = Value::from_string({}, e.where);
  std::optional<Value> error;
  render(e.parts, out, error);
  if (error) {
    Value err = *error;
    err.where = e.where;
    return err;
  }
  return out;
}

// --- collections ---

Value Evaluator::eval_tuple(const Expr& e) {
  std::vector<Value> items;
  items.reserve(e.items.size());
  for (const auto& item : e.items) items.push_back(eval(*item));
  return Value::tuple(std::move(items), e.where);
}

Value Evaluator::eval_object(const Expr& e) {
  std::vector<Member> members;
  members.reserve(e.object_items.size());
  for (const auto& item : e.object_items) {
    Value key = eval(*item.key);
    if (key.type == Type::unknown || !key.holes.empty()) return propagate(key, e.where);
    auto k = as_string(key);
    if (!k) return error_value("an object key must be a string", item.key->where);
    members.push_back(Member{*k, item.key->where, eval(*item.value)});
  }
  return Value::object(std::move(members), e.where);
}

// --- traversals ---

Value Evaluator::apply_steps(Value v, const std::vector<Step>& steps, std::size_t from,
                             const std::vector<Value>& keys) {
  for (std::size_t k = from; k < steps.size(); ++k) {
    const Step& s = steps[k];
    switch (s.kind) {
      case Step::Kind::attr: v = get_attr(v, s.name, s.where); break;
      case Step::Kind::index: v = get_index(v, keys[k].type == Type::null && s.index ? eval(*s.index) : keys[k], s.where); break;
      case Step::Kind::splat_full:
      case Step::Kind::splat_attr: {
        if (v.type == Type::unknown) {
          if (v.unknown.kind == UnknownKind::reference) v.unknown.what += s.kind == Step::Kind::splat_full ? "[*]" : ".*";
          return v;
        }
        std::vector<Value> elems;
        if (v.type == Type::tuple) {
          elems = std::move(v.items);
        } else if (v.type != Type::null) {
          elems.push_back(std::move(v));
        }
        std::size_t end = steps.size();
        if (s.kind == Step::Kind::splat_attr) {
          end = k + 1;
          while (end < steps.size() && steps[end].kind == Step::Kind::attr) ++end;
        }
        std::vector<Step> inner(steps.begin() + static_cast<std::ptrdiff_t>(k + 1),
                                steps.begin() + static_cast<std::ptrdiff_t>(end));
        std::vector<Value> inner_keys(keys.begin() + static_cast<std::ptrdiff_t>(k + 1),
                                      keys.begin() + static_cast<std::ptrdiff_t>(end));
        if (!spend(elems.size())) return over_budget(s.where);
        for (auto& el : elems) el = apply_steps(std::move(el), inner, 0, inner_keys);
        v = Value::tuple(std::move(elems), s.where);
        k = end - 1;
        break;
      }
    }
  }
  return v;
}

Value Evaluator::eval_traversal(const Expr& e) {
  // Index keys are evaluated once, in order; splat steps and attrs have a null placeholder.
  std::vector<Value> keys(e.steps.size());
  std::size_t static_end = e.steps.size();
  for (std::size_t k = 0; k < e.steps.size(); ++k) {
    const Step& s = e.steps[k];
    if (s.kind == Step::Kind::splat_full || s.kind == Step::Kind::splat_attr) {
      static_end = std::min(static_end, k);
    } else if (s.kind == Step::Kind::index && k < static_end) {
      keys[k] = eval(*s.index);
    }
  }
  if (e.source) return apply_steps(eval(*e.source), e.steps, 0, keys);
  if (const Value* v = bound(e.root_name)) return apply_steps(*v, e.steps, 0, keys);
  Reference ref;
  ref.root = e.root_name;
  ref.where = e.where;
  for (std::size_t k = 0; k < static_end; ++k) {
    const Step& s = e.steps[k];
    ref.path.push_back(PathStep{s.kind == Step::Kind::attr,
                                s.kind == Step::Kind::attr ? Value::from_string(s.name, s.where) : keys[k], s.where});
  }
  if (!scope_) {
    return Value::make_unknown(UnknownKind::error, "a template can only use the variables given to templatefile: " + ref.text(),
                               e.where);
  }
  Resolved r = scope_->resolve(ref);
  std::size_t consumed = std::min(r.consumed, static_end);
  return apply_steps(std::move(r.value), e.steps, consumed, keys);
}

// --- calls ---

Value Evaluator::eval_call(const Expr& e) {
  std::vector<Value> args;
  args.reserve(e.items.size());
  for (const auto& a : e.items) args.push_back(eval(*a));
  if (e.expand_final && !args.empty()) {
    Value last = std::move(args.back());
    args.pop_back();
    if (last.type == Type::unknown) return propagate(last, e.where);
    if (last.type != Type::tuple) return error_value("'...' needs a tuple or list as the last argument", e.items.back()->where);
    for (auto& v : last.items) args.push_back(std::move(v));
  }
  Call call{args, e.where, *this};
  return call_function(e.name, call);
}

// --- for-expressions ---

Value Evaluator::eval_for(const Expr& e) {
  Value coll = eval(*e.collection);
  if (coll.type == Type::unknown) return propagate(coll, e.where);
  if (!is_collection(coll)) return error_value("a for expression needs a tuple, list, set, map or object", e.collection->where);
  bool object = e.kind == ExprKind::for_object;
  std::size_t n = coll.type == Type::tuple ? coll.items.size() : coll.members.size();
  if (!spend(n)) return over_budget(e.where);
  std::vector<Value> items;
  std::vector<Member> members;
  std::unordered_map<std::string, std::size_t> index;  // key -> position in members
  for (std::size_t k = 0; k < n; ++k) {
    Value key = coll.type == Type::tuple ? Value::from_number(static_cast<double>(k), coll.items[k].where)
                                         : Value::from_string(coll.members[k].key, coll.members[k].key_where);
    const Value& val = coll.type == Type::tuple ? coll.items[k] : coll.members[k].value;
    std::size_t mark = bindings.size();
    if (!e.key_var.empty()) bindings.push_back({e.key_var, key});
    bindings.push_back({e.value_var, val});
    struct Unbind {
      std::vector<Binding>& b;
      std::size_t mark;
      ~Unbind() { b.resize(mark); }
    } unbind{bindings, mark};
    if (e.condition) {
      Value test = eval(*e.condition);
      if (test.type == Type::unknown) return propagate(test, e.where);
      auto b = as_bool(test);
      if (!b) return error_value("the 'if' of a for expression must be a bool", e.condition->where);
      if (!*b) continue;
    }
    if (!object) {
      items.push_back(eval(*e.lhs));
      continue;
    }
    Value kv = eval(*e.key);
    if (kv.type == Type::unknown || !kv.holes.empty()) return propagate(kv, e.where);
    auto ks = as_string(kv);
    if (!ks) return error_value("the key of a for expression must be a string", e.key->where);
    Value vv = eval(*e.lhs);
    auto [it, fresh] = index.emplace(*ks, members.size());
    if (fresh) {
      members.push_back(Member{*ks, e.key->where, e.grouping ? Value::tuple({}, e.where) : std::move(vv)});
    } else if (!e.grouping) {
      return error_value("duplicate key \"" + *ks + "\" in a for expression (use '...' to group)", e.key->where);
    }
    if (e.grouping) members[it->second].value.items.push_back(std::move(vv));
    if (members.size() > options_.max_elements) return Value::make_unknown(UnknownKind::limit, "too many elements", e.where);
  }
  if (!object) return Value::tuple(std::move(items), e.where);
  return Value::object(std::move(members), e.where);
}

// --- operators ---

Value Evaluator::eval_conditional(const Expr& e) {
  Value test = eval(*e.condition);
  if (test.type == Type::unknown || !test.holes.empty()) return propagate(test, e.where);
  auto b = as_bool(test);
  if (!b) return error_value("the condition must be a bool", e.condition->where);
  return eval(*b ? *e.lhs : *e.rhs);
}

Value Evaluator::eval_unary(const Expr& e) {
  Value v = eval(*e.lhs);
  if (!v.is_wholly_known()) return propagate(v, e.where);
  if (e.op == Op::not_) {
    auto b = as_bool(v);
    if (!b) return error_value("'!' needs a bool", e.where);
    return Value::from_bool(!*b, e.where);
  }
  auto n = as_number(v);
  if (!n) return error_value("'-' needs a number", e.where);
  return Value::from_number(-*n, e.where);
}

Value Evaluator::eval_binary(const Expr& e) {
  Value a = eval(*e.lhs);
  if (e.op == Op::and_ || e.op == Op::or_) {
    // false && x and true || x are decided without x.
    auto ab = a.is_wholly_known() ? as_bool(a) : std::nullopt;
    if (ab && *ab == (e.op == Op::or_)) return Value::from_bool(*ab, e.where);
    Value b = eval(*e.rhs);
    if (a.is_wholly_known() && !ab) return error_value("'" + std::string(to_string(e.op)) + "' needs bools", e.where);
    if (!a.is_wholly_known()) return propagate(a, e.where);
    if (!b.is_wholly_known()) return propagate(b, e.where);
    auto bb = as_bool(b);
    if (!bb) return error_value("'" + std::string(to_string(e.op)) + "' needs bools", e.where);
    return Value::from_bool(*bb, e.where);
  }
  Value b = eval(*e.rhs);
  if (!a.is_wholly_known()) return propagate(a, e.where);
  if (!b.is_wholly_known()) return propagate(b, e.where);
  if (e.op == Op::eq) return Value::from_bool(equal(a, b), e.where);
  if (e.op == Op::ne) return Value::from_bool(!equal(a, b), e.where);
  auto x = as_number(a), y = as_number(b);
  if (!x || !y) return error_value("'" + std::string(to_string(e.op)) + "' needs numbers", e.where);
  double r = 0;
  switch (e.op) {
    case Op::lt: return Value::from_bool(*x < *y, e.where);
    case Op::gt: return Value::from_bool(*x > *y, e.where);
    case Op::le: return Value::from_bool(*x <= *y, e.where);
    case Op::ge: return Value::from_bool(*x >= *y, e.where);
    case Op::add: r = *x + *y; break;
    case Op::sub: r = *x - *y; break;
    case Op::mul: r = *x * *y; break;
    case Op::div:
      if (*y == 0) return error_value("division by zero", e.where);
      r = *x / *y;
      break;
    case Op::mod:
      if (*y == 0) return error_value("modulo by zero", e.where);
      r = std::fmod(*x, *y);
      break;
    default: return error_value("unsupported operator", e.where);
  }
  if (!std::isfinite(r)) return error_value("the result is out of range", e.where);
  return Value::from_number(r, e.where);
}

// --- interface ---

Value evaluate(const Expr& expr, Scope& scope, const EvalOptions& options) {
  Evaluator evaluator(&scope, options);
  return evaluator.eval(expr);
}

Resolved EmptyScope::resolve(const Reference& ref) {
  return Resolved{Value::make_unknown(UnknownKind::reference, ref.text(), ref.where), ref.path.size()};
}

std::string Reference::text() const {
  std::string out(root);
  for (const auto& s : path) {
    if (s.attr) {
      out += "." + s.key.text;
    } else if (s.key.type == Type::string && s.key.holes.empty()) {
      out += "[\"" + s.key.text + "\"]";
    } else if (auto t = as_string(s.key)) {
      out += "[" + *t + "]";
    } else {
      out += "[?]";
    }
  }
  return out;
}

std::string_view to_string(Op op) {
  switch (op) {
    case Op::none: return "";
    case Op::negate: return "-";
    case Op::not_: return "!";
    case Op::or_: return "||";
    case Op::and_: return "&&";
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::gt: return ">";
    case Op::le: return "<=";
    case Op::ge: return ">=";
    case Op::add: return "+";
    case Op::sub: return "-";
    case Op::mul: return "*";
    case Op::div: return "/";
    case Op::mod: return "%";
  }
  return "";
}

}  // namespace iw::hcl
