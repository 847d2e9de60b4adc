#include "iac/related.h"

#include <array>
#include <utility>

namespace iw::iac {

namespace {

// checkov ids are those of its Terraform and CloudFormation checks of the same meaning (data
// source and resource variants); KICS by query name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kRelated{{
    {"admin-wildcard", "checkov:CKV_AWS_1"},
    {"admin-wildcard", "checkov:CKV_AWS_62"},
    {"admin-wildcard", "checkov:CKV_AWS_63"},
    {"admin-wildcard", "kics:IAM Policies With Full Privileges"},
    {"admin-principal", "checkov:CKV_AWS_274"},
    {"credentials-exposure", "checkov:CKV_AWS_107"},
    {"credentials-exposure", "checkov:CKV_AWS_287"},
    {"data-exfiltration", "checkov:CKV_AWS_108"},
    {"data-exfiltration", "checkov:CKV_AWS_288"},
    {"privilege-escalation", "checkov:CKV_AWS_110"},
    {"privilege-escalation", "checkov:CKV_AWS_286"},
    {"public-principal", "checkov:CKV_AWS_283"},
    {"public-principal", "checkov:CKV_AWS_60"},
}};

}  // namespace

std::vector<std::string> related_ids(std::string_view id) {
  std::vector<std::string> out;
  for (const auto& [ours, theirs] : kRelated) {
    if (ours == id) out.emplace_back(theirs);
  }
  if (id == "privilege-escalation-principal") {
    out.emplace_back("checkov:CKV_AWS_110");
    out.emplace_back("checkov:CKV_AWS_286");
  }
  return out;
}

}  // namespace iw::iac
