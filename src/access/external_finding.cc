#include "access/external_finding.h"

#include <fmt/format.h>

#include "core/json_writer.h"
#include "core/rules.h"
#include "core/strings.h"

namespace iw::access {

namespace {

std::string conditions_json(const ExternalGrant& g) {
  JsonWriter w;
  w.begin_object();
  for (const auto& [op, keys] : g.conditions) {
    w.key(op).begin_object();
    for (const auto& [key, values] : keys) w.key(key).value(values);
    w.end_object();
  }
  w.end_object();
  return std::move(w).take();
}

}  // namespace

std::vector<std::string> condition_texts(const ExternalGrant& g) {
  std::vector<std::string> parts;
  for (const auto& [op, keys] : g.conditions) {
    for (const auto& [key, values] : keys) parts.push_back(fmt::format("{} {} {}", op, key, join(values, "|")));
  }
  return parts;
}

Finding external_finding(const ExternalSubject& s, const ExternalGrant& g, const Zone& zone) {
  const std::string who = g.is_public ? "Anyone (anonymous or any AWS account)"
                                      : fmt::format("Principals outside {} ({})",
                                                    zone.org.empty() ? "account " + s.owner : "organization " + zone.org,
                                                    join(g.principals, ", "));
  std::string msg = fmt::format("{} can {} on {}", who, join(g.actions, ", "), s.arn.empty() ? "the resource" : s.arn);
  const std::string cond = join(condition_texts(g), "; ");
  msg += cond.empty() ? " under no condition" : " when " + cond;
  msg += fmt::format(" (e.g. {} calling {})", g.example.principal, g.example.action);
  Finding f = make_finding(g.is_public ? "public-access" : "external-access", msg);
  f.account = s.owner;
  f.resource = s.resource;
  if (s.source != nullptr && !g.statements.empty() && g.statements.front() < s.doc->statements.size()) {
    const policy::Statement& st = s.doc->statements[g.statements.front()];
    Location loc;
    loc.file = s.source->name();
    const LineColumn lc = s.source->position(st.offset);
    loc.line = lc.line;
    loc.column = lc.column;
    loc.statement = static_cast<int>(st.index);
    if (st.sid) loc.sid = st.sid->text;
    f.location = loc;
    f.snippet = std::string(s.source->snippet(lc.line));
  }
  JsonWriter w;
  w.begin_object().member("principals", g.principals).member("actions", g.actions).key("conditions");
  w.raw(conditions_json(g)).member("public", g.is_public).end_object();
  f.json.emplace_back("access", std::move(w).take());
  return f;
}

}  // namespace iw::access
