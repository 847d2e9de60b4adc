// identity-center.json (docs/collect.md): IAM Identity Center instances, their permission sets
// with the policies they give (inline, AWS managed, customer managed references, boundary) and
// their account assignments. Read whole or rejected with a location, like every snapshot file.
#include "account/reader.h"
#include "core/time.h"

namespace iw::account::detail {

using json::Kind;
using json::Node;

namespace {

constexpr std::size_t kMaxNameBytes = 2048;  // names, paths, ids and ARNs

std::string short_string(const FileReader& r, const Node& n, std::string_view what) {
  std::string s = r.string(n, what);
  if (s.size() > kMaxNameBytes) r.fail(n, std::string(what) + " is longer than " + std::to_string(kMaxNameBytes) + " bytes");
  return s;
}

std::string required(const FileReader& r, const Node& object, std::string_view key, std::string_view owner) {
  const Node& n = r.required_node(object, key, owner);
  return short_string(r, n, key);
}

std::string optional(const FileReader& r, const Node& object, std::string_view key) {
  const Node* n = r.member(object, key);
  return n == nullptr ? std::string() : short_string(r, *n, key);
}

std::string arn_of(const FileReader& r, const Node& object, std::string_view key, std::string_view owner) {
  const Node& n = r.required_node(object, key, owner);
  std::string arn = short_string(r, n, key);
  if (!arn.starts_with("arn:")) r.fail(n, std::string(key) + " must be an ARN, not \"" + arn.substr(0, 80) + "\"");
  return arn;
}

// {"Name": ..., "Path": ...} as ListCustomerManagedPolicyReferencesInPermissionSet returns it.
PolicyReference reference(const FileReader& r, const Node& n, std::string_view what) {
  r.expect(n, Kind::object, what);
  PolicyReference ref;
  ref.name = required(r, n, "Name", what);
  if (ref.name.empty()) r.fail(n, std::string(what) + " has an empty Name");
  if (const Node* p = r.member(n, "Path")) {
    ref.path = short_string(r, *p, "Path");
    if (ref.path.empty() || ref.path.front() != '/' || ref.path.back() != '/') {
      r.fail(*p, "Path must start and end with '/', not \"" + ref.path.substr(0, 80) + "\"");
    }
  }
  return ref;
}

PermissionSetAssignment assignment(const FileReader& r, const Node& n) {
  r.expect(n, Kind::object, "each assignment");
  PermissionSetAssignment a;
  const Node& account = r.required_node(n, "account", "assignment");
  a.account = short_string(r, account, "account");
  if (a.account.size() != 12 || a.account.find_first_not_of("0123456789") != std::string::npos) {
    r.fail(account, "account must be 12 digits, not \"" + a.account.substr(0, 40) + "\"");
  }
  const Node& type = r.required_node(n, "principal_type", "assignment");
  a.principal_type = short_string(r, type, "principal_type");
  if (a.principal_type != "USER" && a.principal_type != "GROUP") {
    r.fail(type, "principal_type must be USER or GROUP, not \"" + a.principal_type.substr(0, 40) + "\"");
  }
  a.principal_id = required(r, n, "principal_id", "assignment");
  return a;
}

PermissionSet permission_set(FileReader& r, const Node& n) {
  r.expect(n, Kind::object, "each permission set");
  PermissionSet ps;
  ps.source = &r.source();
  ps.offset = n.offset;
  ps.arn = arn_of(r, n, "arn", "permission set");
  ps.name = optional(r, n, "name");
  ps.description = optional(r, n, "description");
  if (const Node* d = r.member(n, "session_duration")) {
    ps.session_duration = short_string(r, *d, "session_duration");
    if (!ps.session_duration.empty()) {
      ps.session_seconds = parse_duration(ps.session_duration);
      if (!ps.session_seconds) {
        r.fail(*d, "session_duration must be an ISO 8601 duration such as PT8H, not \"" +
                       ps.session_duration.substr(0, 40) + "\"");
      }
    }
  }
  if (const Node* p = r.member(n, "inline_policy")) {
    const bool empty_string = p->kind == Kind::string && p->text.empty();
    if (!empty_string) ps.inline_policy = r.read_doc(*p);
  }
  if (const Node* list = r.optional_array(n, "managed_policies")) {
    for (const Node& m : r.doc().children(*list)) {
      r.expect(m, Kind::object, "each managed policy ({\"Name\": ..., \"Arn\": ...})");
      ps.managed_policy_arns.push_back(arn_of(r, m, "Arn", "managed policy"));
    }
  }
  if (const Node* list = r.optional_array(n, "customer_managed_policies")) {
    for (const Node& m : r.doc().children(*list)) {
      ps.customer_managed.push_back(reference(r, m, "each customer managed policy ({\"Name\": ..., \"Path\": ...})"));
    }
  }
  if (const Node* b = r.optional_object(n, "permissions_boundary")) {
    const Node* managed = r.member(*b, "ManagedPolicyArn");
    const Node* customer = r.member(*b, "CustomerManagedPolicyReference");
    if ((managed == nullptr) == (customer == nullptr)) {
      r.fail(*b, "permissions_boundary must hold exactly one of ManagedPolicyArn and CustomerManagedPolicyReference");
    }
    if (managed != nullptr) ps.boundary_arn = arn_of(r, *b, "ManagedPolicyArn", "permissions_boundary");
    if (customer != nullptr) ps.boundary_reference = reference(r, *customer, "CustomerManagedPolicyReference");
  }
  if (const Node* list = r.optional_array(n, "assignments")) {
    for (const Node& a : r.doc().children(*list)) ps.assignments.push_back(assignment(r, a));
  }
  return ps;
}

}  // namespace

void read_identity_center(const SourceText& source, const LoadOptions& options, Account& account) {
  FileReader r(source, options);
  const Node& root = r.root_object("{\"instances\": [{\"instance_arn\": ..., \"permission_sets\": [...]}]}");
  const Node& instances = r.required_array(root, "instances", "the file");
  std::vector<IdentityCenterInstance> out;
  for (const Node& i : r.doc().children(instances)) {
    r.expect(i, Kind::object, "each instance");
    IdentityCenterInstance instance;
    instance.arn = arn_of(r, i, "instance_arn", "instance");
    instance.identity_store_id = optional(r, i, "identity_store_id");
    for (const Node& ps : r.doc().children(r.required_array(i, "permission_sets", "instance"))) {
      instance.permission_sets.push_back(permission_set(r, ps));
    }
    out.push_back(std::move(instance));
  }
  r.check_structural_duplicates();
  account.identity_center = std::move(out);
}

}  // namespace iw::account::detail
