#include "iac/resources.h"

#include <algorithm>

#include "iac/tree.h"

namespace iw::iac {

namespace {

using Type = DeclaredPrincipal::Type;

const std::string& str(const Value& attrs, std::string_view key) {
  static const std::string kEmpty;
  const Value* v = attrs.get(key);
  return v && (v->is_string() || v->kind == Value::Kind::number) ? v->text : kEmpty;
}

std::vector<std::string> strings(const Value& attrs, std::string_view key) {
  std::vector<std::string> out;
  const Value* v = attrs.get(key);
  if (v == nullptr) return out;
  if (v->is_list()) {
    for (const Value& i : v->items) {
      if (i.is_string()) out.push_back(i.text);
    }
  } else if (v->is_string() && !v->text.empty()) {
    out.push_back(v->text);
  }
  return out;
}

// A policy attribute: the tree itself, or its JSON text parsed (nullopt when absent or empty).
std::optional<Value> policy_of(const Value& attrs, std::string_view key) {
  const Value* v = attrs.get(key);
  if (v == nullptr || v->kind == Value::Kind::null) return std::nullopt;
  if (v->is_object()) return *v;
  if (!v->is_string() || v->text.empty()) return std::nullopt;
  Value parsed;
  std::string error;
  const int first_line = v->origin.end_line > v->origin.line ? v->origin.line : 0;
  if (parse_json_string(v->text, v->origin, first_line, parsed, error)) return parsed;
  return *v;  // not JSON (or wholly unknown): linted as written, so it is never silently dropped
}

std::string path_of(const Value& attrs) {
  std::string p = str(attrs, "path");
  if (p.empty()) return "/";
  if (p.front() != '/') p = "/" + p;
  if (p.back() != '/') p += '/';
  return p;
}

std::string name_of(const Value& attrs, std::string_view key, const std::string& fallback) {
  const std::string& n = str(attrs, key);
  return n.empty() ? fallback : n;
}

class Extractor {
 public:
  Extractor(const Environment& env, Declarations& out) : env_(env), out_(out) {}

  void run(const std::vector<TfResource>& resources) {
    for (const TfResource& r : resources) boundaries(r);
    for (const TfResource& r : resources) {
      if (r.type == "aws_iam_role" || r.type == "aws_iam_user" || r.type == "aws_iam_group") principal(r);
    }
    for (const TfResource& r : resources) other(r);
  }

 private:
  std::string label(const TfResource& r) const {
    std::string a = r.decl.address;
    const std::size_t dot = a.rfind('.');
    a = dot == std::string::npos ? a : a.substr(dot + 1);
    const std::size_t br = a.find('[');
    return br == std::string::npos ? a : a.substr(0, br);
  }

  void add(policy::Kind kind, Value doc, const TfResource& r, std::string arn, std::string name = {}) {
    out_.policies.push_back(ExtractedPolicy{kind, std::move(doc), r.decl, std::move(arn), std::move(name)});
  }

  std::string principal_arn(Type type, const std::string& ref) const {
    if (ref.rfind("arn:", 0) == 0) return ref;
    for (const DeclaredPrincipal& p : out_.principals) {
      if (p.type == type && p.name == ref) return p.arn;
    }
    const char* kind = type == Type::role ? "role/" : type == Type::user ? "user/" : "group/";
    return "arn:" + env_.partition + ":iam::" + env_.account + ":" + kind + ref;
  }

  void boundaries(const TfResource& r) {
    const std::string& b = str(r.attrs, "permissions_boundary");
    if (!b.empty()) boundary_arns_.push_back(b);
  }

  void principal(const TfResource& r) {
    DeclaredPrincipal p;
    p.type = r.type == "aws_iam_role" ? Type::role : r.type == "aws_iam_user" ? Type::user : Type::group;
    p.decl = r.decl;
    p.name = name_of(r.attrs, "name", label(r));
    p.path = path_of(r.attrs);
    p.arn = resource_arn(r.type, r.attrs, label(r), env_);
    if (const std::string& b = str(r.attrs, "permissions_boundary"); !b.empty()) p.boundary_arn = b;
    if (p.type == Type::role) {
      if (auto trust = policy_of(r.attrs, "assume_role_policy")) {
        add(policy::Kind::trust, *trust, r, p.arn, "trust");
        p.trust = std::move(*trust);
      }
      p.managed_policy_arns = strings(r.attrs, "managed_policy_arns");
      if (const Value* blocks = r.attrs.get("inline_policy"); blocks && blocks->is_list()) {
        for (const Value& b : blocks->items) {
          if (!b.is_object()) continue;
          if (auto doc = policy_of(b, "policy")) {
            const std::string name = str(b, "name");
            add(policy::Kind::identity, *doc, r, p.arn, name);
            p.inline_policies.emplace_back(name, std::move(*doc));
          }
        }
      }
    }
    out_.principals.push_back(std::move(p));
  }

