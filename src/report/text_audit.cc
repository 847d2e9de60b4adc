// --format text of an audit: what to fix first, first.
//
//   audit of snapshots/org: accounts 111100000000, 111100000001; as of 2026-11-01T00:00:00Z
//   159 findings: 1 critical, 23 high, 79 medium, 56 low, 0 info
//
//   == Fix first: 1 critical, 5 escalation paths
//   -- by principal
//   arn:aws:iam::111100000000:role/deploy (2)
//     <each finding, as in the compiler-style layout>
//   -- by policy
//   ...
//   == high (18)
//   <the rest, by severity, grouped by resource>
//
// With a limit (a terminal without --verbose) every finding is one line, at most `limit` of them
// are listed, and the rest are counted by id with a pointer to --verbose.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "report/report.h"
#include "report/report_util.h"
#include "report/text_util.h"

namespace iw::report::detail {

namespace {

// Ids whose findings are escalation paths: a principal, or a policy, that leads to admin.
bool is_escalation(const Finding& f) {
  return f.id == "privilege-escalation-principal" || f.id == "privilege-escalation";
}

bool fix_first(const Finding& f) { return f.severity == Severity::critical || is_escalation(f); }

enum class Holder { principal, policy, other };

Holder holder_of(const std::string& resource) {
  for (std::string_view kind : {":user/", ":role/", ":group/"}) {
    if (resource.find(kind) != std::string::npos) return Holder::principal;
  }
  return resource.find(":policy/") != std::string::npos ? Holder::policy : Holder::other;
}

using Group = std::pair<std::string, std::vector<const Finding*>>;

Severity worst(const std::vector<const Finding*>& findings) {
  Severity s = Severity::info;
  for (const Finding* f : findings) s = std::max(s, f->severity);
  return s;
}

// Findings grouped by resource: the most severe groups first, then the largest, then by name.
std::vector<Group> by_resource(const std::vector<const Finding*>& findings) {
  std::map<std::string, std::vector<const Finding*>> groups;
  for (const Finding* f : findings) groups[f->resource].push_back(f);
  std::vector<Group> out(groups.begin(), groups.end());
  std::stable_sort(out.begin(), out.end(), [](const Group& a, const Group& b) {
    const Severity sa = worst(a.second), sb = worst(b.second);
    return sa != sb ? sa > sb : a.second.size() > b.second.size();
  });
  return out;
}

class AuditText {
 public:
  AuditText(const ReportInput& input, bool color) : input_(input), paint_(color), limit_(input.text_limit) {}

  std::string write() {
    const std::vector<Finding> findings = sorted(input_.findings);
    std::vector<const Finding*> first;
    std::map<Severity, std::vector<const Finding*>, std::greater<>> rest;
    for (const Finding& f : findings) {
      if (fix_first(f)) {
        first.push_back(&f);
      } else {
        rest[f.severity].push_back(&f);
      }
    }
    header();
    if (!first.empty()) fix_first_section(first);
    for (const auto& [severity, list] : rest) severity_section(severity, list);
    if (hidden_ > 0) {
      out_ += fmt::format("{} not listed: use --verbose to list every finding\n\n",
                          plural(hidden_, "finding", "findings"));
    }
    if (input_.external_access && !input_.external_access->empty()) external_section(*input_.external_access);
    write_summary(out_, paint_, input_, summary(input_.findings));
    return std::move(out_);
  }

 private:
  void header() {
    const AuditSubject& s = input_.subject;
    out_ += paint_(kBold, "audit of " + printable(s.snapshot));
    if (!s.accounts.empty()) {
      out_ += fmt::format(": {} {}", s.accounts.size() == 1 ? "account" : "accounts",
                          printable(fmt::format("{}", fmt::join(s.accounts, ", "))));
    }
    if (!s.as_of.empty()) out_ += "; as of " + s.as_of;
    out_ += "\n";
    const Summary sum = summary(input_.findings);
    std::vector<std::string> counts;
    for (Severity sev : kSeveritiesDescending) {
      const std::string part = fmt::format("{} {}", sum.count(sev), to_string(sev));
      counts.push_back(sum.count(sev) > 0 ? paint_(severity_color(sev), part) : part);
    }
    out_ += fmt::format("{}: {}\n\n", plural(sum.total(), "finding", "findings"), fmt::join(counts, ", "));
  }

