#include "access/satisfy.h"

#include <algorithm>
#include <map>

#include "core/strings.h"
#include "core/values.h"
#include "reason/search.h"
#include "reason/witness.h"

namespace iw::access {

namespace {

// Engine calls one satisfy() may spend before answering "gated, not exact".
constexpr std::size_t kMaxTries = 20000;

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
  return reason::document_of(view, ref);
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
  // Every applicable statement is in `considered`, whatever its conditions: with no identity or
  // resource Allow among them, no context allows (only an account's root needs none).
  const bool some_allow = std::any_of(considered.begin(), considered.end(), [](const eval::Match& m) {
    return m.effect == policy::Effect::allow &&
           (m.policy.layer == eval::Layer::identity || m.policy.layer == eval::Layer::resource);
  });
  if (!some_allow && request.principal.kind != eval::PrincipalKind::root) return finish(Verdict::denied);
  reason::ContextSpace space;
  space.add(view, considered, fixed);
  if (space.empty()) return finish(Verdict::denied);
  const auto all_keys = [&] {
    for (const auto& [key, k] : space.keys()) a.gating.push_back(k.name);
  };
  eval::Decision d;
  const reason::SearchResult r = reason::search(
      space, request, kMaxTries,
      [&](const eval::Request& req) {
        engine.evaluate(req, d, false);
        return d.outcome == eval::Outcome::allow;
      },
      [&](const std::string& key, reason::Witnesses& w) { restrict_to_domain(key, w, request.context); });
  if (!r.exact) a.exact = false;
  if (r.found) {
    for (const auto& [key, k] : space.keys()) {
      if (const eval::ContextEntry* e = request.context.find(key); e != nullptr) {
        if (e->multi) a.witness.set_list(key, e->values);
        else a.witness.set(key, e->values.front());
      }
    }
    engine.evaluate(request, a.decision, true);
    a.gating = gating_keys(view, a.decision, r.set_keys, fixed);
    a.verdict = Verdict::gated;
    return a;
  }
  if (!r.exact) {  // not every class was tried (or too many to try): do not claim a denial
    all_keys();
    a.verdict = Verdict::gated;
    return a;
  }
  return finish(Verdict::denied);
}

}  // namespace iw::access
