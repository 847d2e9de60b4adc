#include "iac/paths.h"

#include <map>
#include <set>

#include "account/account.h"
#include "audit/audit.h"
#include "core/json_writer.h"
#include "iac/render.h"

namespace iw::iac {

namespace {

using Type = DeclaredPrincipal::Type;

// AWS managed policies the code attaches most often, so an attachment of them is decided: the
// snapshot format holds AWS managed policies only when something uses them.
struct AwsManaged {
  std::string_view name, document;
};
constexpr AwsManaged kAwsManaged[] = {
    {"AdministratorAccess", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    {"IAMFullAccess",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]})"},
    {"PowerUserAccess",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]})"},
};

std::string rendered(const Value& v, const Origin& at) { return render(v, at).text; }

// Everything each principal holds, merged from its own declaration and separate attachments.
struct Merged {
  const DeclaredPrincipal* decl;
  std::vector<std::pair<std::string, Value>> inline_policies;
  std::vector<std::string> managed;
  std::optional<std::string> boundary;
  std::vector<std::string> groups;
};

bool names(const DeclaredPrincipal& p, Type type, const std::string& ref) {
  return p.type == type && (p.name == ref || p.arn == ref);
}

std::vector<Merged> merge(const Declarations& decl) {
  std::vector<Merged> out;
  for (const DeclaredPrincipal& p : decl.principals) {
    out.push_back(Merged{&p, p.inline_policies, p.managed_policy_arns, p.boundary_arn, p.groups});
  }
  for (const DeclaredAttachment& a : decl.attachments) {
    for (Merged& m : out) {
      if (!names(*m.decl, a.type, a.principal)) continue;
      if (!a.policy_arn.empty()) m.managed.push_back(a.policy_arn);
      if (a.inline_policy) m.inline_policies.push_back(*a.inline_policy);
      if (a.boundary_arn) m.boundary = a.boundary_arn;
      for (const std::string& user : a.group_users) {
        for (Merged& u : out) {
          if (names(*u.decl, Type::user, user)) u.groups.push_back(m.decl->name);
        }
      }
    }
  }
  return out;
}

void write_common(JsonWriter& w, const Merged& m, std::string_view inline_key, std::string_view id, std::size_t index) {
  const DeclaredPrincipal& p = *m.decl;
  w.member("Path", p.path).member("Arn", p.arn).member(id, "IAC" + std::to_string(index));
  w.key(inline_key).begin_array();
  for (const auto& [name, doc] : m.inline_policies) {
    w.begin_object().member("PolicyName", name).member("PolicyDocument", rendered(doc, p.decl.origin)).end_object();
  }
  w.end_array();
  w.key("AttachedManagedPolicies").begin_array();
  std::set<std::string> seen;
  for (const std::string& arn : m.managed) {
    if (!seen.insert(arn).second) continue;
    w.begin_object().member("PolicyName", arn.substr(arn.rfind('/') + 1)).member("PolicyArn", arn).end_object();
  }
  w.end_array();
  if (m.boundary && !m.boundary->empty()) {
    w.key("PermissionsBoundary").begin_object();
    w.member("PermissionsBoundaryType", "Policy").member("PermissionsBoundaryArn", *m.boundary).end_object();
  }
}

std::string authorization_details(const Declarations& decl, const std::vector<Merged>& merged,
                                  const Environment& env) {
  JsonWriter w(JsonWriter::Style::compact);
  w.begin_object();
  const std::pair<Type, std::string_view> lists[] = {
      {Type::user, "UserDetailList"}, {Type::group, "GroupDetailList"}, {Type::role, "RoleDetailList"}};
  for (const auto& [type, list] : lists) {
    w.key(list).begin_array();
    for (std::size_t i = 0; i < merged.size(); ++i) {
      const Merged& m = merged[i];
      const DeclaredPrincipal& p = *m.decl;
      if (p.type != type) continue;
      w.begin_object();
      if (type == Type::user) {
        w.member("UserName", p.name);
        write_common(w, m, "UserPolicyList", "UserId", i);
        w.member("GroupList", m.groups);
      } else if (type == Type::group) {
        w.member("GroupName", p.name);
        write_common(w, m, "GroupPolicyList", "GroupId", i);
      } else {
        w.member("RoleName", p.name);
        write_common(w, m, "RolePolicyList", "RoleId", i);
        Value empty_trust = Value::object();
        w.member("AssumeRolePolicyDocument", rendered(p.trust ? *p.trust : empty_trust, p.decl.origin));
        w.key("InstanceProfileList").begin_array();
        for (const std::string& ip : p.instance_profiles) w.begin_object().member("Arn", ip).end_object();
        w.end_array();
        w.key("RoleLastUsed").begin_object().end_object();
      }
      w.end_object();
    }
    w.end_array();
  }
  w.key("Policies").begin_array();
  std::set<std::string> declared;
  for (const DeclaredManagedPolicy& p : decl.managed_policies) {
    if (!declared.insert(p.arn).second) continue;
    w.begin_object().member("PolicyName", p.name).member("Arn", p.arn).member("Path", p.path);
    w.member("DefaultVersionId", "v1").member("IsAttachable", true);
    w.key("PolicyVersionList").begin_array();
    w.begin_object().member("Document", rendered(p.document, p.decl.origin)).member("VersionId", "v1");
    w.member("IsDefaultVersion", true).end_object();
    w.end_array().end_object();
  }
  for (const AwsManaged& a : kAwsManaged) {
    const std::string arn = "arn:" + env.partition + ":iam::aws:policy/" + std::string(a.name);
    if (declared.count(arn)) continue;
    w.begin_object().member("PolicyName", a.name).member("Arn", arn).member("Path", "/");
    w.member("DefaultVersionId", "v1").member("IsAttachable", true);
    w.key("PolicyVersionList").begin_array();
    w.begin_object().member("Document", a.document).member("VersionId", "v1").member("IsDefaultVersion", true).end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object();
  return std::move(w).take();
}

std::string compute_file(const Declarations& decl) {
  JsonWriter w(JsonWriter::Style::compact);
  w.begin_array();
  for (const DeclaredCompute& c : decl.compute) {
    w.begin_object().member("arn", c.arn).member("type", c.type).member("role", c.role_arn).end_object();
  }
  w.end_array();
  return std::move(w).take();
}

}  // namespace

std::vector<Finding> declared_findings(const Declarations& decl, const Environment& env, std::size_t& principals) {
  const std::vector<Merged> merged = merge(decl);
  std::map<std::string, std::string> files;
  files["authorization-details.json"] = authorization_details(decl, merged, env);
  files["compute.json"] = compute_file(decl);
  files["snapshot.json"] = "{\"account_id\": \"" + env.account + "\"}";
  std::vector<Finding> out;
  account::Account account;
  try {
    account = account::load_snapshot_files("", std::move(files));
  } catch (const account::SnapshotError&) {
    return out;  // the declared account always reads; a limit (size) is the only way here
  }
  audit::AuditOptions options;
  audit::AuditResult result = audit::audit_account(account, options);
  principals = result.principals;
  for (Finding& f : result.findings) {
    if (f.id != "admin-principal" && f.id != "privilege-escalation-principal") continue;
    for (const DeclaredPrincipal& p : decl.principals) {
      if (p.arn != f.resource) continue;
      f.location = Location{p.decl.origin.file, p.decl.origin.line, p.decl.origin.column, -1, ""};
      f.iac = IacOrigin{p.decl.address, p.decl.origin.file, p.decl.origin.line};
      break;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace iw::iac
