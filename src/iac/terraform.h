// Terraform configuration: root modules (directories of .tf / .tf.json files) to declarations.
//
// read_terraform() reads each directory as a root module: variables with defaults (overridden
// by --var-file and --var, in that order), locals, resources and data sources, modules by
// local path (recursively, with their inputs and outputs), count / for_each over collections
// the code determines, dynamic blocks, aws_iam_policy_document data sources (statements,
// principals, conditions, source_policy_documents / override_policy_documents),
// data.aws_caller_identity, data.aws_partition and data.aws_region. Resources are then read by
// resources.h. Inline suppressions are collected from comments. Throws ScanError for a file
// that does not parse and for a wrong --var / --var-file.
#pragma once

#include <string>
#include <vector>

#include "iac/scan.h"

namespace iw::iac {

void read_terraform(const std::vector<std::string>& dirs, const ScanOptions& options, Scan& out);

}  // namespace iw::iac
