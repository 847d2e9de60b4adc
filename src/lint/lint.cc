#include "lint/lint.h"

#include <algorithm>

#include "core/rules.h"
#include "lint/context.h"
#include "lint/rules.h"
#include "policy/glob.h"

namespace iw::lint {

Context::Context(const policy::Document& doc, policy::Kind kind, const Target& target,
                 std::vector<Finding>& out)
    : doc_(doc), kind_(kind), target_(target), out_(out) {}

bool Context::covers_action(const policy::Statement& st, std::string_view action) const {
  if (st.action == policy::Polarity::absent) return false;
  // One-shot matching: most patterns fail on their first characters (another service).
  const bool any = std::any_of(st.actions.begin(), st.actions.end(),
                               [&](const policy::Located& a) { return glob_match(a.text, action, true); });
  return st.action == policy::Polarity::positive ? any : !any;
}

bool all_resources(const policy::Statement& st) {
  if (st.resource == policy::Polarity::negated) return true;
  for (const policy::Located& r : st.resources) {
    if (r.text == "*" || r.text == "*:*" || r.text == "arn:*" || r.text == "arn:aws:*" ||
        r.text == "arn:*:*") {
      return true;
    }
  }
  return false;
}

void Context::emit(std::string_view id, std::string message, std::uint32_t offset,
                   const policy::Statement* st, std::optional<Severity> severity) {
  Finding f = make_finding(id, std::move(message));
  if (severity) f.severity = *severity;
  f.resource = target_.resource;
  f.account = target_.account;
  const SourceText& src = *target_.source;
  const LineColumn at = src.position(offset);
  Location loc;
  loc.file = src.name();
  loc.line = at.line;
  loc.column = at.column;
  if (st == nullptr) st = statement_at(doc_, offset);
  if (st != nullptr) {
    loc.statement = static_cast<int>(st->index);
    if (st->sid) loc.sid = st->sid->text;
  }
  f.location = std::move(loc);
  f.snippet = std::string(src.snippet(at.line));
  out_.push_back(std::move(f));
}

const policy::Statement* statement_at(const policy::Document& doc, std::uint32_t offset) {
  const policy::Statement* best = nullptr;
  for (const policy::Statement& st : doc.statements) {
    if (st.offset <= offset && (best == nullptr || st.offset > best->offset)) best = &st;
  }
  return best;
}

void lint_document(const policy::Document& doc, policy::Kind kind,
                   const std::vector<policy::Issue>& grammar, const Target& target,
                   std::vector<Finding>& out) {
  Context ctx(doc, kind, target, out);
  for (const policy::Issue& issue : grammar) ctx.emit("policy-grammar", issue.message, issue.offset);
  std::vector<policy::Issue> kind_issues;
  policy::check_kind_grammar(doc, kind, kind_issues);
  for (const policy::Issue& issue : kind_issues) ctx.emit("policy-grammar", issue.message, issue.offset);
  check_document_rules(ctx);
  check_action_rules(ctx);
  check_condition_rules(ctx);
  check_arn_rules(ctx);
  check_permission_rules(ctx);
  check_principal_rules(ctx);
}

void lint_unreadable(const std::vector<policy::Issue>& grammar, const Target& target, std::vector<Finding>& out) {
  const policy::Document empty;
  Context ctx(empty, policy::Kind::identity, target, out);
  for (const policy::Issue& issue : grammar) ctx.emit("policy-grammar", issue.message, issue.offset);
}

Result lint_text(const SourceText& source, const Options& options, std::vector<Finding>& out) {
  Result result;
  policy::ParseResult parsed = policy::parse_policy(source.text());
  // Offsets refer to the parsed text, which differs from the file when it was URL-encoded.
  const SourceText decoded(source.name(), parsed.url_encoded ? parsed.text : std::string());
  Target target{parsed.url_encoded ? &decoded : &source, source.name(), options.account,
                parsed.url_encoded ? decoded.text() : source.text()};
  if (parsed.json_error) {
    std::vector<Finding> one;
    policy::Document empty;
    Context ctx(empty, policy::Kind::identity, target, out);
    ctx.emit("json-syntax", parsed.json_error->message, parsed.json_error->offset);
    result.kind = options.kind.value_or(policy::Kind::identity);
    result.kind_inferred = !options.kind;
    return result;
  }
  result.parsed = true;
  result.not_a_policy = parsed.not_a_policy;
  result.kind_inferred = !options.kind;
  result.kind = options.kind ? *options.kind : policy::infer_kind(*parsed.document);
  lint_document(*parsed.document, result.kind, parsed.grammar, target, out);
  return result;
}

}  // namespace iw::lint
