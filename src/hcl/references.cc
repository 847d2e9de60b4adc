// references(): the traversals from root variables an expression uses.
#include <algorithm>

#include "hcl/hcl.h"

namespace iw::hcl {

namespace {

struct Walker {
  std::vector<Reference> out;
  std::vector<std::string> bound;

  bool is_bound(const std::string& name) const { return std::find(bound.begin(), bound.end(), name) != bound.end(); }

  void parts(const std::vector<TemplatePart>& ps) {
    for (const auto& p : ps) {
      if (p.expr) walk(*p.expr);
      std::size_t mark = bound.size();
      if (p.kind == TemplatePart::Kind::for_) {
        if (!p.key_var.empty()) bound.push_back(p.key_var);
        bound.push_back(p.value_var);
      }
      parts(p.then_parts);
      parts(p.else_parts);
      bound.resize(mark);
    }
  }

  void traversal(const Expr& e) {
    for (const auto& s : e.steps)
      if (s.index) walk(*s.index);
    if (e.source) {
      walk(*e.source);
      return;
    }
    if (is_bound(e.root_name)) return;
    Reference ref;
    ref.root = e.root_name;
    ref.where = e.where;
    for (const auto& s : e.steps) {
      if (s.kind == Step::Kind::splat_full || s.kind == Step::Kind::splat_attr) break;
      PathStep step;
      step.where = s.where;
      step.attr = s.kind == Step::Kind::attr;
      if (step.attr) {
        step.key = Value::from_string(s.name, s.where);
      } else if (s.index->kind == ExprKind::literal) {
        step.key = s.index->value;
      } else {
        step.key = Value::make_unknown(UnknownKind::reference, "index", s.index->where);
      }
      ref.path.push_back(std::move(step));
    }
    out.push_back(std::move(ref));
  }

  void walk(const Expr& e) {
    switch (e.kind) {
      case ExprKind::literal: return;
      case ExprKind::template_: parts(e.parts); return;
      case ExprKind::traversal: traversal(e); return;
      case ExprKind::for_tuple:
      case ExprKind::for_object: {
        walk(*e.collection);
        std::size_t mark = bound.size();
        if (!e.key_var.empty()) bound.push_back(e.key_var);
        bound.push_back(e.value_var);
        if (e.key) walk(*e.key);
        if (e.lhs) walk(*e.lhs);
        if (e.condition) walk(*e.condition);
        bound.resize(mark);
        return;
      }
      default: break;
    }
    if (e.condition) walk(*e.condition);
    for (const auto& i : e.items) walk(*i);
    for (const auto& i : e.object_items) {
      walk(*i.key);
      walk(*i.value);
    }
    if (e.lhs) walk(*e.lhs);
    if (e.rhs) walk(*e.rhs);
  }
};

}  // namespace

std::vector<Reference> references(const Expr& expr) {
  Walker w;
  w.walk(expr);
  return std::move(w.out);
}

}  // namespace iw::hcl
