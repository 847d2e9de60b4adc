// Internal to iac/: the aws_iam_policy_document data source, as the Terraform AWS provider
// renders it.
//
// `body` is the data block's evaluated body (attributes, and nested blocks as tuples of
// objects: statement, principals, not_principals, condition). The result is what `.json`
// returns: a string holding the policy JSON, whose `encoded` tree keeps every value's source
// range. Statements: sid, effect (default Allow), actions / not_actions, resources /
// not_resources, principals / not_principals (merged by type; type "*" with identifier "*"
// is Principal "*"), condition (test, variable, values; merged by test and variable).
// source_policy_documents are merged first (a later one's statement replaces an earlier one's
// with the same Sid), then this document's statements replace those with the same Sid or are
// appended, then override_policy_documents replace same-Sid statements or are appended.
#pragma once

#include "hcl/hcl.h"

namespace iw::iac {

hcl::Value build_policy_document(const hcl::Value& body, const hcl::Range& where);

}  // namespace iw::iac
