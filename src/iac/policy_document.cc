#include "iac/policy_document.h"

#include <memory>
#include <string>
#include <vector>

namespace iw::iac {

namespace {

using hcl::Member;
using hcl::Value;

const Value* get(const Value& obj, std::string_view key) { return obj.find(key); }

// A list attribute as a tuple (a single value becomes a one-element tuple; unknown stays).
Value as_list(const Value& v) {
  if (v.type == hcl::Type::tuple || v.type == hcl::Type::unknown) return v;
  return Value::tuple({v}, v.where);
}

// `{type: identifiers}` of principals / not_principals blocks.
Value principals(const Value& blocks) {
  std::vector<Member> by_type;
  bool star = false;
  hcl::Range where = blocks.where;
  for (const Value& b : blocks.items) {
    const Value* type = get(b, "type");
    const Value* ids = get(b, "identifiers");
    if (type == nullptr || ids == nullptr) continue;
    where = b.where;
    if (type->type == hcl::Type::string && type->text == "*") {
      star = true;
      continue;
    }
    const std::string key = type->type == hcl::Type::string ? type->text : "AWS";
    Member* m = nullptr;
    for (Member& x : by_type) {
      if (x.key == key) m = &x;
    }
    if (m == nullptr) {
      by_type.push_back(Member{key, type->where, Value::tuple({}, ids->where)});
      m = &by_type.back();
    }
    const Value list = as_list(*ids);
    if (list.type == hcl::Type::unknown) {
      m->value.items.push_back(list);
    } else {
      for (const Value& i : list.items) m->value.items.push_back(i);
    }
  }
  if (star && by_type.empty()) return Value::from_string("*", where);
  return Value::object(std::move(by_type), where);
}

Value conditions(const Value& blocks) {
  std::vector<Member> tests;
  for (const Value& b : blocks.items) {
    const Value* test = get(b, "test");
    const Value* variable = get(b, "variable");
    const Value* values = get(b, "values");
    if (test == nullptr || variable == nullptr || values == nullptr) continue;
    const std::string t = test->type == hcl::Type::string ? test->text : "StringEquals";
    const std::string var = variable->type == hcl::Type::string ? variable->text : "aws:unknown";
    Member* m = nullptr;
    for (Member& x : tests) {
      if (x.key == t) m = &x;
    }
    if (m == nullptr) {
      tests.push_back(Member{t, test->where, Value::object({}, b.where)});
      m = &tests.back();
    }
    // Objects keep members sorted and unique: rebuild with this variable added or merged.
    std::vector<Member> vars = m->value.members;
    bool merged = false;
    for (Member& x : vars) {
      if (x.key != var) continue;
      const Value add = as_list(*values);
      if (x.value.type == hcl::Type::tuple && add.type == hcl::Type::tuple) {
        for (const Value& i : add.items) x.value.items.push_back(i);
      }
      merged = true;
    }
    if (!merged) vars.push_back(Member{var, variable->where, as_list(*values)});
    m->value = Value::object(std::move(vars), m->value.where);
  }
  return Value::object(std::move(tests), blocks.where);
}

void put(std::vector<Member>& out, std::string key, const Value* v, bool list = true) {
  if (v == nullptr || v->is_null()) return;
  out.push_back(Member{std::move(key), v->where, list ? as_list(*v) : *v});
}

Value statement(const Value& b) {
  std::vector<Member> m;
  put(m, "Sid", get(b, "sid"), false);
  if (const Value* e = get(b, "effect"); e && !e->is_null()) {
    put(m, "Effect", e, false);
  } else {
    m.push_back(Member{"Effect", b.where, Value::from_string("Allow", b.where)});
  }
  put(m, "Action", get(b, "actions"));
  put(m, "NotAction", get(b, "not_actions"));
  put(m, "Resource", get(b, "resources"));
  put(m, "NotResource", get(b, "not_resources"));
  if (const Value* p = get(b, "principals"); p && p->type == hcl::Type::tuple && !p->items.empty()) {
    m.push_back(Member{"Principal", p->where, principals(*p)});
  }
  if (const Value* p = get(b, "not_principals"); p && p->type == hcl::Type::tuple && !p->items.empty()) {
    m.push_back(Member{"NotPrincipal", p->where, principals(*p)});
  }
  if (const Value* c = get(b, "condition"); c && c->type == hcl::Type::tuple && !c->items.empty()) {
    m.push_back(Member{"Condition", c->where, conditions(*c)});
  }
  return Value::object(std::move(m), b.where);
}

std::string sid_of(const Value& st) {
  const Value* sid = st.find("Sid");
  return sid && sid->type == hcl::Type::string ? sid->text : std::string();
}

// Adds `st`: replaces the statement with the same non-empty Sid, else appends.
void merge(std::vector<Value>& into, Value st) {
  const std::string sid = sid_of(st);
  if (!sid.empty()) {
    for (Value& x : into) {
      if (sid_of(x) == sid) {
        x = std::move(st);
        return;
      }
    }
  }
  into.push_back(std::move(st));
}

class JsonScope final : public hcl::Scope {
 public:
  explicit JsonScope(Value v) : v_(std::move(v)) {}
  hcl::Resolved resolve(const hcl::Reference& ref) override {
    if (ref.root == "doc") return {v_, 0};
    return {Value::make_unknown(hcl::UnknownKind::reference, ref.text(), ref.where), ref.path.size()};
  }

