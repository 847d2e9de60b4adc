// Policies shaped like AWS's job-function managed policies, written from the action catalog so
// that generated accounts carry multi-kilobyte documents of the kind real accounts attach:
// ReadOnlyAccess (Get*/List*/Describe* of every service), ViewOnlyAccess (List*/Describe*),
// SecurityAudit (every list and read action of the security-relevant services, by name) and
// PowerUserAccess (everything but IAM, Organizations and Account, with a few IAM reads). They
// follow AWS's shapes, not AWS's exact texts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace iw::demo {

struct ManagedShape {
  std::string_view name;  // "ReadOnlyAccess": the ARN is arn:aws:iam::aws:policy/NAME
  std::string document;   // compact JSON
};

// The four shapes, in a fixed order; the same bytes for the same catalog.
const std::vector<ManagedShape>& aws_managed_shapes();

}  // namespace iw::demo
