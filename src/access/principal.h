// A principal of an account snapshot as the authorization engine sees it: the policies AWS
// evaluates for it (its own, its groups', its boundary) and the facts the snapshot knows about
// the requests it makes (aws-evaluation-semantics.md §1, "Where AWS puts global keys").
//
// Facts are condition keys whose value (or absence) is settled by the snapshot: the principal's
// ARN, account, type, name and tags, the snapshot's time, the credential type (an IAM user calls
// with long-term access keys: no aws:TokenIssueTime; a role with session credentials), keys that
// only a service acting for a resource owner sets (aws:SourceArn, …: absent on the principal's
// own calls) and the organization when known. Every other key is chosen by whoever makes the
// request (source IP, region, request tags, service-specific parameters …): access that depends
// on such a key is possible, and "gated" by it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "account/account.h"
#include "eval/request.h"

namespace iw::access {

// The policies AWS evaluates for a user (its own and its groups') or a role.
struct PrincipalPolicies {
  std::string arn;
  std::string name;
  std::string account;  // from the ARN
  bool is_user = false;
  std::vector<const account::PolicyDoc*> identity;
  std::vector<std::string> identity_names;  // where each came from, for messages
  const account::PolicyDoc* boundary = nullptr;
  std::string boundary_arn;  // "" when none
  std::vector<account::Tag> tags;
  std::string id;  // unique id (AIDA…/AROA…) when known
};

PrincipalPolicies policies_of(const account::Account& a, const account::User& u);
PrincipalPolicies policies_of(const account::Account& a, const account::Role& r);
// Adds a group's inline and attached policies (as a member of `g` gets them) to `p`.
void add_group_policies(const account::Account& a, const account::Group& g, PrincipalPolicies& p);
// The group `name` of `account` (a dump may hold several accounts), or nullptr.
const account::Group* group_of(const account::Account& a, std::string_view account, std::string_view name);

// The account id in an IAM/STS ARN ("" when there is none).
std::string account_of(std::string_view arn);

// What the snapshot says about the world every request happens in.
struct World {
  account::Timestamp now = 0;          // aws:CurrentTime / aws:EpochTime
  std::string org_id;                  // aws:PrincipalOrgID when known ("" = unknown: chosen)
};

// The fact keys of requests made by one principal.
class Facts {
 public:
  static Facts of(const PrincipalPolicies& p, const World& world);
  // Values of the fact keys that are present.
  const eval::Context& context() const { return context_; }
  // Is the key (lower-cased) settled by the snapshot, present or absent?
  bool fixed(std::string_view key_lower) const;

 private:
  eval::Context context_;
  bool user_ = false;
  bool org_known_ = false;
};

}  // namespace iw::access
