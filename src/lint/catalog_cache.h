// Memoized catalog queries for lint: the same action patterns and resources recur across the
// policies of a run, and expanding a wildcard or intersecting a resource pattern with ARN
// formats costs microseconds. Each thread keeps its own bounded cache (cleared when full), so
// these functions are thread-safe and never grow without bound.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace iw::lint {

using Actions = std::vector<const catalog::Action*>;

// The actions an action pattern names, with what resource fit needs of them.
struct Expansion {
  Actions actions;                                  // sorted as Catalog::actions()
  std::vector<const catalog::ResourceType*> types;  // every resource type of those actions, once
  bool star_only = false;                           // one of them takes only Resource "*"

  // Does some action fit the pattern? (catalog::ResourcePattern::may_match on each action)
  bool may_match(const catalog::ResourcePattern& resource) const;
};

// Catalog::get().expand(pattern), shared (it stays valid after the cache is cleared).
std::shared_ptr<const Expansion> cached_expand(std::string_view pattern);

// catalog::action_may_match_resource(action, resource_pattern).
bool cached_may_match(const catalog::Action& action, std::string_view resource_pattern);

// catalog::resource_type_may_match(type, resource_pattern).
bool cached_type_may_match(const catalog::ResourceType& type, std::string_view resource_pattern);

}  // namespace iw::lint
