// HCL's JSON syntax (`.tf.json`): read with the project's JSON parser, turned into the same
// Body / Expression structure as the native syntax. Strings are templates; which members are
// blocks is the JsonSchema's answer.
#include <cstdlib>

#include "core/source.h"
#include "hcl/hcl.h"
#include "json/json.h"

namespace iw::hcl {

ExprPtr parse_template_at(std::string_view text, const Pos& at, ParseError& error, const Limits& limits);

namespace {

struct JsonError {
  std::string message;
  std::uint32_t offset;
};

class JsonReader {
 public:
  JsonReader(const json::Document& doc, const SourceText& source, std::string_view file, const JsonSchema& schema,
             const Limits& limits, std::vector<Comment>& comments)
      : doc_(doc), source_(source), file_(file), schema_(schema), limits_(limits), comments_(comments) {}

  Body body(const json::Node& object, std::vector<std::string>& path) {
    if (object.kind != json::Kind::object) {
      throw JsonError{"expected a JSON object for a block body, found " + std::string(json::to_string(object.kind)),
                      object.offset};
    }
    Body out;
    out.where = range(object.offset, object.end);
    for (const json::Node& m : doc_.children(object)) {
      if (m.key == "//") {
        comments_.push_back(Comment{range(m.key_offset, m.end), std::string(m.text), true});
        continue;
      }
      std::optional<std::size_t> labels = schema_ ? schema_(path, m.key) : std::nullopt;
      if (!labels) {
        Attribute a;
        a.name = std::string(m.key);
        a.name_where = range(m.key_offset, m.key_offset + static_cast<std::uint32_t>(m.key.size()) + 2);
        a.expr = expression(m);
        a.where = Range{a.name_where.begin, pos(m.end)};
        out.attributes.push_back(std::move(a));
        continue;
      }
      if (path.size() >= limits_.max_depth) throw JsonError{"blocks nested deeper than the limit", m.offset};
      Block proto;
      proto.type = std::string(m.key);
      proto.type_where = range(m.key_offset, m.key_offset + static_cast<std::uint32_t>(m.key.size()) + 2);
      path.push_back(proto.type);
      blocks(m, proto, *labels, out.blocks, path);
      path.pop_back();
    }
    return out;
  }

 private:
  // A block member's value: label levels of nested objects, arrays for repeated blocks.
  void blocks(const json::Node& value, const Block& proto, std::size_t labels, std::vector<Block>& out,
              std::vector<std::string>& path) {
    if (value.kind == json::Kind::array) {
      for (const json::Node& e : doc_.children(value)) blocks(e, proto, labels, out, path);
      return;
    }
    if (value.kind != json::Kind::object) {
      throw JsonError{"expected a JSON object for the block '" + proto.type + "', found " +
                          std::string(json::to_string(value.kind)),
                      value.offset};
    }
    if (labels == 0) {
      Block b = proto;
      b.body = body(value, path);
      b.where = Range{proto.type_where.begin, pos(value.end)};
      out.push_back(std::move(b));
      return;
    }
    for (const json::Node& m : doc_.children(value)) {
      Block b = proto;
      b.labels.push_back(std::string(m.key));
      b.label_where.push_back(range(m.key_offset, m.key_offset + static_cast<std::uint32_t>(m.key.size()) + 2));
      blocks(m, b, labels - 1, out, path);
    }
  }

  ExprPtr expression(const json::Node& n) {
    auto e = std::make_shared<Expr>();
    e->where = range(n.offset, n.end);
    switch (n.kind) {
      case json::Kind::null: e->value = Value::null_value(e->where); return e;
      case json::Kind::boolean: e->value = Value::from_bool(n.boolean, e->where); return e;
      case json::Kind::number:
        e->value = Value::from_number(std::strtod(std::string(n.text).c_str(), nullptr), e->where);
        return e;
      case json::Kind::string: return string(n.text, n.offset, n.end);
      case json::Kind::array:
        e->kind = ExprKind::tuple;
        for (const json::Node& c : doc_.children(n)) e->items.push_back(expression(c));
        return e;
      case json::Kind::object:
        e->kind = ExprKind::object;
        for (const json::Node& c : doc_.children(n)) {
          ObjectItem item;
          item.key = string(c.key, c.key_offset, c.key_offset + static_cast<std::uint32_t>(c.key.size()) + 2);
          item.value = expression(c);
          e->object_items.push_back(std::move(item));
        }
        return e;
    }
    return e;
  }

