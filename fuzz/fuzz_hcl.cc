// Fuzz target: HCL, in its native syntax and its JSON syntax, from memory. Parsing must return
// a file or a located error, never crash or hang. Files that parse are dumped and every
// attribute (in blocks too) is evaluated with a scope that answers `var` with an object of
// sample values and everything else unknown; no file is read. Values are rendered as JSON
// and with placeholders, and the references of every expression listed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hcl/hcl.h"

namespace {

using namespace iw::hcl;

class FuzzScope final : public Scope {
 public:
  Resolved resolve(const Reference& ref) override {
    if (ref.root == "var") {
      Value vars = Value::object({Member{"s", {}, Value::from_string("x")},
                                  Member{"n", {}, Value::from_number(3)},
                                  Member{"l", {}, Value::tuple({Value::from_string("a"), Value::from_number(1)})},
                                  Member{"m", {}, Value::object({Member{"k", {}, Value::from_bool(true)}})}});
      return {vars, 0};
    }
    return {Value::make_unknown(UnknownKind::reference, ref.text(), ref.where), ref.path.size()};
  }
};

void evaluate_body(const Body& body, int depth) {
  if (depth > 200) std::abort();  // the parser's depth limit must hold
  FuzzScope scope;
  EvalOptions options;
  for (const auto& a : body.attributes) {
    Value v = evaluate(*a.expr, scope, options);
    (void)to_json(v);
    (void)display(v);
    (void)v.with_placeholders();
    (void)v.unknowns();
    if (v.type == Type::string && v.holes.empty()) (void)v.locate(v.text.size() / 2);
    (void)references(*a.expr);
  }
  for (const auto& b : body.blocks) evaluate_body(b.body, depth + 1);
}

void check(const std::unique_ptr<File>& file, const ParseError& error) {
  if (!file) {
    if (error.message.empty() || error.pos.line == 0) std::abort();
    return;
  }
  (void)dump(*file);
  evaluate_body(file->body, 0);
  for (const auto& c : file->comments) (void)file->comments_for(c.where.begin.line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ParseError error;
  check(parse("fuzz.tf", text, error), error);
  ParseError json_error;
  check(parse_json("fuzz.tf.json", text, json_error), json_error);
  ParseError expr_error;
  if (ExprPtr e = parse_expression("fuzz", text, expr_error)) {
    FuzzScope scope;
    (void)to_json(evaluate(*e, scope));
  }
  return 0;
}
