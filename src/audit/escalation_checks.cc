// privilege-escalation-principal: decided with the escalation graph (graph/graph.h): a user or
// role that is not admin-equivalent but has a path to admin; the message names the path.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <string_view>
#include <unordered_set>

#include "access/principal.h"
#include "audit/checks.h"
#include "core/lasting.h"
#include "graph/graph.h"

namespace iw::audit {

namespace {

// The path as a chain: the principal, then whom each step acts as; the last node is the
// administrator reached.
Chain chain_of(const graph::Path& p) {
  Chain c;
  c.finding_id = "privilege-escalation-principal";
  c.resource = p.principal;
  c.nodes.push_back(p.principal);
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const graph::Step& s = p.steps[i];
    // The last node is the target; when it is "admin" (made administrator on the way), the
    // principal the last step acts as is the one that became administrator.
    const bool last = i + 1 == p.steps.size();
    c.nodes.push_back(!last ? s.to : p.target != "admin" || s.to.empty() ? p.target : s.to);
    c.links.push_back({s.method, fmt::format("{} on {}", fmt::join(s.permissions, " + "), s.resource)});
  }
  return c;
}

}  // namespace

void check_escalation(const AuditContext& ctx) {
  graph::Options options;
  options.as_of = ctx.options.as_of;
  std::optional<graph::Graph> own;
  const graph::Graph* g = ctx.options.organization_graph;
  if (g == nullptr) {
    g = ctx.options.keep_until_exit ? &lasting<graph::Graph>(ctx.model, options) : &own.emplace(ctx.model, options);
  }
  const bool organization = g == ctx.options.organization_graph;
  // A principal the admin-principal check already reports is not "not admin".
  std::unordered_set<std::string_view> admins;
  for (const PrincipalInfo& info : ctx.principals) {
    if (info.admin) admins.insert(info.arn);
  }
  for (const graph::Path& p : g->escalation_paths()) {
    if (admins.contains(p.principal)) continue;
    if (organization && access::account_of(p.principal) != ctx.account.id) continue;  // another member's
    std::vector<std::string> steps;
    for (const graph::Step& s : p.steps) {
      std::string step = fmt::format("{} ({} on {})", s.method, fmt::join(s.permissions, " + "), s.resource);
      if (!s.conditions.empty()) step += fmt::format(" when conditions on {} hold", fmt::join(s.conditions, ", "));
      steps.push_back(std::move(step));
    }
    const std::string reached = p.target == "admin" ? "admin-equivalent access" : p.target;
    ctx.add("privilege-escalation-principal", p.principal,
            fmt::format("can reach {} in {} step{}: {}", reached, p.steps.size(), p.steps.size() == 1 ? "" : "s",
                        fmt::join(steps, " -> ")));
    ctx.chains.push_back(chain_of(p));
  }
}

}  // namespace iw::audit
