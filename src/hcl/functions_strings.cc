// String functions: format, formatlist, join, split, replace, lower, upper, trimspace, trim*,
// chomp, substr, startswith, endswith, strrev, title, tostring.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/json_writer.h"
#include "hcl/functions.h"
#include "hcl/internal.h"

namespace iw::hcl {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Code points of a UTF-8 string, each as its bytes.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t k = 0;
  while (k < s.size()) {
    std::size_t b = k++;
    while (k < s.size() && is_continuation(s[k])) ++k;
    out.push_back(s.substr(b, k - b));
  }
  return out;
}

Value need_string(const Value& v, const Call& c, std::string_view fn) {
  return error_value(std::string(fn) + "() needs a string, not " + std::string(to_string(v.type)), c.where);
}

// Applies `f` to each known piece of a string, keeping its holes in place.
template <class F>
Value map_text(const Value& v, Range where, F f) {
  Value out = v;
  out.where = where;
  if (v.holes.empty()) {
    out.text = f(v.text);
    return out;
  }
  out.text.clear();
  out.holes.clear();
  std::size_t at = 0;
  for (const auto& h : v.holes) {
    std::size_t o = std::min(h.offset, v.text.size());
    if (o > at) out.text += f(v.text.substr(at, o - at));
    at = std::max(at, o);
    out.holes.push_back({out.text.size(), h.why});
  }
  out.text += f(v.text.substr(std::min(at, v.text.size())));
  return out;
}

