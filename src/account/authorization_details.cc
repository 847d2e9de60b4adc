// authorization-details.json: the output of `aws iam get-account-authorization-details`.
#include <algorithm>

#include "account/reader.h"
#include "core/parallel.h"
#include "eval/engine.h"

namespace iw::account::detail {

using json::Kind;
using json::Node;

namespace {

// LoadOptions::only_principals, question_action and question_resource: which elements of the
// lists to read, by their Arn. Of users and roles: all, or the listed principals and the roles
// of listed sessions, or (question_resource) those whose identity policies may allow the action;
// groups: all. Of managed policies: the listed ones, the boundaries of the principals read, and
// those that the principals and groups read attach (with only_principals or question_resource)
// and that may apply to the asked action (with question_action: account::detail::policy_reach),
// of these the first element of each ARN only (the one Account::policy_by_arn finds). Of each
// list also the first element that names an account (so that the account id is the one a whole
// load finds) and every element without a string Arn (so that its problems are reported as in
// a whole load).
class Selection {
 public:
  Selection(const LoadOptions& options, std::span<const json::Span> policies, const SourceText& source)
      : source_(source),
        question_(options.question_action),
        narrows_(!options.question_action.empty() && !options.question_resource.empty() &&
                 !eval::allowed_without_identity_allow(options.question_action)),
        resource_(options.question_resource),
        policies_(policies),
        by_arn_(policies.size(), [&](std::size_t i) { return policies[i].selector; }),
        reach_(policies.size(), kUnknown),
        attached_(policies.size()),
        boundaries_(policies.size()) {
    if (options.only_principals) only_.emplace(*options.only_principals);
    // A role session (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION) names its role by account
    // and name only: the role's path is not in it.
    for (const std::string& arn : wanted()) {
      const std::string_view account = arn_account(arn);
      const std::size_t at = arn.find(":assumed-role/");
      if (account.empty() || at == std::string::npos || !arn.starts_with("arn:")) continue;
      const std::string_view rest = std::string_view(arn).substr(at + 14);
      sessions_.emplace_back(account, rest.substr(0, rest.find('/')));
    }
  }

  bool user(std::string_view arn) const { return !only_ || listed(arn); }
  bool role(std::string_view arn) const {
    const std::string_view name = arn.substr(arn.rfind('/') + 1);
    return user(arn) || std::any_of(sessions_.begin(), sessions_.end(), [&](const auto& s) {
             return s.first == arn_account(arn) && s.second == name;
           });
  }

  // LoadOptions::question_resource: leaves out of `users` and `roles` those that no identity
  // policy may allow the action (their own inline and attached ones, their groups'), judged from
  // each element's scan (scan_principal) and the reach of the policies attached; an element the
  // scan cannot judge is kept. Returns how many were left out.
  std::size_t narrow(std::vector<json::Span>& users, std::span<const json::Span> groups,
                     std::vector<json::Span>& roles) {
    const auto is_resource = [&](const json::Span& e) { return e.selector == resource_; };
    if (!narrows_ || std::any_of(users.begin(), users.end(), is_resource) ||
        std::any_of(roles.begin(), roles.end(), is_resource)) {
      return 0;  // the resource is a principal: its policy may allow those that no identity policy does
    }
    narrowed_ = true;
    const Scans user_scans = scan(users, "UserName"), group_scans = scan(groups, "GroupName"),
                role_scans = scan(roles, "RoleName");
    std::vector<char> wanted(policies_.size());
    for (const Scans* scans : {&user_scans, &group_scans, &role_scans}) {
      for (const Scan& s : *scans) {
        for (std::size_t p : s.attached) wanted[p] = 1;
      }
    }
    parallel_for(policies_.size(), 0, [&](std::size_t i) {
      if (wanted[i]) reach_[i] = reach_of(i);
    });
    // (An ARN that no policy has gives its holder no document: no access, as in a whole load.)
    const auto may_allow = [&](const Scan& s) {
      return !s.ok || s.what.inline_may_allow ||
             std::any_of(s.attached.begin(), s.attached.end(), [&](std::size_t p) { return reach_[p] == kMayAllow; });
    };
    std::vector<std::string_view> allowing_groups;  // by name (a user names its groups so), sorted
    bool unjudged_group = false;
    for (const Scan& g : group_scans) {
      unjudged_group = unjudged_group || !g.ok || g.what.name.empty();
      if (may_allow(g)) allowing_groups.push_back(g.what.name);
    }
    std::sort(allowing_groups.begin(), allowing_groups.end());
    const auto user_may_allow = [&](const Scan& s) {
      const auto allowing = [&](std::string_view g) {
        return std::binary_search(allowing_groups.begin(), allowing_groups.end(), g);
      };
      return may_allow(s) || unjudged_group || std::any_of(s.what.groups.begin(), s.what.groups.end(), allowing);
    };
    return keep(users, user_scans, user_may_allow) + keep(roles, role_scans, may_allow);
  }

