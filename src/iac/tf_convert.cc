#include "iac/tf_convert.h"

#include <cmath>
#include <map>
#include <mutex>

#include "iac/scan.h"

namespace iw::iac {

namespace {

constexpr std::size_t kMaxDepth = 64;

// display_path() of each interned file name, computed once.
const std::string& shown(std::string_view file) {
  static std::mutex mu;
  static std::map<std::string_view, std::string> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(file);
  if (it == cache.end()) it = cache.emplace(file, display_path(std::string(file))).first;
  return it->second;
}

std::string why(hcl::UnknownKind k) {
  switch (k) {
    case hcl::UnknownKind::reference: return "not determined by the code (a variable without a default, or an attribute known only after apply)";
    case hcl::UnknownKind::function: return "a function iamwarden does not evaluate";
    case hcl::UnknownKind::file: return "a file outside the scanned tree, missing or unreadable";
    case hcl::UnknownKind::error: return "an expression Terraform would reject";
    case hcl::UnknownKind::limit: return "a value over the evaluator's limits";
  }
  return "unknown";
}

std::string number_text(double n) {
  if (std::isfinite(n) && n == std::floor(n) && std::fabs(n) < 1e15) return std::to_string(static_cast<long long>(n));
  return std::to_string(n);
}

Value convert(const hcl::Value& v, Declarations& decl, std::size_t depth) {
  Origin o = origin_of(v.where);
  if (depth > kMaxDepth) return decl.unresolved_value("(nested value)", "nested too deeply", o);
  if (v.encoded) return convert(*v.encoded, decl, depth + 1);
  switch (v.type) {
    case hcl::Type::null: {
      Value out;
      out.origin = o;
      return out;
    }
    case hcl::Type::boolean: {
      Value out;
      out.kind = Value::Kind::boolean;
      out.text = v.boolean ? "true" : "false";
      out.origin = o;
      return out;
    }
    case hcl::Type::number: {
      Value out;
      out.kind = Value::Kind::number;
      out.text = number_text(v.number);
      out.origin = o;
      return out;
    }
    case hcl::Type::string: {
      if (!v.text_origin.file.empty()) {
        int lines = 0;
        for (char c : v.text) lines += c == '\n';
        o = Origin{shown(v.text_origin.file), static_cast<int>(v.text_origin.line), static_cast<int>(v.text_origin.column),
                   static_cast<int>(v.text_origin.line) + lines};
      }
      if (v.holes.empty()) return Value::string(v.text, o);
      std::string text;
      std::size_t pos = 0;
      for (const hcl::Value::Hole& h : v.holes) {
        const std::size_t at = std::min(h.offset, v.text.size());
        text.append(v.text, pos, at - pos);
        pos = at;
        text += decl.unresolved_value(h.why.what, why(h.why.kind), origin_of(h.why.where)).text;
      }
      text.append(v.text, pos, std::string::npos);
      return Value::string(std::move(text), o);
    }
    case hcl::Type::tuple: {
      Value out = Value::list(o);
      for (const hcl::Value& i : v.items) out.items.push_back(convert(i, decl, depth + 1));
      return out;
    }
    case hcl::Type::object: {
      Value out = Value::object(o);
      for (const hcl::Member& m : v.members) {
        out.keys.push_back(m.key);
        out.key_origins.push_back(origin_of(m.key_where));
        out.items.push_back(convert(m.value, decl, depth + 1));
      }
      return out;
    }
    case hcl::Type::unknown:
      return decl.unresolved_value(v.unknown.what, why(v.unknown.kind), v.unknown.where.begin.line > 0 ? origin_of(v.unknown.where) : o);
  }
  return Value{};
}

}  // namespace

Origin origin_of(const hcl::Range& r) {
  if (r.begin.file.empty()) return Origin{};
  return Origin{shown(r.begin.file), static_cast<int>(r.begin.line), static_cast<int>(r.begin.column),
                static_cast<int>(r.end.line)};
}

Value to_iac(const hcl::Value& v, Declarations& decl) { return convert(v, decl, 0); }

}  // namespace iw::iac
