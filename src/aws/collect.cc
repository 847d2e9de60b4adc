#include "aws/collect.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/parallel.h"
#include "core/time.h"

namespace iw::aws {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kDetailLists = {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"};

bool truncated(const Value& page) {
  const Value* t = page.find("IsTruncated");
  return t != nullptr && t->text == "true";
}

void drop_paging(Value& v) {
  std::erase_if(v.members, [](const auto& m) {
    return m.first == "IsTruncated" || m.first == "Marker" || m.first == "NextToken" || m.first == "nextToken" ||
           m.first == "NextMarker";
  });
}

std::string now_text() {
  const auto now = std::chrono::system_clock::now();
  return format_timestamp(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

// GetAccountSummary's <SummaryMap><entry><key/><value/></entry>...: {"SummaryMap": {key: value}}.
Value summary_map(const Value& result) {
  Value map = Value::object();
  if (const Value* m = result.find("SummaryMap")) {
    const Value* entries = m->find("entry");
    std::vector<const Value*> list;
    if (entries != nullptr && entries->kind == Value::Kind::array) {
      for (const Value& e : entries->items) list.push_back(&e);
    } else if (entries != nullptr) {
      list.push_back(entries);
    }
    for (const Value* e : list) {
      const Value* v = e->find("value");
      map.set(e->str("key"), v != nullptr ? *v : Value());
    }
  }
  Value out = Value::object();
  out.set("SummaryMap", std::move(map));
  return out;
}

}  // namespace

void merge_pages(Value& into, Value page, const std::vector<std::string>& lists) {
  if (into.kind != Value::Kind::object) {
    into = std::move(page);
    for (const std::string& l : lists) {
      if (into.find(l) == nullptr) into.set(l, Value::array());
    }
    return;
  }
  for (auto& [key, v] : page.members) {
    const bool is_list = std::find(lists.begin(), lists.end(), key) != lists.end();
    Value* target = into.find(key);
    if (is_list && target != nullptr && target->kind == Value::Kind::array && v.kind == Value::Kind::array) {
      for (Value& item : v.items) target->items.push_back(std::move(item));
    } else {
      into.set(key, std::move(v));
    }
  }
}

Value query_all_pages(Client& client, std::string_view service, std::string_view action, Params params,
                      const std::vector<std::string>& lists) {
  Value all;
  for (int page = 0; page < 100000; ++page) {
    Value v = client.query(service, action, params);
    std::string marker = v.str("Marker");
    std::string token = v.str("NextToken");
    const bool more = truncated(v) || (!token.empty() && v.find("IsTruncated") == nullptr);
    merge_pages(all, std::move(v), lists);
    if (!more || (marker.empty() && token.empty())) break;
    std::erase_if(params, [](const auto& p) { return p.first == "Marker" || p.first == "NextToken"; });
    if (!marker.empty()) params.emplace_back("Marker", marker);
    else params.emplace_back("NextToken", token);
  }
  drop_paging(all);
  return all;
}

Value json_all_pages(Client& client, std::string_view service, std::string_view target, std::string_view action,
                     const Value& request, const std::vector<std::string>& lists, const std::string& token) {
  Value all;
  Value req = request;
  for (int page = 0; page < 100000; ++page) {
    Value v = client.json(service, target, action, to_json_text(req));
    const std::string next = v.str(token);
    merge_pages(all, std::move(v), lists);
    if (next.empty()) break;
    req.set(token, Value::string(next));
  }
  if (all.kind != Value::Kind::object) all = Value::object();
  drop_paging(all);
  return all;
}

bool Collector::optional(const std::string& api, const std::function<void()>& call) {
  try {
    call();
    return true;
  } catch (const AwsError& e) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (std::find(missing_.begin(), missing_.end(), api) == missing_.end()) missing_.push_back(api);
    }
    warn(e.access_denied() ? "access denied to " + api + " (" + e.code + "): the snapshot records it as missing"
                           : std::string(e.what()) + ": the snapshot records " + api + " as missing");
    return false;
  }
}

void Collector::warn(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  options_.warn(message);
}

void Collector::progress(const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  options_.progress(what + " (" + std::to_string(client_.requests()) + " requests)");
}

std::vector<std::string> Collector::missing() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return missing_;
}