 private:
  Value v_;
};

// The statements of another policy document (a `.json` of a data source, jsonencode, or text).
std::vector<Value> statements_of(const Value& doc) {
  Value tree;
  if (doc.encoded) {
    tree = *doc.encoded;
  } else if (doc.type == hcl::Type::string && doc.is_wholly_known()) {
    hcl::ParseError error;
    static const hcl::ExprPtr decode = hcl::parse_expression("jsondecode", "jsondecode(doc)", error);
    JsonScope scope(doc);
    tree = hcl::evaluate(*decode, scope);
    tree.where = doc.where;
  } else {
    // Not known before apply: one statement that stands for whatever it grants.
    const Value u = doc.type == hcl::Type::unknown ? doc : Value::make_unknown(hcl::UnknownKind::reference, "policy document", doc.where);
    return {Value::object({Member{"Action", doc.where, u}, Member{"Effect", doc.where, Value::from_string("Allow", doc.where)},
                           Member{"Resource", doc.where, u}},
                          doc.where)};
  }
  const Value* st = tree.find("Statement");
  if (st == nullptr) return {};
  if (st->type == hcl::Type::tuple) return st->items;
  return {*st};
}

void merge_documents(std::vector<Value>& into, const Value* docs) {
  if (docs == nullptr || docs->is_null()) return;
  const Value list = as_list(*docs);
  if (list.type == hcl::Type::unknown) {
    for (Value& s : statements_of(list)) merge(into, std::move(s));
    return;
  }
  for (const Value& d : list.items) {
    for (Value& s : statements_of(d)) merge(into, std::move(s));
  }
}

}  // namespace

Value build_policy_document(const Value& body, const hcl::Range& where) {
  std::vector<Value> statements;
  merge_documents(statements, body.find("source_policy_documents"));
  if (const Value* blocks = body.find("statement"); blocks && blocks->type == hcl::Type::tuple) {
    for (const Value& b : blocks->items) merge(statements, statement(b));
  }
  merge_documents(statements, body.find("override_policy_documents"));
  std::vector<Member> doc;
  const Value* version = body.find("version");
  doc.push_back(Member{"Version", where, version && !version->is_null() ? *version : Value::from_string("2012-10-17", where)});
  if (const Value* id = body.find("policy_id"); id && !id->is_null()) doc.push_back(Member{"Id", id->where, *id});
  doc.push_back(Member{"Statement", where, Value::tuple(std::move(statements), where)});
  Value tree = Value::object(std::move(doc), where);
  Value out = Value::from_string(hcl::to_json(tree), where);
  out.encoded = std::make_shared<const Value>(std::move(tree));
  return out;
}

}  // namespace iw::iac
