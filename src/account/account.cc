// Account lookups.
#include "account/account.h"

#include <algorithm>

namespace iw::account {

namespace {

using Index = Account::Lookup::Index;

template <typename T, typename Key>
void fill(Index& index, const std::vector<T>& list, Key key) {
  index.clear();
  index.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) index.emplace(key(list[i]), static_cast<std::uint32_t>(i));
}

// Through the index while it is current for `list`, else by scanning.
template <typename T, typename Key>
const T* find(const std::vector<T>& list, const Index& index, std::size_t indexed_size, bool built,
              std::string_view wanted, Key key) {
  if (built && indexed_size == list.size()) {
    auto it = index.find(wanted);
    if (it == index.end()) return nullptr;
    if (it->second < list.size() && key(list[it->second]) == wanted) return &list[it->second];
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
  fill(lookup.user_names, users, by_name);
  fill(lookup.user_arns, users, by_arn);
  fill(lookup.group_names, groups, by_name);
  fill(lookup.role_names, roles, by_name);
  fill(lookup.role_arns, roles, by_arn);
  fill(lookup.policy_arns, policies, by_arn);
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
