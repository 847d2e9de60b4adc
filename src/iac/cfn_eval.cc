#include "iac/cfn_eval.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace iw::iac::cfn {

namespace {

constexpr std::size_t kMaxDepth = 64;
constexpr std::string_view kNoValue = "\x1d" "AWS::NoValue";

bool both_branch_key(std::string_view key) {
  return key == "Action" || key == "NotAction" || key == "Resource" || key == "NotResource" || key == "AWS" ||
         key == "Service" || key == "Federated" || key == "CanonicalUser" || key == "ManagedPolicyArns" ||
         key == "Policies";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A single-key object naming an intrinsic: its name, else "".
std::string intrinsic_name(const Value& v) {
  if (!v.is_object() || v.keys.size() != 1) return {};
  const std::string& k = v.keys.front();
  if (k == "Ref" || k.rfind("Fn::", 0) == 0) return k;
  return {};
}

void append(Value& list, Value item) {
  if (is_no_value(item)) return;
  list.items.push_back(std::move(item));
}

}  // namespace

bool is_no_value(const Value& v) { return v.kind == Value::Kind::null && v.text == kNoValue; }

Evaluator::Evaluator(const Value& root, const Environment& env, Declarations& out)
    : root_(root), env_(env), out_(out) {
  resources_ = root.get("Resources");
  parameters_ = root.get("Parameters");
  conditions_ = root.get("Conditions");
  mappings_ = root.get("Mappings");
}

std::string Evaluator::arn(std::string_view service, std::string_view resource, bool regional) const {
  std::string out = "arn:" + env_.partition + ":" + std::string(service) + ":";
  if (regional) out += env_.region;
  out += ":";
  if (service != "s3") out += env_.account;
  out += ":";
  out += resource;
  return out;
}

Value Evaluator::unknown(const std::string& name, const std::string& why, const Origin& at) {
  return out_.unresolved_value(name, why, at);
}

std::optional<Names> Evaluator::names(const std::string& logical, std::size_t depth) {
  const Value* res = resources_ ? resources_->get(logical) : nullptr;
  if (res == nullptr || !res->is_object() || depth > kMaxDepth) return std::nullopt;
  const Value* type_v = res->get("Type");
  const std::string type = type_v && type_v->is_string() ? type_v->text : "";
  const Value* props = res->get("Properties");
  auto prop = [&](std::string_view key, const std::string& fallback) {
    const Value* p = props ? props->get(key) : nullptr;
    if (p == nullptr) return fallback;
    return text(*p, depth + 1);
  };
  auto path_of = [&]() {
    std::string path = prop("Path", "/");
    if (path.empty() || path.front() != '/') path = "/" + path;
    if (path.back() != '/') path += '/';
    return path;
  };
  Names n;
  if (type == "AWS::IAM::Role") {
    n.ref = prop("RoleName", logical);
    n.arn = arn("iam", "role" + path_of() + n.ref, false);
  } else if (type == "AWS::IAM::User") {
    n.ref = prop("UserName", logical);
    n.arn = arn("iam", "user" + path_of() + n.ref, false);
  } else if (type == "AWS::IAM::Group") {
    n.ref = prop("GroupName", logical);
    n.arn = arn("iam", "group" + path_of() + n.ref, false);
  } else if (type == "AWS::IAM::ManagedPolicy") {
    n.arn = arn("iam", "policy" + path_of() + prop("ManagedPolicyName", logical), false);
    n.ref = n.arn;
  } else if (type == "AWS::IAM::InstanceProfile") {
    n.ref = prop("InstanceProfileName", logical);
    n.arn = arn("iam", "instance-profile" + path_of() + n.ref, false);
  } else if (type == "AWS::S3::Bucket") {
    n.ref = prop("BucketName", lower(logical));
    n.arn = arn("s3", n.ref, false);
  } else if (type == "AWS::SQS::Queue") {
    const std::string name = prop("QueueName", logical);
    n.ref = "https://sqs." + env_.region + ".amazonaws.com/" + env_.account + "/" + name;
    n.arn = arn("sqs", name);
  } else if (type == "AWS::SNS::Topic") {
    n.arn = arn("sns", prop("TopicName", logical));
    n.ref = n.arn;
  } else if (type == "AWS::KMS::Key") {
    n.ref = logical;
    n.arn = arn("kms", "key/" + logical);
  } else if (type == "AWS::Lambda::Function" || type == "AWS::Serverless::Function") {
    n.ref = prop("FunctionName", logical);
    n.arn = arn("lambda", "function:" + n.ref);
  } else if (type == "AWS::ECR::Repository") {
    n.ref = prop("RepositoryName", lower(logical));
    n.arn = arn("ecr", "repository/" + n.ref);
  } else if (type == "AWS::SecretsManager::Secret") {
    n.arn = arn("secretsmanager", "secret:" + prop("Name", logical));
    n.ref = n.arn;
  } else if (type == "AWS::DynamoDB::Table" || type == "AWS::Serverless::SimpleTable") {
    n.ref = prop("TableName", logical);
    n.arn = arn("dynamodb", "table/" + n.ref);
  } else if (type == "AWS::Organizations::Policy") {
    n.ref = "p-" + lower(logical);
    n.arn = "arn:" + env_.partition + ":organizations::" + env_.account + ":policy/o-iac/" + n.ref;
  } else {
    n.ref = logical;
  }
  return n;
}

Value Evaluator::ref(const Value& arg, const Origin& at, std::size_t depth) {
  const std::string name = text(arg, depth + 1);
  if (name == "AWS::AccountId") return Value::string(env_.account, at);
  if (name == "AWS::Partition") return Value::string(env_.partition, at);
  if (name == "AWS::Region") return Value::string(env_.region, at);
  if (name == "AWS::URLSuffix") return Value::string("amazonaws.com", at);
  if (name == "AWS::NoValue") {
    Value v;
    v.text = std::string(kNoValue);
    return v;
  }
  if (name.rfind("AWS::", 0) == 0) return unknown(name, "pseudo parameter known only at deploy time", at);
  if (const Value* p = parameters_ ? parameters_->get(name) : nullptr) {
    const Value* def = p->is_object() ? p->get("Default") : nullptr;
    if (def == nullptr) return unknown(name, "parameter without a default", at);
    const Value* type = p->get("Type");
    Value v = eval(*def, depth + 1);
    v.origin = at;
    if (type && type->is_string() && (type->text == "CommaDelimitedList" || type->text.rfind("List<", 0) == 0) &&
        v.is_string()) {
      Value list = Value::list(at);
      for (std::string_view part : split(v.text, ',')) list.items.push_back(Value::string(std::string(trim(part)), at));
      return list;
    }
    return v;
  }
  if (auto n = names(name, depth + 1)) return Value::string(n->ref, at);
  return unknown(name, "not a parameter or resource of the template", at);
}

Value Evaluator::get_att(const Value& arg, const Origin& at, std::size_t depth) {
  Value a = eval(arg, depth + 1);
  std::string logical, attr;
  if (a.is_list() && a.items.size() >= 2) {
    logical = text(a.items[0], depth + 1);
    attr = text(a.items[1], depth + 1);
  } else if (a.is_string()) {
    const std::size_t dot = a.text.find('.');
    logical = a.text.substr(0, dot);
    if (dot != std::string::npos) attr = a.text.substr(dot + 1);
  }
  if (auto n = names(logical, depth + 1)) {
    if ((attr == "Arn" || attr == "PolicyArn" || attr == "TopicArn" || attr == "SecretArn") && !n->arn.empty()) {
      return Value::string(n->arn, at);
    }
    if (attr == "QueueName" || attr == "RoleName" || attr == "UserName" || attr == "GroupName") {
      return Value::string(n->arn.substr(n->arn.find_last_of(":/") + 1), at);
    }
    if (attr == "QueueUrl") return Value::string(n->ref, at);
  }
  return unknown(logical + "." + attr, "attribute known only after deploy", at);
}

Value Evaluator::sub(const Value& arg, const Origin& at, std::size_t depth) {
  std::string tmpl;
  const Value* vars = nullptr;
  if (arg.is_list() && !arg.items.empty()) {
    tmpl = text(arg.items[0], depth + 1);
    if (arg.items.size() > 1 && arg.items[1].is_object()) vars = &arg.items[1];
  } else {
    tmpl = text(arg, depth + 1);
  }
  std::string out;
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    const std::size_t open = tmpl.find("${", pos);
    if (open == std::string::npos) break;
    const std::size_t close = tmpl.find('}', open + 2);
    if (close == std::string::npos) break;
    out.append(tmpl, pos, open - pos);
    const std::string name(trim(std::string_view(tmpl).substr(open + 2, close - open - 2)));
    pos = close + 1;
    if (!name.empty() && name.front() == '!') {  // ${!Literal}
      out += "${" + name.substr(1) + "}";
      continue;
    }
    if (const Value* v = vars ? vars->get(name) : nullptr) {
      out += text(eval(*v, depth + 1), depth + 1);
    } else if (name.find('.') != std::string::npos && name.rfind("AWS::", 0) != 0) {
      Value list = Value::list(at);
      list.items.push_back(Value::string(name.substr(0, name.find('.')), at));
      list.items.push_back(Value::string(name.substr(name.find('.') + 1), at));
      out += text(get_att(list, at, depth + 1), depth + 1);
    } else {
      out += text(ref(Value::string(name, at), at, depth + 1), depth + 1);
    }
  }
  out.append(tmpl, pos, std::string::npos);
  return Value::string(std::move(out), at);
}

