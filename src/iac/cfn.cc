#include "iac/cfn.h"

#include <algorithm>
#include <functional>

#include "iac/cfn_eval.h"
#include "iac/resources.h"
#include "iac/sam.h"
#include "iac/tree.h"

namespace iw::iac {

namespace {

using cfn::Evaluator;
using Type = DeclaredPrincipal::Type;

class Reader {
 public:
  Reader(const Value& root, const Environment& env, Declarations& out) : ev_(root, env, out), out_(out) {}

  void run() {
    const Value* resources = ev_.resources();
    if (resources == nullptr || !resources->is_object()) return;
    // Principals first, so that policies naming them (and boundaries) find them.
    for (const bool principals : {true, false}) {
      for (std::size_t i = 0; i < resources->keys.size(); ++i) {
        const Value& res = resources->items[i];
        const Value* type = res.is_object() ? res.get("Type") : nullptr;
        if (type == nullptr || !type->is_string()) continue;
        if (is_principal(type->text) != principals) continue;
        Origin o = resources->key_origin(i);
        o.end_line = std::max(res.origin.last_line(), o.line);
        const Declared decl{resources->keys[i], o};
        read_suppressions(res, decl);
        const Value* props = res.get("Properties");
        static const Value kEmpty = Value::object();
        resource(type->text, props && props->is_object() ? *props : kEmpty, decl);
      }
    }
    link_instance_profiles();
  }

 private:
  const Environment& env() const { return ev_.env(); }

  static bool is_principal(const std::string& type) {
    return type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group" ||
           type == "AWS::Serverless::Function";
  }

  // ---- helpers --------------------------------------------------------------------------------

  std::string text_of(const Value& props, std::string_view key, const std::string& fallback = {}) {
    const Value* v = props.get(key);
    return v ? ev_.text(*v) : fallback;
  }

  std::vector<std::string> strings_of(const Value& props, std::string_view key) {
    std::vector<std::string> out;
    const Value* v = props.get(key);
    if (v == nullptr) return out;
    const Value e = ev_.eval(*v);
    if (e.is_list()) {
      for (const Value& item : e.items) out.push_back(ev_.text(item));
    } else {
      out.push_back(ev_.text(e));
    }
    return out;
  }

  // A policy document property, evaluated; a JSON string is parsed. nullopt when absent.
  std::optional<Value> document(const Value& props, std::string_view key) {
    const Value* raw = props.get(key);
    if (raw == nullptr) return std::nullopt;
    Value doc = ev_.eval(*raw);
    if (doc.is_string() && !doc.has_placeholder()) {
      Value parsed;
      std::string error;
      if (parse_json_string(doc.text, doc.origin, 0, parsed, error)) return parsed;
    }
    return doc;
  }

  void add_policy(policy::Kind kind, Value doc, const Declared& owner, std::string arn, std::string name = {}) {
    out_.policies.push_back(ExtractedPolicy{kind, std::move(doc), owner, std::move(arn), std::move(name)});
  }

  std::string principal_arn(Type type, const std::string& name) {
    for (const DeclaredPrincipal& p : out_.principals) {
      if (p.type == type && p.name == name) return p.arn;
    }
    const char* kind = type == Type::role ? "role/" : type == Type::user ? "user/" : "group/";
    if (name.rfind("arn:", 0) == 0) return name;
    return ev_.arn("iam", kind + name, false);
  }

  void read_suppressions(const Value& res, const Declared& decl) {
    const Value* meta = res.get("Metadata");
    const Value* iw = meta ? meta->get("iamwarden") : nullptr;
    const Value* ignore = iw ? iw->get("ignore") : nullptr;
    if (ignore == nullptr) return;
    const auto one = [&](const Value& entry) {
      Suppression s;
      s.origin = entry.origin;
      s.file = decl.origin.file;
      s.first = decl.origin.line;
      s.last = decl.origin.last_line();
      if (entry.is_object()) {
        if (const Value* id = entry.get("id")) s.id = id->text;
        if (const Value* reason = entry.get("reason")) s.reason = reason->text;
      } else if (entry.is_string()) {
        s.id = entry.text;
      }
      out_.suppressions.push_back(std::move(s));
    };
    if (ignore->is_list()) {
      for (const Value& e : ignore->items) one(e);
    } else {
      one(*ignore);
    }
  }

  // ---- resources ------------------------------------------------------------------------------

