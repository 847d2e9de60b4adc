// The external-access and public-access findings of one policy (contracts.md §9): what
// `access external` reports for a snapshot or a policy file, and `iac` for the resource and
// trust policies infrastructure code declares. One place decides their message, location and
// "access" JSON object, so both commands report a grant the same way.
#pragma once

#include <string>

#include "access/external.h"
#include "core/finding.h"
#include "core/source.h"

namespace iw::access {

// The policy a grant was found in, and what its finding names.
struct ExternalSubject {
  const policy::Document* doc = nullptr;
  std::string resource;  // Finding::resource: the ARN, or the file path of a lone policy
  std::string arn;       // the resource's ARN for the message; "" = "the resource"
  std::string owner;     // the owner's account
  const SourceText* source = nullptr;  // where the document's offsets point (null: no location)
};

// The finding of grant `g` (public-access or external-access) with "access": {principals,
// actions, conditions, public}; `location` is the first allowing statement in `source`.
Finding external_finding(const ExternalSubject& s, const ExternalGrant& g, const Zone& zone);

// The conditions under which grant `g` holds, one "OPERATOR key value|value" per key.
std::vector<std::string> condition_texts(const ExternalGrant& g);

}  // namespace iw::access