std::string ascii_case(std::string s, bool upper) {
  for (char& ch : s) {
    if (upper && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
    if (!upper && ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
  }
  return s;
}

Value case_fn(Call& c, bool upper) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (v.type != Type::string) {
    auto s = as_string(v);
    if (!s) return need_string(v, c, upper ? "upper" : "lower");
    return Value::from_string(ascii_case(*s, upper), c.where);
  }
  return map_text(v, c.where, [&](const std::string& s) { return ascii_case(s, upper); });
}

// Appends a string-like value (holes kept) to `out`; false when it is not string-like.
bool append_text(Value& out, const Value& v) {
  if (v.type == Type::unknown) {
    out.holes.push_back({out.text.size(), v.unknown});
    return true;
  }
  if (v.type == Type::string) {
    for (const auto& h : v.holes) out.holes.push_back({out.text.size() + h.offset, h.why});
    out.text += v.text;
    return true;
  }
  auto s = as_string(v);
  if (!s) return false;
  out.text += *s;
  return true;
}

// --- format ---

struct Spec {
  std::string flags;
  int width = -1;
  int precision = -1;
  char verb = 0;
};

std::string pad(std::string s, const Spec& spec) {
  if (spec.width < 0) return s;
  std::size_t len = code_points(s).size();
  auto w = static_cast<std::size_t>(spec.width);
  if (len >= w) return s;
  bool left = spec.flags.find('-') != std::string::npos;
  bool zero = spec.flags.find('0') != std::string::npos && !left;
  std::string fill(w - len, zero ? '0' : ' ');
  if (zero && !s.empty() && (s[0] == '-' || s[0] == '+')) return s.substr(0, 1) + fill + s.substr(1);
  return left ? s + fill : fill + s;
}

std::optional<std::string> format_value(const Value& v, const Spec& spec, std::string& error) {
  std::string f = "%";
  for (char ch : spec.flags)
    if (ch == '+' || ch == ' ' || ch == '#') f += ch;
  switch (spec.verb) {
    case 'v':
    case 's': {
      auto s = as_string(v);
      if (spec.verb == 'v' && !s && is_collection(v)) s = to_json(v);
      if (!s) {
        error = "%" + std::string(1, spec.verb) + " cannot format a " + std::string(to_string(v.type));
        return std::nullopt;
      }
      std::string out = *s;
      if (spec.precision >= 0) {
        auto cps = code_points(out);
        if (cps.size() > static_cast<std::size_t>(spec.precision)) {
          std::string cut;
          for (int k = 0; k < spec.precision; ++k) cut += cps[static_cast<std::size_t>(k)];
          out = cut;
        }
      }
      return pad(out, spec);
    }
    case 'q': {
      auto s = as_string(v);
      if (!s) {
        error = "%q needs a string";
        return std::nullopt;
      }
      JsonWriter w;
      w.value(*s);
      return pad(std::move(w).take(), spec);
    }
    case 't': {
      auto b = as_bool(v);
      if (!b) {
        error = "%t needs a bool";
        return std::nullopt;
      }
      return pad(*b ? "true" : "false", spec);
    }
    default: break;
  }
  auto n = as_number(v);
  if (!n) {
    error = "%" + std::string(1, spec.verb) + " needs a number, not " + std::string(to_string(v.type));
    return std::nullopt;
  }
  char buf[512];
  switch (spec.verb) {
    case 'd':
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
      if (*n != std::floor(*n) || std::fabs(*n) > 9.2e18) {
        if (spec.verb == 'd' && *n == std::floor(*n)) return pad(format_number(*n), spec);
        error = "%" + std::string(1, spec.verb) + " needs a whole number";
        return std::nullopt;
      }
      auto i = static_cast<long long>(*n);
      if (spec.verb == 'b') {
        unsigned long long u = i < 0 ? static_cast<unsigned long long>(-(i + 1)) + 1 : static_cast<unsigned long long>(i);
        std::string bits;
        do {
          bits.insert(bits.begin(), static_cast<char>('0' + (u & 1)));
          u >>= 1;
        } while (u);
        return pad(i < 0 ? "-" + bits : bits, spec);
      }
      f += "ll";
      f += spec.verb == 'd' ? 'd' : spec.verb;
      if (spec.verb != 'd' && i < 0) {
        std::snprintf(buf, sizeof buf, f.c_str(), -i);
        return pad("-" + std::string(buf), spec);
      }
      std::snprintf(buf, sizeof buf, f.c_str(), i);
      return pad(buf, spec);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      if (spec.precision >= 0) f += "." + std::to_string(std::min(spec.precision, 100));
      f += spec.verb;
      std::snprintf(buf, sizeof buf, f.c_str(), *n);
      return pad(buf, spec);
    default: break;
  }
  error = "unsupported format verb %" + std::string(1, spec.verb);
  return std::nullopt;
}

// One format() result; arguments may be unknown (a hole where they go).
Value format_with(const Value& fmt, const std::vector<Value>& args, Range where) {
  if (fmt.type == Type::unknown || !fmt.holes.empty()) return propagate(fmt, where);
  auto text = as_string(fmt);
  if (!text) return error_value("format() needs a format string", where);
  const std::string& s = *text;
  Value out = Value::from_string({}, where);
  std::size_t next = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] != '%') {
      out.text += s[k];
      continue;
    }
    if (k + 1 < s.size() && s[k + 1] == '%') {
      out.text += '%';
      ++k;
      continue;
    }
    Spec spec;
    ++k;
    while (k < s.size() && std::string_view("-+ 0#").find(s[k]) != std::string_view::npos) spec.flags += s[k++];
    auto number = [&](int& into) {
      if (k >= s.size() || s[k] < '0' || s[k] > '9') return;
      into = 0;
      while (k < s.size() && s[k] >= '0' && s[k] <= '9') into = std::min(into * 10 + (s[k++] - '0'), 1000);
    };
    number(spec.width);
    if (k < s.size() && s[k] == '.') {
      ++k;
      spec.precision = 0;
      number(spec.precision);
    }
    if (k >= s.size()) return error_value("format string ends inside a verb", where);
    spec.verb = s[k];
    if (next >= args.size()) return error_value("format() has too few arguments for its verbs", where);
    const Value& a = args[next++];
    if (!a.is_wholly_known()) {
      if ((spec.verb == 's' || spec.verb == 'v') && (a.type == Type::unknown || a.type == Type::string)) {
        append_text(out, a);
        continue;
      }
      return propagate(a, where);
    }
    std::string error;
    auto piece = format_value(a, spec, error);
    if (!piece) return error_value("format(): " + error, where);
    out.text += *piece;
  }
  if (next < args.size()) return error_value("format() has more arguments than verbs", where);
  return out;
}

Value fn_format(Call& c) {
  std::vector<Value> rest(c.args.begin() + 1, c.args.end());
  return format_with(c.args[0], rest, c.where);
}