  void inline_policy(const TfResource& r, Type type, std::string_view who_key) {
    auto doc = policy_of(r.attrs, "policy");
    if (!doc) return;
    const std::string who = str(r.attrs, who_key);
    const std::string name = name_of(r.attrs, "name", label(r));
    DeclaredAttachment a;
    a.type = type;
    a.principal = who;
    a.inline_policy = std::make_pair(name, *doc);
    out_.attachments.push_back(std::move(a));
    add(policy::Kind::identity, std::move(*doc), r, who.empty() ? r.decl.address : principal_arn(type, who), name);
  }

  void attach(Type type, const std::string& who, const std::string& policy_arn) {
    if (who.empty() || policy_arn.empty()) return;
    DeclaredAttachment a;
    a.type = type;
    a.principal = who;
    a.policy_arn = policy_arn;
    out_.attachments.push_back(std::move(a));
  }

  void resource_policy(const TfResource& r, std::string_view key, const std::string& arn) {
    if (auto doc = policy_of(r.attrs, key)) add(policy::Kind::resource, std::move(*doc), r, arn.empty() ? r.decl.address : arn);
  }

  std::string queue_arn(const std::string& url) const {
    const std::size_t name = url.rfind('/');
    if (url.rfind("https://", 0) != 0 || name == std::string::npos || name == 0) return url;
    const std::size_t account = url.rfind('/', name - 1);
    if (account == std::string::npos) return url;
    return "arn:" + env_.partition + ":sqs:" + env_.region + ":" + url.substr(account + 1, name - account - 1) + ":" +
           url.substr(name + 1);
  }

  Value field(const Value& attrs, std::string_view key) const {
    const Value* v = attrs.get(key);
    return v ? *v : Value{};
  }

