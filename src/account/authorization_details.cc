// authorization-details.json: the output of `aws iam get-account-authorization-details`.
#include <algorithm>
#include <unordered_set>

#include "account/reader.h"
#include "core/parallel.h"

namespace iw::account::detail {

using json::Kind;
using json::Node;

namespace {

// LoadOptions::only_principals: which elements of the lists to read, by their Arn. Of users
// and roles: the listed principals and the roles of listed sessions; of managed policies: the
// listed ones and those that the principals and groups read attach or take as a boundary;
// groups: all. Of each list also the first element that names an account (so that the account
// id is the one a whole load finds) and every element without a string Arn (so that its
// problems are reported as in a whole load).
class Selection {
 public:
  explicit Selection(const std::vector<std::string>& wanted) : wanted_(wanted) {
    // A role session (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION) names its role by account
    // and name only: the role's path is not in it.
    for (const std::string& arn : wanted_) {
      const std::string_view account = arn_account(arn);
      const std::size_t at = arn.find(":assumed-role/");
      if (account.empty() || at == std::string::npos || !arn.starts_with("arn:")) continue;
      const std::string_view rest = std::string_view(arn).substr(at + 14);
      sessions_.emplace_back(account, rest.substr(0, rest.find('/')));
    }
  }

  bool listed(std::string_view arn) const { return std::find(wanted_.begin(), wanted_.end(), arn) != wanted_.end(); }
  bool role(std::string_view arn) const {
    const std::string_view name = arn.substr(arn.rfind('/') + 1);
    return listed(arn) || std::any_of(sessions_.begin(), sessions_.end(), [&](const auto& s) {
             return s.first == arn_account(arn) && s.second == name;
           });
  }
  bool policy(std::string_view arn) const { return listed(arn) || needed_.contains(arn); }
  // The managed policies of a principal or group that was read (views that must outlive this).
  void need(const std::vector<std::string>& attached, const std::optional<std::string>& boundary = std::nullopt) {
    needed_.insert(attached.begin(), attached.end());
    if (boundary) needed_.insert(*boundary);
  }

  template <typename Wants>
  std::vector<json::Span> choose(std::span<const json::Span> elements, Wants wants) const {
    std::vector<json::Span> out;
    bool named_account = false;
    for (const json::Span& e : elements) {
      const bool first = !named_account && e.selector.data() != nullptr && !arn_account(e.selector).empty();
      named_account = named_account || first;
      if (first || e.selector.data() == nullptr || wants(e.selector)) out.push_back(e);
    }
    return out;
  }

 private:
  std::vector<std::string> wanted_;
  std::vector<std::pair<std::string, std::string>> sessions_;  // account, role name
  std::unordered_set<std::string_view> needed_;
};

class DetailsReader {
 public:
  DetailsReader(const SourceText& source, const LoadOptions& options)
      : r_(source, options, {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"},
           options.only_principals ? "Arn" : "") {
    if (options.only_principals) only_.emplace(*options.only_principals);
  }

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
    const Selection* only = only_ ? &*only_ : nullptr;
    if (users) out_users = each<User>(chosen(*users, [&](std::string_view arn) { return only->listed(arn); }), "user", user);
    if (groups) out_groups = each<Group>(chosen(*groups, [](std::string_view) { return true; }), "group", group);
    if (roles) out_roles = each<Role>(chosen(*roles, [&](std::string_view arn) { return only->role(arn); }), "role", role);
    if (only_) {
      for (const User& u : out_users) only_->need(u.attached_policy_arns, u.boundary_arn);
      for (const Group& g : out_groups) only_->need(g.attached_policy_arns);
      for (const Role& r : out_roles) only_->need(r.attached_policy_arns, r.boundary_arn);
    }
    if (policies) {
      out_policies = each<ManagedPolicy>(chosen(*policies, [&](std::string_view arn) { return only->policy(arn); }),
                                         "managed policy", policy);
    }
    r_.check_structural_duplicates();
    account.users = std::move(out_users);
    account.groups = std::move(out_groups);
    account.roles = std::move(out_roles);
    account.policies = std::move(out_policies);
  }

