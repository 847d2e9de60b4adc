// Values: construction, inspection, equality, JSON text and display.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <set>

#include "core/json_writer.h"
#include "core/source.h"
#include "hcl/hcl.h"
#include "hcl/internal.h"

namespace iw::hcl {

std::string to_string(const Pos& pos) {
  return std::string(pos.file) + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

std::string_view intern_file_name(std::string_view name) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> names;  // node-based: elements never move
  std::lock_guard lock(mutex);
  auto it = names.find(name);
  if (it == names.end()) it = names.emplace(name).first;
  return *it;
}

std::string_view to_string(Type t) {
  switch (t) {
    case Type::null: return "null";
    case Type::boolean: return "bool";
    case Type::number: return "number";
    case Type::string: return "string";
    case Type::tuple: return "tuple";
    case Type::object: return "object";
    case Type::unknown: return "unknown";
  }
  return "?";
}

Value Value::null_value(Range where) {
  Value v;
  v.where = where;
  return v;
}

Value Value::from_bool(bool b, Range where) {
  Value v;
  v.type = Type::boolean;
  v.boolean = b;
  v.where = where;
  return v;
}

Value Value::from_number(double n, Range where) {
  Value v;
  v.type = Type::number;
  v.number = n;
  v.where = where;
  return v;
}

Value Value::from_string(std::string s, Range where) {
  Value v;
  v.type = Type::string;
  v.text = std::move(s);
  v.where = where;
  return v;
}

Value Value::tuple(std::vector<Value> items, Range where) {
  Value v;
  v.type = Type::tuple;
  v.items = std::move(items);
  v.where = where;
  return v;
}

Value Value::object(std::vector<Member> members, Range where) {
  Value v;
  v.type = Type::object;
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.key < b.key; });
  // Of equal keys keep the last (stable sort kept their order).
  for (auto& m : members) {
    if (!v.members.empty() && v.members.back().key == m.key) {
      v.members.back() = std::move(m);
    } else {
      v.members.push_back(std::move(m));
    }
  }
  v.where = where;
  return v;
}

Value Value::make_unknown(UnknownKind kind, std::string what, Range where) {
  Value v;
  v.type = Type::unknown;
  v.unknown = Unknown{kind, std::move(what), where};
  v.where = where;
  return v;
}

bool Value::is_wholly_known() const {
  if (type == Type::unknown || !holes.empty()) return false;
  for (const auto& i : items)
    if (!i.is_wholly_known()) return false;
  for (const auto& m : members)
    if (!m.value.is_wholly_known()) return false;
  return true;
}

static void collect_unknowns(const Value& v, std::vector<const Unknown*>& out) {
  if (v.type == Type::unknown) out.push_back(&v.unknown);
  for (const auto& h : v.holes) out.push_back(&h.why);
  for (const auto& i : v.items) collect_unknowns(i, out);
  for (const auto& m : v.members) collect_unknowns(m.value, out);
}

std::vector<const Unknown*> Value::unknowns() const {
  std::vector<const Unknown*> out;
  collect_unknowns(*this, out);
  return out;
}

const Value* Value::find(std::string_view key) const {
  if (type != Type::object) return nullptr;
  auto it = std::lower_bound(members.begin(), members.end(), key,
                             [](const Member& m, std::string_view k) { return m.key < k; });
  if (it == members.end() || it->key != key) return nullptr;
  return &it->value;
}

std::string Value::with_placeholders(std::string_view placeholder) const {
  if (holes.empty()) return text;
  std::string out;
  std::size_t at = 0;
  for (const auto& h : holes) {
    std::size_t o = std::min(h.offset, text.size());
    if (o > at) out.append(text, at, o - at);
    at = std::max(at, o);
    out += placeholder;
  }
  out.append(text, std::min(at, text.size()));
  return out;
}

Pos Value::locate(std::size_t i) const {
  if (text_origin.file.empty() || !origin_source || !holes.empty() || i > text.size()) return where.begin;
  Pos p = text_origin;
  p.offset = static_cast<std::uint32_t>(text_origin.offset + i);
  LineColumn lc = origin_source->position(p.offset);
  p.line = static_cast<std::uint32_t>(lc.line);
  p.column = static_cast<std::uint32_t>(lc.column);
  return p;
}

