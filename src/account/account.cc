// Account lookups.
#include "account/account.h"

#include <algorithm>

#include "core/parallel.h"

namespace iw::account {

namespace {

using Index = Account::Lookup::Index;

std::uint64_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

template <typename T, typename Key>
void fill(Index& index, const std::vector<T>& list, Key key) {
  std::size_t slots = 16;
  while (slots < 2 * list.size()) slots *= 2;
  index.assign(slots, {0, 0});
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::uint64_t h = hash_of(key(list[i]));
    std::size_t s = h & (slots - 1);
    while (index[s].second != 0) s = (s + 1) & (slots - 1);
    index[s] = {h, static_cast<std::uint32_t>(i + 1)};
  }
}

// Through the index while it is current for `list`, else by scanning.
template <typename T, typename Key>
const T* find(const std::vector<T>& list, const Index& index, std::size_t indexed_size, bool built,
              std::string_view wanted, Key key) {
  if (built && indexed_size == list.size() && !index.empty()) {
    const std::uint64_t h = hash_of(wanted);
    const std::size_t mask = index.size() - 1;
    for (std::size_t s = h & mask; index[s].second != 0; s = (s + 1) & mask) {
      if (index[s].first != h) continue;
      const std::uint32_t i = index[s].second - 1;
      if (i < list.size() && key(list[i]) == wanted) return &list[i];
    }
    return nullptr;
  }
  for (const T& item : list) {
    if (key(item) == wanted) return &item;
  }
  return nullptr;
}

const std::string& name_of(const auto& x) { return x.name; }
const std::string& arn_of(const auto& x) { return x.arn; }

}  // namespace

const PolicyDoc* ManagedPolicy::default_document() const {
  for (const PolicyVersion& v : versions) {
    if (v.is_default) return &v.doc;
  }
  for (const PolicyVersion& v : versions) {
    if (!default_version_id.empty() && v.version_id == default_version_id) return &v.doc;
  }
  return nullptr;
}

void Account::build_lookup() {
  auto by_name = [](const auto& x) -> const std::string& { return x.name; };
  auto by_arn = [](const auto& x) -> const std::string& { return x.arn; };
  // Six independent tables, on every core (their keys are in cold memory after a large load).
  parallel_for(6, 0, [&](std::size_t i) {
    switch (i) {
      case 0: fill(lookup.user_names, users, by_name); break;
      case 1: fill(lookup.user_arns, users, by_arn); break;
      case 2: fill(lookup.group_names, groups, by_name); break;
      case 3: fill(lookup.role_names, roles, by_name); break;
      case 4: fill(lookup.role_arns, roles, by_arn); break;
      default: fill(lookup.policy_arns, policies, by_arn); break;
    }
  });
  lookup.users = users.size();
  lookup.groups = groups.size();
  lookup.roles = roles.size();
  lookup.policies = policies.size();
  lookup.built = true;
}

bool Account::has_file(std::string_view name) const {
  return std::find(files.begin(), files.end(), name) != files.end();
}

const User* Account::user_by_name(std::string_view name) const {
  return find(users, lookup.user_names, lookup.users, lookup.built, name, name_of<User>);
}
const User* Account::user_by_arn(std::string_view arn) const {
  return find(users, lookup.user_arns, lookup.users, lookup.built, arn, arn_of<User>);
}
const Group* Account::group_by_name(std::string_view name) const {
  return find(groups, lookup.group_names, lookup.groups, lookup.built, name, name_of<Group>);
}
const Role* Account::role_by_name(std::string_view name) const {
  return find(roles, lookup.role_names, lookup.roles, lookup.built, name, name_of<Role>);
}
const Role* Account::role_by_arn(std::string_view arn) const {
  return find(roles, lookup.role_arns, lookup.roles, lookup.built, arn, arn_of<Role>);
}
const ManagedPolicy* Account::policy_by_arn(std::string_view arn) const {
  return find(policies, lookup.policy_arns, lookup.policies, lookup.built, arn, arn_of<ManagedPolicy>);
}

}  // namespace iw::account
