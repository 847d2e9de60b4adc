#include "aws/value.h"

#include <pugixml.hpp>

#include "json/json.h"
#include "policy/policy.h"

namespace iw::aws {

const Value* Value::find(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Value::find(std::string_view key) {
  for (auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value& Value::set(std::string key, Value v) {
  if (Value* old = find(key)) return *old = std::move(v);
  members.emplace_back(std::move(key), std::move(v));
  return members.back().second;
}

std::string Value::str(std::string_view key) const {
  const Value* v = find(key);
  return v != nullptr && v->kind == Kind::string ? v->text : std::string();
}

void write(const Value& v, JsonWriter& w) {
  switch (v.kind) {
    case Value::Kind::null: w.null(); break;
    case Value::Kind::boolean: w.value(v.text == "true"); break;
    case Value::Kind::number: {
      // Numbers come from our own conversion or a parsed JSON text: integers or decimals.
      const bool integer = !v.text.empty() && v.text.find_first_not_of("-0123456789") == std::string::npos &&
                           v.text.size() < 19;
      if (integer) w.value(static_cast<std::int64_t>(std::stoll(v.text)));
      else w.value(std::stod(v.text));
      break;
    }
    case Value::Kind::string: w.value(v.text); break;
    case Value::Kind::array:
      w.begin_array();
      for (const Value& item : v.items) write(item, w);
      w.end_array();
      break;
    case Value::Kind::object:
      w.begin_object();
      for (const auto& [k, m] : v.members) {
        w.key(k);
        write(m, w);
      }
      w.end_object();
      break;
  }
}

std::string to_json_text(const Value& v) {
  JsonWriter w(JsonWriter::Style::pretty);
  write(v, w);
  return std::move(w).take() + "\n";
}

namespace {

Value from_json_node(const json::Document& doc, const json::Node& n, std::size_t depth) {
  if (depth > kMaxXmlDepth) throw XmlError("JSON nested too deeply");
  switch (n.kind) {
    case json::Kind::null: return {};
    case json::Kind::boolean: return Value::boolean(n.boolean);
    case json::Kind::number: return Value::number(std::string(n.text));
    case json::Kind::string: return Value::string(std::string(n.text));
    case json::Kind::array: {
      Value a = Value::array();
      for (const json::Node& c : doc.children(n)) a.items.push_back(from_json_node(doc, c, depth + 1));
      return a;
    }
    case json::Kind::object: {
      Value o = Value::object();
      for (const json::Node& c : doc.children(n)) {
        o.members.emplace_back(std::string(c.key), from_json_node(doc, c, depth + 1));
      }
      return o;
    }
  }
  return {};
}

bool is_list_element(const pugi::xml_node& n) {
  const std::string_view name = n.name();
  return name == "member" || name == "item";
}

std::string text_of(const pugi::xml_node& n) {
  std::string out;
  for (const pugi::xml_node& c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

// A policy document as the CLI prints it: decoded and parsed; the decoded text when it is not JSON.
Value document(const std::string& raw) {
  const std::optional<std::string> decoded = policy::percent_decode(raw);
  const std::string text = decoded ? *decoded : raw;
  json::ParseError error;
  auto doc = json::parse(text, error);
  if (doc && doc->root().kind == json::Kind::object && doc->duplicate_keys().empty()) {
    return from_json_node(*doc, doc->root(), 0);
  }
  return Value::string(text);
}

Value convert(const pugi::xml_node& n, const XmlShape& shape, std::size_t depth) {
  if (depth > kMaxXmlDepth) throw XmlError("XML nested deeper than " + std::to_string(kMaxXmlDepth) + " levels");
  const std::string_view name = n.name();
  bool has_elements = false, all_members = true;
  for (const pugi::xml_node& c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    has_elements = true;
    if (!is_list_element(c)) all_members = false;
  }
  if (has_elements && (all_members || shape.lists.count(name) != 0)) {
    Value a = Value::array();
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() == pugi::node_element) a.items.push_back(convert(c, shape, depth + 1));
    }
    return a;
  }
  if (has_elements) {
    Value o = Value::object();
    std::set<std::string, std::less<>> repeated;
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      Value v = convert(c, shape, depth + 1);
      // A repeated element outside a <member> list (flattened lists): collect it into an array.
      if (Value* prev = o.find(c.name())) {
        if (repeated.insert(c.name()).second) {
          Value list = Value::array();
          list.items.push_back(std::move(*prev));
          *prev = std::move(list);
        }
        prev->items.push_back(std::move(v));
      } else {
        o.members.emplace_back(c.name(), std::move(v));
      }
    }
    return o;
  }
  const std::string text = text_of(n);
  if (shape.lists.count(name) != 0) return Value::array();
  if (shape.integers.count(name) != 0 && !text.empty() &&
      text.find_first_not_of("-0123456789") == std::string::npos && text.size() < 19) {
    return Value::number(text);
  }
  if (shape.booleans.count(name) != 0 && (text == "true" || text == "false")) return Value::boolean(text == "true");
  if (shape.documents.count(name) != 0 && !text.empty()) return document(text);
  return Value::string(text);
}

}  // namespace

const XmlShape& default_shape() {
  static const XmlShape shape{
      {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "GroupList", "AttachedManagedPolicies",
       "UserPolicyList", "GroupPolicyList", "RolePolicyList", "PolicyVersionList", "InstanceProfileList", "Roles",
       "Tags", "Users", "AccessKeyMetadata", "Groups", "PolicyNames", "Attributes", "Reservations", "Instances",
       "InstanceProfiles", "Topics", "QueueUrls", "Accounts", "Parents", "Children"},
      {"MaxSessionDuration", "AttachmentCount", "PermissionsBoundaryUsageCount", "MinimumPasswordLength",
       "MaxPasswordAge", "PasswordReusePrevention", "SummaryMap.value", "value"},
      {"IsTruncated", "IsAttachable", "IsDefaultVersion", "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
       "RequireLowercaseCharacters", "AllowUsersToChangePassword", "ExpirePasswords", "HardExpiry",
       "PasswordResetRequired"},
      {"AssumeRolePolicyDocument", "PolicyDocument", "Document"}};
  return shape;
}

Value parse_xml_response(std::string_view text, const XmlShape& shape) {
  if (text.size() > kMaxXmlBytes) throw XmlError("XML response over " + std::to_string(kMaxXmlBytes) + " bytes");
  pugi::xml_document doc;
  const pugi::xml_parse_result ok = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!ok) {
    throw XmlError(std::string("malformed XML response at byte ") + std::to_string(ok.offset) + ": " + ok.description());
  }
  const pugi::xml_node root = doc.document_element();
  if (!root) throw XmlError("empty XML response");
  for (const pugi::xml_node& c : root.children()) {
    const std::string_view name = c.name();
    if (c.type() == pugi::node_element && name.size() > 6 && name.substr(name.size() - 6) == "Result") {
      return convert(c, shape, 0);
    }
  }
  return convert(root, shape, 0);
}

Value parse_json_value(std::string_view text) {
  json::ParseError error;
  auto doc = json::parse(text, error);
  if (!doc) throw XmlError("malformed JSON response: " + error.message);
  return from_json_node(*doc, doc->root(), 0);
}

}  // namespace iw::aws
