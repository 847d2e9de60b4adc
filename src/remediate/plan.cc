#include "remediate/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "core/json_writer.h"
#include "core/source.h"
#include "core/time.h"
#include "json/json.h"

namespace iw::remediate {

namespace {

using json::Kind;
using json::Node;

// Key ids per user from access-keys.json (collect writes it; the AWS CLI's list-access-keys
// shape, merged for every user).
struct KeyInfo {
  std::string id, status;
  std::optional<Timestamp> created;
};

std::map<std::string, std::vector<KeyInfo>> read_access_keys(const account::Account& account) {
  std::map<std::string, std::vector<KeyInfo>> out;
  const std::string path = account.directory + "/access-keys.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) return out;  // optional: key findings become manual
  const SourceText source(path, std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  const auto fail = [&](std::size_t offset, const std::string& message) {
    const LineColumn lc = source.position(offset);
    throw PlanError(fmt::format("{}:{}:{}: {}", path, lc.line, lc.column, message));
  };
  json::ParseError error;
  auto doc = json::parse(source.text(), error);
  if (!doc) fail(error.offset, error.message);
  const Node* list = doc->root().kind == Kind::object ? doc->member(doc->root(), "AccessKeyMetadata") : nullptr;
  if (list == nullptr || list->kind != Kind::array) {
    fail(doc->root().offset, "expected {\"AccessKeyMetadata\": [...]} (aws iam list-access-keys --output json)");
  }
  for (const Node& k : doc->children(*list)) {
    if (k.kind != Kind::object) continue;
    auto str = [&](const char* key) {
      const Node* n = doc->member(k, key);
      return n != nullptr && n->kind == Kind::string ? std::string(n->text) : std::string();
    };
    out[str("UserName")].push_back({str("AccessKeyId"), str("Status"), parse_timestamp(str("CreateDate"))});
  }
  for (auto& [user, keys] : out) {
    std::stable_sort(keys.begin(), keys.end(), [](const KeyInfo& a, const KeyInfo& b) { return a.created < b.created; });
  }
  return out;
}

Param str(std::string name, std::string value) { return {std::move(name), std::move(value), Param::Kind::string}; }
Param num(std::string name, long long value) { return {std::move(name), std::to_string(value), Param::Kind::number}; }
Param flag(std::string name, bool value) { return {std::move(name), value ? "true" : "false", Param::Kind::boolean}; }

std::string name_of(const std::string& arn) { return arn.substr(arn.rfind('/') + 1); }

class Planner {
 public:
  Planner(const account::Account& account, const std::vector<Finding>& findings)
      : account_(account), findings_(findings), keys_(read_access_keys(account)) {}

  Action plan(const Finding& f) {
    Action a;
    a.finding_id = f.id;
    a.resource = f.resource;
    if (f.id == "access-key-unused" || f.id == "multiple-active-access-keys") key(f, a);
    else if (f.id == "password-policy-weak") password_policy(a);
    else if (f.id == "password-unused") login_profile(f, a);
    else if (f.id == "role-trust-public") trust(f, a);
    else if (f.id == "role-max-session-long") session(f, a);
    else manual(f, a, {});
    return a;
  }

 private:
  static void manual(const Finding& f, Action& a, std::vector<std::string> steps) {
    a.manual = true;
    a.risk = manual_risk(f.id);
    a.calls.clear();
    a.description = f.message;
    if (steps.empty()) steps = manual_steps(f);
    a.steps = std::move(steps);
  }

  // The risk of the change the steps describe: taking access away from a principal (admin,
  // escalation, trust, policies) can break what runs as it; credential hygiene rarely does.
  static std::string manual_risk(std::string_view id) {
    if (id.starts_with("root-") || id.starts_with("password-") || id.starts_with("access-key-") ||
        id == "multiple-active-access-keys" || id == "user-console-no-mfa") {
      return "low";
    }
    if (id == "admin-principal" || id.starts_with("privilege-escalation") || id == "delegated-admin-no-boundary" ||
        id == "admin-wildcard") {
      return "high";
    }
    return "medium";
  }

  static std::vector<std::string> manual_steps(const Finding& f) {
    if (f.id == "root-mfa-disabled") {
      return {"Sign in to the AWS console as the root user (email address and password).",
              "Open the account menu > Security credentials > Multi-factor authentication (MFA) > Assign MFA device.",
              "Register a hardware security key or passkey (phishing-resistant), or an authenticator app; store "
              "the recovery path with the account's owners.",
              "Run iamwarden collect and iamwarden audit again: root-mfa-disabled is gone."};
    }
    if (f.id == "root-access-keys-present") {
      return {"Find what uses the root access keys: the credential report's access_key_*_last_used columns and "
              "CloudTrail events with userIdentity.type Root.",
              "Move that use to an IAM role or user with only the permissions it needs.",
              "Sign in as the root user > Security credentials > Access keys: deactivate each key, wait, then delete it "
              "(the root user's keys cannot be managed through the IAM API by another principal)."};
    }
    if (f.id == "access-key-not-rotated") {
      return {"Rotate the key without downtime: iamwarden keys rotate " + name_of(f.resource) +
                  " (creates the new key first, deactivates the old one, deletes it after a grace period).",
              "Put the new key where the old one was used; run keys rotate again after the grace period."};
    }
    if (f.id == "user-console-no-mfa") {
      return {"Ask " + name_of(f.resource) + " to register an MFA device (IAM console > Users > Security credentials).",
              "Enforce it: a policy that denies everything but MFA enrollment unless aws:MultiFactorAuthPresent is "
              "true, or move console access to IAM Identity Center."};
    }
    std::vector<std::string> steps;
    if (!f.remediation.empty()) steps.push_back(f.remediation);
    steps.push_back("Review and change it in IAM (or in the code that manages it), then collect and audit again.");
    return steps;
  }

  void key(const Finding& f, Action& a) {
    const std::string user = name_of(f.resource);
    const account::CredentialRow* row = nullptr;
    if (account_.credential_report) {
      for (const account::CredentialRow& r : *account_.credential_report) {
        if (r.arn == f.resource) row = &r;
      }
    }
    // The report's slot: "access key N of USER"; for two active keys, the less recently used.
    int slot = -1;
    if (f.id == "access-key-unused") {
      const std::size_t at = f.message.find("access key ");
      if (at != std::string::npos && at + 11 < f.message.size()) slot = f.message[at + 11] - '1';
    } else if (row != nullptr) {
      const auto used = [&](int k) { return row->keys[k].last_used.value_or(row->keys[k].last_rotated.value_or(0)); };
      slot = used(0) <= used(1) ? 0 : 1;
    }
    const KeyInfo* key = find_key(user, row, slot);
    if (key == nullptr) {
      manual(f, a, {"Find the key: aws iam list-access-keys --user-name " + user +
                        " (or collect again with iamwarden collect, which records key ids in access-keys.json).",
                    "Deactivate it: aws iam update-access-key --user-name " + user +
                        " --access-key-id KEY --status Inactive; delete it once nothing breaks."});
      return;
    }
    a.risk = f.id == "access-key-unused" ? "low" : "medium";
    a.description = fmt::format(
        "Deactivate access key {} of {} ({}). Anything still using it gets InvalidClientTokenId until it is "
        "reactivated; delete it later.",
        key->id, user, f.id == "access-key-unused" ? "unused" : "the less recently used of two active keys");
    a.calls.push_back({"iam", "UpdateAccessKey", {str("UserName", user), str("AccessKeyId", key->id), str("Status", "Inactive")}});
  }

  const KeyInfo* find_key(const std::string& user, const account::CredentialRow* row, int slot) const {
    auto it = keys_.find(user);
    if (it == keys_.end() || slot < 0 || slot > 1) return nullptr;
    const std::vector<KeyInfo>& keys = it->second;
    // The report's last_rotated of a key is its creation time.
    if (row != nullptr && row->keys[slot].last_rotated) {
      for (const KeyInfo& k : keys) {
        if (k.created && *k.created == *row->keys[slot].last_rotated) return &k;
      }
    }
    return static_cast<std::size_t>(slot) < keys.size() ? &keys[slot] : nullptr;
  }

  void password_policy(Action& a) const {
    const account::PasswordPolicy now = account_.password_policy.value_or(account::PasswordPolicy{});
    const bool had = account_.password_policy.has_value();
    Call c{"iam", "UpdateAccountPasswordPolicy", {}};
    c.parameters.push_back(num("MinimumPasswordLength", std::max(14, now.minimum_length)));
    c.parameters.push_back(flag("RequireSymbols", true));
    c.parameters.push_back(flag("RequireNumbers", true));
    c.parameters.push_back(flag("RequireUppercaseCharacters", true));
    c.parameters.push_back(flag("RequireLowercaseCharacters", true));
    c.parameters.push_back(flag("AllowUsersToChangePassword", had ? now.allow_users_to_change : true));
    c.parameters.push_back(num("PasswordReusePrevention", std::max(24, now.reuse_prevention)));
    if (now.max_age_days > 0) c.parameters.push_back(num("MaxPasswordAge", now.max_age_days));
    if (now.hard_expiry) c.parameters.push_back(flag("HardExpiry", true));
    a.risk = "low";
    a.description =
        "Set the password policy to at least 14 characters, all four character classes and no reuse of the last 24 "
        "passwords (stricter values already set are kept). Existing passwords stay valid until they are changed.";
    a.calls.push_back(std::move(c));
  }

  static void login_profile(const Finding& f, Action& a) {
    const std::string user = name_of(f.resource);
    a.risk = "medium";
    a.description = "Delete the unused console password of " + user +
                    " (its access keys are not touched). Rollback creates a new password that must be reset at "
                    "first sign-in; the old password cannot be restored.";
    a.calls.push_back({"iam", "DeleteLoginProfile", {str("UserName", user)}});
  }

  void trust(const Finding& f, Action& a) {
    const account::Role* role = nullptr;
    for (const account::Role& r : account_.roles) {
      if (r.arn == f.resource) role = &r;
    }
    if (role == nullptr || !role->trust.readable || handled_.count(f.resource) != 0) {
      manual(f, a, {});
      if (handled_.count(f.resource) != 0) a.steps.insert(a.steps.begin(), "Fixed by the role's other action in this plan.");
      return;
    }
    // Every public statement of this role (each has its own finding).
    std::set<int> drop;
    for (const Finding& g : findings_) {
      if (g.id == "role-trust-public" && g.resource == f.resource && g.location && g.location->statement >= 0) {
        drop.insert(g.location->statement);
      }
    }
    std::string text;
    if (drop.empty() || !without_statements(role->trust.text, drop, text)) {
      manual(f, a, {});
      return;
    }
    handled_.insert(f.resource);
    a.risk = "high";
    a.description = fmt::format(
        "Remove the {} trust statement(s) of role {} that let anyone assume it (statement {}); the other statements "
        "stay. Principals that assumed the role through them lose that path.",
        drop.size(), role->name, fmt::join(drop, ", "));
    a.calls.push_back({"iam", "UpdateAssumeRolePolicy", {str("RoleName", role->name), str("PolicyDocument", text)}});
  }

  // The trust document without the statements at `drop` (0-based); when none would remain, one
  // statement that denies every assumption. False when the document cannot be rewritten.
  static bool without_statements(std::string_view text, const std::set<int>& drop, std::string& out) {
    json::ParseError error;
    auto doc = json::parse(text, error);
    if (!doc || doc->root().kind != Kind::object) return false;
    JsonWriter w(JsonWriter::Style::compact);
    w.begin_object();
    bool any_left = false;
    for (const Node& m : doc->children(doc->root())) {
      w.key(m.key);
      if (m.key != "Statement") {
        copy(*doc, m, w);
        continue;
      }
      w.begin_array();
      int index = 0;
      const auto emit = [&](const Node& s) {
        if (drop.count(index++) == 0) {
          copy(*doc, s, w);
          any_left = true;
        }
      };
      if (m.kind == Kind::array) {
        for (const Node& s : doc->children(m)) emit(s);
      } else {
        emit(m);
      }
      if (!any_left) {
        w.begin_object().member("Effect", "Deny").key("Principal").begin_object().member("AWS", "*").end_object();
        w.member("Action", "sts:AssumeRole").end_object();
      }
      w.end_array();
    }
    w.end_object();
    out = std::move(w).take();
    return true;
  }

  static void copy(const json::Document& doc, const Node& n, JsonWriter& w) {
    switch (n.kind) {
      case Kind::null: w.null(); break;
      case Kind::boolean: w.value(n.boolean); break;
      case Kind::number: w.value(std::stod(std::string(n.text))); break;
      case Kind::string: w.value(n.text); break;
      case Kind::array:
        w.begin_array();
        for (const Node& c : doc.children(n)) copy(doc, c, w);
        w.end_array();
        break;
      case Kind::object:
        w.begin_object();
        for (const Node& c : doc.children(n)) {
          w.key(c.key);
          copy(doc, c, w);
        }
        w.end_object();
        break;
    }
  }

  static void session(const Finding& f, Action& a) {
    const std::string role = name_of(f.resource);
    a.risk = "low";
    a.description = "Limit sessions of role " + role +
                    " to 1 hour (3600 s). Sessions already issued keep their expiry; longer requested durations "
                    "are refused.";
    a.calls.push_back({"iam", "UpdateRole", {str("RoleName", role), num("MaxSessionDuration", 3600)}});
  }

  const account::Account& account_;
  const std::vector<Finding>& findings_;
  std::map<std::string, std::vector<KeyInfo>> keys_;
  std::set<std::string> handled_;
};

void write_call(const Call& c, JsonWriter& w) {
  w.begin_object().member("service", c.service).member("action", c.action).key("parameters").begin_object();
  for (const Param& p : c.parameters) {
    w.key(p.name);
    switch (p.kind) {
      case Param::Kind::string: w.value(p.value); break;
      case Param::Kind::number: w.value(static_cast<std::int64_t>(std::stoll(p.value))); break;
      case Param::Kind::boolean: w.value(p.value == "true"); break;
    }
  }
  w.end_object().end_object();
}

}  // namespace

std::string Call::get(std::string_view name) const {
  for (const Param& p : parameters) {
    if (p.name == name) return p.value;
  }
  return {};
}

Plan make_plan(const account::Account& account, const std::vector<Finding>& findings, const std::string& created_at) {
  Plan plan;
  plan.account = account.id;
  plan.created_at = created_at;
  Planner planner(account, findings);
  std::set<std::pair<std::string, std::string>> seen_manual;
  for (const Finding& f : findings) {
    Action a = planner.plan(f);
    // One manual action per id and resource (lint findings can repeat per statement).
    if (a.manual && !seen_manual.insert({a.finding_id, a.resource}).second) continue;
    plan.actions.push_back(std::move(a));
  }
  // Fixes first (lowest risk first), then the manual steps.
  const auto rank = [](const Action& a) {
    return a.manual ? 3 : a.risk == "low" ? 0 : a.risk == "medium" ? 1 : 2;
  };
  std::stable_sort(plan.actions.begin(), plan.actions.end(),
                   [&](const Action& x, const Action& y) { return rank(x) < rank(y); });
  return plan;
}

std::string to_json(const Call& call) {
  JsonWriter w(JsonWriter::Style::compact);
  write_call(call, w);
  return std::move(w).take();
}

std::string to_json(const Plan& plan) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("account", plan.account).member("created_at", plan.created_at).key("actions").begin_array();
  for (const Action& a : plan.actions) {
    w.begin_object().key("finding").begin_object().member("id", a.finding_id).member("resource", a.resource).end_object();
    w.member("manual", a.manual);
    w.member("risk", a.risk);
    w.member("description", a.description);
    if (a.manual) {
      w.member("steps", a.steps);
    } else {
      w.key("calls").begin_array();
      for (const Call& c : a.calls) write_call(c, w);
      w.end_array();
    }
    w.end_object();
  }
  w.end_array().end_object();
  return std::move(w).take() + "\n";
}

bool supported(const Call& c) {
  static const std::set<std::string, std::less<>> kCalls = {"UpdateAccessKey", "UpdateAccountPasswordPolicy",
                                                            "DeleteLoginProfile", "UpdateAssumeRolePolicy", "UpdateRole"};
  return c.service == "iam" && kCalls.count(c.action) != 0;
}

namespace {

class PlanReader {
 public:
  PlanReader(const std::string& text, const std::string& name) : source_(name, text) {}

