// Granted against used (`trail usage`, contracts.md §6): per principal of a snapshot, the actions
// the access model grants it (after boundary and SCPs) and the actions the events show it used.
//
// A UsageCollector reads events (successful calls, through calls.h) into per-principal use: each
// action with up to kMaxResources resources and its last use; any event at all (a failed call
// too) marks the principal active. compare() then asks the access model, per principal, which
// actions it is granted: an administrator is granted every action; any other principal is asked
// only about the actions its own Allow statements name (their patterns expanded through the
// catalog: the index that keeps this fast), each decided by access::Model::can on "*". Principals
// are decided in parallel.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "access/model.h"
#include "core/finding.h"
#include "trail/events.h"

namespace iw::trail {

struct Use {
  std::set<std::string> resources;  // at most kMaxResources
  Timestamp last = 0;
};

// What UsageCollector::add takes from one event: read on any thread (usage --threads), added to
// the collector in event order, so that the result is that of one pass.
struct UsageRecord {
  std::string principal;  // principal_key(); "" = not about a principal
  bool failed = false;
  Timestamp time = 0;
  std::vector<std::pair<std::string, std::string>> calls;  // action name, resource
  static UsageRecord of(const Event& e);
};

class UsageCollector {
 public:
  static constexpr std::size_t kMaxResources = 10;
  void add(const Event& e) { add(UsageRecord::of(e)); }
  void add(UsageRecord&& r);
  const std::map<std::string, std::map<std::string, Use>, std::less<>>& used() const { return used_; }
  bool active(std::string_view principal) const { return active_.contains(principal); }

 private:
  std::map<std::string, std::map<std::string, Use>, std::less<>> used_;  // principal -> action -> use
  std::set<std::string, std::less<>> active_;
};

struct PrincipalUsage {
  std::string principal, account;
  bool user = false;
  bool active = false;
  std::map<std::string, Use> used;            // action -> use
  std::vector<std::string> granted_unused;    // sorted
  std::size_t granted = 0;
};

// Per principal of `model`: granted versus used, and the findings unused-user, unused-role and
// unused-permission (granted services, or actions of used services, never used).
std::vector<PrincipalUsage> compare(const access::Model& model, const UsageCollector& used, std::vector<Finding>& findings);

}  // namespace iw::trail
