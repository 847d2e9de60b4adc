// The values infrastructure code computes, as iac/ sees them: a small JSON-like tree in which
// every value remembers where in the source it was written, and strings may hold placeholders.
//
// A placeholder stands for a value the code does not determine (a variable without a default,
// an attribute known only after apply, a deploy-time condition). It is kept inside the string
// that uses it, so concatenation (Fn::Join, Fn::Sub, string templates) keeps it, and is
// rendered by render.h according to where it ends up (contracts.md §7). Placeholders are
// written as kMarkOpen NAME kMarkClose; NAME is the key of Declarations::unresolved.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iw::iac {

// A position in a scanned file. `file` is the path as reported (relative when possible).
struct Origin {
  std::string file;
  int line = 0;      // 1-based; 0 = unknown
  int column = 0;    // 1-based; 0 = unknown
  int end_line = 0;  // last line of the construct (0 = same as line)
  int last_line() const { return end_line > line ? end_line : line; }
  bool operator==(const Origin&) const = default;
};

inline constexpr char kMarkOpen = '\x1e';
inline constexpr char kMarkClose = '\x1f';

struct Value {
  enum class Kind : std::uint8_t { null, boolean, number, string, list, object };
  Kind kind = Kind::null;
  std::string text;                // boolean "true"/"false", number as written, string (with marks)
  std::vector<Value> items;        // list elements, or object member values
  std::vector<std::string> keys;   // object member names, parallel to items
  std::vector<Origin> key_origins; // where each key is written (parallel to keys; may be empty)
  Origin origin;

  static Value string(std::string s, Origin o = {}) {
    Value v;
    v.kind = Kind::string;
    v.text = std::move(s);
    v.origin = std::move(o);
    return v;
  }
  static Value placeholder(std::string_view name, Origin o = {}) {
    return string(std::string(1, kMarkOpen) + std::string(name) + kMarkClose, std::move(o));
  }
  static Value list(Origin o = {}) {
    Value v;
    v.kind = Kind::list;
    v.origin = std::move(o);
    return v;
  }
  static Value object(Origin o = {}) {
    Value v;
    v.kind = Kind::object;
    v.origin = std::move(o);
    return v;
  }

  bool is_string() const { return kind == Kind::string; }
  bool is_object() const { return kind == Kind::object; }
  bool is_list() const { return kind == Kind::list; }
  // The member named `key` (exact), or nullptr.
  const Value* get(std::string_view key) const;
  Value* get(std::string_view key);
  void set(std::string key, Value v);  // replaces an existing member of that name
  // Where member `i`'s key is written: key_origins[i] when known, else the value's origin.
  const Origin& key_origin(std::size_t i) const { return i < key_origins.size() ? key_origins[i] : items[i].origin; }
  // Scalars as text (numbers and booleans as written); "" for containers and null.
  const std::string& scalar() const { return text; }
  // True when the string holds a placeholder.
  bool has_placeholder() const;
  // Same kind, text, members, items and origins.
  bool operator==(const Value&) const = default;
};

// Names of the placeholders in `text`, in order of appearance (repeats kept).
std::vector<std::string> placeholders_in(std::string_view text);
// `text` with every placeholder replaced by `with`.
std::string replace_placeholders(std::string_view text, std::string_view with);
// Every placeholder name anywhere in `v`, appended to `out` (repeats kept).
void collect_placeholders(const Value& v, std::vector<std::string>& out);

}  // namespace iw::iac
