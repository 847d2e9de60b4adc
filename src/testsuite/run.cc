// run_suite(): evaluates every case against its compiled set and explains failures.
#include <string>

#include "testsuite/suite.h"

namespace iw::testsuite {

std::size_t SuiteResult::failures() const {
  std::size_t n = 0;
  for (const CaseResult& c : cases) n += c.passed ? 0 : 1;
  return n;
}

namespace {

using eval::Layer;

std::string layer_list(const eval::LayerSet& s) {
  std::string out;
  for (Layer l : s.list()) out += (out.empty() ? "" : ", ") + std::string(eval::to_string(l));
  return out.empty() ? "none" : out;
}

// Why a layer is in denied_by (the wording of an explanation, not of the spec).
std::string reason(Layer l, const eval::Decision& d, const eval::Request& r) {
  const eval::Facts& f = d.facts;
  const bool explicit_deny = d.outcome == eval::Outcome::explicit_deny;
  switch (l) {
    case Layer::scp:
      return explicit_deny ? "a service control policy denies the request"
                           : "SCP level " + std::to_string(f.scp_level_failed) +
                                 " allows nothing that matches (every level must allow)";
    case Layer::rcp: return "a resource control policy denies the request";
    case Layer::resource:
      if (explicit_deny) return "the resource policy denies the request";
      if (!r.principal.is_iam()) return "this caller needs a resource policy statement that names it";
      if (f.trust_rule) return "role trust and KMS key actions need an Allow in the trust or key policy";
      if (!f.same_account) return "cross-account access needs the resource policy to allow the caller";
      return "the resource policy grants nothing to this caller";
    case Layer::identity:
      return explicit_deny ? "an identity-based policy denies the request" : "no identity-based policy allows the request";
    case Layer::boundary:
      return explicit_deny ? "the permissions boundary denies the request"
                           : "the permissions boundary does not allow the request";
    case Layer::session:
      return explicit_deny ? "a session policy denies the request" : "no session policy allows the request";
    case Layer::caller: return "AWS refuses this call for this caller before reading any policy";
  }
  return {};
}

std::string_view effect_name(policy::Effect e) { return e == policy::Effect::allow ? "Allow" : "Deny"; }

CaseResult run_case(const CaseSpec& c, const CompiledSet& set, eval::Decision& d) {
  set.engine.evaluate(c.request, d, true);
  CaseResult r;
  r.name = c.name;
  r.description = c.description;
  r.where = c.where;
  r.expected = c.expect;
  r.expected_denied_by = c.denied_by;
  r.outcome = d.outcome;
  r.denied_by = d.denied_by;
  const bool decision_ok = satisfies(d.outcome, c.expect);
  const bool layers_ok = !c.denied_by || *c.denied_by == d.denied_by;
  r.passed = decision_ok && layers_ok;
  if (!decision_ok) {
    r.summary = "expected " + std::string(to_string(c.expect)) + ", got " + std::string(eval::to_string(d.outcome));
  } else if (!layers_ok) {
    r.summary = "expected denied_by [" + layer_list(*c.denied_by) + "], got [" + layer_list(d.denied_by) + "]";
  }
  for (const eval::Match& m : d.matched) {
    MatchInfo info;
    info.policy = eval::label(m.policy);
    info.file = set.file_of(m.policy);
    for (const CompiledSet::Origin& o : set.origins) {
      if (o.ref == m.policy && o.source) {
        const LineColumn lc = o.source->position(m.offset);
        info.line = lc.line;
        info.column = lc.column;
        break;
      }
    }
    info.statement = m.statement;
    info.sid = std::string(m.sid);
    info.effect = m.effect;
    info.grant = m.grant;
    r.matched.push_back(std::move(info));
  }

  const eval::Request& q = c.request;
  std::vector<std::string>& e = r.explanation;
  e.push_back("request: " + q.principal.arn + " -> " + q.action + " on " + q.resource);
  if (d.facts.special_action) {
    e.push_back(std::string(eval::caller_rule(q, d)));
    return r;
  }
  if (d.facts.bucket_owner_root) e.push_back(std::string(eval::caller_rule(q, d)));
  if (q.principal.is_iam()) {
    e.push_back("resource account " + (q.resource_account.empty() ? std::string("(none)") : q.resource_account) +
                (d.facts.same_account ? " (same account)" : " (cross-account)"));
  }
  e.push_back("decision: " + std::string(eval::to_string(d.outcome)));
  for (Layer l : d.denied_by.list()) e.push_back("denied by " + std::string(eval::to_string(l)) + ": " + reason(l, d, q));
  if (r.matched.empty()) {
    e.push_back("no statement applies");
  } else {
    e.push_back("applicable statements:");
    for (const MatchInfo& m : r.matched) {
      std::string line = "  " + m.policy + " statement " + std::to_string(m.statement);
      if (!m.sid.empty()) line += " (Sid \"" + m.sid + "\")";
      line += ": " + std::string(effect_name(m.effect));
      if (m.policy == "resource" && m.effect == policy::Effect::allow) {
        line += " (names the caller: " + std::string(eval::to_string(m.grant)) + ")";
      }
      if (!m.file.empty()) line += " at " + m.file + ":" + std::to_string(m.line) + ":" + std::to_string(m.column);
      e.push_back(std::move(line));
    }
  }
  return r;
}

}  // namespace

SuiteResult run_suite(const LoadedSuite& suite) {
  SuiteResult out;
  out.file = suite.spec.file;
  out.name = suite.spec.name;
  eval::Decision d;
  for (std::size_t i = 0; i < suite.spec.cases.size(); ++i) {
    out.cases.push_back(run_case(suite.spec.cases[i], suite.sets[suite.case_set[i]], d));
  }
  return out;
}

}  // namespace iw::testsuite
