#include "remediate/apply.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "core/json_writer.h"
#include "core/time.h"
#include "json/json.h"

namespace iw::remediate {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBackupFile = "backup.json";

struct Entry {
  std::string finding_id, resource;
  Call call;
  std::vector<Call> restore;
  std::string state = "pending";  // pending, applied, unchanged, failed, rolled back
};

aws::Params to_params(const Call& c) {
  aws::Params out;
  for (const Param& p : c.parameters) out.emplace_back(p.name, p.value);
  return out;
}

Param s(std::string name, std::string value) { return {std::move(name), std::move(value), Param::Kind::string}; }
Param n(std::string name, std::string value) { return {std::move(name), std::move(value), Param::Kind::number}; }
Param b(std::string name, std::string value) { return {std::move(name), std::move(value), Param::Kind::boolean}; }

std::string compact(const aws::Value& v) {
  JsonWriter w(JsonWriter::Style::compact);
  aws::write(v, w);
  return std::move(w).take();
}

// The current state of what `call` changes: the calls that restore it, and whether the call
// would change anything.
struct Prepared {
  std::vector<Call> restore;
  bool unchanged = false;
};

Prepared prepare(aws::Client& client, const Call& call) {
  Prepared p;
  const std::string& a = call.action;
  if (a == "UpdateAccessKey") {
    const aws::Value keys = client.query("iam", "ListAccessKeys", {{"UserName", call.get("UserName")}});
    std::string prior;
    if (const aws::Value* list = keys.find("AccessKeyMetadata")) {
      for (const aws::Value& k : list->items) {
        if (k.str("AccessKeyId") == call.get("AccessKeyId")) prior = k.str("Status");
      }
    }
    if (prior.empty()) {
      throw ApplyError("access key " + call.get("AccessKeyId") + " of " + call.get("UserName") + " no longer exists");
    }
    p.unchanged = prior == call.get("Status");
    p.restore.push_back({"iam", "UpdateAccessKey",
                         {s("UserName", call.get("UserName")), s("AccessKeyId", call.get("AccessKeyId")), s("Status", prior)}});
  } else if (a == "UpdateAccountPasswordPolicy") {
    try {
      const aws::Value v = client.query("iam", "GetAccountPasswordPolicy");
      const aws::Value* pol = v.find("PasswordPolicy");
      Call restore{"iam", "UpdateAccountPasswordPolicy", {}};
      bool same = true;
      for (const Param& want : call.parameters) {
        const aws::Value* have = pol != nullptr ? pol->find(want.name) : nullptr;
        if (have == nullptr || have->text != want.value) same = false;
      }
      for (const char* key : {"MinimumPasswordLength", "PasswordReusePrevention", "MaxPasswordAge"}) {
        if (const aws::Value* x = pol != nullptr ? pol->find(key) : nullptr) restore.parameters.push_back(n(key, x->text));
      }
      for (const char* key : {"RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
                              "RequireLowercaseCharacters", "AllowUsersToChangePassword", "HardExpiry"}) {
        if (const aws::Value* x = pol != nullptr ? pol->find(key) : nullptr) restore.parameters.push_back(b(key, x->text));
      }
      p.unchanged = same;
      p.restore.push_back(std::move(restore));
    } catch (const aws::AwsError& e) {
      if (e.code != "NoSuchEntity") throw;
      p.restore.push_back({"iam", "DeleteAccountPasswordPolicy", {}});
    }
  } else if (a == "DeleteLoginProfile") {
    try {
      client.query("iam", "GetLoginProfile", {{"UserName", call.get("UserName")}});
      p.restore.push_back({"iam", "CreateLoginProfile", {s("UserName", call.get("UserName")), b("PasswordResetRequired", "true")}});
    } catch (const aws::AwsError& e) {
      if (e.code != "NoSuchEntity") throw;
      p.unchanged = true;
    }
  } else if (a == "UpdateAssumeRolePolicy" || a == "UpdateRole") {
    const aws::Value v = client.query("iam", "GetRole", {{"RoleName", call.get("RoleName")}});
    const aws::Value* role = v.find("Role");
    if (role == nullptr) throw ApplyError("GetRole answered without the role " + call.get("RoleName"));
    if (a == "UpdateAssumeRolePolicy") {
      const aws::Value* doc = role->find("AssumeRolePolicyDocument");
      const std::string prior = doc == nullptr ? std::string() : doc->kind == aws::Value::Kind::string ? doc->text : compact(*doc);
      std::string wanted = call.get("PolicyDocument");
      try {
        wanted = compact(aws::parse_json_value(wanted));
      } catch (const aws::XmlError&) {
      }
      p.unchanged = prior == wanted;
      p.restore.push_back({"iam", "UpdateAssumeRolePolicy", {s("RoleName", call.get("RoleName")), s("PolicyDocument", prior)}});
    } else {
      const aws::Value* d = role->find("MaxSessionDuration");
      const std::string prior = d != nullptr ? d->text : "3600";
      p.unchanged = prior == call.get("MaxSessionDuration");
      p.restore.push_back({"iam", "UpdateRole", {s("RoleName", call.get("RoleName")), n("MaxSessionDuration", prior)}});
    }
  } else {
    throw ApplyError("iam:" + a + " is not a call remediate apply makes");
  }
  return p;
}

void write_call_json(const Call& c, JsonWriter& w) {
  w.begin_object().member("service", c.service).member("action", c.action).key("parameters").begin_object();
  for (const Param& p : c.parameters) {
    w.key(p.name);
    if (p.kind == Param::Kind::number) w.value(static_cast<std::int64_t>(std::stoll(p.value)));
    else if (p.kind == Param::Kind::boolean) w.value(p.value == "true");
    else w.value(p.value);
  }
  w.end_object().end_object();
}

void save(const std::string& dir, const std::string& account, const std::string& created, const std::vector<Entry>& entries) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("account", account).member("created_at", created).key("entries").begin_array();
  for (const Entry& e : entries) {
    w.begin_object().key("finding").begin_object().member("id", e.finding_id).member("resource", e.resource).end_object();
    w.key("call");
    write_call_json(e.call, w);
    w.key("restore").begin_array();
    for (const Call& c : e.restore) write_call_json(c, w);
    w.end_array().member("state", e.state).end_object();
  }
  w.end_array().end_object();
  const fs::path tmp = fs::path(dir) / (std::string(kBackupFile) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << std::move(w).take() << "\n";
    out.close();
    if (!out) throw ApplyError("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, fs::path(dir) / kBackupFile, ec);
  if (ec) throw ApplyError("cannot write " + (fs::path(dir) / kBackupFile).string() + ": " + ec.message());
}

Call read_call(const json::Document& doc, const json::Node& node) {
  Call c;
  auto str = [&](const json::Node& o, const char* key) {
    const json::Node* x = doc.member(o, key);
    return x != nullptr && x->kind == json::Kind::string ? std::string(x->text) : std::string();
  };
  c.service = str(node, "service");
  c.action = str(node, "action");
  if (const json::Node* params = doc.member(node, "parameters"); params && params->kind == json::Kind::object) {
    for (const json::Node& p : doc.children(*params)) {
      Param param{std::string(p.key), std::string(p.text), Param::Kind::string};
      if (p.kind == json::Kind::number) param.kind = Param::Kind::number;
      if (p.kind == json::Kind::boolean) param = b(param.name, p.boolean ? "true" : "false");
      c.parameters.push_back(std::move(param));
    }
  }
  return c;
}

struct Backup {
  std::string account, created;
  std::vector<Entry> entries;
};

Backup load(const std::string& dir) {
  const fs::path path = fs::path(dir) / kBackupFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ApplyError(path.string() + ": no backup here (remediate apply --backup writes it)");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  json::ParseError error;
  auto doc = json::parse(text, error);
  const json::Node* entries = doc && doc->root().kind == json::Kind::object ? doc->member(doc->root(), "entries") : nullptr;
  if (entries == nullptr || entries->kind != json::Kind::array) {
    throw ApplyError(path.string() + ": not a backup written by remediate apply");
  }
  Backup out;
  auto str = [&](const json::Node& o, const char* key) {
    const json::Node* x = doc->member(o, key);
    return x != nullptr && x->kind == json::Kind::string ? std::string(x->text) : std::string();
  };
  out.account = str(doc->root(), "account");
  out.created = str(doc->root(), "created_at");
  for (const json::Node& e : doc->children(*entries)) {
    if (e.kind != json::Kind::object) throw ApplyError(path.string() + ": an entry is not an object");
    Entry entry;
    if (const json::Node* f = doc->member(e, "finding"); f && f->kind == json::Kind::object) {
      entry.finding_id = str(*f, "id");
      entry.resource = str(*f, "resource");
    }
    if (const json::Node* c = doc->member(e, "call"); c && c->kind == json::Kind::object) entry.call = read_call(*doc, *c);
    if (const json::Node* r = doc->member(e, "restore"); r && r->kind == json::Kind::array) {
      for (const json::Node& c : doc->children(*r)) entry.restore.push_back(read_call(*doc, c));
    }
    entry.state = str(e, "state");
    out.entries.push_back(std::move(entry));
  }
  return out;
}

std::string now_text() {
  return format_timestamp(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// A password IAM's policies accept: 32 characters of every class.
std::string new_password() {
  static constexpr std::string_view kClasses[] = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789",
                                                  "!@#$%^&*()-_=+"};
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 32; ++i) {
    const std::string_view cls = kClasses[i % 4];
    out.push_back(cls[std::uniform_int_distribution<std::size_t>(0, cls.size() - 1)(rd)]);
  }
  return out;
}

void write_secret_file(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
  if (fd < 0) throw ApplyError("cannot create " + path.string());
  ::fchmod(fd, 0600);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!ok) throw ApplyError("cannot write " + path.string());
}

}  // namespace