Value fn_formatlist(Call& c) {
  std::size_t n = 0;
  bool any_list = false;
  for (std::size_t k = 1; k < c.args.size(); ++k) {
    const Value& a = c.args[k];
    if (a.type == Type::unknown) return propagate(a, c.where);
    if (a.type != Type::tuple) continue;
    if (any_list && a.items.size() != n) return error_value("formatlist() lists must have the same length", c.where);
    n = a.items.size();
    any_list = true;
  }
  if (!any_list) n = 1;
  std::vector<Value> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<Value> row;
    for (std::size_t k = 1; k < c.args.size(); ++k) {
      row.push_back(c.args[k].type == Type::tuple ? c.args[k].items[i] : c.args[k]);
    }
    Value v = format_with(c.args[0], row, c.where);
    if (v.type == Type::unknown && v.unknown.kind == UnknownKind::error) return v;
    out.push_back(std::move(v));
    if (!c.evaluator.spend()) return c.evaluator.over_budget(c.where);
  }
  return Value::tuple(std::move(out), c.where);
}

Value fn_join(Call& c) {
  const Value& sep = c.args[0];
  if (sep.type == Type::unknown || !sep.holes.empty()) return propagate(sep, c.where);
  auto s = as_string(sep);
  if (!s) return need_string(sep, c, "join");
  Value out = Value::from_string({}, c.where);
  bool first = true;
  for (std::size_t k = 1; k < c.args.size(); ++k) {
    const Value& list = c.args[k];
    if (list.type == Type::unknown) return propagate(list, c.where);
    if (list.type != Type::tuple) return error_value("join() needs lists of strings", c.where);
    for (const auto& el : list.items) {
      if (!first) out.text += *s;
      first = false;
      if (el.type == Type::null) return error_value("join() cannot join a null element", el.where);
      if (!append_text(out, el)) return error_value("join() needs lists of strings", el.where);
      if (out.text.size() > c.evaluator.options().max_string_bytes) {
        return Value::make_unknown(UnknownKind::limit, "join() result over the size limit", c.where);
      }
    }
  }
  return out;
}

Value fn_split(Call& c) {
  auto sep = as_string(c.args[0]);
  auto s = as_string(c.args[1]);
  if (!sep || !s) return error_value("split() needs two strings", c.where);
  std::vector<Value> out;
  if (sep->empty()) {
    for (auto cp : code_points(*s)) out.push_back(Value::from_string(std::string(cp), c.where));
    return Value::tuple(std::move(out), c.where);
  }
  std::size_t at = 0;
  for (;;) {
    std::size_t k = s->find(*sep, at);
    out.push_back(Value::from_string(s->substr(at, k == std::string::npos ? std::string::npos : k - at), c.where));
    if (k == std::string::npos) break;
    at = k + sep->size();
    if (out.size() > c.evaluator.options().max_elements) {
      return Value::make_unknown(UnknownKind::limit, "split() result over the size limit", c.where);
    }
  }
  return Value::tuple(std::move(out), c.where);
}

Value fn_replace(Call& c) {
  auto s = as_string(c.args[0]);
  auto from = as_string(c.args[1]);
  auto to = as_string(c.args[2]);
  if (!s || !from || !to) return error_value("replace() needs three strings", c.where);
  if (from->size() >= 2 && from->front() == '/' && from->back() == '/') {
    return Value::make_unknown(UnknownKind::function, "replace() with a regular expression", c.where);
  }
  if (from->empty()) return Value::from_string(*s, c.where);
  std::size_t count = 0;
  for (std::size_t k = s->find(*from); k != std::string::npos; k = s->find(*from, k + from->size())) ++count;
  if (to->size() > from->size() &&
      s->size() + count * (to->size() - from->size()) > c.evaluator.options().max_string_bytes) {
    return Value::make_unknown(UnknownKind::limit, "replace() result over the size limit", c.where);
  }
  std::string out;
  std::size_t at = 0;
  for (std::size_t k = s->find(*from); k != std::string::npos; k = s->find(*from, at)) {
    out.append(*s, at, k - at);
    out += *to;
    at = k + from->size();
  }
  out.append(*s, at);
  return Value::from_string(std::move(out), c.where);
}

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f'; }

Value fn_trimspace(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return need_string(c.args[0], c, "trimspace");
  std::size_t b = 0, e = s->size();
  while (b < e && is_space((*s)[b])) ++b;
  while (e > b && is_space((*s)[e - 1])) --e;
  return Value::from_string(s->substr(b, e - b), c.where);
}

Value fn_trim(Call& c) {
  auto s = as_string(c.args[0]);
  auto set = as_string(c.args[1]);
  if (!s || !set) return error_value("trim() needs two strings", c.where);
  auto cps = code_points(*s);
  auto chars = code_points(*set);
  auto in_set = [&](std::string_view cp) { return std::find(chars.begin(), chars.end(), cp) != chars.end(); };
  std::size_t b = 0, e = cps.size();
  while (b < e && in_set(cps[b])) ++b;
  while (e > b && in_set(cps[e - 1])) --e;
  std::string out;
  for (std::size_t k = b; k < e; ++k) out += cps[k];
  return Value::from_string(std::move(out), c.where);
}