  void resource(const std::string& type, const Value& props, const Declared& decl) {
    const std::string& logical = decl.address;
    if (type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group") {
      principal(type == "AWS::IAM::Role" ? Type::role : type == "AWS::IAM::User" ? Type::user : Type::group, props, decl);
    } else if (type == "AWS::IAM::Policy") {
      iam_policy(props, decl);
    } else if (type == "AWS::IAM::ManagedPolicy") {
      managed_policy(props, decl);
    } else if (type == "AWS::IAM::InstanceProfile") {
      const auto names = ev_.names(logical);
      for (const std::string& role : strings_of(props, "Roles")) profiles_.emplace_back(role, names ? names->arn : "");
    } else if (type == "AWS::S3::BucketPolicy") {
      resource_policy(props, "PolicyDocument", decl, ev_.arn("s3", text_of(props, "Bucket"), false));
    } else if (type == "AWS::SQS::QueuePolicy") {
      const std::vector<std::string> queues = strings_of(props, "Queues");
      resource_policy(props, "PolicyDocument", decl, queues.empty() ? logical : queue_arn(queues.front()));
    } else if (type == "AWS::SNS::TopicPolicy") {
      const std::vector<std::string> topics = strings_of(props, "Topics");
      resource_policy(props, "PolicyDocument", decl, topics.empty() ? logical : topics.front());
    } else if (type == "AWS::KMS::Key") {
      resource_policy(props, "KeyPolicy", decl, ev_.names(logical)->arn);
    } else if (type == "AWS::ECR::Repository") {
      resource_policy(props, "RepositoryPolicyText", decl, ev_.names(logical)->arn);
    } else if (type == "AWS::SecretsManager::ResourcePolicy") {
      resource_policy(props, "ResourcePolicy", decl, text_of(props, "SecretId", logical));
    } else if (type == "AWS::Lambda::Permission") {
      lambda_permission(props, decl);
    } else if (type == "AWS::Organizations::Policy") {
      org_policy(props, decl);
    } else if (type == "AWS::Serverless::Function") {
      sam_function(props, decl);
    } else if (type == "AWS::Lambda::Function") {
      const std::string role = text_of(props, "Role");
      if (!role.empty()) out_.compute.push_back({ev_.names(logical)->arn, "lambda-function", role});
    }
  }

  std::string queue_arn(const std::string& url) {
    // https://sqs.REGION.amazonaws.com/ACCOUNT/NAME
    const std::size_t name = url.rfind('/');
    if (url.rfind("https://", 0) != 0 || name == std::string::npos) return url;
    const std::size_t account = url.rfind('/', name - 1);
    if (account == std::string::npos) return url;
    return "arn:" + env().partition + ":sqs:" + env().region + ":" + url.substr(account + 1, name - account - 1) + ":" +
           url.substr(name + 1);
  }

  void resource_policy(const Value& props, std::string_view key, const Declared& decl, const std::string& arn) {
    if (auto doc = document(props, key)) add_policy(policy::Kind::resource, std::move(*doc), decl, arn);
  }

  std::vector<std::pair<std::string, Value>> inline_policies(const Value& props) {
    std::vector<std::pair<std::string, Value>> out;
    const Value* list = props.get("Policies");
    if (list == nullptr) return out;
    const Value e = ev_.eval(*list);
    if (!e.is_list()) return out;
    for (const Value& p : e.items) {
      if (!p.is_object()) continue;
      const Value* name = p.get("PolicyName");
      const Value* doc = p.get("PolicyDocument");
      if (doc == nullptr) continue;
      Value d = *doc;
      if (d.is_string() && !d.has_placeholder()) {
        Value parsed;
        std::string error;
        if (parse_json_string(d.text, d.origin, 0, parsed, error)) d = std::move(parsed);
      }
      out.emplace_back(name ? name->text : std::string(), std::move(d));
    }
    return out;
  }