 private:
  // The elements of a list to read: all of them, or those the Selection chooses.
  template <typename Wants>
  std::vector<json::Span> chosen(const Node& list, Wants wants) const {
    const std::span<const json::Span> all = r_.doc().elements(list);
    return only_ ? only_->choose(all, wants) : std::vector<json::Span>(all.begin(), all.end());
  }

  // The elements of a list, each parsed and read on its own, on every core; the first bad
  // element in document order is the one reported, whatever the threads' timing.
  template <typename T>
  std::vector<T> each(const std::vector<json::Span>& elements, std::string_view what,
                      T (*read_one)(FileReader&, const Node&)) {
    std::vector<T> out(elements.size());
    parallel_for(elements.size(), 0, [&](std::size_t i) {
      FileReader r(r_, elements[i], 3);
      r.expect(r.root(), Kind::object, std::string("each ") + std::string(what));
      out[i] = read_one(r, r.root());
      r.check_structural_duplicates();
    });
    return out;
  }

  static std::vector<std::string> attached(FileReader& r, const Node& owner) {
    std::vector<std::string> out;
    if (const Node* list = r.optional_array(owner, "AttachedManagedPolicies")) {
      for (const Node& n : r.doc().children(*list)) {
        r.expect(n, Kind::object, "each attached managed policy");
        out.push_back(r.required_string(n, "PolicyArn", "attached managed policy"));
      }
    }
    return out;
  }

  static std::vector<InlinePolicy> inline_policies(FileReader& r, const Node& owner, std::string_view key) {
    std::vector<InlinePolicy> out;
    if (const Node* list = r.optional_array(owner, key)) {
      for (const Node& n : r.doc().children(*list)) {
        r.expect(n, Kind::object, "each inline policy");
        InlinePolicy p;
        p.name = r.required_string(n, "PolicyName", "inline policy");
        p.doc = r.read_doc(r.required_node(n, "PolicyDocument", "inline policy"));
        out.push_back(std::move(p));
      }
    }
    return out;
  }

  static std::optional<std::string> boundary(FileReader& r, const Node& owner) {
    const Node* b = r.optional_object(owner, "PermissionsBoundary");
    if (b == nullptr) return std::nullopt;
    return r.required_string(*b, "PermissionsBoundaryArn", "PermissionsBoundary");
  }

  static std::vector<Tag> tags(FileReader& r, const Node& owner) {
    std::vector<Tag> out;
    if (const Node* list = r.optional_array(owner, "Tags")) {
      for (const Node& n : r.doc().children(*list)) {
        r.expect(n, Kind::object, "each tag");
        out.push_back({r.required_string(n, "Key", "tag"), r.optional_string(n, "Value")});
      }
    }
    return out;
  }

  static User user(FileReader& r, const Node& n) {
    User u;
    u.name = r.required_string(n, "UserName", "user");
    u.arn = r.required_string(n, "Arn", "user");
    u.id = r.optional_string(n, "UserId");
    u.path = r.optional_string(n, "Path");
    u.create_date = r.optional_timestamp(n, "CreateDate");
    if (const Node* list = r.optional_array(n, "GroupList")) {
      for (const Node& g : r.doc().children(*list)) u.groups.push_back(r.string(g, "each GroupList entry"));
    }
    u.attached_policy_arns = attached(r, n);
    u.inline_policies = inline_policies(r, n, "UserPolicyList");
    u.boundary_arn = boundary(r, n);
    u.tags = tags(r, n);
    return u;
  }