std::optional<bool> Evaluator::decide(const Value& v, std::size_t depth) {
  if (depth > kMaxDepth) return std::nullopt;
  if (v.kind == Value::Kind::boolean) return v.text == "true";
  if (v.is_string()) {
    if (v.text == "true") return true;
    if (v.text == "false") return false;
    return std::nullopt;
  }
  if (!v.is_object() || v.keys.size() != 1) return std::nullopt;
  const std::string& fn = v.keys.front();
  const Value& arg = v.items.front();
  if (fn == "Condition") return condition(text(arg, depth + 1), depth + 1);
  if (fn == "Fn::Not" && arg.is_list() && arg.items.size() == 1) {
    auto r = decide(arg.items[0], depth + 1);
    return r ? std::optional<bool>(!*r) : std::nullopt;
  }
  if ((fn == "Fn::And" || fn == "Fn::Or") && arg.is_list()) {
    const bool is_and = fn == "Fn::And";
    bool undecided = false;
    for (const Value& c : arg.items) {
      auto r = decide(c, depth + 1);
      if (!r) {
        undecided = true;
      } else if (*r != is_and) {
        return !is_and;
      }
    }
    return undecided ? std::nullopt : std::optional<bool>(is_and);
  }
  if (fn == "Fn::Equals" && arg.is_list() && arg.items.size() == 2) {
    const Value a = eval(arg.items[0], depth + 1), b = eval(arg.items[1], depth + 1);
    if (a.has_placeholder() || b.has_placeholder() || a.is_list() || b.is_list()) return std::nullopt;
    return a.text == b.text;
  }
  return std::nullopt;
}

