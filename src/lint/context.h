// What every lint rule sees: the document, its kind, where it came from, and emit().
// Rules live in one file per family (grammar_rules.cc, action_rules.cc, ...) and are listed
// in rules.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/source.h"
#include "lint/lint.h"
#include "policy/policy.h"

namespace iw::lint {

class Context {
 public:
  Context(const policy::Document& doc, policy::Kind kind, const Target& target,
          std::vector<Finding>& out);

  const policy::Document& doc() const { return doc_; }
  policy::Kind kind() const { return kind_; }
  const Target& target() const { return target_; }

  // True when the statement's Action (or NotAction) element covers `action` ("svc:Name"),
  // ASCII case-insensitively. False for a statement without either element.
  bool covers_action(const policy::Statement& st, std::string_view action) const;

  // Emits finding `id` at byte `offset`, attributed to statement `st` (may be null).
  void emit(std::string_view id, std::string message, std::uint32_t offset,
            const policy::Statement* st = nullptr, std::optional<Severity> severity = std::nullopt);

 private:
  const policy::Document& doc_;
  policy::Kind kind_;
  const Target& target_;
  std::vector<Finding>& out_;
};

inline bool is_allow(const policy::Statement& st) {
  return st.effect_valid && st.effect == policy::Effect::allow;
}
inline bool is_deny(const policy::Statement& st) {
  return st.effect_valid && st.effect == policy::Effect::deny;
}
// Resource "*" (or a pattern as broad, "*:*", "arn:*"...) or any NotResource.
bool all_resources(const policy::Statement& st);
// all_resources() and no Condition: the statement applies to every resource, always.
inline bool unconstrained(const policy::Statement& st) {
  return all_resources(st) && !st.has_condition;
}

// The statement containing `offset`: rules that only have an offset use it to attribute.
const policy::Statement* statement_at(const policy::Document& doc, std::uint32_t offset);

}  // namespace iw::lint