Value fn_trimprefix(Call& c) {
  auto s = as_string(c.args[0]);
  auto p = as_string(c.args[1]);
  if (!s || !p) return error_value("trimprefix() needs two strings", c.where);
  return Value::from_string(s->starts_with(*p) ? s->substr(p->size()) : *s, c.where);
}

Value fn_trimsuffix(Call& c) {
  auto s = as_string(c.args[0]);
  auto p = as_string(c.args[1]);
  if (!s || !p) return error_value("trimsuffix() needs two strings", c.where);
  return Value::from_string(s->ends_with(*p) ? s->substr(0, s->size() - p->size()) : *s, c.where);
}

Value fn_chomp(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return need_string(c.args[0], c, "chomp");
  std::string out = *s;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return Value::from_string(std::move(out), c.where);
}

Value fn_substr(Call& c) {
  auto s = as_string(c.args[0]);
  auto off = as_number(c.args[1]);
  auto len = as_number(c.args[2]);
  if (!s || !off || !len) return error_value("substr() needs a string and two numbers", c.where);
  auto cps = code_points(*s);
  auto n = static_cast<long long>(cps.size());
  auto o = static_cast<long long>(*off);
  auto l = static_cast<long long>(*len);
  if (o < 0) o += n;
  if (o < 0 || o > n) return error_value("substr() offset out of range", c.where);
  if (l < 0 || o + l > n) l = n - o;
  std::string out;
  for (long long k = o; k < o + l; ++k) out += cps[static_cast<std::size_t>(k)];
  return Value::from_string(std::move(out), c.where);
}

Value fn_startswith(Call& c) {
  auto s = as_string(c.args[0]);
  auto p = as_string(c.args[1]);
  if (!s || !p) return error_value("startswith() needs two strings", c.where);
  return Value::from_bool(s->starts_with(*p), c.where);
}

Value fn_endswith(Call& c) {
  auto s = as_string(c.args[0]);
  auto p = as_string(c.args[1]);
  if (!s || !p) return error_value("endswith() needs two strings", c.where);
  return Value::from_bool(s->ends_with(*p), c.where);
}

Value fn_strrev(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return need_string(c.args[0], c, "strrev");
  auto cps = code_points(*s);
  std::string out;
  for (auto it = cps.rbegin(); it != cps.rend(); ++it) out += *it;
  return Value::from_string(std::move(out), c.where);
}

Value fn_title(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return need_string(c.args[0], c, "title");
  std::string out = *s;
  bool start = true;
  for (char& ch : out) {
    if (start && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
    start = is_space(ch);
  }
  return Value::from_string(std::move(out), c.where);
}

Value fn_tostring(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  if (v.type == Type::null) return v;
  if (v.type == Type::string) return v;
  auto s = as_string(v);
  if (!s) return error_value("tostring() cannot convert a " + std::string(to_string(v.type)), c.where);
  return Value::from_string(*s, c.where);
}

}  // namespace

void add_string_functions(FunctionTable& t) {
  t["format"] = {fn_format, 1, kVariadic, true};
  t["formatlist"] = {fn_formatlist, 1, kVariadic, true};
  t["join"] = {fn_join, 1, kVariadic, true};
  t["split"] = {fn_split, 2, 2};
  t["replace"] = {fn_replace, 3, 3};
  t["lower"] = {[](Call& c) { return case_fn(c, false); }, 1, 1, true};
  t["upper"] = {[](Call& c) { return case_fn(c, true); }, 1, 1, true};
  t["trimspace"] = {fn_trimspace, 1, 1};
  t["trim"] = {fn_trim, 2, 2};
  t["trimprefix"] = {fn_trimprefix, 2, 2};
  t["trimsuffix"] = {fn_trimsuffix, 2, 2};
  t["chomp"] = {fn_chomp, 1, 1};
  t["substr"] = {fn_substr, 3, 3};
  t["startswith"] = {fn_startswith, 2, 2};
  t["endswith"] = {fn_endswith, 2, 2};
  t["strrev"] = {fn_strrev, 1, 1};
  t["title"] = {fn_title, 1, 1};
  t["tostring"] = {fn_tostring, 1, 1, true};
}

}  // namespace iw::hcl
