// LoadOptions::question_action: may a managed policy, a user, group or role take part in the
// answer for one action? On-Demand walks of an element of authorization-details.json to the
// Action lists of its statements (of a policy's versions, those that may be in force), building
// nothing. Anything but the plain grammar (a NotAction,
// a statement without Effect or Action, an unknown condition operator, an unknown or repeated
// statement element, a document given as a string, a value of another type, invalid JSON)
// counts as "may": the element is then read and judged as in a whole load.
#include <algorithm>
#include <optional>
#include <utility>

#include "account/reader.h"
#include "core/strings.h"
#include "json/ondemand.h"
#include "policy/condition_op.h"
#include "policy/glob.h"

namespace iw::account::detail {

namespace {

namespace od = simdjson::ondemand;

// The key and value of an object's member; false on any error.
bool member(simdjson::simdjson_result<od::field> item, std::string_view& key, od::value& value) {
  od::field f;
  if (std::move(item).get(f) != simdjson::SUCCESS || json::get_key(f, key) != simdjson::SUCCESS) return false;
  value = f.value();
  return true;
}

// True when an Action value (a string or a list of strings) names the action, or is not one.
bool names(od::value v, std::string_view action) {
  std::string_view pattern;
  od::json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return true;
  if (type == od::json_type::string) return json::get_string(v, pattern) != simdjson::SUCCESS || glob_match(pattern, action, true);
  od::array list;
  if (type != od::json_type::array || v.get_array().get(list) != simdjson::SUCCESS) return true;
  for (auto item : list) {
    od::value element;
    if (item.get(element) != simdjson::SUCCESS || element.type().get(type) != simdjson::SUCCESS ||
        type != od::json_type::string || json::get_string(element, pattern) != simdjson::SUCCESS ||
        glob_match(pattern, action, true)) {
      return true;
    }
  }
  return false;
}

// True when a Condition value is an object whose every key is a condition operator.
bool known_operators(od::value v) {
  od::object conditions;
  if (v.get_object().get(conditions) != simdjson::SUCCESS) return false;
  for (auto field : conditions) {
    std::string_view op;
    od::value ignored;
    if (!member(field, op, ignored) || !policy::parse_operator(op)) return false;
  }
  return true;
}

// What one statement may do to the action: kMayAllow also for anything but the plain grammar.
Reach statement_reach(od::value v, std::string_view action) {
  od::object statement;
  if (v.get_object().get(statement) != simdjson::SUCCESS) return kMayAllow;
  bool effect = false, allow = false, has_action = false, named = false;
  for (auto field : statement) {
    std::string_view key;
    od::value value;
    if (!member(field, key, value)) return kMayAllow;
    if (key == "Effect") {
      std::string_view e;
      if (effect || json::get_string(value, e) != simdjson::SUCCESS || (e != "Allow" && e != "Deny")) return kMayAllow;
      effect = true;
      allow = e == "Allow";
    } else if (key == "Action") {
      if (has_action) return kMayAllow;
      has_action = true;
      named = names(value, action);
    } else if (key == "Condition") {
      if (!known_operators(value)) return kMayAllow;  // the policy does not compile
    } else if (key != "Sid" && key != "Resource" && key != "NotResource" && key != "Principal" &&
               key != "NotPrincipal") {
      return kMayAllow;  // NotAction, or what the policy reader reports
    }
  }
  if (!effect || !has_action) return kMayAllow;
  return !named ? kNone : allow ? kMayAllow : kMayApply;
}

// The most any statement of a policy document may do to the action.
Reach document_reach(od::value v, std::string_view action) {
  od::object doc;
  if (v.get_object().get(doc) != simdjson::SUCCESS) return kMayAllow;  // a string to decode, or no policy
  bool has_statements = false;
  Reach most = kNone;
  for (auto field : doc) {
    std::string_view key;
    od::value value;
    if (!member(field, key, value)) return kMayAllow;
    if (key == "Statement") {
      if (has_statements) return kMayAllow;
      has_statements = true;
      od::json_type type;
      if (value.type().get(type) != simdjson::SUCCESS) return kMayAllow;
      if (type != od::json_type::array) {
        most = std::max(most, statement_reach(value, action));
        continue;
      }
      od::array list;
      if (value.get_array().get(list) != simdjson::SUCCESS) return kMayAllow;
      for (auto item : list) {
        od::value st;
        if (item.get(st) != simdjson::SUCCESS) return kMayAllow;
        most = std::max(most, statement_reach(st, action));
        if (most == kMayAllow) return most;
      }
    } else if (key != "Version" && key != "Id") {
      return kMayAllow;
    }
  }
  return most;
}

// The versions that may be the one in force (ManagedPolicy::default_document(): the one marked
// IsDefaultVersion, else the one whose VersionId is the policy's DefaultVersionId) count: those
// whose IsDefaultVersion is true or absent, and those with the DefaultVersionId. The others are
// skipped unread, whatever the order of their members.
Reach versions_reach(od::value v, std::string_view default_id, std::string_view action) {
  od::array versions;
  if (v.get_array().get(versions) != simdjson::SUCCESS) return kMayAllow;
  Reach most = kNone;
  for (auto item : versions) {
    od::object version;
    if (item.get_object().get(version) != simdjson::SUCCESS) return kMayAllow;
    bool is_default = true;
    const simdjson::error_code flag = version.find_field_unordered("IsDefaultVersion").get_bool().get(is_default);
    if (flag != simdjson::SUCCESS && flag != simdjson::NO_SUCH_FIELD) return kMayAllow;
    if (!is_default) {
      std::string_view id;
      const simdjson::error_code named = version.find_field_unordered("VersionId").get_string().get(id);
      if (named != simdjson::SUCCESS && named != simdjson::NO_SUCH_FIELD) return kMayAllow;
      if (named == simdjson::NO_SUCH_FIELD || default_id.empty() || id != default_id) continue;
    }
    od::value doc;
    const simdjson::error_code has_doc = version.find_field_unordered("Document").get(doc);
    if (has_doc == simdjson::NO_SUCH_FIELD) continue;
    most = std::max(most, has_doc != simdjson::SUCCESS ? kMayAllow : document_reach(doc, action));
    if (most == kMayAllow) return most;
  }
  return most;
}

// A string of the element that holds no escape: a view of the element's text; else (an
// escape, another type) false.
bool string_in(od::value v, std::string_view element, std::string_view& out) {
  return json::get_string(v, out) == simdjson::SUCCESS && out.data() >= element.data() &&
         out.data() + out.size() <= element.data() + element.size();
}

// The ARNs of an AttachedManagedPolicies list, into `out`; false unless the plain grammar.
bool attached_arns(od::value v, std::string_view element, std::vector<std::string_view>& out) {
  od::array list;
  if (v.get_array().get(list) != simdjson::SUCCESS) return false;
  for (auto item : list) {
    od::object attachment;
    od::value arn;
    std::string_view text;
    if (item.get_object().get(attachment) != simdjson::SUCCESS ||
        attachment.find_field_unordered("PolicyArn").get(arn) != simdjson::SUCCESS || !string_in(arn, element, text)) {
      return false;
    }
    out.push_back(text);
  }
  return true;
}

// Whether an inline policy list (UserPolicyList ...) may allow the action; nullopt unless the
// plain grammar.
std::optional<bool> inline_may_allow(od::value v, std::string_view action) {
  od::array list;
  if (v.get_array().get(list) != simdjson::SUCCESS) return std::nullopt;
  bool allows = false;
  for (auto item : list) {
    od::object policy;
    od::value doc;
    std::string_view name;
    if (item.get_object().get(policy) != simdjson::SUCCESS ||
        policy.find_field_unordered("PolicyName").get_string().get(name) != simdjson::SUCCESS ||
        policy.find_field_unordered("PolicyDocument").get(doc) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    allows = allows || document_reach(doc, action) == kMayAllow;
  }
  return allows;
}

}  // namespace

Reach policy_reach(std::string_view element, std::size_t readable, std::string_view action) {
  if (!is_ascii(action)) return kMayAllow;  // glob_match folds ASCII only
  od::document doc;
  if (json::thread_parser().iterate(element.data(), element.size(), readable).get(doc) != simdjson::SUCCESS) {
    return kMayAllow;
  }
  od::object policy;
  if (doc.get_object().get(policy) != simdjson::SUCCESS) return kMayAllow;
  std::string_view default_id;
  const simdjson::error_code named = policy.find_field_unordered("DefaultVersionId").get_string().get(default_id);
  if (named != simdjson::SUCCESS && named != simdjson::NO_SUCH_FIELD) return kMayAllow;
  od::value versions;
  const simdjson::error_code listed = policy.find_field_unordered("PolicyVersionList").get(versions);
  if (listed == simdjson::NO_SUCH_FIELD) return kNone;
  return listed != simdjson::SUCCESS ? kMayAllow : versions_reach(versions, default_id, action);
}

bool scan_principal(std::string_view element, std::size_t readable, std::string_view action, std::string_view name_key,
                    PrincipalScan& out) {
  out = {};
  if (!is_ascii(action)) return false;
  od::document doc;
  od::object principal;
  if (json::thread_parser().iterate(element.data(), element.size(), readable).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(principal) != simdjson::SUCCESS) {
    return false;
  }
  // Each member read at most once (a repeated one is the whole reader's to report), and those
  // the whole reader requires present.
  bool seen_attached = false, seen_groups = false, seen_inline = false, seen_boundary = false, seen_name = false;
  bool trusting = name_key != "RoleName";  // a role must have its trust policy
  for (auto field : principal) {
    std::string_view key;
    od::value value;
    if (!member(field, key, value)) return false;
    if (key == "AttachedManagedPolicies") {
      if (std::exchange(seen_attached, true) || !attached_arns(value, element, out.attached)) return false;
    } else if (key == "GroupList") {
      od::array list;
      if (std::exchange(seen_groups, true) || value.get_array().get(list) != simdjson::SUCCESS) return false;
      for (auto item : list) {
        od::value name;
        std::string_view text;
        if (item.get(name) != simdjson::SUCCESS || !string_in(name, element, text)) return false;
        out.groups.push_back(text);
      }
    } else if (key == "UserPolicyList" || key == "RolePolicyList" || key == "GroupPolicyList") {
      const std::optional<bool> allows = inline_may_allow(value, action);
      if (std::exchange(seen_inline, true) || !allows) return false;
      out.inline_may_allow = *allows;
    } else if (key == "PermissionsBoundary") {
      od::object boundary;  // (the boundaries of the principals read are read with them)
      std::string_view arn;
      if (std::exchange(seen_boundary, true) || value.get_object().get(boundary) != simdjson::SUCCESS ||
          boundary.find_field_unordered("PermissionsBoundaryArn").get_string().get(arn) != simdjson::SUCCESS) {
        return false;
      }
    } else if (key == name_key) {
      if (std::exchange(seen_name, true) || !string_in(value, element, out.name)) return false;
    } else if (key == "AssumeRolePolicyDocument") {
      trusting = true;
    }
  }
  return seen_name && trusting;
}

}  // namespace iw::account::detail
