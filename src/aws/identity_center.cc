// collect --identity-center: identity-center.json -- each instance's permission sets with their
// policies (inline, AWS managed, customer managed references, boundary) and the account
// assignments of the collected accounts.
#include "aws/collect.h"
#include "core/parallel.h"

namespace iw::aws {

namespace {

constexpr const char* kTarget = "SWBExternalService";

Value req(std::initializer_list<std::pair<const char*, std::string>> members) {
  Value r = Value::object();
  for (const auto& [k, v] : members) r.set(k, Value::string(v));
  return r;
}

Value call(Collector& c, const char* action, const Value& request) {
  return c.client().json("sso", kTarget, action, to_json_text(request));
}

Value document_or_null(const std::string& text) {
  if (text.empty()) return {};
  try {
    return parse_json_value(text);
  } catch (const XmlError&) {
    return Value::string(text);
  }
}

Value permission_set(Collector& c, const std::string& instance, const std::string& arn,
                     const std::vector<std::string>& accounts) {
  const Value ps = call(c, "DescribePermissionSet", req({{"InstanceArn", instance}, {"PermissionSetArn", arn}}));
  const Value* p = ps.find("PermissionSet");
  Value out = Value::object();
  out.set("arn", Value::string(arn));
  out.set("name", Value::string(p != nullptr ? p->str("Name") : ""));
  out.set("description", Value::string(p != nullptr ? p->str("Description") : ""));
  out.set("session_duration", Value::string(p != nullptr ? p->str("SessionDuration") : ""));
  const Value both = req({{"InstanceArn", instance}, {"PermissionSetArn", arn}});
  out.set("inline_policy", document_or_null(call(c, "GetInlinePolicyForPermissionSet", both).str("InlinePolicy")));
  Value managed = json_all_pages(c.client(), "sso", kTarget, "ListManagedPoliciesInPermissionSet", both,
                                 {"AttachedManagedPolicies"});
  out.set("managed_policies", managed.find("AttachedManagedPolicies") ? *managed.find("AttachedManagedPolicies")
                                                                       : Value::array());
  Value customer = json_all_pages(c.client(), "sso", kTarget, "ListCustomerManagedPolicyReferencesInPermissionSet",
                                  both, {"CustomerManagedPolicyReferences"});
  out.set("customer_managed_policies", customer.find("CustomerManagedPolicyReferences")
                                           ? *customer.find("CustomerManagedPolicyReferences")
                                           : Value::array());
  try {
    Value b = call(c, "GetPermissionsBoundaryForPermissionSet", both);
    out.set("permissions_boundary", b.find("PermissionsBoundary") ? *b.find("PermissionsBoundary") : Value());
  } catch (const AwsError& e) {
    if (e.code != "ResourceNotFoundException") throw;
    out.set("permissions_boundary", Value());
  }
  Value assignments = Value::array();
  for (const std::string& account : accounts) {
    Value a = json_all_pages(c.client(), "sso", kTarget, "ListAccountAssignments",
                             req({{"InstanceArn", instance}, {"AccountId", account}, {"PermissionSetArn", arn}}),
                             {"AccountAssignments"});
    if (const Value* l = a.find("AccountAssignments")) {
      for (const Value& x : l->items) {
        Value entry = Value::object();
        entry.set("account", Value::string(x.str("AccountId").empty() ? account : x.str("AccountId")));
        entry.set("principal_type", Value::string(x.str("PrincipalType")));
        entry.set("principal_id", Value::string(x.str("PrincipalId")));
        assignments.items.push_back(std::move(entry));
      }
    }
  }
  out.set("assignments", std::move(assignments));
  return out;
}

}  // namespace

void collect_identity_center(Collector& c, const std::string& directory, const std::vector<std::string>& accounts) {
  c.progress("identity center: permission sets");
  Value instances_out = Value::array();
  const bool ok = c.optional("sso:ListInstances", [&] {
    Value instances = json_all_pages(c.client(), "sso", kTarget, "ListInstances", Value::object(), {"Instances"});
    for (const Value& inst : instances.find("Instances")->items) {
      const std::string arn = inst.str("InstanceArn");
      Value sets = json_all_pages(c.client(), "sso", kTarget, "ListPermissionSets", req({{"InstanceArn", arn}}),
                                  {"PermissionSets"});
      const std::vector<Value>& arns = sets.find("PermissionSets")->items;
      std::vector<Value> described(arns.size());
      parallel_for(arns.size(), c.options().threads,
                   [&](std::size_t i) { described[i] = permission_set(c, arn, arns[i].text, accounts); });
      Value entry = Value::object();
      entry.set("instance_arn", Value::string(arn));
      entry.set("identity_store_id", Value::string(inst.str("IdentityStoreId")));
      Value list = Value::array();
      list.items = std::move(described);
      entry.set("permission_sets", std::move(list));
      instances_out.items.push_back(std::move(entry));
    }
  });
  if (!ok) return;
  Value root = Value::object();
  root.set("instances", std::move(instances_out));
  c.write_file(directory, "identity-center.json", to_json_text(root));
}

}  // namespace iw::aws
