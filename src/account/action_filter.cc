// LoadOptions::question_action: may a managed policy take part in the answer for one action?
// An On-Demand walk of the policy's element to the Action lists of the statements of the
// versions that may be in force, building nothing. Anything but the plain grammar (a NotAction,
// a statement without Effect or Action, an unknown condition operator, an unknown or repeated
// statement element, a document given as a string, a value of another type, invalid JSON)
// counts as "may": the element is then read and judged as in a whole load.
#include "account/reader.h"
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

bool statement_may_apply(od::value v, std::string_view action) {
  od::object statement;
  if (v.get_object().get(statement) != simdjson::SUCCESS) return true;
  bool effect = false, has_action = false;
  for (auto field : statement) {
    std::string_view key;
    od::value value;
    if (!member(field, key, value)) return true;
    if (key == "Effect") {
      std::string_view e;
      if (effect || json::get_string(value, e) != simdjson::SUCCESS || (e != "Allow" && e != "Deny")) return true;
      effect = true;
    } else if (key == "Action") {
      if (has_action || names(value, action)) return true;
      has_action = true;
    } else if (key == "Condition") {
      if (!known_operators(value)) return true;  // the policy does not compile
    } else if (key != "Sid" && key != "Resource" && key != "NotResource" && key != "Principal" &&
               key != "NotPrincipal") {
      return true;  // NotAction, or what the policy reader reports
    }
  }
  return !effect || !has_action;
}

bool document_may_apply(od::value v, std::string_view action) {
  od::object doc;
  if (v.get_object().get(doc) != simdjson::SUCCESS) return true;  // a string to decode, or no policy
  bool has_statements = false;
  for (auto field : doc) {
    std::string_view key;
    od::value value;
    if (!member(field, key, value)) return true;
    if (key == "Statement") {
      if (has_statements) return true;
      has_statements = true;
      od::json_type type;
      if (value.type().get(type) != simdjson::SUCCESS) return true;
      if (type != od::json_type::array) {
        if (statement_may_apply(value, action)) return true;
        continue;
      }
      od::array list;
      if (value.get_array().get(list) != simdjson::SUCCESS) return true;
      for (auto item : list) {
        od::value st;
        if (item.get(st) != simdjson::SUCCESS || statement_may_apply(st, action)) return true;
      }
    } else if (key != "Version" && key != "Id") {
      return true;
    }
  }
  return false;
}

// The versions that may be the one in force (ManagedPolicy::default_document(): the one marked
// IsDefaultVersion, else the one whose VersionId is the policy's DefaultVersionId) count: those
// whose IsDefaultVersion is true or absent, and those with the DefaultVersionId. The others are
// skipped unread, whatever the order of their members.
bool versions_may_apply(od::value v, std::string_view default_id, std::string_view action) {
  od::array versions;
  if (v.get_array().get(versions) != simdjson::SUCCESS) return true;
  for (auto item : versions) {
    od::object version;
    if (item.get_object().get(version) != simdjson::SUCCESS) return true;
    bool is_default = true;
    const simdjson::error_code flag = version.find_field_unordered("IsDefaultVersion").get_bool().get(is_default);
    if (flag != simdjson::SUCCESS && flag != simdjson::NO_SUCH_FIELD) return true;
    if (!is_default) {
      std::string_view id;
      const simdjson::error_code named = version.find_field_unordered("VersionId").get_string().get(id);
      if (named != simdjson::SUCCESS && named != simdjson::NO_SUCH_FIELD) return true;
      if (named == simdjson::NO_SUCH_FIELD || default_id.empty() || id != default_id) continue;
    }
    od::value doc;
    const simdjson::error_code has_doc = version.find_field_unordered("Document").get(doc);
    if (has_doc == simdjson::NO_SUCH_FIELD) continue;
    if (has_doc != simdjson::SUCCESS || document_may_apply(doc, action)) return true;
  }
  return false;
}

}  // namespace

bool may_apply(std::string_view element, std::size_t readable, std::string_view action) {
  for (const char c : action) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;  // glob_match folds ASCII only
  }
  od::document doc;
  if (json::thread_parser().iterate(element.data(), element.size(), readable).get(doc) != simdjson::SUCCESS) return true;
  od::object policy;
  if (doc.get_object().get(policy) != simdjson::SUCCESS) return true;
  std::string_view default_id;
  const simdjson::error_code named = policy.find_field_unordered("DefaultVersionId").get_string().get(default_id);
  if (named != simdjson::SUCCESS && named != simdjson::NO_SUCH_FIELD) return true;
  od::value versions;
  const simdjson::error_code listed = policy.find_field_unordered("PolicyVersionList").get(versions);
  if (listed == simdjson::NO_SUCH_FIELD) return false;
  return listed != simdjson::SUCCESS || versions_may_apply(versions, default_id, action);
}

}  // namespace iw::account::detail