  Plan read() {
    json::ParseError error;
    doc_ = json::parse(source_.text(), error);
    if (!doc_) fail(error.offset, error.message);
    const Node& root = doc_->root();
    expect(root, Kind::object, "a plan (made by iamwarden remediate plan)");
    Plan plan;
    plan.account = string(root, "account", true);
    plan.created_at = string(root, "created_at", false);
    const Node& actions = member(root, "actions", Kind::array);
    for (const Node& a : doc_->children(actions)) plan.actions.push_back(action(a));
    return plan;
  }

 private:
  [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
    const LineColumn lc = source_.position(offset);
    throw PlanError(fmt::format("{}:{}:{}: {}", source_.name(), lc.line, lc.column, message));
  }
  void expect(const Node& n, Kind kind, std::string_view what) const {
    if (n.kind != kind) fail(n.offset, fmt::format("expected {}, found {}", what, json::to_string(n.kind)));
  }
  const Node& member(const Node& object, std::string_view key, Kind kind) const {
    const Node* n = doc_->member(object, key);
    if (n == nullptr) fail(object.offset, fmt::format("missing \"{}\"", key));
    expect(*n, kind, fmt::format("\"{}\" to be {}", key, json::to_string(kind)));
    return *n;
  }
  std::string string(const Node& object, std::string_view key, bool required) const {
    const Node* n = doc_->member(object, key);
    if (n == nullptr) {
      if (required) fail(object.offset, fmt::format("missing \"{}\"", key));
      return {};
    }
    expect(*n, Kind::string, fmt::format("\"{}\" to be a string", key));
    return std::string(n->text);
  }