std::optional<bool> Evaluator::condition(const std::string& name, std::size_t depth) {
  const Value* c = conditions_ ? conditions_->get(name) : nullptr;
  if (c == nullptr || !deciding_.insert(name).second) return std::nullopt;
  auto r = decide(*c, depth + 1);
  deciding_.erase(name);
  return r;
}

Value Evaluator::intrinsic(const std::string& fn, const Value& arg, const Origin& at, std::size_t depth) {
  if (fn == "Ref") return ref(arg, at, depth);
  if (fn == "Fn::GetAtt") return get_att(arg, at, depth);
  if (fn == "Fn::Sub") return sub(arg, at, depth);
  if (fn == "Fn::Base64" || fn == "Fn::ToJsonString") return eval(arg, depth + 1);
  if (fn == "Fn::Join") {
    if (!arg.is_list() || arg.items.size() != 2) return unknown("Fn::Join", "malformed Fn::Join", at);
    const std::string delim = text(arg.items[0], depth + 1);
    const Value list = eval(arg.items[1], depth + 1);
    if (!list.is_list()) return Value::string(text(list, depth + 1), at);
    std::string out;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      if (i > 0) out += delim;
      out += text(list.items[i], depth + 1);
    }
    return Value::string(std::move(out), at);
  }
  if (fn == "Fn::Select") {
    if (!arg.is_list() || arg.items.size() != 2) return unknown("Fn::Select", "malformed Fn::Select", at);
    const std::string index = text(arg.items[0], depth + 1);
    const Value list = eval(arg.items[1], depth + 1);
    std::size_t i = 0;
    const bool numeric = !index.empty() && index.size() < 6 && index.find_first_not_of("0123456789") == std::string::npos;
    if (numeric) i = std::stoul(index);
    if (numeric && list.is_list() && i < list.items.size()) return list.items[i];
    return unknown("Fn::Select[" + index + "]", "selects from a list not known before deploy", at);
  }
  if (fn == "Fn::Split") {
    if (!arg.is_list() || arg.items.size() != 2) return unknown("Fn::Split", "malformed Fn::Split", at);
    const std::string delim = text(arg.items[0], depth + 1);
    const std::string s = text(eval(arg.items[1], depth + 1), depth + 1);
    Value list = Value::list(at);
    if (delim.empty()) {
      list.items.push_back(Value::string(s, at));
      return list;
    }
    std::size_t pos = 0;
    while (true) {
      const std::size_t next = s.find(delim, pos);
      list.items.push_back(Value::string(s.substr(pos, next - pos), at));
      if (next == std::string::npos) break;
      pos = next + delim.size();
    }
    return list;
  }
  if (fn == "Fn::FindInMap") {
    if (arg.is_list() && arg.items.size() >= 3) {
      const std::string m = text(arg.items[0], depth + 1), k1 = text(arg.items[1], depth + 1),
                        k2 = text(arg.items[2], depth + 1);
      const Value* map = mappings_ ? mappings_->get(m) : nullptr;
      const Value* top = map ? map->get(k1) : nullptr;
      const Value* leaf = top ? top->get(k2) : nullptr;
      if (leaf != nullptr) return eval(*leaf, depth + 1);
      return unknown("Fn::FindInMap " + m + "." + k1 + "." + k2, "mapping key not known before deploy", at);
    }
    return unknown("Fn::FindInMap", "malformed Fn::FindInMap", at);
  }
  if (fn == "Fn::ImportValue") {
    return unknown("Fn::ImportValue " + text(arg, depth + 1), "exported by another stack", at);
  }
  if (fn == "Fn::GetAZs") return unknown("Fn::GetAZs", "availability zones are known only at deploy time", at);
  if (fn == "Fn::If") {
    if (!arg.is_list() || arg.items.size() != 3) return unknown("Fn::If", "malformed Fn::If", at);
    const auto taken = condition(text(arg.items[0], depth + 1), depth + 1);
    return eval(arg.items[taken.value_or(true) ? 1 : 2], depth + 1);
  }
  return unknown(fn, "intrinsic function not evaluated", at);
}

