// authorization-details.json: the output of `aws iam get-account-authorization-details`.
#include <algorithm>

#include "account/reader.h"
#include "core/parallel.h"

namespace iw::account::detail {

using json::Kind;
using json::Node;

namespace {

class DetailsReader {
 public:
  DetailsReader(const SourceText& source, const LoadOptions& options) : r_(source, options, selector(options)) {}

  void read(Account& account) {
    const Node& root = r_.root_object("the output of aws iam get-account-authorization-details");
    r_.reject_partial(root);
    const Node* users = r_.optional_array(root, "UserDetailList");
    const Node* groups = r_.optional_array(root, "GroupDetailList");
    const Node* roles = r_.optional_array(root, "RoleDetailList");
    const Node* policies = r_.optional_array(root, "Policies");
    if (!users && !groups && !roles && !policies) {
      r_.fail(root, "none of UserDetailList, GroupDetailList, RoleDetailList, Policies: is this the "
                    "output of aws iam get-account-authorization-details?");
    }
    std::vector<User> out_users;
    std::vector<Group> out_groups;
    std::vector<Role> out_roles;
    std::vector<ManagedPolicy> out_policies;
    if (users) out_users = each<User>(*users, "user", [&](const Node& n) { return user(n); });
    if (groups) out_groups = each<Group>(*groups, "group", [&](const Node& n) { return group(n); });
    if (roles) out_roles = each<Role>(*roles, "role", [&](const Node& n) { return role(n); });
    if (policies) {
      out_policies = each<ManagedPolicy>(*policies, "managed policy", [&](const Node& n) { return policy(n); });
    }
    r_.check_structural_duplicates();
    account.users = std::move(out_users);
    account.groups = std::move(out_groups);
    account.roles = std::move(out_roles);
    account.policies = std::move(out_policies);
  }

 private:
  // LoadOptions::only_principals as a json::ParseOptions::select.
  static std::function<bool(std::string_view, std::string_view)> selector(const LoadOptions& options) {
    if (!options.only_principals) return {};
    // A role session (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION) names its role by account
    // and name only: the role's path is not in it.
    std::vector<std::pair<std::string, std::string>> sessions;  // account, role name
    for (const std::string& wanted : *options.only_principals) {
      const std::string_view account = arn_account(wanted);
      const std::size_t at = wanted.find(":assumed-role/");
      if (account.empty() || at == std::string::npos || !wanted.starts_with("arn:")) continue;
      const std::string_view rest = std::string_view(wanted).substr(at + 14);
      sessions.emplace_back(account, rest.substr(0, rest.find('/')));
    }
    return [wanted = *options.only_principals, sessions = std::move(sessions), user_id = false,
            role_id = false](std::string_view list, std::string_view arn) mutable {
      bool* first_with_id = list == "UserDetailList" ? &user_id : list == "RoleDetailList" ? &role_id : nullptr;
      if (first_with_id == nullptr) return true;
      if (!*first_with_id && !arn_account(arn).empty()) return *first_with_id = true;
      if (std::find(wanted.begin(), wanted.end(), arn) != wanted.end()) return true;
      if (list != "RoleDetailList") return false;
      const std::string_view name = arn.substr(arn.rfind('/') + 1);
      return std::any_of(sessions.begin(), sessions.end(),
                         [&](const auto& s) { return s.first == arn_account(arn) && s.second == name; });
    };
  }

  // The elements of a list, read on every core (each element alone); the first bad element in
  // document order is the one reported, whatever the threads' timing.
  template <typename T, typename F>
  std::vector<T> each(const Node& array, std::string_view what, F&& read_one) {
    std::vector<const Node*> elements;
    elements.reserve(array.child_count);
    for (const Node& n : r_.doc().children(array)) elements.push_back(&n);
    std::vector<T> out(elements.size());
    parallel_for(elements.size(), 0, [&](std::size_t i) {
      r_.expect(*elements[i], Kind::object, std::string("each ") + std::string(what));
      out[i] = read_one(*elements[i]);
    });
    return out;
  }

  std::vector<std::string> attached(const Node& owner) {
    std::vector<std::string> out;
    if (const Node* list = r_.optional_array(owner, "AttachedManagedPolicies")) {
      for (const Node& n : r_.doc().children(*list)) {
        r_.expect(n, Kind::object, "each attached managed policy");
        out.push_back(r_.required_string(n, "PolicyArn", "attached managed policy"));
      }
    }
    return out;
  }

  std::vector<InlinePolicy> inline_policies(const Node& owner, std::string_view key) {
    std::vector<InlinePolicy> out;
    if (const Node* list = r_.optional_array(owner, key)) {
      for (const Node& n : r_.doc().children(*list)) {
        r_.expect(n, Kind::object, "each inline policy");
        InlinePolicy p;
        p.name = r_.required_string(n, "PolicyName", "inline policy");
        p.doc = r_.read_doc(r_.required_node(n, "PolicyDocument", "inline policy"));
        out.push_back(std::move(p));
      }
    }
    return out;
  }

  std::optional<std::string> boundary(const Node& owner) {
    const Node* b = r_.optional_object(owner, "PermissionsBoundary");
    if (b == nullptr) return std::nullopt;
    return r_.required_string(*b, "PermissionsBoundaryArn", "PermissionsBoundary");
  }

