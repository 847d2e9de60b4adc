#include "lint/catalog_cache.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>

namespace iw::lint {

namespace {

constexpr std::size_t kMaxEntries = 1 << 14;

template <typename Map>
void bound(Map& map) {
  if (map.size() >= kMaxEntries) map.clear();
}

// Memoizes compute() per thread under `key`.
template <typename Compute>
bool memo(const std::string& key, Compute compute) {
  thread_local std::unordered_map<std::string, bool> cache;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  bound(cache);
  const bool result = compute();
  cache.emplace(key, result);
  return result;
}

// A key buffer reused by the calling thread (no allocation once grown): a tag, the address of
// `object` and the text parts.
template <typename T>
const std::string& key_of(char tag, const T* object, std::initializer_list<std::string_view> parts) {
  thread_local std::string key;
  key.assign(1, tag);
  const auto address = reinterpret_cast<std::uintptr_t>(object);
  key.append(reinterpret_cast<const char*>(&address), sizeof address);
  for (std::string_view p : parts) {
    key += '\n';
    key += p;
  }
  return key;
}

}  // namespace

bool Expansion::may_match(const catalog::ResourcePattern& resource) const {
  if (star_only && resource.matches_star()) return true;
  return std::any_of(types.begin(), types.end(), [&](const catalog::ResourceType* t) { return resource.may_match(*t); });
}

std::shared_ptr<const Expansion> cached_expand(std::string_view pattern) {
  thread_local std::unordered_map<std::string, std::shared_ptr<const Expansion>> cache;
  thread_local std::string key;
  key.assign(pattern);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  bound(cache);
  auto e = std::make_shared<Expansion>();
  e->actions = catalog::Catalog::get().expand(pattern);
  for (const catalog::Action* a : e->actions) {
    e->star_only = e->star_only || catalog::takes_only_star(*a);
    for (const catalog::ActionResource& r : a->resource_types) {
      if (std::find(e->types.begin(), e->types.end(), r.type) == e->types.end()) e->types.push_back(r.type);
    }
  }
  return cache.emplace(key, std::move(e)).first->second;
}

bool cached_may_match(const catalog::Action& action, std::string_view resource_pattern) {
  return memo(key_of('a', &action, {resource_pattern}),
              [&] { return catalog::action_may_match_resource(action, resource_pattern); });
}

bool cached_type_may_match(const catalog::ResourceType& type, std::string_view resource_pattern) {
  return memo(key_of('t', &type, {resource_pattern}),
              [&] { return catalog::resource_type_may_match(type, resource_pattern); });
}

}  // namespace iw::lint
