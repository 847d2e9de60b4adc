// Memoized catalog queries for lint: the same action patterns and resources recur across the
// policies of a run, and expanding a wildcard or intersecting a resource pattern with ARN
// formats costs microseconds. Each thread keeps its own bounded cache (cleared when full), so
// these functions are thread-safe and never grow without bound.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace iw::lint {

// Catalog::get().expand(pattern). The reference stays valid until the cache of this thread
// is next cleared (at most once per kMaxEntries distinct patterns): copy it to keep it.
const std::vector<const catalog::Action*>& cached_expand(std::string_view pattern);

// catalog::action_may_match_resource(action, resource_pattern).
bool cached_may_match(const catalog::Action& action, std::string_view resource_pattern);

// catalog::resource_type_may_match(type, resource_pattern).
bool cached_type_may_match(const catalog::ResourceType& type, std::string_view resource_pattern);

}  // namespace iw::lint
