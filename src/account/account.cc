// Account lookups.
#include "account/account.h"

#include <algorithm>

#include "core/parallel.h"

namespace iw::account {

namespace {

template <typename T, typename Key>
KeyIndex index_of(const std::vector<T>& list, Key key) {
  return KeyIndex(list.size(), [&](std::size_t i) -> std::string_view { return key(list[i]); });
}

// Through the index while it is current for `list`, else by scanning.
template <typename T, typename Key>
const T* find(const std::vector<T>& list, const KeyIndex& index, std::size_t indexed_size, bool built,
              std::string_view wanted, Key key) {
  if (built && indexed_size == list.size() && !index.empty()) {
    const std::size_t i = index.find(wanted, [&](std::size_t at) -> std::string_view {
      return at < list.size() ? std::string_view(key(list[at])) : std::string_view();
    });
    return i == KeyIndex::npos ? nullptr : &list[i];
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
      case 0: lookup.user_names = index_of(users, by_name); break;
      case 1: lookup.user_arns = index_of(users, by_arn); break;
      case 2: lookup.group_names = index_of(groups, by_name); break;
      case 3: lookup.role_names = index_of(roles, by_name); break;
      case 4: lookup.role_arns = index_of(roles, by_arn); break;
      default: lookup.policy_arns = index_of(policies, by_arn); break;
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
