// Terraform plan JSON (`terraform show -json plan.out`): every resource's planned values, which
// Terraform has already resolved. Values the plan marks unknown (known after apply) become
// placeholders. Resources are read from planned_values (root and child modules); the
// locations are those of the plan file.
#pragma once

#include "iac/model.h"
#include "iac/value.h"

namespace iw::iac {

// A plan: an object with format_version and planned_values (or resource_changes).
bool is_plan(const Value& root);

void read_plan(const Value& root, const Environment& env, Declarations& out);

}  // namespace iw::iac
