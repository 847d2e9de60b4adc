// Catalog lookups: by name, by pattern, by nearness (for "did you mean").
#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/glob.h"
#include "core/strings.h"

namespace iw::catalog {

namespace {

// Binary search of a span sorted case-insensitively by name(item).
template <typename T, typename Name>
const T* find_sorted(std::span<const T> items, std::string_view key, Name name) {
  const auto it = std::lower_bound(items.begin(), items.end(), key,
                                   [&](const T& item, std::string_view k) {
                                     return detail::icompare(name(item), k) < 0;
                                   });
  if (it == items.end() || detail::icompare(name(*it), key) != 0) return nullptr;
  return &*it;
}

// Largest edit distance still taken for a typo of a name of this length.
std::size_t typo_budget(std::size_t length) {
  if (length <= 3) return 1;
  if (length <= 8) return 2;
  if (length <= 16) return 3;
  return 4;
}

// The candidate nearest to `query` within its typo budget, or nullptr (first wins a tie).
template <typename T, typename Name>
const T* nearest(std::span<const T> items, std::string_view query, Name name) {
  if (query.empty()) return nullptr;
  std::size_t best_distance = typo_budget(query.size()) + 1;
  const T* best = nullptr;
  for (const T& item : items) {
    const std::size_t d = edit_distance(query, name(item), best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = &item;
      if (d == 0) break;
    }
  }
  return best;
}

const auto prefix_of = [](const Service& s) { return s.prefix; };
const auto name_of = [](const auto& x) { return x.name; };

}  // namespace

std::string full_name(const Action& action) {
  std::string out;
  out.reserve(action.service.size() + 1 + action.name.size());
  out.append(action.service).append(":").append(action.name);
  return out;
}

bool action_matches(std::string_view pattern, const Action& action) {
  // An action name never holds ':', so a ':' of the pattern can only meet the one between
  // service and name: the parts match apart. A pattern without ':' must span both ("*", "s3*").
  const std::size_t colon = pattern.find(':');
  if (colon != std::string_view::npos) {
    return detail::glob_match(pattern.substr(0, colon), action.service) &&
           detail::glob_match(pattern.substr(colon + 1), action.name);
  }
  if (!detail::has_wildcard(pattern)) return false;
  return detail::glob_match(pattern, action.service, action.name);
}

bool takes_only_star(const Action& action) { return action.resource_types.empty(); }

const Service* Catalog::service(std::string_view prefix) const {
  return find_sorted(services(), prefix, prefix_of);
}

const Action* Catalog::action(std::string_view service_prefix, std::string_view name) const {
  const Service* s = service(service_prefix);
  return s == nullptr ? nullptr : find_sorted(s->actions, name, name_of);
}

const Action* Catalog::action(std::string_view full) const {
  const std::size_t colon = full.find(':');
  if (colon == std::string_view::npos) return nullptr;
  return action(full.substr(0, colon), full.substr(colon + 1));
}

std::vector<const Action*> Catalog::expand(std::string_view pattern) const {
  std::vector<const Action*> out;
  const std::size_t colon = pattern.find(':');
  const std::string_view service_part = pattern.substr(0, colon);
  const auto add_matches = [&](const Service& s) {
    for (const Action& a : s.actions) {
      if (action_matches(pattern, a)) out.push_back(&a);
    }
  };
  if (colon != std::string_view::npos && !detail::has_wildcard(service_part)) {
    if (const Service* s = service(service_part)) add_matches(*s);
    return out;
  }
  for (const Service& s : services_) {
    if (colon != std::string_view::npos && !detail::glob_match(service_part, s.prefix)) continue;
    add_matches(s);
  }
  return out;
}

const ConditionKey* Catalog::condition_key(std::string_view name) const {
  if (const ConditionKey* exact = find_sorted(condition_keys(), name, name_of)) return exact;
  for (const KeyTemplate& t : templates_) {
    if (detail::glob_match(t.glob, name)) return t.key;
  }
  return nullptr;
}

std::string Catalog::suggest_service(std::string_view prefix) const {
  const Service* s = nearest(services(), prefix, prefix_of);
  return s == nullptr ? std::string() : std::string(s->prefix);
}

std::string Catalog::suggest_action(std::string_view full) const {
  const std::size_t colon = full.find(':');
  if (colon == std::string_view::npos) return {};
  const std::string_view prefix = full.substr(0, colon);
  const Service* s = service(prefix);
  if (s == nullptr) s = nearest(services(), prefix, prefix_of);
  if (s == nullptr) return {};
  const Action* a = nearest(s->actions, full.substr(colon + 1), name_of);
  return a == nullptr ? std::string() : full_name(*a);
}

}  // namespace iw::catalog
