// check_kind_grammar(): the grammar rules that depend on where a policy is used
// (aws-evaluation-semantics.md §2 and §7).
#include "core/strings.h"
#include "policy/policy.h"

namespace iw::policy {

namespace {

bool is_trust_action(std::string_view a) {
  return a == "*" || iequals(a, "sts:*") || istarts_with(a, "sts:AssumeRole") ||
         iequals(a, "sts:TagSession") || iequals(a, "sts:SetSourceIdentity") ||
         iequals(a, "sts:SetContext");
}

bool is_oidc_provider(std::string_view p) {
  return p.find(":oidc-provider/") != std::string_view::npos || p == "cognito-identity.amazonaws.com" ||
         p == "accounts.google.com" || p == "www.amazon.com" || p == "graph.facebook.com";
}

bool grants_action(const Statement& st, std::string_view prefix) {
  if (st.action == Polarity::negated) return true;
  for (const Located& a : st.actions) {
    if (a.text == "*" || iequals(a.text, "sts:*") || istarts_with(a.text, prefix)) return true;
  }
  return false;
}

class KindChecker {
 public:
  KindChecker(Kind kind, std::vector<Issue>& issues) : kind_(kind), issues_(issues) {}

  void check(const Document& doc) {
    if (kind_ == Kind::rcp && (!doc.version || doc.version->text != "2012-10-17")) {
      issue("resource control policies require \"Version\": \"2012-10-17\"",
            doc.version ? doc.version->offset : 0);
    }
    for (const Statement& st : doc.statements) check(st);
  }

 private:
  void issue(std::string message, std::uint32_t offset) { issues_.push_back({std::move(message), offset}); }
  std::string kind_name() const { return std::string(to_string(kind_)); }

  void check(const Statement& st) {
    const bool takes_principal = kind_ == Kind::resource || kind_ == Kind::trust || kind_ == Kind::rcp;
    if (!takes_principal && st.principal != Polarity::absent) {
      issue((st.principal == Polarity::positive ? "Principal" : "NotPrincipal") +
                std::string(" is not allowed in ") + kind_name() + " policies",
            st.principal_offset);
    }
    if (takes_principal && st.principal == Polarity::absent) {
      issue("the statement has no Principal (required in " + kind_name() + " policies)", st.offset);
    }
    if (kind_ != Kind::trust && st.resource == Polarity::absent) {
      issue("the statement has no Resource or NotResource (required in " + kind_name() + " policies)",
            st.offset);
    }
    if (kind_ == Kind::trust) check_trust(st);
    if (kind_ == Kind::rcp) check_rcp(st);
  }

  void check_trust(const Statement& st) {
    if (st.resource != Polarity::absent) {
      issue("a role trust policy cannot have Resource or NotResource (the role is the resource)",
            st.resource_offset);
    }
    if (st.principal == Polarity::negated) {
      issue("a role trust policy cannot use NotPrincipal", st.principal_offset);
    }
    for (const PrincipalEntry& p : st.principals) {
      if (p.type == PrincipalType::star) {
        issue("a role trust policy cannot use \"Principal\": \"*\" (use {\"AWS\": \"*\"} with conditions, "
              "or name the principals)",
              p.offset);
      }
      if (p.type == PrincipalType::federated && st.effect == Effect::allow) {
        if (p.value.find(":saml-provider/") != std::string::npos &&
            !grants_action(st, "sts:AssumeRoleWithSAML")) {
          issue("a SAML provider principal needs the action sts:AssumeRoleWithSAML", p.offset);
        } else if (is_oidc_provider(p.value) && !grants_action(st, "sts:AssumeRoleWithWebIdentity")) {
          issue("a web-identity (OIDC) provider principal needs the action sts:AssumeRoleWithWebIdentity",
                p.offset);
        }
      }
    }
    for (const Located& a : st.actions) {
      if (!is_trust_action(a.text)) {
        issue("action \"" + a.text + "\" has no effect in a role trust policy (only sts:AssumeRole*, "
              "sts:TagSession, sts:SetSourceIdentity and sts:SetContext apply)",
              a.offset);
      }
    }
  }

  void check_rcp(const Statement& st) {
    if (st.principal == Polarity::negated) issue("RCPs cannot use NotPrincipal", st.principal_offset);
    if (st.action == Polarity::negated) issue("RCPs cannot use NotAction", st.action_offset);
    if (st.effect_valid && st.effect == Effect::allow) {
      const bool full_access = st.action == Polarity::positive && st.actions.size() == 1 &&
                               st.actions[0].text == "*" && st.resource == Polarity::positive &&
                               st.resources.size() == 1 && st.resources[0].text == "*" &&
                               !st.has_condition;
      if (!full_access) {
        issue("RCPs allow only the RCPFullAWSAccess form (Allow \"*\" on \"*\" without conditions); "
              "write restrictions as Deny statements",
              st.effect_offset);
      }
    }
  }

  Kind kind_;
  std::vector<Issue>& issues_;
};

}  // namespace

void check_kind_grammar(const Document& doc, Kind kind, std::vector<Issue>& issues) {
  KindChecker(kind, issues).check(doc);
}

}  // namespace iw::policy