bool equal(const Value& a, const Value& b) {
  if (a.type != b.type || a.type == Type::unknown) return false;
  if (!a.holes.empty() || !b.holes.empty()) return false;
  switch (a.type) {
    case Type::null: return true;
    case Type::boolean: return a.boolean == b.boolean;
    case Type::number: return a.number == b.number;
    case Type::string: return a.text == b.text;
    case Type::tuple:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!equal(a.items[i], b.items[i])) return false;
      return true;
    case Type::object:
      if (a.members.size() != b.members.size()) return false;
      for (std::size_t i = 0; i < a.members.size(); ++i)
        if (a.members[i].key != b.members[i].key || !equal(a.members[i].value, b.members[i].value)) return false;
      return true;
    case Type::unknown: return false;
  }
  return false;
}

std::string format_number(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (n == std::floor(n) && std::fabs(n) < 1e21) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, n, std::chars_format::fixed, 0);
    std::string s(buf, r.ptr);
    return s == "-0" ? "0" : s;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  return std::string(buf, r.ptr);
}

// The JSON string literal of `s` (quotes included), escaped by the project's writer.
static std::string json_quote(std::string_view s) {
  JsonWriter w;
  w.value(s);
  return std::move(w).take();
}

static void write_json(const Value& v, std::string_view placeholder, std::string& out,
                       std::vector<Value::Hole>* holes) {
  switch (v.type) {
    case Type::null: out += "null"; return;
    case Type::boolean: out += v.boolean ? "true" : "false"; return;
    case Type::number: out += std::isfinite(v.number) ? format_number(v.number) : "null"; return;
    case Type::string: {
      if (v.holes.empty()) {
        out += json_quote(v.text);
        return;
      }
      // Quote each known piece; holes sit between them inside one string literal.
      out += '"';
      std::size_t at = 0;
      auto piece = [&](std::size_t end) {
        std::string q = json_quote(std::string_view(v.text).substr(at, end - at));
        out.append(q, 1, q.size() - 2);
      };
      for (const auto& h : v.holes) {
        std::size_t o = std::min(h.offset, v.text.size());
        if (o > at) piece(o);
        at = std::max(at, o);
        if (holes) {
          holes->push_back({out.size(), h.why});
        } else {
          out += placeholder;
        }
      }
      piece(v.text.size());
      out += '"';
      return;
    }
    case Type::tuple:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        write_json(v.items[i], placeholder, out, holes);
      }
      out += ']';
      return;
    case Type::object:
      out += '{';
      for (std::size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ',';
        out += json_quote(v.members[i].key);
        out += ':';
        write_json(v.members[i].value, placeholder, out, holes);
      }
      out += '}';
      return;
    case Type::unknown:
      if (holes) {
        out += '"';
        holes->push_back({out.size(), v.unknown});
        out += '"';
      } else {
        out += json_quote(placeholder);
      }
      return;
  }
}

std::string to_json(const Value& v, std::string_view placeholder) {
  std::string out;
  write_json(v, placeholder, out, nullptr);
  return out;
}

std::string to_json_with_holes(const Value& v, std::vector<Value::Hole>& holes) {
  std::string out;
  write_json(v, "", out, &holes);
  return out;
}

static void write_display(const Value& v, std::string& out) {
  switch (v.type) {
    case Type::string: {
      out += '"';
      std::size_t at = 0;
      for (const auto& h : v.holes) {
        std::size_t o = std::min(h.offset, v.text.size());
        if (o > at) out.append(v.text, at, o - at);
        at = std::max(at, o);
        out += "${?" + h.why.what + "}";
      }
      out.append(v.text, std::min(at, v.text.size()));
      out += '"';
      return;
    }
    case Type::tuple:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ", ";
        write_display(v.items[i], out);
      }
      out += ']';
      return;
    case Type::object:
      out += '{';
      for (std::size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ", ";
        out += v.members[i].key + " = ";
        write_display(v.members[i].value, out);
      }
      out += '}';
      return;
    case Type::unknown: out += "(unknown: " + v.unknown.what + ")"; return;
    default: out += to_json(v); return;
  }
}

std::string display(const Value& v) {
  std::string out;
  write_display(v, out);
  return out;
}

}  // namespace iw::hcl