Value Evaluator::eval(const Value& v, std::size_t depth) {
  if (depth > kMaxDepth) return unknown("(nesting)", "nested too deeply to evaluate", v.origin);
  const std::string fn = intrinsic_name(v);
  if (!fn.empty()) return intrinsic(fn, v.items.front(), v.origin, depth);
  if (v.is_list()) {
    Value out = Value::list(v.origin);
    for (const Value& item : v.items) {
      if (intrinsic_name(item) == "Fn::If" && item.items.front().is_list() && item.items.front().items.size() == 3) {
        // Both branches: whatever either would put in the list is analyzed.
        const Value& args = item.items.front();
        append(out, eval(args.items[1], depth + 1));
        append(out, eval(args.items[2], depth + 1));
        continue;
      }
      append(out, eval(item, depth + 1));
    }
    return out;
  }
  if (v.is_object()) {
    Value out = Value::object(v.origin);
    for (std::size_t i = 0; i < v.keys.size(); ++i) {
      const Value& item = v.items[i];
      Value r;
      if (intrinsic_name(item) == "Fn::If" && both_branch_key(v.keys[i]) && item.items.front().is_list() &&
          item.items.front().items.size() == 3) {
        const Value& args = item.items.front();
        Value a = eval(args.items[1], depth + 1), b = eval(args.items[2], depth + 1);
        r = Value::list(item.origin);
        for (Value* branch : {&a, &b}) {
          if (branch->is_list()) {
            for (Value& x : branch->items) append(r, std::move(x));
          } else {
            append(r, std::move(*branch));
          }
        }
      } else {
        r = eval(item, depth + 1);
      }
      if (is_no_value(r)) continue;
      out.keys.push_back(v.keys[i]);
      out.key_origins.push_back(v.key_origin(i));
      out.items.push_back(std::move(r));
    }
    return out;
  }
  return v;
}

std::string Evaluator::text(const Value& v, std::size_t depth) {
  if (depth > kMaxDepth) return replace_placeholders("", "");
  if (!intrinsic_name(v).empty()) return text(eval(v, depth + 1), depth + 1);
  switch (v.kind) {
    case Value::Kind::string:
    case Value::Kind::number:
    case Value::Kind::boolean:
      return v.text;
    case Value::Kind::null:
      return {};
    case Value::Kind::list:
    case Value::Kind::object:
      break;
  }
  return unknown("(structured value)", "a list or object where a string is expected", v.origin).text;
}

}  // namespace iw::iac::cfn
