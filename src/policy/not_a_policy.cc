// policy::not_a_policy(): tells JSON files that are no IAM policy (package.json, CloudFormation
// templates, data files) from policies, so that scanning a folder does not lint them.
#include <string>

#include "policy/policy.h"

namespace iw::policy {

std::string not_a_policy(const json::Document& doc, const json::Node& node) {
  if (node.kind != json::Kind::object) {
    return "a JSON " + std::string(json::to_string(node.kind)) + ", not an object";
  }
  for (const char* key : {"AWSTemplateFormatVersion", "Resources"}) {
    if (doc.member(node, key) != nullptr) return std::string("a CloudFormation template (it has ") + key + ")";
  }
  if (doc.member(node, "Statement") != nullptr) return {};
  const json::Node* version = doc.member(node, "Version");
  if (version != nullptr && version->kind == json::Kind::string &&
      (version->text == "2012-10-17" || version->text == "2008-10-17")) {
    return {};
  }
  return "a JSON object without a Statement";
}

}  // namespace iw::policy
