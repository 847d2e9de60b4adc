#include "trail/policy_gen.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/json_writer.h"
#include "core/source.h"
#include "eval/engine.h"
#include "lint/lint.h"
#include "policy/policy.h"

namespace iw::trail {

namespace {

bool is_principal(const Event& e, std::string_view principal) {
  return e.str("userIdentity.arn") == principal || principal_key(e) == principal;
}

// The longest common prefix of `arns`, cut back to a whole ARN component or path segment, plus
// "*"; "*" when that would not keep service, region and account.
std::string generalize(const std::set<std::string>& arns) {
  std::string prefix = *arns.begin();
  for (const std::string& a : arns) {
    std::size_t n = 0;
    while (n < prefix.size() && n < a.size() && prefix[n] == a[n]) ++n;
    prefix.resize(n);
  }
  std::size_t colons = 0;
  for (char c : prefix) colons += c == ':';
  if (colons < 5) return "*";
  return prefix + "*";
}

const std::set<std::string_view> kValidityIds = {
    "json-syntax", "policy-grammar", "missing-version", "variables-in-old-version", "duplicate-sid",
    "policy-too-large", "unknown-service", "unknown-action", "unknown-condition-key", "resource-mismatch",
    "invalid-arn", "condition-type-mismatch", "redundant-action"};

}  // namespace

void PolicyGenerator::add(const Event& e) {
  if (failed(e) || !is_principal(e, principal_)) return;
  ++events_;
  std::string unmapped;
  for (Call& c : calls_of(e, &unmapped, names_)) resources_[c.name].insert(std::move(c.resource));
  if (!unmapped.empty()) ++unmapped_[unmapped];
}

GeneratedPolicy PolicyGenerator::build() const {
  GeneratedPolicy out;
  out.unmapped = unmapped_;
  out.events = events_;
  // resources (as written in the policy) -> actions
  std::map<std::vector<std::string>, std::vector<std::string>> statements;
  const catalog::Catalog& cat = catalog::Catalog::get();
  for (const auto& [action, resources] : resources_) {
    for (const std::string& r : resources) out.calls.push_back({cat.action(action), action, r});
    std::vector<std::string> written;
    if (resources.contains("*")) written = {"*"};
    else if (resources.size() > kMaxResources) written = {generalize(resources)};
    else written.assign(resources.begin(), resources.end());
    statements[written].push_back(action);
  }
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().member("Version", "2012-10-17").key("Statement").begin_array();
  std::size_t n = 0;
  for (const auto& [resources, actions] : statements) {
    w.begin_object().member("Sid", fmt::format("Observed{}", ++n)).member("Effect", "Allow");
    if (actions.size() == 1) w.member("Action", actions.front());
    else w.member("Action", actions);
    if (resources.size() == 1) w.member("Resource", resources.front());
    else w.member("Resource", resources);
    w.end_object();
  }
  w.end_array().end_object();
  out.json = std::move(w).take() + "\n";
  return out;
}

Verification verify(const GeneratedPolicy& p, const std::string& principal) {
  Verification v;
  const SourceText source("generated-policy.json", p.json);
  std::vector<Finding> findings;
  lint::Options options;
  options.kind = policy::Kind::identity;
  lint::lint_text(source, options, findings);
  for (const Finding& f : findings) {
    const std::string line = fmt::format("{}: {}", f.id, f.message);
    (kValidityIds.contains(f.id) ? v.errors : v.notes).push_back(line);
  }
  policy::ParseResult parsed = policy::parse_policy(p.json);
  if (!parsed.document) {
    v.errors.push_back("the generated policy does not parse");
    return v;
  }
  eval::PolicySet set;
  set.identity.push_back(std::move(*parsed.document));
  eval::CompileError error;
  const std::optional<eval::Engine> engine = eval::Engine::compile(set, error);
  if (!engine) {
    v.errors.push_back("the generated policy does not compile");
    return v;
  }
  for (const Call& c : p.calls) {
    eval::RequestSpec spec;
    spec.principal = principal;
    spec.action = c.name;
    spec.resource = c.resource;
    const eval::Result<eval::Request> request = eval::make_request(spec);
    if (!request) {
      v.errors.push_back(fmt::format("{} on {}: cannot be simulated: {}", c.name, c.resource, request.error));
      continue;
    }
    const eval::Decision d = engine->evaluate(*request.value);
    if (d.outcome != eval::Outcome::allow) {
      v.errors.push_back(fmt::format("{} on {}: {} by the generated policy", c.name, c.resource, eval::to_string(d.outcome)));
    }
  }
  return v;
}

}  // namespace iw::trail
