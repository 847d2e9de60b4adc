#include "iac/analyze.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "access/external.h"
#include "access/external_finding.h"
#include "access/model.h"
#include "core/parallel.h"
#include "core/rules.h"
#include "core/source.h"
#include "core/strings.h"
#include "iac/paths.h"
#include "iac/related.h"
#include "iac/render.h"
#include "eval/request_file.h"
#include "lint/lint.h"
#include "policy/policy.h"

namespace iw::iac {

namespace {

// A linted finding and the placeholders it assumed.
struct Assumed {
  std::size_t finding;
  std::vector<std::string> placeholders;
  std::string arn;
  Declared owner;
};

std::string line_of(const std::map<std::string, std::string>* texts, const std::string& file, int line) {
  if (texts == nullptr || line < 1) return {};
  const auto it = texts->find(file);
  if (it == texts->end()) return {};
  const std::string& t = it->second;
  std::size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    pos = t.find('\n', pos);
    if (pos == std::string::npos) return {};
    ++pos;
  }
  std::size_t end = t.find('\n', pos);
  if (end == std::string::npos) end = t.size();
  if (end - pos > 1000) return {};
  std::string s = t.substr(pos, end - pos);
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}

IacOrigin iac_of(const Declared& d) { return IacOrigin{d.address, d.origin.file, d.origin.line}; }

// Moves a lint finding's location from the rendered JSON into the code.
void relocate(Finding& f, const Rendered& r, const Declared& owner, const AnalyzeOptions& options) {
  const Origin* at = f.location ? r.origin_of_line(f.location->line) : nullptr;
  if (at == nullptr || at->line == 0) at = &owner.origin;
  Location loc = f.location.value_or(Location{});
  loc.file = at->file;
  loc.line = at->line;
  loc.column = at->column;
  f.location = std::move(loc);
  f.snippet = line_of(options.texts, at->file, at->line);
  f.iac = iac_of(owner);
}

std::vector<std::string> placeholders_of(const Finding& f, const Rendered& r) {
  if (!f.location || f.location->statement < 0) return {};
  const auto i = static_cast<std::size_t>(f.location->statement);
  return i < r.statements.size() ? r.statements[i].placeholders : std::vector<std::string>{};
}

std::string policy_label(const ExtractedPolicy& p) {
  std::string what = std::string(policy::to_string(p.kind)) + " policy";
  if (!p.name.empty()) what += " " + p.name;
  return what + " of " + p.owner.address;
}

// Who outside the zone can use a resource or trust policy (as `access external` decides it).
void external_access(const ExtractedPolicy& p, const Rendered& r, const AnalyzeOptions& options,
                     std::vector<Finding>& found) {
  if (p.kind != policy::Kind::resource && p.kind != policy::Kind::trust) return;
  std::shared_ptr<const SourceText> source;
  auto doc = eval::load_policy(r.text, policy_label(p), policy::Kind::resource, source);
  if (!doc) return;  // lint reports what is wrong with it
  const access::Zone zone{options.env.account, options.org};
  if (access::names_only_zone_principals(*doc.value, zone)) return;  // e.g. a service's trust policy
  const access::ExternalResult result = access::external({&*doc.value, p.kind, p.arn}, zone);
  for (const access::ExternalGrant& g : result.grants) {
    found.push_back(access::external_finding({&*doc.value, p.arn, p.arn, options.env.account, source.get()}, g, zone));
  }
}

// One policy's lint and external-access findings, moved into the code, with what they assumed.
struct Linted {
  bool read = false;  // counted in Analysis::policies
  std::vector<Finding> findings;
  std::vector<std::vector<std::string>> assumed;  // per finding: the placeholders it assumed
  std::vector<std::string> placeholders;          // the policy's own, each reported once
  bool unknown = false;                           // the whole document is unknown before apply
};

Linted lint_policy(const ExtractedPolicy& p, const AnalyzeOptions& options) {
  Linted out;
  if (p.document.is_string() && p.document.has_placeholder() && trim(replace_placeholders(p.document.text, "")).empty()) {
    // A policy not known before apply: nothing to lint, but the placeholder is reported.
    out.unknown = true;
    out.placeholders = placeholders_in(p.document.text);
    return out;
  }
  if (options.external_only && p.kind != policy::Kind::resource && p.kind != policy::Kind::trust) return out;
  const Rendered r = render(p.document, p.owner.origin);
  const SourceText text(policy_label(p), r.text);
  policy::ParseResult parsed = policy::parse_policy(text.text());
  out.read = true;
  const lint::Target target{&text, p.arn, options.env.account, text.text()};
  if (!parsed.document) {
    // The renderer writes valid JSON; only limits (depth, size) can refuse it.
    std::vector<policy::Issue> issues{{parsed.json_error ? parsed.json_error->message : "unreadable", 0}};
    if (!options.external_only) lint::lint_unreadable(issues, target, out.findings);
  } else {
    if (!options.external_only) lint::lint_document(*parsed.document, p.kind, parsed.grammar, target, out.findings);
    external_access(p, r, options, out.findings);
  }
  for (Finding& f : out.findings) {
    std::vector<std::string> ph = placeholders_of(f, r);
    relocate(f, r, p.owner, options);
    if (!ph.empty()) {
      f.message += fmt::format(" (assuming {} matches anything: not resolved from the code)",
                               ph.size() == 1 ? ph.front() : fmt::format("{} values", ph.size()));
    }
    out.assumed.push_back(std::move(ph));
  }
  out.placeholders = r.placeholders;
  return out;
}

// Every policy on both cores (each is independent; lint's caches are per thread), merged in
// declaration order so that the output does not depend on the thread count.
void lint_policies(const Declarations& decl, const AnalyzeOptions& options, Analysis& out,
                   std::vector<Assumed>& assumed) {
  std::vector<Linted> linted(decl.policies.size());
  parallel_for(linted.size(), 0,
                       [&](std::size_t i) { linted[i] = lint_policy(decl.policies[i], options); });
  for (std::size_t i = 0; i < linted.size(); ++i) {
    const ExtractedPolicy& p = decl.policies[i];
    Linted& l = linted[i];
    if (l.unknown) {
      assumed.push_back(Assumed{SIZE_MAX, std::move(l.placeholders), p.arn, p.owner});
      continue;
    }
    if (l.read) ++out.policies;
    for (std::size_t k = 0; k < l.findings.size(); ++k) {
      if (!l.assumed[k].empty()) assumed.push_back(Assumed{out.findings.size(), std::move(l.assumed[k]), p.arn, p.owner});
      out.findings.push_back(std::move(l.findings[k]));
    }
    // Placeholders that no finding assumed are still reported once.
    for (std::string& name : l.placeholders) assumed.push_back(Assumed{SIZE_MAX, {std::move(name)}, p.arn, p.owner});
  }
}

void report_unresolved(const Declarations& decl, const std::vector<Assumed>& assumed, Analysis& out) {
  std::set<std::string> done;
  std::vector<Finding> add;
  for (const Assumed& a : assumed) {
    for (const std::string& name : a.placeholders) {
      if (!done.insert(name).second) continue;
      std::vector<std::string> users;
      for (const Assumed& b : assumed) {
        if (b.finding == SIZE_MAX || std::find(b.placeholders.begin(), b.placeholders.end(), name) == b.placeholders.end()) continue;
        const Finding& f = out.findings[b.finding];
        users.push_back(fmt::format("{} at {}:{}", f.id, f.location->file, f.location->line));
      }
      const auto it = decl.unresolved.find(name);
      const std::string why = it != decl.unresolved.end() ? it->second.what : "not resolved";
      std::string msg = fmt::format("{} could not be resolved: {}; it was analyzed as a placeholder", name, why);
      msg += users.empty() ? std::string("; no finding depends on it")
                           : fmt::format("; findings that assumed it: {}", fmt::join(users, ", "));
      Finding f = make_finding("iac-unresolved", std::move(msg));
      f.resource = a.arn;
      const Origin& at = it != decl.unresolved.end() && it->second.origin.line > 0 ? it->second.origin : a.owner.origin;
      f.location = Location{at.file, at.line, at.column, -1, ""};
      f.iac = iac_of(a.owner);
      add.push_back(std::move(f));
    }
  }
  for (Finding& f : add) out.findings.push_back(std::move(f));
}

bool covers(const Suppression& s, const Finding& f) {
  if (s.reason.empty() || s.id != f.id || !f.location) return false;
  return f.location->file == s.file && f.location->line >= s.first && f.location->line <= s.last;
}

// Findings on the owning resource (iac.line) are covered too: a CloudFormation resource's
// Metadata covers everything reported against it.
bool covers_owner(const Suppression& s, const Finding& f) {
  if (s.reason.empty() || s.id != f.id || !f.iac) return false;
  return f.iac->file == s.file && f.iac->line >= s.first && f.iac->line <= s.last;
}

void apply_suppressions(const Declarations& decl, const AnalyzeOptions& options, Analysis& out) {
  std::vector<Finding> kept;
  kept.reserve(out.findings.size());
  for (Finding& f : out.findings) {
    const bool gone = std::any_of(decl.suppressions.begin(), decl.suppressions.end(),
                                  [&](const Suppression& s) { return covers(s, f) || covers_owner(s, f); });
    if (gone) {
      ++out.suppressed;
    } else {
      kept.push_back(std::move(f));
    }
  }
  for (const Suppression& s : decl.suppressions) {
    if (!s.reason.empty()) continue;
    Finding f = make_finding("suppression-without-reason",
                             fmt::format("the suppression of {} gives no reason, so it suppresses nothing; write "
                                         "why after the id",
                                         s.id.empty() ? std::string("(no id)") : s.id));
    f.resource = s.origin.file;
    f.account = options.env.account;
    f.location = Location{s.origin.file, s.origin.line, s.origin.column, -1, ""};
    f.snippet = line_of(options.texts, s.origin.file, s.origin.line);
    kept.push_back(std::move(f));
  }
  out.findings = std::move(kept);
}

}  // namespace

Analysis analyze(const Declarations& decl, const AnalyzeOptions& options) {
  Analysis out;
  std::vector<Assumed> assumed;
  lint_policies(decl, options, out, assumed);
  if (options.external_only) assumed.clear();
  if (options.paths && !options.external_only) {
    for (Finding& f : declared_findings(decl, options.env, out.principals)) {
      if (f.iac) f.snippet = line_of(options.texts, f.iac->file, f.iac->line);
      out.findings.push_back(std::move(f));
    }
  }
  report_unresolved(decl, assumed, out);
  apply_suppressions(decl, options, out);
  for (Finding& f : out.findings) {
    f.related = related_ids(f.id);
    if (f.account.empty()) f.account = options.env.account;
  }
  return out;
}

}  // namespace iw::iac
