#include "lint/catalog_cache.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace iw::lint {

namespace {

constexpr std::size_t kMaxEntries = 1 << 14;

template <typename Map>
void bound(Map& map) {
  if (map.size() >= kMaxEntries) map.clear();
}

}  // namespace

const std::vector<const catalog::Action*>& cached_expand(std::string_view pattern) {
  thread_local std::unordered_map<std::string, std::vector<const catalog::Action*>> cache;
  const std::string key(pattern);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  bound(cache);
  return cache.emplace(key, catalog::Catalog::get().expand(pattern)).first->second;
}

namespace {

// Memoizes pred(object, pattern) per thread, keyed by the object's address and the pattern.
template <typename T, typename Pred>
bool memo(const T& object, std::string_view pattern, Pred pred) {
  thread_local std::unordered_map<std::string, bool> cache;
  std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(&object));
  key += '|';
  key += pattern;
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  bound(cache);
  const bool result = pred(object, pattern);
  cache.emplace(std::move(key), result);
  return result;
}

}  // namespace

bool cached_may_match(const catalog::Action& action, std::string_view resource_pattern) {
  return memo(action, resource_pattern, catalog::action_may_match_resource);
}

bool cached_type_may_match(const catalog::ResourceType& type, std::string_view resource_pattern) {
  return memo(type, resource_pattern, catalog::resource_type_may_match);
}

}  // namespace iw::lint
