#include "trail/usage.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <unordered_set>

#include "core/parallel.h"
#include "core/rules.h"
#include "trail/calls.h"

namespace iw::trail {

UsageRecord UsageRecord::of(const Event& e) {
  UsageRecord r;
  r.principal = principal_key(e);
  if (r.principal.empty()) return r;
  r.failed = trail::failed(e);
  r.time = e.time();
  if (r.failed) return r;
  for (Call& c : calls_of(e)) r.calls.emplace_back(std::move(c.name), std::move(c.resource));
  return r;
}

void UsageCollector::add(UsageRecord&& r) {
  if (r.principal.empty()) return;
  if (!active_.contains(r.principal)) active_.emplace(r.principal);
  if (r.failed) return;
  auto it = used_.find(r.principal);
  if (it == used_.end()) it = used_.emplace(std::move(r.principal), std::map<std::string, Use>{}).first;
  for (auto& [name, resource] : r.calls) {
    Use& u = it->second[name];
    u.last = std::max(u.last, r.time);
    if (u.resources.size() < kMaxResources) u.resources.insert(std::move(resource));
  }
}

namespace {

// The actions the principal's own Allow statements name, expanded (every action for NotAction).
std::vector<const catalog::Action*> candidates(const access::PrincipalPolicies& p) {
  const catalog::Catalog& cat = catalog::Catalog::get();
  std::unordered_set<const catalog::Action*> seen;
  std::vector<const catalog::Action*> out;
  const auto add = [&](const catalog::Action* a) {
    if (seen.insert(a).second) out.push_back(a);
  };
  for (const account::PolicyDoc* doc : p.identity) {
    for (const policy::Statement& s : doc->document.statements) {
      if (s.effect != policy::Effect::allow) continue;
      if (s.action == policy::Polarity::negated) {
        for (const catalog::Action& a : cat.actions()) add(&a);
        continue;
      }
      for (const policy::Located& pattern : s.actions) {
        for (const catalog::Action* a : cat.expand(pattern.text)) add(a);
      }
    }
  }
  return out;
}


PrincipalUsage decide(const access::Model& model, const access::Model::Entry& e, const UsageCollector& used) {
  PrincipalUsage u;
  u.principal = e.arn();
  u.account = access::account_of(u.principal);
  u.user = e.user != nullptr;
  u.active = used.active(u.principal);
  if (const auto it = used.used().find(u.principal); it != used.used().end()) u.used.insert(it->second.begin(), it->second.end());
  if (!e.checker) return u;
  std::vector<std::string> granted;
  if (e.admin) {
    for (const catalog::Action& a : catalog::Catalog::get().actions()) granted.push_back(catalog::full_name(a));
  } else {
    for (const catalog::Action* a : candidates(e.checker->principal())) {
      const std::string name = catalog::full_name(*a);
      if (model.can(e, name, "*").allowed()) granted.push_back(name);
    }
  }
  u.granted = granted.size();
  for (std::string& g : granted) {
    if (!u.used.contains(g)) u.granted_unused.push_back(std::move(g));
  }
  std::sort(u.granted_unused.begin(), u.granted_unused.end());
  return u;
}

// "a, b, c and 4 more"
std::string some(const std::vector<std::string>& names, std::size_t shown = 12) {
  if (names.size() <= shown) return fmt::format("{}", fmt::join(names, ", "));
  return fmt::format("{} and {} more", fmt::join(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                     names.size() - shown);
}

void report(const PrincipalUsage& u, std::vector<Finding>& findings) {
  if (!u.active) {
    Finding f = make_finding(u.user ? "unused-user" : "unused-role",
                             fmt::format("{} {} made no call in the events read", u.user ? "user" : "role", u.principal));
    f.resource = u.principal;
    f.account = u.account;
    findings.push_back(std::move(f));
    return;
  }
  if (u.granted_unused.empty()) return;
  std::set<std::string> used_services;
  for (const auto& [action, use] : u.used) used_services.insert(action.substr(0, action.find(':')));
  std::vector<std::string> unused_services, unused_actions;
  std::set<std::string> listed;
  for (const std::string& a : u.granted_unused) {
    const std::string service = a.substr(0, a.find(':'));
    if (used_services.contains(service)) unused_actions.push_back(a);
    else if (listed.insert(service).second) unused_services.push_back(service);
  }
  std::string message = fmt::format("{} is granted {} actions and used {}", u.principal, u.granted, u.used.size());
  if (!unused_services.empty()) message += fmt::format("; services never used: {}", some(unused_services));
  if (!unused_actions.empty()) message += fmt::format("; actions never used in services it uses: {}", some(unused_actions));
  Finding f = make_finding("unused-permission", std::move(message));
  f.resource = u.principal;
  f.account = u.account;
  findings.push_back(std::move(f));
}

}  // namespace

std::vector<PrincipalUsage> compare(const access::Model& model, const UsageCollector& used, std::vector<Finding>& findings) {
  const std::span<const access::Model::Entry> entries = model.entries();
  std::vector<PrincipalUsage> out(entries.size());
  parallel_for(entries.size(), model.threads(), [&](std::size_t i) { out[i] = decide(model, entries[i], used); });
  for (const PrincipalUsage& u : out) report(u, findings);
  return out;
}

}  // namespace iw::trail