void Collector::write_file(const std::string& directory, const std::string& name, const std::string& text) {
  const fs::path path = fs::path(directory) / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
  std::lock_guard<std::mutex> lock(mutex_);
  files_.push_back(name);
}

namespace {

// RoleLastUsed of every role that lacks it, from GetRole (in parallel).
void fill_role_last_used(Collector& c, Value& details) {
  Value* roles = details.find("RoleDetailList");
  if (roles == nullptr) return;
  std::vector<Value*> todo;
  for (Value& r : roles->items) {
    const Value* last = r.find("RoleLastUsed");
    if (last == nullptr || last->kind != Value::Kind::object) todo.push_back(&r);
  }
  if (todo.empty()) return;
  c.progress("iam:GetRole for the last use of " + std::to_string(todo.size()) + " roles");
  c.optional("iam:GetRole", [&] {
    parallel_for(todo.size(), c.options().threads, [&](std::size_t i) {
      Value role = c.client().query("iam", "GetRole", {{"RoleName", todo[i]->str("RoleName")}});
      const Value* r = role.find("Role");
      const Value* last = r != nullptr ? r->find("RoleLastUsed") : nullptr;
      todo[i]->set("RoleLastUsed", last != nullptr && last->kind == Value::Kind::object ? *last : Value::object());
    });
  });
}

void credential_report(Collector& c, const std::string& dir) {
  c.optional("iam:GenerateCredentialReport", [&] {
    for (int i = 0; i < 60; ++i) {
      const Value state = c.client().query("iam", "GenerateCredentialReport");
      if (state.str("State") == "COMPLETE") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(i < 5 ? 500 : 2000));
    }
  });
  c.optional("iam:GetCredentialReport", [&] {
    Value report = c.client().query("iam", "GetCredentialReport");
    drop_paging(report);
    c.write_file(dir, "credential-report.json", to_json_text(report));
  });
}

void password_policy(Collector& c, const std::string& dir) {
  try {
    Value p = c.client().query("iam", "GetAccountPasswordPolicy");
    c.write_file(dir, "password-policy.json", to_json_text(p));
  } catch (const AwsError& e) {
    if (e.code != "NoSuchEntity") {
      c.optional("iam:GetAccountPasswordPolicy", [&] { throw; });
      return;
    }
    c.write_file(dir, "password-policy.json", "");  // no password policy (docs/snapshot.md)
  }
}

}  // namespace

CollectResult Collector::account(const std::string& dir) {
  fs::create_directories(dir);
  // Files of an earlier run that this one might not rewrite would be read as current.
  for (const char* stale : {"credential-report.csv", "credential-report.json", "password-policy.json", "scps.json",
                            "rcps.json", "resource-policies.json", "compute.json", "identity-center.json",
                            "access-keys.json"}) {
    std::error_code ec;
    fs::remove(fs::path(dir) / stale, ec);
  }
  progress("sts:GetCallerIdentity");
  const Value identity = client_.query("sts", "GetCallerIdentity");
  account_id = identity.str("Account");
  progress("iam:GetAccountAuthorizationDetails");
  Value details = query_all_pages(client_, "iam", "GetAccountAuthorizationDetails", {}, kDetailLists);
  // AWS names every policy; some emulators leave PolicyName out: it is the ARN's last segment.
  if (Value* policies = details.find("Policies")) {
    for (Value& p : policies->items) {
      const std::string arn = p.str("Arn");
      if (p.find("PolicyName") == nullptr && !arn.empty()) p.set("PolicyName", Value::string(arn.substr(arn.rfind('/') + 1)));
    }
  }
  fill_role_last_used(*this, details);
  write_file(dir, "authorization-details.json", to_json_text(details));
  progress("iam:GetCredentialReport");
  credential_report(*this, dir);
  progress("iam:GetAccountSummary");
  optional("iam:GetAccountSummary", [&] {
    write_file(dir, "account-summary.json", to_json_text(summary_map(client_.query("iam", "GetAccountSummary"))));
  });
  password_policy(*this, dir);
  progress("iam:ListRoles");
  optional("iam:ListRoles", [&] {
    write_file(dir, "roles.json", to_json_text(query_all_pages(client_, "iam", "ListRoles", {}, {"Roles"})));
  });
  progress("iam:ListAccessKeys");
  optional("iam:ListAccessKeys", [&] {
    // Key ids per user: remediation names the exact key a credential-report row means.
    const Value* users = details.find("UserDetailList");
    std::vector<std::string> names;
    if (users != nullptr) {
      for (const Value& u : users->items) names.push_back(u.str("UserName"));
    }
    std::vector<Value> keys(names.size());
    parallel_for(names.size(), options_.threads, [&](std::size_t i) {
      keys[i] = query_all_pages(client_, "iam", "ListAccessKeys", {{"UserName", names[i]}}, {"AccessKeyMetadata"});
    });
    Value all = Value::array();
    for (Value& k : keys) {
      if (const Value* list = k.find("AccessKeyMetadata")) {
        for (const Value& item : list->items) all.items.push_back(item);
      }
    }
    Value out = Value::object();
    out.set("AccessKeyMetadata", std::move(all));
    write_file(dir, "access-keys.json", to_json_text(out));
  });
  if (options_.resources) collect_resources(*this, dir, details);
  CollectResult result;
  result.account_id = account_id;
  result.directory = dir;
  return result;
}