std::size_t ApplyReport::changed() const {
  std::size_t n = 0;
  for (const StepResult& s : steps) n += s.outcome == "applied" || s.outcome == "rolled back";
  return n;
}

ApplyReport apply(aws::Client& client, const Plan& plan, const std::string& dir,
                  const std::function<void(const std::string&)>& note) {
  if (fs::exists(fs::path(dir) / kBackupFile)) {
    throw ApplyError(dir + " already holds a backup: roll it back or choose another --backup directory");
  }
  const std::string caller = client.query("sts", "GetCallerIdentity").str("Account");
  if (!plan.account.empty() && caller != plan.account) {
    throw ApplyError("the plan is for account " + plan.account + ", but the credentials are of account " + caller);
  }
  std::vector<Entry> entries;
  for (const Action& a : plan.actions) {
    if (a.manual) continue;
    for (const Call& c : a.calls) entries.push_back({a.finding_id, a.resource, c, {}, "pending"});
  }
  note("reading the current state of " + std::to_string(entries.size()) + " change(s)");
  for (Entry& e : entries) {
    Prepared p = prepare(client, e.call);
    e.restore = std::move(p.restore);
    if (p.unchanged) e.state = "unchanged";
  }
  fs::create_directories(dir);
  const std::string created = now_text();
  save(dir, plan.account.empty() ? caller : plan.account, created, entries);
  note("saved the prior state to " + (fs::path(dir) / kBackupFile).string());
  ApplyReport report;
  for (Entry& e : entries) {
    StepResult step{e.finding_id, e.resource, e.call.service + ":" + e.call.action, e.state, ""};
    if (e.state == "unchanged") {
      report.steps.push_back(step);
      continue;
    }
    try {
      client.query(e.call.service, e.call.action, to_params(e.call));
      e.state = step.outcome = "applied";
    } catch (const std::runtime_error& err) {
      e.state = step.outcome = "failed";
      step.detail = err.what();
      report.failed = true;
    }
    save(dir, plan.account.empty() ? caller : plan.account, created, entries);
    report.steps.push_back(step);
    if (report.failed) break;
  }
  return report;
}