  // The managed policies of a principal or group that was read.
  void need(const std::vector<std::string>& attached, const std::optional<std::string>& boundary = std::nullopt) {
    if (only_ || narrowed_) {
      for (const std::string& arn : attached) mark(attached_, arn);
    }
    if (boundary) mark(boundaries_, *boundary);
  }

  // Call after need() for every principal and group read.
  std::vector<json::Span> policies() {
    const bool by_attachment = only_ || narrowed_;
    if (!question_.empty()) {
      parallel_for(policies_.size(), 0, [&](std::size_t i) {
        if (reach_[i] == kUnknown && policies_[i].selector.data() != nullptr && !boundaries_[i] &&
            (!by_attachment || attached_[i]) && policy_of(policies_[i].selector) == i) {
          reach_[i] = reach_of(i);
        }
      });
    }
    return choose(policies_, [&](std::string_view arn, std::size_t i) {
      const bool may_apply = reach_[i] == kMayApply || reach_[i] == kMayAllow;  // (a first of its ARN)
      return listed(arn) || boundaries_[i] || ((!by_attachment || attached_[i]) && (question_.empty() || may_apply));
    });
  }

  template <typename Wants>
  std::vector<json::Span> choose(std::span<const json::Span> elements, Wants wants) const {
    std::vector<json::Span> out;
    bool named_account = false;
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const json::Span& e = elements[i];
      const bool first = !named_account && e.selector.data() != nullptr && !arn_account(e.selector).empty();
      named_account = named_account || first;
      if (first || e.selector.data() == nullptr || wants(e.selector, i)) out.push_back(e);
    }
    return out;
  }

 private:
  static constexpr char kUnknown = 3;  // reach_: not computed

  // scan_principal's verdict and result, with the positions of the policies attached.
  struct Scan {
    bool ok = false;
    PrincipalScan what;
    std::vector<std::size_t> attached;
  };
  using Scans = std::vector<Scan>;

  Scans scan(std::span<const json::Span> elements, std::string_view name_key) const {
    Scans out(elements.size());
    parallel_for(elements.size(), 0, [&](std::size_t i) {
      Scan& s = out[i];
      s.ok = scan_principal(text_of(elements[i]), readable(elements[i]), question_, name_key, s.what);
      for (std::string_view arn : s.what.attached) {
        if (const std::size_t p = policy_of(arn); p != KeyIndex::npos) s.attached.push_back(p);
      }
    });
    return out;
  }

  // The first policy element of that ARN (the one Account::policy_by_arn finds), or npos.
  std::size_t policy_of(std::string_view arn) const {
    return by_arn_.find(arn, [this](std::size_t i) { return policies_[i].selector; });
  }
  // Marks the first policy of that ARN.
  void mark(std::vector<char>& marks, std::string_view arn) const {
    if (const std::size_t p = policy_of(arn); p != KeyIndex::npos) marks[p] = 1;
  }

  char reach_of(std::size_t i) const {
    return static_cast<char>(policy_reach(text_of(policies_[i]), readable(policies_[i]), question_));
  }
  std::string_view text_of(const json::Span& e) const { return source_.text().substr(e.begin, e.end - e.begin); }
  std::size_t readable(const json::Span& e) const { return source_.text().size() - e.begin + json::kPadding; }

  // Keeps the elements that `wants`, those without an Arn and the first that names an account;
  // returns how many it left out.
  template <typename Wants>
  std::size_t keep(std::vector<json::Span>& elements, const Scans& scans, Wants wants) const {
    const std::size_t before = elements.size();
    elements = choose(elements, [&](std::string_view, std::size_t i) { return wants(scans[i]); });
    return before - elements.size();
  }