  void other(const TfResource& r) {
    const std::string& t = r.type;
    const Value& a = r.attrs;
    if (t == "aws_iam_role_policy") {
      inline_policy(r, Type::role, "role");
    } else if (t == "aws_iam_user_policy") {
      inline_policy(r, Type::user, "user");
    } else if (t == "aws_iam_group_policy") {
      inline_policy(r, Type::group, "group");
    } else if (t == "aws_iam_policy") {
      auto doc = policy_of(a, "policy");
      if (!doc) return;
      DeclaredManagedPolicy m;
      m.name = name_of(a, "name", label(r));
      m.path = path_of(a);
      m.arn = resource_arn(t, a, label(r), env_);
      m.document = *doc;
      m.decl = r.decl;
      const bool boundary = std::find(boundary_arns_.begin(), boundary_arns_.end(), m.arn) != boundary_arns_.end();
      add(boundary ? policy::Kind::boundary : policy::Kind::identity, std::move(*doc), r, m.arn, m.name);
      out_.managed_policies.push_back(std::move(m));
    } else if (t == "aws_iam_role_policy_attachment") {
      attach(Type::role, str(a, "role"), str(a, "policy_arn"));
    } else if (t == "aws_iam_user_policy_attachment") {
      attach(Type::user, str(a, "user"), str(a, "policy_arn"));
    } else if (t == "aws_iam_group_policy_attachment") {
      attach(Type::group, str(a, "group"), str(a, "policy_arn"));
    } else if (t == "aws_iam_policy_attachment") {
      for (const std::string& w : strings(a, "roles")) attach(Type::role, w, str(a, "policy_arn"));
      for (const std::string& w : strings(a, "users")) attach(Type::user, w, str(a, "policy_arn"));
      for (const std::string& w : strings(a, "groups")) attach(Type::group, w, str(a, "policy_arn"));
    } else if (t == "aws_iam_role_policy_attachments_exclusive") {
      for (const std::string& p : strings(a, "policy_arns")) attach(Type::role, str(a, "role_name"), p);
    } else if (t == "aws_iam_user_policy_attachments_exclusive") {
      for (const std::string& p : strings(a, "policy_arns")) attach(Type::user, str(a, "user_name"), p);
    } else if (t == "aws_iam_group_policy_attachments_exclusive") {
      for (const std::string& p : strings(a, "policy_arns")) attach(Type::group, str(a, "group_name"), p);
    } else if (t == "aws_iam_user_group_membership") {
      for (const std::string& g : strings(a, "groups")) {
        DeclaredAttachment m;
        m.type = Type::group;
        m.principal = g;
        m.group_users.push_back(str(a, "user"));
        out_.attachments.push_back(std::move(m));
      }
    } else if (t == "aws_iam_group_membership") {
      DeclaredAttachment m;
      m.type = Type::group;
      m.principal = str(a, "group");
      m.group_users = strings(a, "users");
      out_.attachments.push_back(std::move(m));
    } else if (t == "aws_iam_instance_profile") {
      const std::string role = str(a, "role");
      const std::string arn = resource_arn(t, a, label(r), env_);
      for (DeclaredPrincipal& p : out_.principals) {
        if (p.type == Type::role && (p.name == role || p.arn == role)) p.instance_profiles.push_back(arn);
      }
    } else if (t == "aws_s3_bucket_policy") {
      resource_policy(r, "policy", "arn:" + env_.partition + ":s3:::" + str(a, "bucket"));
    } else if (t == "aws_s3_bucket") {
      resource_policy(r, "policy", resource_arn(t, a, label(r), env_));
    } else if (t == "aws_sqs_queue_policy") {
      resource_policy(r, "policy", queue_arn(str(a, "queue_url")));
    } else if (t == "aws_sqs_queue" || t == "aws_sns_topic" || t == "aws_kms_key" || t == "aws_secretsmanager_secret") {
      resource_policy(r, "policy", resource_arn(t, a, label(r), env_));
    } else if (t == "aws_sns_topic_policy") {
      resource_policy(r, "policy", str(a, "arn"));
    } else if (t == "aws_ecr_repository_policy") {
      resource_policy(r, "policy",
                      "arn:" + env_.partition + ":ecr:" + env_.region + ":" + env_.account + ":repository/" + str(a, "repository"));
    } else if (t == "aws_secretsmanager_secret_policy") {
      resource_policy(r, "policy", str(a, "secret_arn"));
    } else if (t == "aws_organizations_policy") {
      const std::string& type = str(a, "type");
      const policy::Kind kind = type == "RESOURCE_CONTROL_POLICY" ? policy::Kind::rcp : policy::Kind::scp;
      if (!type.empty() && type != "SERVICE_CONTROL_POLICY" && type != "RESOURCE_CONTROL_POLICY") return;
      if (auto doc = policy_of(a, "content")) add(kind, std::move(*doc), r, resource_arn(t, a, label(r), env_), str(a, "name"));
    } else if (t == "aws_lambda_permission") {
      std::string fn = str(a, "function_name");
      if (fn.rfind("arn:", 0) != 0) fn = "arn:" + env_.partition + ":lambda:" + env_.region + ":" + env_.account + ":function:" + fn;
      LambdaPermission p;
      p.at = r.decl.origin;
      p.principal = field(a, "principal");
      p.action = field(a, "action");
      p.function_arn = Value::string(fn, a.get("function_name") ? a.get("function_name")->origin : r.decl.origin);
      p.source_arn = field(a, "source_arn");
      p.source_account = field(a, "source_account");
      p.principal_org_id = field(a, "principal_org_id");
      p.url_auth_type = field(a, "function_url_auth_type");
      add(policy::Kind::resource, lambda_permission_document(p), r, fn, "lambda permission");
    } else if (t == "aws_lambda_function") {
      const std::string& role = str(a, "role");
      if (!role.empty()) out_.compute.push_back({resource_arn(t, a, label(r), env_), "lambda-function", role});
    }
  }

