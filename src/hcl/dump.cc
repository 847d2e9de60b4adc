// dump(): JSON renderings of syntax trees and values, for tests and debugging.
#include "core/json_writer.h"
#include "hcl/hcl.h"

namespace iw::hcl {

namespace {

std::string at(const Range& r) { return std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column); }

std::string_view kind_name(UnknownKind k) {
  switch (k) {
    case UnknownKind::reference: return "reference";
    case UnknownKind::function: return "function";
    case UnknownKind::file: return "file";
    case UnknownKind::error: return "error";
    case UnknownKind::limit: return "limit";
  }
  return "?";
}

void value(JsonWriter& w, const Value& v) {
  switch (v.type) {
    case Type::null: w.null(); return;
    case Type::boolean: w.value(v.boolean); return;
    case Type::number: w.value(v.number); return;
    case Type::string:
      if (v.holes.empty()) {
        w.value(v.text);
        return;
      }
      w.begin_object().member("partial", v.with_placeholders("*")).key("unknowns").begin_array();
      for (const auto& h : v.holes) w.value(h.why.what);
      w.end_array().end_object();
      return;
    case Type::tuple:
      w.begin_array();
      for (const auto& i : v.items) value(w, i);
      w.end_array();
      return;
    case Type::object:
      w.begin_object();
      for (const auto& m : v.members) {
        w.key(m.key);
        value(w, m.value);
      }
      w.end_object();
      return;
    case Type::unknown:
      w.begin_object().member("unknown", kind_name(v.unknown.kind)).member("what", v.unknown.what).end_object();
      return;
  }
}

void expr(JsonWriter& w, const Expr& e);

void parts(JsonWriter& w, const std::vector<TemplatePart>& ps) {
  w.begin_array();
  for (const auto& p : ps) {
    switch (p.kind) {
      case TemplatePart::Kind::literal: w.value(p.text); break;
      case TemplatePart::Kind::interpolation:
        w.begin_object().key("interp");
        expr(w, *p.expr);
        w.end_object();
        break;
      case TemplatePart::Kind::if_:
        w.begin_object().key("if");
        expr(w, *p.expr);
        w.key("then");
        parts(w, p.then_parts);
        w.key("else");
        parts(w, p.else_parts);
        w.end_object();
        break;
      case TemplatePart::Kind::for_:
        w.begin_object().member("for", p.key_var.empty() ? p.value_var : p.key_var + "," + p.value_var).key("in");
        expr(w, *p.expr);
        w.key("do");
        parts(w, p.then_parts);
        w.end_object();
        break;
    }
  }
  w.end_array();
}

void expr(JsonWriter& w, const Expr& e) {
  w.begin_object().member("at", at(e.where));
  switch (e.kind) {
    case ExprKind::literal:
      w.key("literal");
      value(w, e.value);
      break;
    case ExprKind::template_:
      w.key(e.heredoc ? "heredoc" : "template");
      parts(w, e.parts);
      break;
    case ExprKind::tuple:
      w.key("tuple").begin_array();
      for (const auto& i : e.items) expr(w, *i);
      w.end_array();
      break;
    case ExprKind::object:
      w.key("object").begin_array();
      for (const auto& i : e.object_items) {
        w.begin_array();
        expr(w, *i.key);
        expr(w, *i.value);
        w.end_array();
      }
      w.end_array();
      break;
    case ExprKind::traversal:
      if (e.source) {
        w.key("source");
        expr(w, *e.source);
      } else {
        w.member("root", e.root_name);
      }
      w.key("steps").begin_array();
      for (const auto& s : e.steps) {
        switch (s.kind) {
          case Step::Kind::attr: w.value("." + s.name); break;
          case Step::Kind::index:
            w.begin_object().key("index");
            expr(w, *s.index);
            w.end_object();
            break;
          case Step::Kind::splat_full: w.value("[*]"); break;
          case Step::Kind::splat_attr: w.value(".*"); break;
        }
      }
      w.end_array();
      break;
    case ExprKind::call:
      w.member("call", e.name).key("args").begin_array();
      for (const auto& i : e.items) expr(w, *i);
      w.end_array();
      if (e.expand_final) w.member("expand", true);
      break;
    case ExprKind::for_tuple:
    case ExprKind::for_object:
      w.member("for", e.kind == ExprKind::for_tuple ? "tuple" : "object");
      if (!e.key_var.empty()) w.member("key_var", e.key_var);
      w.member("value_var", e.value_var).key("in");
      expr(w, *e.collection);
      if (e.key) {
        w.key("key");
        expr(w, *e.key);
      }
      w.key("value");
      expr(w, *e.lhs);
      if (e.condition) {
        w.key("if");
        expr(w, *e.condition);
      }
      if (e.grouping) w.member("group", true);
      break;
    case ExprKind::conditional:
      w.key("cond");
      expr(w, *e.condition);
      w.key("then");
      expr(w, *e.lhs);
      w.key("else");
      expr(w, *e.rhs);
      break;
    case ExprKind::unary:
      w.member("op", to_string(e.op)).key("x");
      expr(w, *e.lhs);
      break;
    case ExprKind::binary:
      w.member("op", to_string(e.op)).key("l");
      expr(w, *e.lhs);
      w.key("r");
      expr(w, *e.rhs);
      break;
    case ExprKind::parens:
      w.key("parens");
      expr(w, *e.lhs);
      break;
  }
  w.end_object();
}

void body(JsonWriter& w, const Body& b) {
  w.begin_object().key("attributes").begin_array();
  for (const auto& a : b.attributes) {
    w.begin_object().member("name", a.name).member("at", at(a.where)).key("expr");
    expr(w, *a.expr);
    w.end_object();
  }
  w.end_array().key("blocks").begin_array();
  for (const auto& bl : b.blocks) {
    w.begin_object().member("type", bl.type).key("labels").begin_array();
    for (const auto& l : bl.labels) w.value(l);
    w.end_array().member("at", at(bl.where)).key("body");
    body(w, bl.body);
    w.end_object();
  }
  w.end_array().end_object();
}

}  // namespace

std::string dump(const File& file) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().key("body");
  body(w, file.body);
  w.key("comments").begin_array();
  for (const auto& c : file.comments) {
    w.begin_object().member("at", at(c.where)).member("text", c.text).member("own_line", c.own_line).end_object();
  }
  w.end_array().end_object();
  return std::move(w).take();
}

std::string dump(const Expr& e) {
  JsonWriter w(JsonWriter::Style::pretty);
  expr(w, e);
  return std::move(w).take();
}

std::string dump(const Value& v) {
  JsonWriter w(JsonWriter::Style::pretty);
  value(w, v);
  return std::move(w).take();
}

}  // namespace iw::hcl