  void fix_first_section(const std::vector<const Finding*>& first) {
    const auto critical = std::count_if(first.begin(), first.end(),
                                        [](const Finding* f) { return f->severity == Severity::critical; });
    const auto paths = std::count_if(first.begin(), first.end(), [](const Finding* f) { return is_escalation(*f); });
    out_ += paint_(kBold, fmt::format("== Fix first: {} critical, {}", critical,
                                      plural(static_cast<std::size_t>(paths), "escalation path", "escalation paths"))) +
            "\n";
    std::map<Holder, std::vector<const Finding*>> held;
    for (const Finding* f : first) held[holder_of(f->resource)].push_back(f);
    std::vector<std::pair<Holder, std::string_view>> holders = {
        {Holder::principal, "by principal"}, {Holder::policy, "by policy"}, {Holder::other, "account and resources"}};
    // Criticals lead: a kind of holder with a critical finding comes before one without.
    std::stable_sort(holders.begin(), holders.end(),
                     [&held](const auto& a, const auto& b) { return worst(held[a.first]) > worst(held[b.first]); });
    for (const auto& [holder, title] : holders) {
      if (held[holder].empty()) continue;
      out_ += paint_(kDim, fmt::format("-- {} ({})", title, held[holder].size())) + "\n";
      for (const Group& g : by_resource(held[holder])) group(g);
    }
    end_section();
  }

  // "== External access: ..." and one line per way in (within the limit on a terminal).
  void external_section(const std::vector<ExternalAccess>& ways) {
    const auto open = std::count_if(ways.begin(), ways.end(), [](const ExternalAccess& e) { return e.is_public; });
    out_ += paint_(kBold, fmt::format("== External access: {} from outside the account ({} public)",
                                      plural(ways.size(), "way in", "ways in"), open)) + "\n";
    const std::size_t shown = limit_ == 0 ? ways.size() : std::min(ways.size(), limit_);
    for (std::size_t i = 0; i < shown; ++i) {
      const ExternalAccess& e = ways[i];
      out_ += fmt::format("  {} ({}{}): {} may {} {}\n", printable(e.resource), e.kind,
                          e.is_public ? paint_(severity_color(Severity::critical), ", public") : std::string(),
                          printable(fmt::format("{}", fmt::join(e.principals, ", "))),
                          printable(fmt::format("{}", fmt::join(e.actions, ", "))),
                          e.conditions.empty() ? std::string("under no condition")
                                               : "when " + printable(fmt::format("{}", fmt::join(e.conditions, " and "))));
    }
    if (shown < ways.size()) out_ += fmt::format("  {} more: use --verbose or --format json\n", ways.size() - shown);
    out_ += "\n";
  }

  // Full findings end with a blank line of their own; one-line ones need one after the section,
  // and the section's findings left out over the limit are counted by id there.
  void end_section() {
    if (limit_ == 0) return;
    if (!unlisted_.empty()) {
      out_ += fmt::format("  {} more: {}\n", unlisted_.size(), top_ids(unlisted_));
      hidden_ += unlisted_.size();
      unlisted_.clear();
    }
    out_ += "\n";
  }

  void severity_section(Severity severity, const std::vector<const Finding*>& list) {
    out_ += paint_(severity_color(severity), fmt::format("== {} ({})", to_string(severity), list.size())) + "\n";
    for (const Group& g : by_resource(list)) group(g);
    end_section();
  }

  // "RESOURCE (N)" and its findings: in full, or one line each within the limit.
  void group(const Group& g) {
    if (limit_ > 0 && listed_ >= limit_) {
      unlisted_.insert(unlisted_.end(), g.second.begin(), g.second.end());
      return;
    }
    std::string title = printable(g.first.empty() ? "(no resource)" : g.first);
    out_ += paint_(kBold, fmt::format("{} ({})", title, g.second.size())) + "\n";
    for (const Finding* f : g.second) {
      if (limit_ == 0) {
        write_finding(out_, paint_, *f);
        out_ += '\n';
      } else if (listed_ < limit_) {
        out_ += fmt::format("  {}  {}  {}\n", paint_(severity_color(f->severity), to_string(f->severity)),
                            paint_(kBold, printable(f->id)), printable(f->message));
        ++listed_;
      } else {
        unlisted_.push_back(f);
      }
    }
  }

  // "5 delegated-admin-no-boundary, 3 passrole-unconstrained, ...": the most frequent ids first.
  static std::string top_ids(const std::vector<const Finding*>& list) {
    std::map<std::string, std::size_t> count;
    for (const Finding* f : list) ++count[f->id];
    std::vector<std::pair<std::string, std::size_t>> ids(count.begin(), count.end());
    std::stable_sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> parts;
    for (const auto& [id, n] : ids) parts.push_back(fmt::format("{} {}", n, printable(id)));
    return fmt::format("{}", fmt::join(parts, ", "));
  }

  const ReportInput& input_;
  const Painter paint_;
  const std::size_t limit_;
  std::size_t listed_ = 0;
  std::size_t hidden_ = 0;
  std::vector<const Finding*> unlisted_;  // of the current section, over the limit
  std::string out_;
};

}  // namespace

std::string write_audit_text(const ReportInput& input, bool color) { return AuditText(input, color).write(); }

}  // namespace iw::report::detail
