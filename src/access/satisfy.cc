#include "access/satisfy.h"

#include <algorithm>
#include <map>

#include "core/strings.h"
#include "core/values.h"
#include "reason/witness.h"

namespace iw::access {

namespace {

// Engine calls one satisfy() may spend before answering "gated, not exact".
constexpr std::size_t kMaxTries = 20000;

// The chosen keys of the statements that decide the request, with their conditions.
std::map<std::string, reason::KeyConditions> chosen_keys(const eval::PolicyView& view,
                                                         const std::vector<eval::Match>& considered,
                                                         const FixedKeys& fixed) {
  std::map<std::string, reason::KeyConditions> keys;
  for (const eval::Match& m : considered) {
    const policy::Document* doc = document_of(view, m.policy);
    if (doc == nullptr || m.statement >= doc->statements.size()) continue;
    for (const policy::Condition& c : doc->statements[m.statement].conditions) {
      std::string key = to_lower(c.key);
      if (fixed(key)) continue;
      reason::KeyConditions& k = keys[key];
      if (k.name.empty()) k.name = c.key;
      k.key = key;
      k.conditions.push_back(&c);
      k.variables_enabled = k.variables_enabled || doc->variables_enabled();
    }
  }
  return keys;
}

void set_value(eval::Context& ctx, const std::string& key, const reason::Witness& w) {
  if (!w.present) {
    ctx.set_list(key, {});
  } else if (w.multi) {
    ctx.set_list(key, w.values);
  } else {
    ctx.set(key, w.values.front());
  }
}

// Chosen keys the allowing request depends on: those the witness sets, and those of the Allow
// statements that granted it.
std::vector<std::string> gating_keys(const eval::PolicyView& view, const eval::Decision& d,
                                     const std::vector<std::string>& set_keys, const FixedKeys& fixed) {
  std::vector<std::string> out = set_keys;
  for (const eval::Match& m : d.matched) {
    if (m.effect != policy::Effect::allow) continue;
    const policy::Document* doc = document_of(view, m.policy);
    if (doc == nullptr || m.statement >= doc->statements.size()) continue;
    for (const policy::Condition& c : doc->statements[m.statement].conditions) {
      const bool listed = std::any_of(out.begin(), out.end(), [&](const std::string& k) { return iequals(k, c.key); });
      if (!fixed(to_lower(c.key)) && !listed) out.push_back(c.key);
    }
  }
  return out;
}

// Values some keys can never take, whoever makes the request: a session token is issued before
// the request and lives at most 36 hours (GetSessionToken; role sessions 12), so
// aws:TokenIssueTime lies in [now - 36 h, now]; MFA age is never negative.
void restrict_to_domain(const std::string& key, reason::Witnesses& w, const eval::Context& facts) {
  if (key == "aws:tokenissuetime") {
    const eval::ContextEntry* now_text = facts.find("aws:currenttime");
    const auto now = now_text != nullptr ? parse_instant(now_text->values.front()) : std::nullopt;
    if (!now) return;
    constexpr std::int64_t kLongestSession = 36 * 3600;
    std::erase_if(w.values, [&](const reason::Witness& v) {
      if (!v.present) return false;
      const auto t = parse_instant(v.values.front());
      return !t || t->seconds > now->seconds || t->seconds < now->seconds - kLongestSession;
    });
    w.values.push_back({true, false, {now_text->values.front()}});
  } else if (key == "aws:multifactorauthage") {
    std::erase_if(w.values, [](const reason::Witness& v) { return v.present && v.values.front().starts_with('-'); });
  }
}

}  // namespace

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::denied: return "denied";
    case Verdict::allowed: return "allowed";
    case Verdict::gated: return "gated";
  }
  return "";
}

const policy::Document* document_of(const eval::PolicyView& view, const eval::PolicyRef& ref) {
  const auto at = [](const std::vector<const policy::Document*>& v, std::int32_t i) -> const policy::Document* {
    return i >= 0 && static_cast<std::size_t>(i) < v.size() ? v[static_cast<std::size_t>(i)] : nullptr;
  };
  const auto level = [&](const std::vector<std::vector<const policy::Document*>>& v) -> const policy::Document* {
    if (ref.level < 0 || static_cast<std::size_t>(ref.level) >= v.size()) return nullptr;
    return at(v[static_cast<std::size_t>(ref.level)], ref.index);
  };
  switch (ref.layer) {
    case eval::Layer::identity: return at(view.identity, ref.index);
    case eval::Layer::session: return at(view.session, ref.index);
    case eval::Layer::boundary: return view.boundary;
    case eval::Layer::resource: return view.resource;
    case eval::Layer::scp: return level(view.scps);
    case eval::Layer::rcp: return level(view.rcps);
    case eval::Layer::caller: return nullptr;
  }
  return nullptr;
}

Answer satisfy(const eval::Engine& engine, const eval::PolicyView& view, eval::Request request,
               const FixedKeys& fixed, bool explain) {
  Answer a;
  std::vector<eval::Match> considered;
  engine.evaluate(request, a.decision, considered);
  const auto finish = [&](Verdict v) {
    a.verdict = v;
    if (explain) engine.evaluate(request, a.decision, true);
    return a;
  };
  // Chosen keys are absent in the first request: an allow needs none of them.
  if (a.decision.outcome == eval::Outcome::allow) return finish(Verdict::allowed);
  if (a.decision.facts.special_action) return finish(Verdict::denied);
  const std::map<std::string, reason::KeyConditions> keys = chosen_keys(view, considered, fixed);
  if (keys.empty()) return finish(Verdict::denied);

  std::vector<const reason::KeyConditions*> order;
  std::vector<reason::Witnesses> values;
  std::size_t product = 1;
  for (const auto& [key, k] : keys) {
    values.push_back(reason::witnesses(k, reason::key_type(key), request.context));
    restrict_to_domain(key, values.back(), request.context);
    order.push_back(&k);
    if (!values.back().exact) a.exact = false;
    product = std::min(product * values.back().values.size(), kMaxTries + 1);
  }
  if (product > kMaxTries) {
    a.exact = false;
    a.gating.reserve(keys.size());
    for (const auto& [key, k] : keys) a.gating.push_back(k.name);
    a.verdict = Verdict::gated;  // too many combinations to decide: possible, and named
    return a;
  }
  // Odometer over the witness lists; the all-absent combination was the first request.
  const eval::Context facts = request.context;
  std::vector<std::size_t> at(order.size(), 0);
  eval::Decision d;
  for (;;) {
    std::size_t i = 0;
    while (i < at.size() && ++at[i] == values[i].values.size()) at[i++] = 0;
    if (i == at.size()) break;
    for (std::size_t j = 0; j <= i && j < at.size(); ++j) set_value(request.context, order[j]->key, values[j].values[at[j]]);
    engine.evaluate(request, d, false);
    if (d.outcome != eval::Outcome::allow) continue;
    std::vector<std::string> set_keys;
    for (std::size_t j = 0; j < at.size(); ++j) {
      const reason::Witness& w = values[j].values[at[j]];
      if (!w.present) continue;
      set_keys.push_back(order[j]->name);
      set_value(a.witness, order[j]->key, w);
    }
    engine.evaluate(request, a.decision, true);
    a.gating = gating_keys(view, a.decision, set_keys, fixed);
    a.verdict = Verdict::gated;
    return a;
  }
  if (!a.exact) {  // not every class was tried: do not claim a denial
    for (const auto& [key, k] : keys) a.gating.push_back(k.name);
    a.verdict = Verdict::gated;
    return a;
  }
  request.context = facts;
  return finish(Verdict::denied);
}

}  // namespace iw::access