  void principal(Type type, const Value& props, const Declared& decl) {
    DeclaredPrincipal p;
    p.type = type;
    p.decl = decl;
    const auto names = ev_.names(decl.address);
    p.name = names->ref;
    p.arn = names->arn;
    p.path = text_of(props, "Path", "/");
    p.inline_policies = inline_policies(props);
    p.managed_policy_arns = strings_of(props, "ManagedPolicyArns");
    if (props.get("PermissionsBoundary")) p.boundary_arn = text_of(props, "PermissionsBoundary");
    if (type == Type::user) p.groups = strings_of(props, "Groups");
    if (type == Type::role) {
      if (auto trust = document(props, "AssumeRolePolicyDocument")) {
        add_policy(policy::Kind::trust, *trust, decl, p.arn, "trust");
        p.trust = std::move(*trust);
      }
    }
    for (const auto& [name, doc] : p.inline_policies) add_policy(policy::Kind::identity, doc, decl, p.arn, name);
    if (p.boundary_arn) boundaries_.push_back(*p.boundary_arn);
    out_.principals.push_back(std::move(p));
  }

  void attach_to(const Value& props, const std::function<void(Type, const std::string&)>& each) {
    for (const std::string& r : strings_of(props, "Roles")) each(Type::role, r);
    for (const std::string& u : strings_of(props, "Users")) each(Type::user, u);
    for (const std::string& g : strings_of(props, "Groups")) each(Type::group, g);
  }

  void iam_policy(const Value& props, const Declared& decl) {
    auto doc = document(props, "PolicyDocument");
    if (!doc) return;
    const std::string name = text_of(props, "PolicyName", decl.address);
    std::string arn;
    attach_to(props, [&](Type type, const std::string& who) {
      if (arn.empty()) arn = principal_arn(type, who);
      DeclaredAttachment a;
      a.type = type;
      a.principal = who;
      a.inline_policy = std::make_pair(name, *doc);
      out_.attachments.push_back(std::move(a));
    });
    add_policy(policy::Kind::identity, std::move(*doc), decl, arn.empty() ? decl.address : arn, name);
  }

  void managed_policy(const Value& props, const Declared& decl) {
    auto doc = document(props, "PolicyDocument");
    if (!doc) return;
    DeclaredManagedPolicy m;
    m.arn = ev_.names(decl.address)->arn;
    m.name = text_of(props, "ManagedPolicyName", decl.address);
    m.path = text_of(props, "Path", "/");
    m.document = *doc;
    m.decl = decl;
    attach_to(props, [&](Type type, const std::string& who) {
      DeclaredAttachment a;
      a.type = type;
      a.principal = who;
      a.policy_arn = m.arn;
      out_.attachments.push_back(std::move(a));
    });
    const bool boundary = std::find(boundaries_.begin(), boundaries_.end(), m.arn) != boundaries_.end();
    add_policy(boundary ? policy::Kind::boundary : policy::Kind::identity, std::move(*doc), decl, m.arn, m.name);
    out_.managed_policies.push_back(std::move(m));
  }

  void lambda_permission(const Value& props, const Declared& decl) {
    std::string function = text_of(props, "FunctionName");
    if (function.rfind("arn:", 0) != 0) function = ev_.arn("lambda", "function:" + function);
    const auto field = [&](std::string_view key) {
      const Value* v = props.get(key);
      return v ? Value::string(ev_.text(*v), v->origin) : Value{};
    };
    LambdaPermission p;
    p.at = decl.origin;
    p.principal = field("Principal");
    p.action = field("Action");
    p.function_arn = Value::string(function, props.get("FunctionName") ? props.get("FunctionName")->origin : decl.origin);
    p.source_arn = field("SourceArn");
    p.source_account = field("SourceAccount");
    p.principal_org_id = field("PrincipalOrgID");
    p.url_auth_type = field("FunctionUrlAuthType");
    add_policy(policy::Kind::resource, lambda_permission_document(p), decl, function, "lambda permission");
  }

  void org_policy(const Value& props, const Declared& decl) {
    const std::string type = text_of(props, "Type");
    policy::Kind kind;
    if (type == "SERVICE_CONTROL_POLICY") {
      kind = policy::Kind::scp;
    } else if (type == "RESOURCE_CONTROL_POLICY") {
      kind = policy::Kind::rcp;
    } else {
      return;  // tag, backup and AI opt-out policies are not IAM policies
    }
    if (auto doc = document(props, "Content")) {
      add_policy(kind, std::move(*doc), decl, ev_.names(decl.address)->arn, text_of(props, "Name", decl.address));
    }
  }

