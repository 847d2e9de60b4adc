// An organization folder seen as one account (merge_organization in account.h).
#include <set>

#include "account/account.h"

namespace iw::account {

const OrgPolicyLevels& Account::scps_of(std::string_view account) const {
  const auto it = member_scps.find(account);
  return it == member_scps.end() ? scps : it->second;
}

const OrgPolicyLevels& Account::rcps_of(std::string_view account) const {
  const auto it = member_rcps.find(account);
  return it == member_rcps.end() ? rcps : it->second;
}

Account merge_organization(const std::vector<Account>& accounts) {
  Account out;
  if (accounts.size() == 1) out.id = accounts.front().id;
  std::set<std::string, std::less<>> policy_arns;
  for (const Account& a : accounts) {
    out.users.insert(out.users.end(), a.users.begin(), a.users.end());
    out.groups.insert(out.groups.end(), a.groups.begin(), a.groups.end());
    out.roles.insert(out.roles.end(), a.roles.begin(), a.roles.end());
    for (const ManagedPolicy& p : a.policies) {
      if (policy_arns.insert(p.arn).second) out.policies.push_back(p);
    }
    out.resource_policies.insert(out.resource_policies.end(), a.resource_policies.begin(), a.resource_policies.end());
    out.compute.insert(out.compute.end(), a.compute.begin(), a.compute.end());
    out.member_scps.emplace(a.id, a.scps);
    out.member_rcps.emplace(a.id, a.rcps);
    if (a.taken_at && (!out.taken_at || *a.taken_at < *out.taken_at)) out.taken_at = a.taken_at;
    for (const std::string& f : a.files) {
      if (!out.has_file(f)) out.files.push_back(f);
    }
  }
  if (accounts.size() == 1) {
    out.scps = accounts.front().scps;
    out.rcps = accounts.front().rcps;
    out.directory = accounts.front().directory;
  }
  out.build_lookup();
  return out;
}

}  // namespace iw::account