  std::vector<Tag> tags(const Node& owner) {
    std::vector<Tag> out;
    if (const Node* list = r_.optional_array(owner, "Tags")) {
      for (const Node& n : r_.doc().children(*list)) {
        r_.expect(n, Kind::object, "each tag");
        out.push_back({r_.required_string(n, "Key", "tag"), r_.optional_string(n, "Value")});
      }
    }
    return out;
  }

  User user(const Node& n) {
    User u;
    u.name = r_.required_string(n, "UserName", "user");
    u.arn = r_.required_string(n, "Arn", "user");
    u.id = r_.optional_string(n, "UserId");
    u.path = r_.optional_string(n, "Path");
    u.create_date = r_.optional_timestamp(n, "CreateDate");
    if (const Node* list = r_.optional_array(n, "GroupList")) {
      for (const Node& g : r_.doc().children(*list)) u.groups.push_back(r_.string(g, "each GroupList entry"));
    }
    u.attached_policy_arns = attached(n);
    u.inline_policies = inline_policies(n, "UserPolicyList");
    u.boundary_arn = boundary(n);
    u.tags = tags(n);
    return u;
  }

  Group group(const Node& n) {
    Group g;
    g.name = r_.required_string(n, "GroupName", "group");
    g.arn = r_.required_string(n, "Arn", "group");
    g.id = r_.optional_string(n, "GroupId");
    g.path = r_.optional_string(n, "Path");
    g.create_date = r_.optional_timestamp(n, "CreateDate");
    g.attached_policy_arns = attached(n);
    g.inline_policies = inline_policies(n, "GroupPolicyList");
    return g;
  }

  Role role(const Node& n) {
    Role role;
    role.name = r_.required_string(n, "RoleName", "role");
    role.arn = r_.required_string(n, "Arn", "role");
    role.id = r_.optional_string(n, "RoleId");
    role.path = r_.optional_string(n, "Path");
    role.create_date = r_.optional_timestamp(n, "CreateDate");
    role.trust = r_.read_doc(r_.required_node(n, "AssumeRolePolicyDocument", "role"));
    role.attached_policy_arns = attached(n);
    role.inline_policies = inline_policies(n, "RolePolicyList");
    role.boundary_arn = boundary(n);
    role.tags = tags(n);
    if (const Node* last = r_.optional_object(n, "RoleLastUsed")) {
      role.last_used = r_.optional_timestamp(*last, "LastUsedDate");
      role.last_used_region = r_.maybe_string(*last, "Region");
    }
    if (const Node* profiles = r_.optional_array(n, "InstanceProfileList")) {
      for (const Node& p : r_.doc().children(*profiles)) {
        r_.expect(p, Kind::object, "each instance profile");
        role.instance_profile_arns.push_back(r_.required_string(p, "Arn", "instance profile"));
      }
      r_.skip(*profiles);  // the copies of roles inside are not read
    }
    return role;
  }

  ManagedPolicy policy(const Node& n) {
    ManagedPolicy p;
    p.name = r_.required_string(n, "PolicyName", "managed policy");
    p.arn = r_.required_string(n, "Arn", "managed policy");
    p.id = r_.optional_string(n, "PolicyId");
    p.path = r_.optional_string(n, "Path");
    p.aws_managed = is_aws_managed(p.arn);
    p.default_version_id = r_.optional_string(n, "DefaultVersionId");
    p.attachment_count = count(n, "AttachmentCount");
    p.boundary_usage_count = count(n, "PermissionsBoundaryUsageCount");
    if (const Node* list = r_.optional_array(n, "PolicyVersionList")) {
      for (const Node& v : r_.doc().children(*list)) {
        r_.expect(v, Kind::object, "each policy version");
        PolicyVersion version;
        version.version_id = r_.optional_string(v, "VersionId");
        const std::optional<bool> is_default = r_.optional_bool(v, "IsDefaultVersion");
        version.is_default = is_default ? *is_default
                                        : !version.version_id.empty() && version.version_id == p.default_version_id;
        version.create_date = r_.optional_timestamp(v, "CreateDate");
        version.doc = r_.read_doc(r_.required_node(v, "Document", "policy version"));
        p.versions.push_back(std::move(version));
      }
    }
    return p;
  }

  int count(const Node& n, std::string_view key) {
    const Node* value = r_.member(n, key);
    if (value == nullptr) return 0;
    const long long c = r_.integer(*value, key);
    if (c < 0 || c > 1'000'000'000) r_.fail(*value, std::string(key) + " out of range: " + std::to_string(c));
    return static_cast<int>(c);
  }

  static bool is_aws_managed(std::string_view arn) {
    // arn:<partition>:iam::aws:policy/...
    const std::size_t iam = arn.find(":iam::aws:policy/");
    return arn.rfind("arn:", 0) == 0 && iam != std::string_view::npos &&
           arn.find(':', 4) == iam;
  }

  FileReader r_;
};

}  // namespace

void read_authorization_details(const SourceText& source, const LoadOptions& options, Account& account) {
  DetailsReader(source, options).read(account);
}

}  // namespace iw::account::detail
