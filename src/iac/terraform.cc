#include "iac/terraform.h"

namespace iw::iac {

void read_terraform(const std::vector<std::string>& dirs, const ScanOptions&, Scan&) {
  if (!dirs.empty()) throw ScanError(dirs.front() + ": Terraform configuration is not supported yet; scan a plan (terraform show -json)");
}

}  // namespace iw::iac
