// Who outside the zone of trust can act on a resource (contracts.md §9 `access external`), and
// the check-no-public check built on it.
//
// For one resource or trust policy, external() searches (find.h) for a request the policy allows
// from a principal outside the zone: an account other than the owner's, anonymous, with the
// context keys of the zone settled for an outsider (aws:PrincipalOrgID is not the zone's
// organization; aws:SourceAccount/SourceArn/SourceOwner are absent: only services acting for a
// resource carry them, and service principals are not external). The principal's own account is
// assumed to let its principals in (an allow-all identity policy), so what is found is the
// policy's grant.
//
// Public access is access by a principal of an account no policy names, or anonymous, with no
// organization keys and with the network narrowed: aws:SourceVpce/aws:SourceVpc (and aws:userid,
// as S3 counts it) are absent or a value the policy does not list, aws:SourceIp is outside every IpAddress range of /8 or
// narrower. Wildcard values, NotIpAddress and broad ranges therefore stay public.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "access/compare.h"
#include "eval/request.h"
#include "policy/policy.h"

namespace iw::access {

struct Zone {
  std::string account;  // the owner's account
  std::string org;      // "o-..." when the zone is the organization, else ""
};

struct ExternalInput {
  const policy::Document* doc = nullptr;
  policy::Kind kind = policy::Kind::resource;  // resource or trust
  std::string resource;  // the resource's ARN (a trust policy: the role's); "" = any the policy names
};

// One way in from outside.
struct ExternalGrant {
  bool is_public = false;
  std::vector<std::string> principals;  // as the allowing statements write them
  std::vector<std::string> actions;     // as written ("NotAction: x" for NotAction)
  std::map<std::string, std::map<std::string, std::vector<std::string>>> conditions;  // op -> key -> values
  std::vector<std::uint32_t> statements;  // the allowing statements
  eval::RequestSpec example;              // a request the policy allows (contracts.md §4 fields)
};

struct ExternalResult {
  std::vector<ExternalGrant> grants;  // public first
  bool exact = true;          // false: more access may exist than was found (see why)
  std::vector<std::string> why;
};

ExternalResult external(const ExternalInput& input, const Zone& zone);

// True when every Allow statement of `doc` has a Principal (not NotPrincipal) whose every entry
// is a service or the zone's own account: its 12-digit id, its root ARN or one of its roles, with
// no wildcard. A caller outside the zone (another account or anonymous) needs an applicable
// resource Allow (aws-evaluation-semantics.md §3 steps 5-7) and no such statement applies to it,
// so external() finds no grant for `doc`; callers that only want the grants may skip it.
bool names_only_zone_principals(const policy::Document& doc, const Zone& zone);

// check-no-public: `fail` with a request an outsider makes, `pass` (proved), or `unknown`.
Proof check_no_public(const PolicyInput& policy, policy::Kind kind);

}  // namespace iw::access
