#include "reason/search.h"

#include <algorithm>

#include "core/strings.h"

namespace iw::reason {

namespace {

void set_value(eval::Context& ctx, const std::string& key, const Witness& w) {
  if (!w.present) {
    ctx.set_list(key, {});
  } else if (w.multi) {
    ctx.set_list(key, w.values);
  } else {
    ctx.set(key, w.values.front());
  }
}

}  // namespace

void ContextSpace::add(const policy::Statement& s, bool variables_enabled, const FixedKeys& fixed) {
  for (const policy::Condition& c : s.conditions) {
    std::string key = to_lower(c.key);
    if (fixed && fixed(key)) continue;
    KeyConditions& k = keys_[key];
    if (k.name.empty()) k.name = c.key;
    if (std::find(k.conditions.begin(), k.conditions.end(), &c) != k.conditions.end()) continue;
    k.key = std::move(key);
    k.conditions.push_back(&c);
    k.variables_enabled = k.variables_enabled || variables_enabled;
  }
}

void ContextSpace::add(const eval::PolicyView& view, const std::vector<eval::Match>& considered,
                       const FixedKeys& fixed) {
  for (const eval::Match& m : considered) {
    const policy::Document* doc = document_of(view, m.policy);
    if (doc == nullptr || m.statement >= doc->statements.size()) continue;
    add(doc->statements[m.statement], doc->variables_enabled(), fixed);
  }
}

SearchResult search(const ContextSpace& space, eval::Request& request, std::size_t max_tries,
                    const std::function<bool(const eval::Request&)>& accept, const Restrict& restrict) {
  SearchResult r;
  const eval::Context facts = request.context;
  std::vector<const KeyConditions*> order;
  std::vector<Witnesses> values;
  std::size_t product = 1;
  for (const auto& [key, k] : space.keys()) {
    values.push_back(witnesses(k, key_type(key), facts));
    if (restrict) restrict(key, values.back());
    if (values.back().values.empty()) values.back().values.push_back({});
    order.push_back(&k);
    if (!values.back().exact) r.exact = false;
    if (values.back().variables) r.variables = true;
    product = std::min(product * values.back().values.size(), max_tries + 1);
  }
  if (product > max_tries) {
    r.exact = false;
    r.too_many = true;
    return r;
  }
  // Odometer over the witness lists, starting from every key at its first witness.
  std::vector<std::size_t> at(order.size(), 0);
  for (std::size_t j = 0; j < at.size(); ++j) set_value(request.context, order[j]->key, values[j].values[0]);
  for (;;) {
    if (accept(request)) {
      r.found = true;
      for (std::size_t j = 0; j < at.size(); ++j) {
        if (values[j].values[at[j]].present) r.set_keys.push_back(order[j]->name);
      }
      return r;
    }
    std::size_t i = 0;
    while (i < at.size() && ++at[i] == values[i].values.size()) at[i++] = 0;
    if (i == at.size()) break;
    for (std::size_t j = 0; j <= i; ++j) set_value(request.context, order[j]->key, values[j].values[at[j]]);
  }
  request.context = facts;
  return r;
}

const policy::Document* document_of(const eval::PolicyView& view, const eval::PolicyRef& ref) {
  const auto at = [](const std::vector<const policy::Document*>& v, std::int32_t i) -> const policy::Document* {
    return i >= 0 && static_cast<std::size_t>(i) < v.size() ? v[static_cast<std::size_t>(i)] : nullptr;
  };
  const auto level = [&](const std::vector<std::vector<const policy::Document*>>& v) -> const policy::Document* {
    if (ref.level < 0 || static_cast<std::size_t>(ref.level) >= v.size()) return nullptr;
    return at(v[static_cast<std::size_t>(ref.level)], ref.index);
  };
  switch (ref.layer) {
    case eval::Layer::identity: return at(view.identity, ref.index);
    case eval::Layer::session: return at(view.session, ref.index);
    case eval::Layer::boundary: return view.boundary;
    case eval::Layer::resource: return view.resource;
    case eval::Layer::scp: return level(view.scps);
    case eval::Layer::rcp: return level(view.rcps);
    case eval::Layer::caller: return nullptr;
  }
  return nullptr;
}

}  // namespace iw::reason
