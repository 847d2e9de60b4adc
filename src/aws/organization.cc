// collect --org: the SCP and RCP levels of an account (root first, each OU down, the account
// last), as scps.json / rcps.json (docs/snapshot.md), and the organization's accounts.
#include <filesystem>

#include "aws/collect.h"

namespace iw::aws {

namespace {

constexpr const char* kTarget = "AWSOrganizationsV20161128";

Value request(std::initializer_list<std::pair<const char*, std::string>> members) {
  Value r = Value::object();
  for (const auto& [k, v] : members) r.set(k, Value::string(v));
  return r;
}

// Targets from the root down to the account.
std::vector<std::string> path_to(Client& org, const std::string& account_id) {
  std::vector<std::string> path{account_id};
  std::string child = account_id;
  for (int depth = 0; depth < 10; ++depth) {  // AWS allows five OU levels
    Value v = org.json("organizations", kTarget, "ListParents", to_json_text(request({{"ChildId", child}})));
    const Value* parents = v.find("Parents");
    if (parents == nullptr || parents->items.empty()) break;
    child = parents->items[0].str("Id");
    path.insert(path.begin(), child);
    if (child.rfind("r-", 0) == 0) break;
  }
  return path;
}

Value levels(Client& org, const std::vector<std::string>& path, const std::string& filter) {
  Value out = Value::array();
  for (const std::string& target : path) {
    Value list = json_all_pages(org, "organizations", kTarget, "ListPoliciesForTarget",
                                request({{"TargetId", target}, {"Filter", filter}}), {"Policies"});
    Value policies = Value::array();
    if (const Value* l = list.find("Policies")) {
      for (const Value& p : l->items) {
        Value d = org.json("organizations", kTarget, "DescribePolicy", to_json_text(request({{"PolicyId", p.str("Id")}})));
        const Value* policy = d.find("Policy");
        Value entry = Value::object();
        entry.set("name", Value::string(p.str("Name")));
        const std::string content = policy != nullptr ? policy->str("Content") : std::string();
        Value doc;
        try {
          doc = parse_json_value(content);
        } catch (const XmlError&) {
          doc = Value::string(content);
        }
        entry.set("document", std::move(doc));
        policies.items.push_back(std::move(entry));
      }
    }
    Value level = Value::object();
    level.set("target", Value::string(target));
    level.set("policies", std::move(policies));
    out.items.push_back(std::move(level));
  }
  Value root = Value::object();
  root.set("levels", std::move(out));
  return root;
}

}  // namespace

void collect_org_policies(Collector& c, Client& org, const std::string& account_id, const std::string& directory) {
  c.progress("organizations: policies of " + account_id);
  std::vector<std::string> path;
  if (!c.optional("organizations:ListParents", [&] { path = path_to(org, account_id); })) return;
  for (const auto& [filter, file] : {std::pair<std::string, std::string>{"SERVICE_CONTROL_POLICY", "scps.json"},
                                     {"RESOURCE_CONTROL_POLICY", "rcps.json"}}) {
    try {
      c.write_file(directory, file, to_json_text(levels(org, path, filter)));
    } catch (const AwsError& e) {
      // A policy type the organization has not enabled: no file (no such policies apply).
      if (e.code == "PolicyTypeNotEnabledException") continue;
      c.optional("organizations:ListPoliciesForTarget " + filter, [&] { throw e; });
    }
  }
}

std::vector<std::string> organization_accounts(Collector& c, Client& org) {
  c.progress("organizations:ListAccounts");
  Value v = json_all_pages(org, "organizations", kTarget, "ListAccounts", Value::object(), {"Accounts"});
  std::vector<std::string> out;
  if (const Value* l = v.find("Accounts")) {
    for (const Value& a : l->items) {
      if (a.str("Status").empty() || a.str("Status") == "ACTIVE") out.push_back(a.str("Id"));
    }
  }
  return out;
}

}  // namespace iw::aws