namespace {

void write_snapshot_info(Collector& c, const std::string& dir, CollectResult& result) {
  result.missing = c.missing();
  Value info = Value::object();
  info.set("account_id", Value::string(result.account_id));
  info.set("taken_at", Value::string(now_text()));
  Value missing = Value::array();
  for (const std::string& m : result.missing) missing.items.push_back(Value::string(m));
  info.set("missing", std::move(missing));
  info.set("collected_by", Value::string(std::string("iamwarden ") + IW_VERSION));
  c.write_file(dir, "snapshot.json", to_json_text(info));
}

std::vector<std::string> list_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) out.push_back(it->path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<CollectResult> collect(Client& client, const std::string& outdir, const CollectOptions& options) {
  std::vector<CollectResult> results;
  Collector main(client, options);
  if (!options.org) {
    CollectResult r = main.account(outdir);
    if (options.identity_center) collect_identity_center(main, outdir, {r.account_id});
    write_snapshot_info(main, outdir, r);
    r.files = list_files(outdir);
    results.push_back(std::move(r));
    return results;
  }
  // Organization layout: one snapshot directory per account, named by its id.
  fs::create_directories(outdir);
  main.progress("sts:GetCallerIdentity");
  const std::string self = client.query("sts", "GetCallerIdentity").str("Account");
  const std::string self_dir = (fs::path(outdir) / self).string();
  CollectResult r = main.account(self_dir);
  std::vector<std::string> accounts{self};
  main.optional("organizations:ListAccounts", [&] { accounts = organization_accounts(main, client); });
  collect_org_policies(main, client, self, self_dir);
  if (options.identity_center) collect_identity_center(main, self_dir, accounts);
  for (const std::string& id : accounts) {
    if (id == self) continue;
    if (!options.member_client) {
      main.warn("member account " + id + " not collected: give --member-role NAME to collect members");
      continue;
    }
    try {
      Client member = options.member_client(id);
      Collector m(member, options);
      const std::string dir = (fs::path(outdir) / id).string();
      CollectResult mr = m.account(dir);
      collect_org_policies(m, client, id, dir);
      write_snapshot_info(m, dir, mr);
      mr.files = list_files(dir);
      results.push_back(std::move(mr));
    } catch (const AwsError& e) {
      main.optional("sts:AssumeRole " + id, [&] { throw e; });
    } catch (const std::runtime_error& e) {
      main.warn("member account " + id + " not collected: " + e.what());
    }
  }
  write_snapshot_info(main, self_dir, r);
  r.files = list_files(self_dir);
  results.insert(results.begin(), std::move(r));
  return results;
}

}  // namespace iw::aws
