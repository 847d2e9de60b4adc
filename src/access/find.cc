#include "access/find.h"

#include <algorithm>

namespace iw::access {

namespace {

// Engine calls one question may spend, and one request class.
constexpr std::size_t kMaxCalls = 4'000'000;
constexpr std::size_t kMaxTriesPerClass = 20'000;

void note(Found& f, std::string why) {
  f.exact = false;
  if (std::find(f.why.begin(), f.why.end(), why) == f.why.end()) f.why.push_back(std::move(why));
}

}  // namespace

bool derived_key(std::string_view k) {
  return k == "aws:principalarn" || k == "aws:principalaccount" || k == "aws:principaltype" ||
         k == "aws:username" || k == "aws:principalisawsservice" || k == "aws:principalservicename" ||
         k == "aws:resourceaccount";
}

eval::Context chosen_context(const eval::Request& r) {
  eval::Context out;
  for (const eval::ContextEntry& e : r.context.entries()) {
    if (derived_key(e.key)) continue;
    if (e.multi) out.set_list(e.key, e.values);
    else out.set(e.key, e.values.front());
  }
  return out;
}

Found find_request(const reason::Vocabulary& v, const FindOptions& o) {
  Found f;
  if (!v.exact) {
    for (const std::string& w : v.why) note(f, w);
  }
  f.variables = v.variables;
  const std::vector<std::string>& resources = o.resource_override.empty() ? v.resources : o.resource_override;
  const auto fixed = [&](std::string_view k) { return derived_key(k) || (o.fixed && o.fixed(k)); };
  std::vector<eval::Match> considered;
  eval::Decision d;
  for (const std::string& p : v.principals) {
    eval::RequestSpec spec;
    spec.principal = p;
    spec.action = "iamwarden:Probe";
    spec.resource = "*";
    auto parsed = eval::parse_principal(p);
    if (!parsed || (o.principal_ok && !o.principal_ok(*parsed.value))) continue;
    spec.resource_account = o.resource_account ? o.resource_account(*parsed.value) : "";
    auto made = eval::make_request(spec);
    if (!made) continue;
    eval::Request req = std::move(*made.value);
    const Side target = o.target(*parsed.value);
    const std::optional<Side> other = o.other ? o.other(*parsed.value) : std::nullopt;
    for (std::size_t a = 0; a < v.actions.size(); ++a) {
      if (!o.actions.empty() && !o.actions[a]) continue;
      for (std::size_t r = 0; r < resources.size(); ++r) {
        if (o.resource_override.empty() && !o.resources.empty() && !o.resources[r]) continue;
        if (!o.target_allows.empty() && o.resource_override.empty()) {
          bool may = false;
          for (std::size_t s = 0; s < o.target_allows.size() && !may; ++s) {
            may = o.target_allows[s] && v.action_hits[a][s] && v.resource_hits[r][s];
          }
          if (!may) continue;
        }
        if (!eval::retarget(req, v.actions[a], resources[r], spec.resource_account.empty() ? req.resource_account
                                                                                          : spec.resource_account)) {
          continue;
        }
        reason::ContextSpace space;
        target.engine->evaluate(req, d, considered);
        ++f.tried;
        if (d.facts.special_action) continue;  // decided before any policy: no policy grants it
        space.add(target.view, considered, fixed);
        for (const policy::Statement* st : o.extra_statements) space.add(*st, false, fixed);
        if (other) {
          other->engine->evaluate(req, d, considered);
          ++f.tried;
          space.add(other->view, considered, fixed);
        }
        const reason::SearchResult s = reason::search(
            space, req, kMaxTriesPerClass,
            [&](const eval::Request& q) {
              ++f.tried;
              target.engine->evaluate(q, d, false);
              if (d.outcome != eval::Outcome::allow) return false;
              if (other) {
                ++f.tried;
                other->engine->evaluate(q, d, false);
                if (d.outcome == eval::Outcome::allow) return false;
              }
              return !o.accept || o.accept(q);
            },
            o.restrict);
        if (s.variables) f.variables = true;
        if (!s.exact) note(f, s.too_many ? "too many condition combinations on one request" : "condition values whose classes are not all enumerated (bounds or policy variables)");
        if (s.found) {
          f.request = req;
          return f;
        }
        if (f.tried > kMaxCalls) {
          note(f, "the search exceeded its budget of engine calls");
          return f;
        }
      }
    }
  }
  return f;
}

}  // namespace iw::access