  static Group group(FileReader& r, const Node& n) {
    Group g;
    g.name = r.required_string(n, "GroupName", "group");
    g.arn = r.required_string(n, "Arn", "group");
    g.id = r.optional_string(n, "GroupId");
    g.path = r.optional_string(n, "Path");
    g.create_date = r.optional_timestamp(n, "CreateDate");
    g.attached_policy_arns = attached(r, n);
    g.inline_policies = inline_policies(r, n, "GroupPolicyList");
    return g;
  }

  static Role role(FileReader& r, const Node& n) {
    Role role;
    role.name = r.required_string(n, "RoleName", "role");
    role.arn = r.required_string(n, "Arn", "role");
    role.id = r.optional_string(n, "RoleId");
    role.path = r.optional_string(n, "Path");
    role.create_date = r.optional_timestamp(n, "CreateDate");
    role.trust = r.read_doc(r.required_node(n, "AssumeRolePolicyDocument", "role"));
    role.attached_policy_arns = attached(r, n);
    role.inline_policies = inline_policies(r, n, "RolePolicyList");
    role.boundary_arn = boundary(r, n);
    role.tags = tags(r, n);
    if (const Node* last = r.optional_object(n, "RoleLastUsed")) {
      role.last_used = r.optional_timestamp(*last, "LastUsedDate");
      role.last_used_region = r.maybe_string(*last, "Region");
    }
    if (const Node* profiles = r.optional_array(n, "InstanceProfileList")) {
      for (const Node& p : r.doc().children(*profiles)) {
        r.expect(p, Kind::object, "each instance profile");
        role.instance_profile_arns.push_back(r.required_string(p, "Arn", "instance profile"));
      }
      r.skip(*profiles);  // the copies of roles inside are not read
    }
    return role;
  }

  static ManagedPolicy policy(FileReader& r, const Node& n) {
    ManagedPolicy p;
    p.name = r.required_string(n, "PolicyName", "managed policy");
    p.arn = r.required_string(n, "Arn", "managed policy");
    p.id = r.optional_string(n, "PolicyId");
    p.path = r.optional_string(n, "Path");
    p.aws_managed = is_aws_managed(p.arn);
    p.default_version_id = r.optional_string(n, "DefaultVersionId");
    p.attachment_count = count(r, n, "AttachmentCount");
    p.boundary_usage_count = count(r, n, "PermissionsBoundaryUsageCount");
    if (const Node* list = r.optional_array(n, "PolicyVersionList")) {
      for (const Node& v : r.doc().children(*list)) {
        r.expect(v, Kind::object, "each policy version");
        PolicyVersion version;
        version.version_id = r.optional_string(v, "VersionId");
        const std::optional<bool> is_default = r.optional_bool(v, "IsDefaultVersion");
        version.is_default = is_default ? *is_default
                                        : !version.version_id.empty() && version.version_id == p.default_version_id;
        version.create_date = r.optional_timestamp(v, "CreateDate");
        version.doc = r.read_doc(r.required_node(v, "Document", "policy version"));
        p.versions.push_back(std::move(version));
      }
    }
    return p;
  }

  static int count(FileReader& r, const Node& n, std::string_view key) {
    const Node* value = r.member(n, key);
    if (value == nullptr) return 0;
    const long long c = r.integer(*value, key);
    if (c < 0 || c > 1'000'000'000) r.fail(*value, std::string(key) + " out of range: " + std::to_string(c));
    return static_cast<int>(c);
  }

  static bool is_aws_managed(std::string_view arn) {
    // arn:<partition>:iam::aws:policy/...
    const std::size_t iam = arn.find(":iam::aws:policy/");
    return arn.rfind("arn:", 0) == 0 && iam != std::string_view::npos &&
           arn.find(':', 4) == iam;
  }

  FileReader r_;
  std::optional<Selection> only_;
};

}  // namespace

void read_authorization_details(const SourceText& source, const LoadOptions& options, Account& account) {
  DetailsReader(source, options).read(account);
}

}  // namespace iw::account::detail
