// From what the code declares (model.h) to findings (contracts.md §7).
//
// analyze() lints every extracted policy with every lint check, with `location` pointing into
// the infrastructure code and `iac` naming the owning resource; with `paths`, it also builds
// the declared account and adds admin-principal and privilege-escalation-principal findings
// as the audit decides them (paths.h). Every resource policy and role trust policy is also
// decided as `access external` decides it (access/external.h), with the zone of trust
// `env.account` (or organization `org`): public-access and external-access findings with their
// "access" object. Then: one iac-unresolved finding per placeholder a
// policy used, naming the findings that assumed it; inline suppressions applied (one with no
// reason is a suppression-without-reason finding and suppresses nothing); `related` filled.
// Never throws on the content of the code. Thread-compatible (no shared state).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/finding.h"
#include "iac/model.h"

namespace iw::iac {

struct AnalyzeOptions {
  Environment env;
  bool paths = false;
  std::string org;  // "o-...": the zone of trust of external-access is this organization
  // Only public-access and external-access (`access external` on infrastructure code): no lint,
  // no paths, no iac-unresolved findings; `policies` counts the resource and trust policies.
  bool external_only = false;
  // File texts by reported path, for the source line shown under a finding (optional).
  const std::map<std::string, std::string>* texts = nullptr;
};

struct Analysis {
  std::vector<Finding> findings;
  std::size_t policies = 0;    // policy documents linted
  std::size_t principals = 0;  // with paths: users and roles whose access was decided
  std::size_t suppressed = 0;  // findings an inline suppression removed
};

Analysis analyze(const Declarations& decl, const AnalyzeOptions& options);

}  // namespace iw::iac
