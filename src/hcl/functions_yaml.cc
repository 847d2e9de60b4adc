// yamldecode() with yaml-cpp: mappings become objects, sequences tuples, plain scalars null,
// bools and numbers as YAML 1.2's core schema reads them, other scalars strings. Each node
// costs a step of the evaluation budget and a value holds at most EvalOptions::max_elements
// nodes, so aliases cannot expand a small text into a huge value; yaml-cpp's own guard bounds
// the nesting.
#include <yaml-cpp/yaml.h>

#include <cmath>

#include "core/yaml_budget.h"
#include "hcl/functions.h"

namespace iw::hcl {

namespace {

struct YamlDecoder {
  Evaluator& evaluator;
  const Value& source;
  Range where;
  bool over = false;
  std::size_t nodes = 0;

  Range at(const YAML::Node& n) const {
    if (source.text_origin.file.empty() || n.Mark().pos < 0) return where;
    Pos p = source.locate(static_cast<std::size_t>(n.Mark().pos));
    return Range{p, p};
  }

  Value scalar(const YAML::Node& n) const {
    const std::string& s = n.Scalar();
    Range r = at(n);
    if (n.Tag() == "!") return Value::from_string(s, r);  // quoted: always a string
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value::null_value(r);
    if (s == "true" || s == "True" || s == "TRUE") return Value::from_bool(true, r);
    if (s == "false" || s == "False" || s == "FALSE") return Value::from_bool(false, r);
    if (auto number = as_number(Value::from_string(s))) return Value::from_number(*number, r);
    return Value::from_string(s, r);
  }

  Value decode(const YAML::Node& n) {
    if (++nodes > evaluator.options().max_elements || !evaluator.spend()) {
      over = true;
      return Value::null_value(where);
    }
    switch (n.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: return Value::null_value(at(n));
      case YAML::NodeType::Scalar: return scalar(n);
      case YAML::NodeType::Sequence: {
        std::vector<Value> items;
        for (const auto& item : n) {
          items.push_back(decode(item));
          if (over) break;
        }
        return Value::tuple(std::move(items), at(n));
      }
      case YAML::NodeType::Map: {
        std::vector<Member> members;
        for (const auto& kv : n) {
          if (!kv.first.IsScalar()) continue;
          members.push_back(Member{kv.first.Scalar(), at(kv.first), decode(kv.second)});
          if (over) break;
        }
        return Value::object(std::move(members), at(n));
      }
    }
    return Value::null_value(where);
  }
};

Value fn_yamldecode(Call& c) {
  auto text = as_string(c.args[0]);
  if (!text) return error_value("yamldecode() needs a string", c.where);
  try {
    check_yaml_terminates(*text, YamlDocuments::all);
    std::vector<YAML::Node> docs = YAML::LoadAll(*text);
    if (docs.size() > 1) return error_value("yamldecode(): the text holds more than one document", c.where);
    if (docs.empty()) return Value::null_value(c.where);
    YamlDecoder d{c.evaluator, c.args[0], c.where};
    Value out = d.decode(docs[0]);
    if (d.over) return c.evaluator.over_budget(c.where);
    return out;
  } catch (const YAML::Exception& e) {
    return error_value("yamldecode(): " + e.msg + " (line " + std::to_string(e.mark.line + 1) + ")", c.where);
  } catch (const std::exception& e) {
    return error_value(std::string("yamldecode(): ") + e.what(), c.where);
  }
}

}  // namespace

void add_yaml_functions(FunctionTable& t) { t["yamldecode"] = {fn_yamldecode, 1, 1}; }

}  // namespace iw::hcl
