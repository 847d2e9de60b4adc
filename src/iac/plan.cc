#include "iac/plan.h"

#include <map>

#include "iac/resources.h"

namespace iw::iac {

namespace {

constexpr std::size_t kMaxModuleDepth = 32;

// after_unknown marks: each attribute the plan cannot know yet becomes a placeholder.
void mark_unknown(Value& values, const Value* unknown, const std::string& address, Declarations& out) {
  if (unknown == nullptr || !unknown->is_object()) return;
  for (std::size_t i = 0; i < unknown->keys.size(); ++i) {
    const Value& u = unknown->items[i];
    if (u.kind == Value::Kind::boolean && u.text == "true") {
      const std::string name = address + "." + unknown->keys[i];
      values.set(unknown->keys[i], out.unresolved_value(name, "known only after apply", u.origin));
    }
  }
}

using Changes = std::map<std::string, const Value*>;

void read_module(const Value& module, const Changes& changes, const Environment& env, Declarations& out,
                 std::vector<TfResource>& resources, std::size_t depth) {
  if (depth > kMaxModuleDepth || !module.is_object()) return;
  if (const Value* list = module.get("resources"); list && list->is_list()) {
    for (const Value& r : list->items) {
      if (!r.is_object()) continue;
      const Value* mode = r.get("mode");
      const Value* type = r.get("type");
      const Value* address = r.get("address");
      const Value* values = r.get("values");
      if (!type || !address || !type->is_string() || (mode && mode->text != "managed")) continue;
      TfResource res;
      res.type = type->text;
      res.decl = Declared{address->text, r.origin};
      res.attrs = values && values->is_object() ? *values : Value::object(r.origin);
      if (const auto it = changes.find(address->text); it != changes.end()) {
        mark_unknown(res.attrs, it->second->get("after_unknown"), address->text, out);
      }
      resources.push_back(std::move(res));
    }
  }
  if (const Value* children = module.get("child_modules"); children && children->is_list()) {
    for (const Value& c : children->items) read_module(c, changes, env, out, resources, depth + 1);
  }
}

}  // namespace

bool is_plan(const Value& root) {
  return root.is_object() && root.get("format_version") && (root.get("planned_values") || root.get("resource_changes"));
}

void read_plan(const Value& root, const Environment& env, Declarations& out) {
  std::vector<TfResource> resources;
  const Value* planned = root.get("planned_values");
  Changes changes;
  if (const Value* list = root.get("resource_changes"); list && list->is_list()) {
    for (const Value& c : list->items) {
      const Value* a = c.is_object() ? c.get("address") : nullptr;
      const Value* change = c.is_object() ? c.get("change") : nullptr;
      if (a && change && change->is_object()) changes.emplace(a->text, change);
    }
  }
  if (const Value* rm = planned ? planned->get("root_module") : nullptr) read_module(*rm, changes, env, out, resources, 0);
  extract(resources, env, out);
}

}  // namespace iw::iac