  // A JSON string: a template when it holds `${` or `%{`, else a literal.
  ExprPtr string(std::string_view text, std::uint32_t begin, std::uint32_t end) {
    Range where = range(begin, end);
    if (text.find("${") != std::string_view::npos || text.find("%{") != std::string_view::npos) {
      ParseError error;
      ExprPtr t = parse_template_at(text, where.begin, error, limits_);
      if (!t) throw JsonError{"in this string's template: " + error.message, begin};
      auto e = std::make_shared<Expr>(*t);
      e->where = where;
      if (e->kind == ExprKind::literal) e->value.where = where;
      return e;
    }
    auto e = std::make_shared<Expr>();
    e->where = where;
    e->value = Value::from_string(std::string(text), where);
    std::string_view raw = source_.text().substr(begin + 1, end > begin + 1 ? end - begin - 2 : 0);
    if (raw == text) e->value.text_origin = pos(begin + 1);
    return e;
  }

  Pos pos(std::uint32_t offset) const {
    LineColumn lc = source_.position(offset);
    return Pos{file_, static_cast<std::uint32_t>(lc.line), static_cast<std::uint32_t>(lc.column), offset};
  }
  Range range(std::uint32_t b, std::uint32_t e) const { return Range{pos(b), pos(e)}; }

  const json::Document& doc_;
  const SourceText& source_;
  std::string_view file_;
  const JsonSchema& schema_;
  const Limits& limits_;
  std::vector<Comment>& comments_;
};

}  // namespace

std::unique_ptr<File> parse_json(std::string_view name, std::string text, ParseError& error,
                                 const JsonSchema& schema, const Limits& limits) {
  auto file = std::make_unique<File>();
  file->name = intern_file_name(name);
  file->syntax = Syntax::json;
  file->source = std::make_shared<const SourceText>(std::string(name), std::move(text));
  auto at = [&](std::uint32_t offset) {
    LineColumn lc = file->source->position(offset);
    return Pos{file->name, static_cast<std::uint32_t>(lc.line), static_cast<std::uint32_t>(lc.column), offset};
  };
  json::ParseError jerror;
  json::Limits jlimits;
  jlimits.max_bytes = limits.max_bytes;
  jlimits.max_depth = limits.max_depth;
  auto doc = json::parse(file->source->text(), jerror, jlimits);
  if (!doc) {
    error = ParseError{jerror.message, at(jerror.offset)};
    return nullptr;
  }
  if (!doc->duplicate_keys().empty()) {
    const auto& d = doc->duplicate_keys().front();
    error = ParseError{"duplicate key \"" + d.key + "\" (first at " + to_string(at(d.first_offset)) + ")", at(d.offset)};
    return nullptr;
  }
  try {
    JsonReader reader(*doc, *file->source, file->name, schema, limits, file->comments);
    std::vector<std::string> path;
    file->body = reader.body(doc->root(), path);
  } catch (const JsonError& e) {
    error = ParseError{e.message, at(e.offset)};
    return nullptr;
  }
  return file;
}

JsonSchema terraform_json_schema() {
  return [](const std::vector<std::string>& path, std::string_view key) -> std::optional<std::size_t> {
    if (path.empty()) {
      if (key == "resource" || key == "data") return 2;
      if (key == "module" || key == "provider" || key == "variable" || key == "output") return 1;
      if (key == "locals" || key == "terraform" || key == "moved" || key == "import" || key == "check") return 0;
      return std::nullopt;
    }
    const std::string& parent = path.back();
    if (path.size() == 1 && parent == "locals") return std::nullopt;
    if (path.size() == 1 && (parent == "variable" || parent == "output")) {
      if (key == "validation" || key == "precondition" || key == "postcondition") return 0;
      return std::nullopt;
    }
    if (path.size() == 1 && parent == "terraform") {
      if (key == "backend") return 1;
      if (key == "required_providers" || key == "cloud") return 0;
      return std::nullopt;
    }
    if (parent == "validation" || parent == "precondition" || parent == "postcondition") return std::nullopt;
    if (key == "precondition" || key == "postcondition") return 0;
    if (key == "dynamic") return 1;
    if (key == "content" && parent == "dynamic") return 0;
    if (key == "lifecycle" || key == "statement" || key == "principals" || key == "not_principals" ||
        key == "condition" || key == "provisioner" || key == "connection")
      return key == "provisioner" ? 1 : 0;
    return std::nullopt;
  };
}

}  // namespace iw::hcl
