// The escalation methods a snapshot cannot decide: those through compute that already exists
// (an instance to connect to, a function to update, a stack to change) need compute.json to
// know which compute runs as which role; without it they find nothing, and say so here.
#include <algorithm>

#include "catalog/escalation.h"
#include "graph/graph.h"

namespace iw::graph {

namespace {

bool needs_compute(const catalog::Method& m) {
  if (m.shape == catalog::Shape::existing) return true;
  return std::any_of(m.perms.begin(), m.perms.end(), [](const catalog::Perm& p) {
    return p.on == catalog::On::compute || p.on == catalog::On::some_compute;
  });
}

}  // namespace

std::vector<Undecided> undecided(const account::Account& account) {
  std::vector<Undecided> out;
  if (account.has_file("compute.json")) return out;
  Undecided u{"methods", {}, "compute.json"};
  for (const catalog::Method& m : catalog::methods()) {
    if (needs_compute(m)) u.ids.emplace_back(m.id);
  }
  std::sort(u.ids.begin(), u.ids.end());
  out.push_back(std::move(u));
  return out;
}

}  // namespace iw::graph
