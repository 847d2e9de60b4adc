#include "demo/aws_managed.h"

#include <array>

#include "catalog/catalog.h"
#include "core/json_writer.h"

namespace iw::demo {

namespace {

constexpr std::array<std::string_view, 14> kSecurityServices = {
    "access-analyzer", "cloudtrail", "config", "ec2", "guardduty", "iam", "kms",
    "lambda", "logs", "organizations", "s3", "secretsmanager", "securityhub", "sts"};

bool has_prefix_action(const catalog::Service& s, std::string_view verb) {
  for (const catalog::Action& a : s.actions) {
    if (a.name.starts_with(verb)) return true;
  }
  return false;
}

// Allow `actions` on "*", one statement, as a document.
std::string allow_all(const std::vector<std::string>& actions, std::string_view sid) {
  JsonWriter w(JsonWriter::Style::compact);
  w.begin_object().member("Version", "2012-10-17").key("Statement").begin_array();
  w.begin_object().member("Sid", sid).member("Effect", "Allow").key("Action").value(actions).member("Resource", "*");
  w.end_object().end_array().end_object();
  return std::move(w).take();
}

// svc:VERB* for every service with an action starting with VERB.
std::vector<std::string> by_verbs(std::initializer_list<std::string_view> verbs) {
  std::vector<std::string> out;
  for (const catalog::Service& s : catalog::Catalog::get().services()) {
    for (std::string_view v : verbs) {
      if (has_prefix_action(s, v)) out.push_back(std::string(s.prefix) + ":" + std::string(v) + "*");
    }
  }
  return out;
}

std::vector<std::string> security_audit_actions() {
  std::vector<std::string> out;
  for (const catalog::Service& s : catalog::Catalog::get().services()) {
    bool wanted = false;
    for (std::string_view p : kSecurityServices) wanted = wanted || s.prefix == p;
    if (!wanted) continue;
    for (const catalog::Action& a : s.actions) {
      if (a.level == catalog::AccessLevel::list ||
          (a.level == catalog::AccessLevel::read && (a.name.starts_with("Get") || a.name.starts_with("Describe")))) {
        out.push_back(std::string(s.prefix) + ":" + std::string(a.name));
      }
    }
  }
  return out;
}

std::string power_user() {
  JsonWriter w(JsonWriter::Style::compact);
  w.begin_object().member("Version", "2012-10-17").key("Statement").begin_array();
  w.begin_object().member("Effect", "Allow").key("NotAction")
      .value(std::vector<std::string>{"iam:*", "organizations:*", "account:*"}).member("Resource", "*").end_object();
  w.begin_object().member("Effect", "Allow").key("Action")
      .value(std::vector<std::string>{"iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles",
                                      "organizations:DescribeOrganization", "account:ListRegions",
                                      "account:GetAccountInformation"})
      .member("Resource", "*").end_object();
  w.end_array().end_object();
  return std::move(w).take();
}

}  // namespace

const std::vector<ManagedShape>& aws_managed_shapes() {
  static const std::vector<ManagedShape> shapes = {
      {"ReadOnlyAccess", allow_all(by_verbs({"Get", "List", "Describe"}), "ReadOnly")},
      {"ViewOnlyAccess", allow_all(by_verbs({"List", "Describe"}), "ViewOnly")},
      {"SecurityAudit", allow_all(security_audit_actions(), "SecurityAudit")},
      {"PowerUserAccess", power_user()},
  };
  return shapes;
}

}  // namespace iw::demo