ApplyReport rollback(aws::Client& client, const std::string& dir, const std::function<void(const std::string&)>& note) {
  Backup backup = load(dir);
  const std::string caller = client.query("sts", "GetCallerIdentity").str("Account");
  if (!backup.account.empty() && caller != backup.account) {
    throw ApplyError("the backup is of account " + backup.account + ", but the credentials are of account " + caller);
  }
  ApplyReport report;
  for (auto it = backup.entries.rbegin(); it != backup.entries.rend(); ++it) {
    Entry& e = *it;
    StepResult step{e.finding_id, e.resource, e.call.service + ":" + e.call.action, "skipped", ""};
    if (e.state != "applied") {
      step.detail = e.state;
      report.steps.push_back(step);
      continue;
    }
    try {
      for (Call c : e.restore) {
        if (c.action == "CreateLoginProfile") {
          const std::string password = new_password();
          const fs::path file = fs::path(dir) / (c.get("UserName") + ".password");
          write_secret_file(file, password + "\n");
          c.parameters.push_back(s("Password", password));
          note("a new console password of " + c.get("UserName") + " (to change at first sign-in) is in " + file.string());
        }
        client.query(c.service, c.action, to_params(c));
      }
      e.state = step.outcome = "rolled back";
    } catch (const std::runtime_error& err) {
      step.outcome = "failed";
      step.detail = err.what();
      report.failed = true;
    }
    save(dir, backup.account, backup.created, backup.entries);
    report.steps.push_back(step);
    if (report.failed) break;
  }
  return report;
}

}  // namespace iw::remediate
