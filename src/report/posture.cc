#include "report/posture.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/report_util.h"

namespace iw::report::detail {

namespace {

bool is_escalation(const Finding& f) {
  return f.severity >= Severity::high && std::find(kEscalation.begin(), kEscalation.end(), f.id) != kEscalation.end();
}

int weight(const Finding& f) {
  if (is_escalation(f)) return 10;
  switch (f.severity) {
    case Severity::critical: return 10;
    case Severity::high: return 5;
    case Severity::medium: return 2;
    case Severity::low: return 1;
    case Severity::info: return 0;
  }
  return 0;
}

char grade_of(int score) {
  return score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 50 ? 'C' : score >= 25 ? 'D' : 'F';
}

std::string count(std::size_t n, std::string_view what) {
  return fmt::format("{} {} finding{}", n, what, n == 1 ? "" : "s");
}

// The cap the worst findings put on the grade, and why ('A' and "" when none).
std::pair<char, std::string> cap_of(std::size_t critical, std::size_t escalation) {
  if (critical > 0 && escalation > 0) return {'F', count(critical, "critical") + " and " + count(escalation, "escalation")};
  if (critical > 0) return {'D', count(critical, "critical")};
  if (escalation > 0) return {'C', count(escalation, "escalation")};
  return {'A', ""};
}

}  // namespace

void PostureTally::add(const Finding& f) {
  subjects.insert(f.resource.empty() ? artifact(f) : f.resource);
  weighted += weight(f);
  critical += f.severity == Severity::critical ? 1 : 0;
  escalation += is_escalation(f) ? 1 : 0;
}

Posture posture(const ReportInput& input, const PostureTally& tally) {
  Posture p;
  p.weighted = tally.weighted;
  p.critical = tally.critical;
  p.escalation = tally.escalation;
  p.per_principal = !input.principals.empty();
  p.denominator = p.per_principal ? input.principals.size() : std::max(input.files.size(), tally.subjects.size());
  p.denominator = std::max<std::size_t>(p.denominator, 1);
  const auto n = static_cast<long long>(p.denominator);
  p.score = static_cast<int>(std::clamp(100LL - (5LL * p.weighted + n / 2) / n, 0LL, 100LL));
  p.score_grade = grade_of(p.score);
  const auto [cap, why] = cap_of(p.critical, p.escalation);
  p.grade = std::max(p.score_grade, cap);  // later letters are worse grades
  if (p.grade != p.score_grade) p.cap = why;
  return p;
}

Posture posture(const ReportInput& input) {
  PostureTally tally;
  for (const Finding& f : input.findings) tally.add(f);
  return posture(input, tally);
}

}  // namespace iw::report::detail