  const std::vector<std::string>& wanted() const {
    static const std::vector<std::string> none;
    return only_ ? *only_ : none;
  }
  bool listed(std::string_view arn) const { return std::find(wanted().begin(), wanted().end(), arn) != wanted().end(); }

  const SourceText& source_;
  std::optional<std::vector<std::string>> only_;
  std::string question_;
  bool narrows_ = false, narrowed_ = false;
  std::string resource_;
  std::vector<std::pair<std::string, std::string>> sessions_;  // account, role name
  std::span<const json::Span> policies_;                      // the managed policies' elements
  KeyIndex by_arn_;                                            // of policies_, by selector
  std::vector<char> reach_;  // of each: a Reach, or kUnknown (computed for the first of an ARN only)
  std::vector<char> attached_, boundaries_;                    // of each: attached, a boundary (need())
};

class DetailsReader {
 public:
  DetailsReader(const SourceText& source, const LoadOptions& options)
      : r_(source, options, {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"},
           selective(options) ? "Arn" : ""),
        options_(options) {}

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
    if (selective(options_)) {
      select_.emplace(options_, policies ? r_.doc().elements(*policies) : std::span<const json::Span>{}, r_.source());
    }
    std::vector<json::Span> user_list = users ? chosen(*users, &Selection::user) : std::vector<json::Span>{};
    std::vector<json::Span> role_list = roles ? chosen(*roles, &Selection::role) : std::vector<json::Span>{};
    if (select_) {
      account.principals_left_out =
          select_->narrow(user_list, groups ? r_.doc().elements(*groups) : std::span<const json::Span>{}, role_list);
    }
    std::vector<User> out_users = each<User>(user_list, "user", user);
    std::vector<Group> out_groups;
    if (groups) out_groups = each<Group>(all(*groups), "group", group);
    std::vector<Role> out_roles = each<Role>(role_list, "role", role);
    if (select_) {
      for (const User& u : out_users) select_->need(u.attached_policy_arns, u.boundary_arn);
      for (const Group& g : out_groups) select_->need(g.attached_policy_arns);
      for (const Role& r : out_roles) select_->need(r.attached_policy_arns, r.boundary_arn);
    }
    std::vector<ManagedPolicy> out_policies;
    if (policies) {
      out_policies = each<ManagedPolicy>(select_ ? select_->policies() : all(*policies),
                                         "managed policy", policy);
    }
    r_.check_structural_duplicates();
    account.users = std::move(out_users);
    account.groups = std::move(out_groups);
    account.roles = std::move(out_roles);
    account.policies = std::move(out_policies);
  }

 private:
  static bool selective(const LoadOptions& options) {
    return options.only_principals || !options.question_action.empty();
  }

  std::vector<json::Span> all(const Node& list) const {
    const std::span<const json::Span> elements = r_.doc().elements(list);
    return {elements.begin(), elements.end()};
  }

  // The principals of a list to read: all of them, or those the Selection chooses.
  std::vector<json::Span> chosen(const Node& list, bool (Selection::*wants)(std::string_view) const) const {
    if (!select_) return all(list);
    return select_->choose(r_.doc().elements(list),
                           [&](std::string_view arn, std::size_t) { return (*select_.*wants)(arn); });
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
        const Node& doc = r.required_node(v, "Document", "policy version");
        const bool may_be_in_force =
            version.is_default || (!p.default_version_id.empty() && version.version_id == p.default_version_id);
        if (may_be_in_force || r.options().question_action.empty()) {
          version.doc = r.read_doc(doc);
        } else {  // a question reads the document in force only (default_document()): an empty one here
          r.skip(doc);
          version.doc.source = &r.source();
          version.doc.offset = doc.offset;
          version.doc.text = r.source().text().substr(doc.offset, 0);
        }
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
  const LoadOptions& options_;
  std::optional<Selection> select_;
};

}  // namespace

void read_authorization_details(const SourceText& source, const LoadOptions& options, Account& account) {
  DetailsReader(source, options).read(account);
}

}  // namespace iw::account::detail