  Action action(const Node& n) const {
    expect(n, Kind::object, "an action object");
    Action a;
    const Node& finding = member(n, "finding", Kind::object);
    a.finding_id = string(finding, "id", true);
    a.resource = string(finding, "resource", true);
    a.manual = member(n, "manual", Kind::boolean).boolean;
    a.description = string(n, "description", false);
    if (a.manual) {
      if (const Node* steps = doc_->member(n, "steps")) {
        expect(*steps, Kind::array, "\"steps\" to be an array of strings");
        for (const Node& s : doc_->children(*steps)) {
          expect(s, Kind::string, "a step (text)");
          a.steps.emplace_back(s.text);
        }
      }
    }
    a.risk = string(n, "risk", !a.manual);
    if (!(a.manual && a.risk.empty()) && a.risk != "low" && a.risk != "medium" && a.risk != "high") {
      fail(doc_->member(n, "risk")->offset, "risk must be low, medium or high");
    }
    if (a.manual) return a;
    for (const Node& c : doc_->children(member(n, "calls", Kind::array))) a.calls.push_back(call(c));
    return a;
  }

  Call call(const Node& n) const {
    expect(n, Kind::object, "a call object");
    Call c;
    c.service = string(n, "service", true);
    c.action = string(n, "action", true);
    for (const Node& p : doc_->children(member(n, "parameters", Kind::object))) {
      Param param;
      param.name = std::string(p.key);
      param.value = std::string(p.text);
      if (p.kind == Kind::number) param.kind = Param::Kind::number;
      else if (p.kind == Kind::boolean) param = flag(param.name, p.boolean);
      else if (p.kind != Kind::string) fail(p.offset, "a parameter must be a string, number or boolean");
      c.parameters.push_back(std::move(param));
    }
    if (!supported(c)) {
      fail(n.offset, fmt::format("{}:{} is not a call remediate apply makes (it backs up and undoes "
                                 "UpdateAccessKey, UpdateAccountPasswordPolicy, DeleteLoginProfile, "
                                 "UpdateAssumeRolePolicy and UpdateRole)",
                                 c.service, c.action));
    }
    return c;
  }

  SourceText source_;
  std::unique_ptr<json::Document> doc_;
};

}  // namespace

Plan read_plan(const std::string& text, const std::string& name) { return PlanReader(text, name).read(); }

}  // namespace iw::remediate
