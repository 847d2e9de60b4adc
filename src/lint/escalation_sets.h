// The permission sets that, granted together by one policy, let its holder escalate privileges
// (lint id `privilege-escalation`): the methods of the escalation table (catalog/escalation.h)
// that a lone policy can complete, with their permissions and wording taken from that table.
//
// Some methods work only through a resource that must already exist (an instance profile, a
// function and its role, instances to open sessions on). Whether they escalate depends on what
// those resources run as, which `audit` and `paths` decide from an account snapshot; on a lone
// policy they are reported at info severity, saying which resource they need (`existing`).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/escalation.h"

namespace iw::lint {

struct EscalationSet {
  const catalog::Method* method = nullptr;
  // One entry per permission of the method: its '|' alternatives (any one completes it).
  std::vector<std::vector<std::string_view>> permissions;
  std::string existing;  // "<the resource it needs> exists", or "" when it needs none
};

// The sets, built once from the method table.
std::span<const EscalationSet> escalation_sets();

}  // namespace iw::lint
