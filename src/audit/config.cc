#include "core/yaml_budget.h"
#include "audit/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/rules.h"

namespace iw::audit {

namespace {

[[noreturn]] void fail(const std::string& name, const YAML::Node& node, const std::string& message) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) throw ConfigError(name + ": " + message);
  throw ConfigError(name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
                    ": " + message);
}

void expect_keys(const std::string& name, const YAML::Node& map, const std::set<std::string>& known,
                 const std::string& where) {
  if (!map.IsMap()) fail(name, map, where + " must be a mapping");
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (!known.count(key)) fail(name, kv.first, "unknown key \"" + key + "\" in " + where);
  }
}

int read_int(const std::string& name, const YAML::Node& node, int min, int max) {
  try {
    const long long v = node.as<long long>();
    if (v < min || v > max) {
      fail(name, node, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return static_cast<int>(v);
  } catch (const YAML::BadConversion&) {
    fail(name, node, "must be a whole number");
  }
}

std::string read_string(const std::string& name, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) fail(name, node, what + " must be a string");
  return node.Scalar();
}

// The string under `key` of the mapping `map`; a missing key is reported at the mapping.
std::string required_string(const std::string& name, const YAML::Node& map, const char* key,
                            const std::string& what) {
  const YAML::Node node = map[key];
  if (!node) fail(name, map, what + " is missing");
  return read_string(name, node, what);
}

void read_thresholds(const std::string& name, const YAML::Node& node, Thresholds& t) {
  expect_keys(name, node,
              {"access_key_max_age_days", "unused_days", "root_recent_days", "max_session_seconds",
               "permission_set_max_session_seconds", "password_min_length", "password_reuse_prevention"},
              "thresholds");
  const auto set = [&](const char* key, int& field, int min, int max) {
    if (node[key]) field = read_int(name, node[key], min, max);
  };
  set("access_key_max_age_days", t.access_key_max_age_days, 1, 36500);
  set("unused_days", t.unused_days, 1, 36500);
  set("root_recent_days", t.root_recent_days, 1, 36500);
  set("max_session_seconds", t.max_session_seconds, 900, 43200);
  set("permission_set_max_session_seconds", t.permission_set_max_session_seconds, 900, 43200);
  set("password_min_length", t.password_min_length, 6, 128);
  set("password_reuse_prevention", t.password_reuse_prevention, 1, 24);
}

Waiver read_waiver(const std::string& name, const YAML::Node& node) {
  expect_keys(name, node, {"id", "resource", "reason", "expires"}, "a waiver");
  Waiver w;
  w.line = node.Mark().line + 1;
  w.id = required_string(name, node, "id", "a waiver's id");
  if (find_rule(w.id) == nullptr) {
    fail(name, node["id"], "no check has the id \"" + w.id + "\" (iamwarden checks lists them)");
  }
  w.resource = required_string(name, node, "resource", "a waiver's resource");
  w.reason = required_string(name, node, "reason", "a waiver's reason");
  if (w.reason.empty()) fail(name, node["reason"], "a waiver needs a reason");
  if (node["expires"]) {
    w.expires = account::parse_timestamp(read_string(name, node["expires"], "expires"));
    if (!w.expires) fail(name, node["expires"], "expires must be a date (YYYY-MM-DD)");
  }
  return w;
}

}  // namespace

Config parse_config(const std::string& text, const std::string& name) {
  YAML::Node root;
  try {
    check_yaml_terminates(text, YamlDocuments::first);
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                      ": " + e.msg);
  }
  Config config;
  if (root.IsNull()) return config;
  expect_keys(name, root, {"thresholds", "known_accounts", "waivers"}, "the config file");
  if (root["thresholds"]) read_thresholds(name, root["thresholds"], config.thresholds);
  if (const YAML::Node accounts = root["known_accounts"]) {
    if (!accounts.IsSequence()) fail(name, accounts, "known_accounts must be a list of account ids");
    for (const auto& a : accounts) {
      const std::string id = read_string(name, a, "an account id");
      if (id.size() != 12 || id.find_first_not_of("0123456789") != std::string::npos) {
        fail(name, a, "an account id has 12 digits");
      }
      config.known_accounts.push_back(id);
    }
  }
  if (const YAML::Node waivers = root["waivers"]) {
    if (!waivers.IsSequence()) fail(name, waivers, "waivers must be a list");
    for (const auto& w : waivers) config.waivers.push_back(read_waiver(name, w));
  }
  return config;
}

WaiverOutcome apply_waivers(const std::vector<Waiver>& waivers, account::Timestamp now,
                            std::vector<Finding>& findings) {
  WaiverOutcome outcome;
  const auto covers = [](const Waiver& w, const Finding& f) {
    return w.id == f.id && (w.resource == "*" || w.resource == f.resource);
  };
  for (const Waiver& w : waivers) {
    if (w.expires && *w.expires < now) {
      outcome.expired.push_back(w.id + " " + w.resource + " (expired " + account::format_timestamp(*w.expires) + ")");
    }
  }
  auto kept = std::remove_if(findings.begin(), findings.end(), [&](Finding& f) {
    for (const Waiver& w : waivers) {
      if (!covers(w, f)) continue;
      if (w.expires && *w.expires < now) {
        f.message += " [waiver expired " + account::format_timestamp(*w.expires) + ": " + w.reason + "]";
        return false;
      }
      ++outcome.waived;
      return true;
    }
    return false;
  });
  findings.erase(kept, findings.end());
  return outcome;
}

}  // namespace iw::audit
