// Encoding and file functions: jsonencode, jsondecode, file, fileexists, templatefile,
// base64encode, base64decode, basename, dirname.
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/source.h"
#include "core/values.h"
#include "hcl/functions.h"
#include "hcl/internal.h"
#include "json/json.h"

namespace iw::hcl {

namespace {

namespace fs = std::filesystem;

Value fn_jsonencode(Call& c) {
  const Value& v = c.args[0];
  if (v.type == Type::unknown) return propagate(v, c.where);
  Value out = Value::from_string({}, c.where);
  out.text = to_json_with_holes(v, out.holes);
  out.encoded = std::make_shared<const Value>(v);
  return out;
}

// --- jsondecode ---

struct Decoder {
  const json::Document& doc;
  const Value& source;  // the string decoded: where its values are located
  Range where;

  Range at(const json::Node& n) const {
    if (source.text_origin.file.empty()) return where;
    return Range{source.locate(n.offset), source.locate(n.end)};
  }

  Value decode(const json::Node& n) const {
    Range r = at(n);
    switch (n.kind) {
      case json::Kind::null: return Value::null_value(r);
      case json::Kind::boolean: return Value::from_bool(n.boolean, r);
      case json::Kind::number: return Value::from_number(std::strtod(std::string(n.text).c_str(), nullptr), r);
      case json::Kind::string: return Value::from_string(std::string(n.text), r);
      case json::Kind::array: {
        std::vector<Value> items;
        for (const auto& child : doc.children(n)) items.push_back(decode(child));
        return Value::tuple(std::move(items), r);
      }
      case json::Kind::object: {
        std::vector<Member> members;
        for (const auto& child : doc.children(n)) {
          Range kr = source.text_origin.file.empty()
                         ? where
                         : Range{source.locate(child.key_offset), source.locate(child.key_offset + child.key.size() + 2)};
          members.push_back(Member{std::string(child.key), kr, decode(child)});
        }
        return Value::object(std::move(members), r);
      }
    }
    return Value::null_value(r);
  }
};

Value fn_jsondecode(Call& c) {
  auto text = as_string(c.args[0]);
  if (!text) return error_value("jsondecode() needs a string", c.where);
  json::ParseError error;
  json::Limits limits;
  limits.max_bytes = c.evaluator.options().max_string_bytes;
  limits.max_depth = c.evaluator.options().parse_limits.max_depth;
  auto doc = json::parse(*text, error, limits);
  if (!doc) {
    Pos p = c.args[0].locate(error.offset);
    return error_value("jsondecode(): " + error.message + " (at " + to_string(p) + ")", c.where);
  }
  Decoder d{*doc, c.args[0], c.where};
  return d.decode(doc->root());
}

// --- files ---

bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (r->empty()) continue;  // a trailing separator
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

struct FileRead {
  std::string name;  // as positions will name it
  std::string text;
  std::string problem;
};

// Reads `path` relative to base_dir, if it lies inside tree_root (after `..` and symlinks).
FileRead read_file(const Call& c, const std::string& path) {
  const EvalOptions& o = c.evaluator.options();
  FileRead out;
  if (o.base_dir.empty() && o.tree_root.empty()) {
    out.problem = "reading files is not enabled here: " + path;
    return out;
  }
  fs::path p = fs::path(path).is_absolute() ? fs::path(path) : o.base_dir / path;
  out.name = p.lexically_normal().string();
  std::error_code ec;
  fs::path real = fs::weakly_canonical(p, ec);
  fs::path root = fs::weakly_canonical(o.tree_root.empty() ? o.base_dir : o.tree_root, ec);
  if (ec || !inside(root, real)) {
    out.problem = "outside the scanned tree: " + path;
    return out;
  }
  if (!fs::is_regular_file(real, ec)) {
    out.problem = "no such file: " + path;
    return out;
  }
  auto size = fs::file_size(real, ec);
  if (ec || size > o.max_file_bytes) {
    out.problem = "file larger than the limit: " + path;
    return out;
  }
  std::ifstream in(real, std::ios::binary);
  std::ostringstream text;
  if (size > 0 && (!in || !(text << in.rdbuf()))) {
    out.problem = "cannot read the file: " + path;
    return out;
  }
  out.text = std::move(text).str();
  return out;
}

Value fn_file(Call& c) {
  auto path = as_string(c.args[0]);
  if (!path) return error_value("file() needs a path string", c.where);
  FileRead f = read_file(c, *path);
  if (!f.problem.empty()) return Value::make_unknown(UnknownKind::file, f.problem, c.where);
  auto source = std::make_shared<const SourceText>(f.name, f.text);
  Value out = Value::from_string(std::move(f.text), c.where);
  out.text_origin = Pos{intern_file_name(f.name), 1, 1, 0};
  out.origin_source = std::move(source);
  return out;
}

Value fn_fileexists(Call& c) {
  auto path = as_string(c.args[0]);
  if (!path) return error_value("fileexists() needs a path string", c.where);
  FileRead f = read_file(c, *path);
  if (f.problem.rfind("no such file", 0) == 0) return Value::from_bool(false, c.where);
  if (!f.problem.empty()) return Value::make_unknown(UnknownKind::file, f.problem, c.where);
  return Value::from_bool(true, c.where);
}

Value fn_templatefile(Call& c) {
  const Value& path_arg = c.args[0];
  const Value& vars = c.args[1];
  if (!path_arg.is_wholly_known()) return propagate(path_arg, c.where);
  auto path = as_string(path_arg);
  if (!path) return error_value("templatefile() needs a path string", c.where);
  if (vars.type == Type::unknown) return propagate(vars, c.where);
  if (vars.type != Type::object) return error_value("templatefile() needs an object of variables", c.where);
  if (c.evaluator.depth >= c.evaluator.options().max_depth) {
    return Value::make_unknown(UnknownKind::limit, "templatefile() nested too deeply", c.where);
  }
  FileRead f = read_file(c, *path);
  if (!f.problem.empty()) return Value::make_unknown(UnknownKind::file, f.problem, c.where);
  ParseError error;
  ExprPtr tmpl = parse_template(f.name, f.text, error, c.evaluator.options().parse_limits);
  if (!tmpl) return error_value("templatefile(): " + error.to_string(), c.where);
  Evaluator inner(nullptr, c.evaluator.options());
  inner.depth = c.evaluator.depth + 1;
  inner.set_remaining(c.evaluator.remaining());
  for (const auto& m : vars.members) inner.bindings.push_back({m.key, m.value});
  Value out = inner.eval(*tmpl);
  c.evaluator.set_remaining(inner.remaining());
  if (out.type == Type::string && out.holes.empty() && tmpl->kind == ExprKind::literal) {
    out.origin_source = std::make_shared<const SourceText>(f.name, f.text);
  }
  return out;
}

Value fn_base64encode(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return error_value("base64encode() needs a string", c.where);
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t k = 0;
  for (; k + 2 < s->size(); k += 3) {
    unsigned v = (static_cast<unsigned char>((*s)[k]) << 16) | (static_cast<unsigned char>((*s)[k + 1]) << 8) |
                 static_cast<unsigned char>((*s)[k + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(v >> shift) & 63];
  }
  if (k < s->size()) {
    unsigned v = static_cast<unsigned char>((*s)[k]) << 16;
    if (k + 1 < s->size()) v |= static_cast<unsigned char>((*s)[k + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += k + 1 < s->size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return Value::from_string(std::move(out), c.where);
}

Value fn_base64decode(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return error_value("base64decode() needs a string", c.where);
  auto bytes = base64_decode(*s);
  if (!bytes) return error_value("base64decode(): not valid base64", c.where);
  return Value::from_string(std::move(*bytes), c.where);
}

Value fn_basename(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return error_value("basename() needs a string", c.where);
  return Value::from_string(fs::path(*s).filename().string(), c.where);
}

Value fn_dirname(Call& c) {
  auto s = as_string(c.args[0]);
  if (!s) return error_value("dirname() needs a string", c.where);
  std::string d = fs::path(*s).parent_path().string();
  return Value::from_string(d.empty() ? "." : d, c.where);
}

}  // namespace

Range whole_range(std::string_view file, std::size_t size) {
  Pos b{intern_file_name(file), 1, 1, 0};
  Pos e = b;
  e.offset = static_cast<std::uint32_t>(size);
  return Range{b, e};
}

void add_encoding_functions(FunctionTable& t) {
  t["jsonencode"] = {fn_jsonencode, 1, 1, true};
  t["jsondecode"] = {fn_jsondecode, 1, 1};
  t["file"] = {fn_file, 1, 1};
  t["fileexists"] = {fn_fileexists, 1, 1};
  t["templatefile"] = {fn_templatefile, 2, 2, true};
  t["base64encode"] = {fn_base64encode, 1, 1};
  t["base64decode"] = {fn_base64decode, 1, 1};
  t["basename"] = {fn_basename, 1, 1};
  t["dirname"] = {fn_dirname, 1, 1};
}

}  // namespace iw::hcl
