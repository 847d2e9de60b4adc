// Reading the paths given to `iamwarden iac`: which files are infrastructure code, and what
// they declare (contracts.md §7).
//
// Directories are walked recursively (skipping .git, .terraform and node_modules). A file is
// read as: a CloudFormation / SAM template or CDK output (JSON or YAML with a Resources map),
// a Terraform plan (`terraform show -json` output), or Terraform configuration (every
// directory holding .tf / .tf.json files is a root module; modules by local path are read
// through it). Every other file is skipped and counted, never linted as a policy.
//
// scan() throws ScanError ("file:line:column: message") for a path that does not exist, a
// template or Terraform file that does not parse, a --var / --var-file that is wrong, and when
// nothing in the paths is infrastructure code.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "iac/model.h"

namespace iw::iac {

struct ScanError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ScanOptions {
  Environment env;
  std::vector<std::string> vars;       // --var name=value (Terraform)
  std::vector<std::string> var_files;  // --var-file FILE (.tfvars, .tfvars.json)
};

struct Scan {
  Declarations decl;
  std::vector<std::string> files;              // infrastructure code files read, in order
  std::vector<std::string> skipped;            // other files found in directories
  std::map<std::string, std::string> texts;    // file -> text (for source lines in reports)
  std::size_t templates = 0, plans = 0, terraform_files = 0;
};

Scan scan(const std::vector<std::string>& paths, const ScanOptions& options);

// The path as reported: relative to the working directory when it is inside it.
std::string display_path(const std::string& path);

}  // namespace iw::iac
