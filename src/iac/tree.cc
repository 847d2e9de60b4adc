#include "iac/tree.h"

#include "core/source.h"
#include "json/json.h"

namespace iw::iac {

namespace {

struct Budget {
  explicit Budget(const TreeLimits& l) : limits(l) {}
  const TreeLimits& limits;
  std::size_t nodes = 0;
  std::string error;
};

std::string at(std::string_view file, int line, int column) {
  return std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// ---- JSON -----------------------------------------------------------------------------------

struct JsonConv {
  const json::Document& doc;
  const SourceText& src;
  Budget& budget;
  // Remapping of a JSON string's text into a file (parse_json_string).
  const Origin* fixed = nullptr;
  int first_line = 0;

  Origin origin(std::uint32_t offset, std::uint32_t end) const {
    if (fixed != nullptr && first_line <= 0) return *fixed;
    const LineColumn b = src.position(offset);
    const LineColumn e = src.position(end > offset ? end - 1 : offset);
    if (fixed != nullptr) {
      return Origin{fixed->file, first_line + b.line - 1, b.column, first_line + e.line - 1};
    }
    return Origin{src.name(), b.line, b.column, e.line};
  }

  bool convert(const json::Node& n, Value& out, std::size_t depth) {
    if (++budget.nodes > budget.limits.max_nodes || depth > budget.limits.max_depth) {
      const LineColumn lc = src.position(n.offset);
      budget.error = at(src.name(), lc.line, lc.column) + ": too large or nested too deeply";
      return false;
    }
    out.origin = origin(n.offset, n.end);
    switch (n.kind) {
      case json::Kind::null: out.kind = Value::Kind::null; return true;
      case json::Kind::boolean:
        out.kind = Value::Kind::boolean;
        out.text = n.boolean ? "true" : "false";
        return true;
      case json::Kind::number:
        out.kind = Value::Kind::number;
        out.text = std::string(n.text);
        return true;
      case json::Kind::string:
        out.kind = Value::Kind::string;
        out.text = std::string(n.text);
        return true;
      case json::Kind::array:
        out.kind = Value::Kind::list;
        for (const json::Node& c : doc.children(n)) {
          out.items.emplace_back();
          if (!convert(c, out.items.back(), depth + 1)) return false;
        }
        return true;
      case json::Kind::object:
        out.kind = Value::Kind::object;
        for (const json::Node& c : doc.children(n)) {
          out.keys.emplace_back(c.key);
          out.key_origins.push_back(origin(c.key_offset, c.key_offset + 1));
          out.items.emplace_back();
          if (!convert(c, out.items.back(), depth + 1)) return false;
        }
        return true;
    }
    return false;
  }
};

}  // namespace

bool load_json(std::string_view file, std::string_view text, Value& out, std::string& error, const TreeLimits& limits) {
  const SourceText src{std::string(file), std::string(text)};
  json::ParseError pe;
  json::Limits jl;
  jl.max_depth = limits.max_depth;
  auto doc = json::parse(src.text(), pe, jl);
  if (!doc) {
    const LineColumn lc = src.position(pe.offset);
    error = at(file, lc.line, lc.column) + ": invalid JSON: " + pe.message;
    return false;
  }
  Budget budget(limits);
  JsonConv conv{*doc, src, budget, nullptr, 0};
  if (!conv.convert(doc->root(), out, 0)) {
    error = budget.error;
    return false;
  }
  return true;
}

bool parse_json_string(std::string_view text, const Origin& where, int first_line, Value& out, std::string& error) {
  // Placeholders are control characters, which JSON strings may not hold: swap them for
  // printable stand-ins while parsing.
  std::string swapped(text);
  for (char& c : swapped) {
    if (c == kMarkOpen) c = '\x01';
    if (c == kMarkClose) c = '\x02';
  }
  std::string escaped;
  escaped.reserve(swapped.size());
  for (char c : swapped) {
    if (c == '\x01') {
      escaped += "@@iw<";
    } else if (c == '\x02') {
      escaped += ">wi@@";
    } else {
      escaped += c;
    }
  }
  const SourceText src{where.file, std::move(escaped)};
  json::ParseError pe;
  auto doc = json::parse(src.text(), pe);
  if (!doc) {
    error = pe.message;
    return false;
  }
  TreeLimits limits;
  Budget budget(limits);
  JsonConv conv{*doc, src, budget, &where, first_line};
  if (!conv.convert(doc->root(), out, 0)) {
    error = budget.error;
    return false;
  }
  // Back from the stand-ins.
  struct Restore {
    static void run(Value& v) {
      if (v.kind == Value::Kind::string) {
        std::string& t = v.text;
        for (std::size_t p; (p = t.find("@@iw<")) != std::string::npos;) t.replace(p, 5, 1, kMarkOpen);
        for (std::size_t p; (p = t.find(">wi@@")) != std::string::npos;) t.replace(p, 5, 1, kMarkClose);
      }
      for (Value& c : v.items) run(c);
      for (std::string& k : v.keys) {
        for (std::size_t p; (p = k.find("@@iw<")) != std::string::npos;) k.replace(p, 5, 1, kMarkOpen);
        for (std::size_t p; (p = k.find(">wi@@")) != std::string::npos;) k.replace(p, 5, 1, kMarkClose);
      }
    }
  };
  Restore::run(out);
  return true;
}

}  // namespace iw::iac
