// unknown-service, unknown-action, redundant-action, resource-mismatch.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "core/strings.h"
#include "lint/catalog_cache.h"
#include "lint/rules.h"

namespace iw::lint {

namespace {

using catalog::Action;
using catalog::Catalog;

struct Entry {
  const policy::Located* located;
  std::shared_ptr<const Expansion> expansion;  // null for "*"
  bool everything = false;                 // "*": every action
};

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// Typos in a Deny or a NotAction widen access: raise their severity.
Severity typo_severity(const policy::Statement& st) {
  return (is_deny(st) || st.action == policy::Polarity::negated) ? Severity::medium : Severity::low;
}

std::string did_you_mean(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : fmt::format(" (did you mean \"{}\"?)", suggestion);
}

// Expands each entry; reports the ones that name nothing. Returns the expansions.
std::vector<Entry> expand_entries(Context& ctx, const policy::Statement& st) {
  const Catalog& cat = Catalog::get();
  std::vector<Entry> entries;
  for (const policy::Located& a : st.actions) {
    Entry e{&a, {}, a.text == "*"};
    if (!e.everything) {
      const std::size_t colon = a.text.find(':');
      if (colon == std::string::npos) continue;  // policy-grammar already reported it
      const std::string_view service = std::string_view(a.text).substr(0, colon);
      if (!has_wildcard(service) && cat.service(service) == nullptr) {
        ctx.emit("unknown-service",
                 fmt::format("no AWS service has the prefix \"{}\"{}", service,
                             did_you_mean(cat.suggest_service(service))),
                 a.offset, &st, typo_severity(st));
        continue;
      }
      e.expansion = cached_expand(a.text);
      if (e.expansion->actions.empty()) {
        const std::string hint = has_wildcard(a.text) ? "" : did_you_mean(cat.suggest_action(a.text));
        ctx.emit("unknown-action",
                 fmt::format("\"{}\" matches no {} action{}", a.text, service, hint), a.offset, &st,
                 typo_severity(st));
        continue;
      }
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

bool subset(const Actions& a, const Actions& b) {
  // Both sorted in catalog order, which is the order of the actions() array.
  return a.size() <= b.size() && std::includes(b.begin(), b.end(), a.begin(), a.end());
}

void check_redundant(Context& ctx, const policy::Statement& st, const std::vector<Entry>& entries) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    for (std::size_t j = 0; j < entries.size(); ++j) {
      if (i == j) continue;
      const Entry& a = entries[i];
      const Entry& b = entries[j];
      const bool covered = b.everything || (!a.everything && subset(a.expansion->actions, b.expansion->actions));
      const bool same = a.everything == b.everything && (a.everything || a.expansion->actions == b.expansion->actions);
      // Of two equivalent entries, report the later one only.
      if (covered && (!same || j < i)) {
        ctx.emit("redundant-action",
                 fmt::format("\"{}\" is already covered by \"{}\"", a.located->text, b.located->text),
                 a.located->offset, &st);
        break;
      }
    }
  }
}

// Resource patterns that can name anything (nothing to check against).
bool matches_anything(std::string_view r) { return r == "*" || r == "*:*" || r == "arn:*"; }

void check_resource_fit(Context& ctx, const policy::Statement& st, const std::vector<Entry>& entries) {
  if (!is_allow(st) || st.action != policy::Polarity::positive ||
      st.resource != policy::Polarity::positive || st.resources.empty()) {
    return;
  }
  for (const policy::Located& r : st.resources) {
    if (matches_anything(r.text)) return;
  }
  std::vector<catalog::ResourcePattern> resources;  // read once for every entry
  for (const Entry& e : entries) {
    if (e.everything || e.expansion->actions.empty()) continue;
    if (resources.empty()) {
      for (const policy::Located& r : st.resources) resources.emplace_back(r.text);
    }
    // A wildcard entry is a mismatch only when none of its actions fits any resource.
    if (std::any_of(resources.begin(), resources.end(),
                    [&](const catalog::ResourcePattern& r) { return e.expansion->may_match(r); })) {
      continue;
    }
    const Action& first = *e.expansion->actions.front();
    std::string expected;
    if (catalog::takes_only_star(first)) {
      expected = "it supports only \"Resource\": \"*\"";
    } else {
      std::vector<std::string> formats;
      for (const auto& rt : first.resource_types) formats.push_back(std::string(rt.type->arn_format));
      expected = fmt::format("it applies to {}", fmt::join(formats, ", "));
    }
    ctx.emit("resource-mismatch",
             fmt::format("no Resource of this statement fits {}: {}",
                         e.expansion->actions.size() == 1 ? catalog::full_name(first) : e.located->text, expected),
             e.located->offset, &st);
  }
}

}  // namespace

void check_action_rules(Context& ctx) {
  for (const policy::Statement& st : ctx.doc().statements) {
    std::vector<Entry> entries = expand_entries(ctx, st);
    check_redundant(ctx, st, entries);
    check_resource_fit(ctx, st, entries);
  }
}

}  // namespace iw::lint