  void sam_function(const Value& props, const Declared& decl) {
    const std::string function_arn = ev_.names(decl.address)->arn;
    if (props.get("Role")) {
      out_.compute.push_back({function_arn, "lambda-function", text_of(props, "Role")});
      return;  // SAM uses the given role; Policies are ignored then
    }
    DeclaredPrincipal role;
    role.type = Type::role;
    role.decl = decl;
    role.name = decl.address + "Role";
    role.arn = ev_.arn("iam", "role/" + role.name, false);
    role.managed_policy_arns.push_back("arn:" + env().partition + ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    if (props.get("PermissionsBoundary")) {
      role.boundary_arn = text_of(props, "PermissionsBoundary");
      boundaries_.push_back(*role.boundary_arn);
    }
    Value trust = Value::object(decl.origin);
    trust.set("Version", Value::string("2012-10-17", decl.origin));
    Value st = Value::object(decl.origin);
    st.set("Effect", Value::string("Allow", decl.origin));
    Value svc = Value::object(decl.origin);
    svc.set("Service", Value::string("lambda.amazonaws.com", decl.origin));
    st.set("Principal", std::move(svc));
    st.set("Action", Value::string("sts:AssumeRole", decl.origin));
    Value sts = Value::list(decl.origin);
    sts.items.push_back(std::move(st));
    trust.set("Statement", std::move(sts));
    role.trust = trust;
    sam_policies(props, role);
    out_.compute.push_back({function_arn, "lambda-function", role.arn});
    out_.principals.push_back(std::move(role));
  }

  void sam_policies(const Value& props, DeclaredPrincipal& role) {
    const Value* raw = props.get("Policies");
    if (raw == nullptr) return;
    Value e = ev_.eval(*raw);
    if (!e.is_list()) {
      Value list = Value::list(e.origin);
      list.items.push_back(std::move(e));
      e = std::move(list);
    }
    Value templates = Value::list(e.origin);
    for (const Value& item : e.items) {
      if (item.is_string()) {
        const std::string& name = item.text;
        role.managed_policy_arns.push_back(name.rfind("arn:", 0) == 0 ? name : "arn:" + env().partition + ":iam::aws:policy/" + name);
      } else if (item.is_object() && item.get("Statement")) {
        const std::string name = "inline" + std::to_string(role.inline_policies.size());
        add_policy(policy::Kind::identity, item, role.decl, role.arn, name);
        role.inline_policies.emplace_back(name, item);
      } else if (item.is_object() && item.keys.size() == 1) {
        const Value& params = item.items.front();
        std::string param;
        if (params.is_object() && !params.items.empty()) param = ev_.text(params.items.front());
        if (!expand_sam_template(item.keys.front(), param, env().partition, env().region, env().account, item.origin,
                                 templates)) {
          const Value ph = out_.unresolved_value("SAM policy template " + item.keys.front(),
                                                 "a SAM policy template iamwarden does not know", item.origin);
          Value st = Value::object(item.origin);
          st.set("Effect", Value::string("Allow", item.origin));
          st.set("Action", ph);
          st.set("Resource", ph);
          templates.items.push_back(std::move(st));
        }
      }
    }
    if (templates.items.empty()) return;
    Value doc = Value::object(e.origin);
    doc.set("Version", Value::string("2012-10-17", e.origin));
    doc.set("Statement", std::move(templates));
    add_policy(policy::Kind::identity, doc, role.decl, role.arn, "SAM policy templates");
    role.inline_policies.emplace_back("SAMPolicyTemplates", std::move(doc));
  }

  void link_instance_profiles() {
    for (const auto& [role, profile] : profiles_) {
      for (DeclaredPrincipal& p : out_.principals) {
        if (p.type == Type::role && (p.name == role || p.arn == role) && !profile.empty()) p.instance_profiles.push_back(profile);
      }
    }
  }

  Evaluator ev_;
  Declarations& out_;
  std::vector<std::pair<std::string, std::string>> profiles_;  // role name, profile ARN
  std::vector<std::string> boundaries_;
};

}  // namespace

bool is_template(const Value& root) {
  if (!root.is_object()) return false;
  if (root.get("AWSTemplateFormatVersion")) return true;
  const Value* resources = root.get("Resources");
  if (resources == nullptr || !resources->is_object() || resources->items.empty()) return false;
  for (const Value& r : resources->items) {
    const Value* type = r.is_object() ? r.get("Type") : nullptr;
    if (type == nullptr || !type->is_string()) return false;
  }
  return true;
}

void read_template(const Value& root, const Environment& env, Declarations& out) { Reader(root, env, out).run(); }

}  // namespace iw::iac