  const Environment& env_;
  Declarations& out_;
  std::vector<std::string> boundary_arns_;
};

}  // namespace

std::string resource_arn(const std::string& type, const Value& attrs, const std::string& fallback_name,
                         const Environment& env) {
  const std::string pre = "arn:" + env.partition + ":";
  const std::string regional = env.region + ":" + env.account + ":";
  if (type == "aws_iam_role") return pre + "iam::" + env.account + ":role" + path_of(attrs) + name_of(attrs, "name", fallback_name);
  if (type == "aws_iam_user") return pre + "iam::" + env.account + ":user" + path_of(attrs) + name_of(attrs, "name", fallback_name);
  if (type == "aws_iam_group") return pre + "iam::" + env.account + ":group" + path_of(attrs) + name_of(attrs, "name", fallback_name);
  if (type == "aws_iam_policy") return pre + "iam::" + env.account + ":policy" + path_of(attrs) + name_of(attrs, "name", fallback_name);
  if (type == "aws_iam_instance_profile") {
    return pre + "iam::" + env.account + ":instance-profile" + path_of(attrs) + name_of(attrs, "name", fallback_name);
  }
  if (type == "aws_s3_bucket") return pre + "s3:::" + name_of(attrs, "bucket", fallback_name);
  if (type == "aws_sqs_queue") return pre + "sqs:" + regional + name_of(attrs, "name", fallback_name);
  if (type == "aws_sns_topic") return pre + "sns:" + regional + name_of(attrs, "name", fallback_name);
  if (type == "aws_kms_key") return pre + "kms:" + regional + "key/" + fallback_name;
  if (type == "aws_lambda_function") return pre + "lambda:" + regional + "function:" + name_of(attrs, "function_name", fallback_name);
  if (type == "aws_ecr_repository") return pre + "ecr:" + regional + "repository/" + name_of(attrs, "name", fallback_name);
  if (type == "aws_secretsmanager_secret") return pre + "secretsmanager:" + regional + "secret:" + name_of(attrs, "name", fallback_name);
  if (type == "aws_dynamodb_table") return pre + "dynamodb:" + regional + "table/" + name_of(attrs, "name", fallback_name);
  if (type == "aws_organizations_policy") return pre + "organizations::" + env.account + ":policy/o-iac/p-" + fallback_name;
  return {};
}

void extract(const std::vector<TfResource>& resources, const Environment& env, Declarations& out) {
  Extractor(env, out).run(resources);
}

Value lambda_permission_document(const LambdaPermission& p) {
  const Origin& at = p.at;
  const auto o = [&](const Value& v) { return v.origin.line > 0 ? v.origin : at; };
  Value st = Value::object(at);
  st.set("Effect", Value::string("Allow", at));
  const std::string& who = p.principal.text;
  if (who == "*") {
    st.set("Principal", Value::string("*", o(p.principal)));
  } else {
    Value obj = Value::object(o(p.principal));
    if (who.find(".amazonaws.com") != std::string::npos || who.find(".amazon.com") != std::string::npos) {
      obj.set("Service", p.principal);
    } else if (who.size() == 12 && who.find_first_not_of("0123456789") == std::string::npos) {
      obj.set("AWS", Value::string("arn:aws:iam::" + who + ":root", o(p.principal)));
    } else {
      obj.set("AWS", p.principal);
    }
    st.set("Principal", std::move(obj));
  }
  st.set("Action", p.action.kind == Value::Kind::null ? Value::string("lambda:InvokeFunction", at) : p.action);
  st.set("Resource", p.function_arn);
  Value cond = Value::object(at);
  if (p.source_arn.is_string()) {
    Value m = Value::object(at);
    m.set("aws:SourceArn", p.source_arn);
    cond.set("ArnLike", std::move(m));
  }
  Value eq = Value::object(at);
  if (p.source_account.is_string()) eq.set("aws:SourceAccount", p.source_account);
  if (p.principal_org_id.is_string()) eq.set("aws:PrincipalOrgID", p.principal_org_id);
  if (p.url_auth_type.is_string()) eq.set("lambda:FunctionUrlAuthType", p.url_auth_type);
  if (!eq.keys.empty()) cond.set("StringEquals", std::move(eq));
  if (!cond.keys.empty()) st.set("Condition", std::move(cond));
  Value doc = Value::object(at);
  doc.set("Version", Value::string("2012-10-17", at));
  Value list = Value::list(at);
  list.items.push_back(std::move(st));
  doc.set("Statement", std::move(list));
  return doc;
}

}  // namespace iw::iac
