// missing-version, variables-in-old-version, duplicate-sid, policy-too-large.
#include <fmt/format.h>

#include <map>

#include "lint/rules.h"
#include "policy/variables.h"

namespace iw::lint {

namespace {

using policy::Kind;

// Characters AWS counts against the quota: IAM ignores whitespace outside strings; SCPs and
// RCPs count every character (aws-evaluation-semantics.md §7).
std::size_t counted_size(std::string_view text, bool count_whitespace) {
  if (count_whitespace) return text.size();
  std::size_t n = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      ++n;
      if (c == '\\' && i + 1 < text.size()) {
        ++n;
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      ++n;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      ++n;
    }
  }
  return n;
}

struct Quota {
  std::size_t limit;
  bool all_characters;
  const char* what;
};

Quota quota_for(Kind kind) {
  switch (kind) {
    case Kind::identity: return {6144, false, "managed policy quota"};
    case Kind::boundary: return {6144, false, "managed policy quota (permissions boundary)"};
    case Kind::trust: return {2048, false, "default role trust policy quota (raisable to 4,096)"};
    case Kind::session: return {2048, false, "session policy quota"};
    case Kind::scp: return {5120, true, "SCP quota (every character counts)"};
    case Kind::rcp: return {5120, true, "RCP quota (every character counts)"};
    case Kind::resource: return {20480, false, "largest resource policy quota (S3 buckets)"};
  }
  return {6144, false, ""};
}

void check_version(Context& ctx) {
  const policy::Document& doc = ctx.doc();
  if (!doc.version) {
    ctx.emit("missing-version", "the policy has no Version element, so it is read as 2008-10-17",
             doc.statement_offset);
  }
  if (doc.variables_enabled()) return;
  const auto check = [&](const policy::Statement& st, const std::string& text, std::uint32_t offset) {
    if (policy::has_variables(text)) {
      ctx.emit("variables-in-old-version",
               fmt::format("\"{}\" holds a policy variable, but under Version {} it is literal text",
                           text, doc.version ? doc.version->text : "2008-10-17 (no Version)"),
               offset, &st);
    }
  };
  for (const policy::Statement& st : doc.statements) {
    for (const policy::Located& r : st.resources) check(st, r.text, r.offset);
    for (const policy::Condition& c : st.conditions) {
      for (const policy::ConditionValue& v : c.values) check(st, v.text, v.offset);
    }
  }
}

void check_sids(Context& ctx) {
  std::map<std::string, const policy::Statement*> seen;
  const bool rejected = ctx.kind() != Kind::identity && ctx.kind() != Kind::boundary &&
                        ctx.kind() != Kind::session;
  for (const policy::Statement& st : ctx.doc().statements) {
    if (!st.sid || st.sid->text.empty()) continue;
    auto [it, inserted] = seen.emplace(st.sid->text, &st);
    if (!inserted) {
      ctx.emit("duplicate-sid",
               fmt::format("Sid \"{}\" is also used by statement {}", st.sid->text, it->second->index),
               st.sid->offset, &st, rejected ? Severity::medium : Severity::low);
    }
  }
}

void check_size(Context& ctx) {
  const Quota q = quota_for(ctx.kind());
  if (ctx.target().policy_text.size() <= q.limit) return;  // counted size <= raw size
  const std::size_t size = counted_size(ctx.target().policy_text, q.all_characters);
  if (size > q.limit) {
    ctx.emit("policy-too-large",
             fmt::format("the policy counts {} characters, over the {} of {}", size, q.what, q.limit),
             ctx.doc().statement_offset);
  }
}

}  // namespace

void check_document_rules(Context& ctx) {
  check_version(ctx);
  check_sids(ctx);
  check_size(ctx);
}

}  // namespace iw::lint
