// privilege-escalation-principal: decided with the escalation graph (graph/graph.h): a user or
// role that is not admin-equivalent but has a path to admin; the message names the path.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "audit/checks.h"
#include "graph/graph.h"

namespace iw::audit {

void check_escalation(const AuditContext& ctx) {
  graph::Options options;
  options.as_of = ctx.options.as_of;
  const graph::Graph g(ctx.account, options);
  for (const graph::Path& p : g.escalation_paths()) {
    // A principal the admin-principal check already reports is not "not admin".
    const bool admin = std::any_of(ctx.out.begin(), ctx.out.end(), [&](const Finding& f) {
      return f.id == "admin-principal" && f.resource == p.principal;
    });
    if (admin) continue;
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
  }
}

}  // namespace iw::audit
