// allow-not-principal, public-principal, missing-confused-deputy-condition,
// trust-cross-account-no-external-id, trust-oidc-unrestricted.
#include <fmt/format.h>

#include <array>

#include "core/strings.h"
#include "lint/rules.h"
#include "policy/arn.h"
#include "policy/condition_op.h"

namespace iw::lint {

namespace {

using policy::Condition;
using policy::PrincipalEntry;
using policy::PrincipalType;
using policy::Statement;

// Keys that, tested positively, limit who the caller can be.
constexpr std::array<std::string_view, 16> kCallerLimitingKeys{
    "aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner", "aws:SourceOrgID",
    "aws:SourceOrgPaths", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount",
    "aws:PrincipalArn", "aws:SourceVpce", "aws:SourceVpc", "aws:SourceIp", "aws:userid",
    "aws:username", "kms:CallerAccount", "aws:PrincipalServiceName"};

constexpr std::array<std::string_view, 5> kSourceKeys{
    "aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceOwner"};

// Services that assume roles without setting aws:SourceArn / aws:SourceAccount.
constexpr std::array<std::string_view, 6> kNoSourceKeyServices{
    "ec2.amazonaws.com", "lambda.amazonaws.com", "edgelambda.amazonaws.com", "eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com", "spotfleet.amazonaws.com"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view key) {
  for (std::string_view k : list) {
    if (iequals(k, key)) return true;
  }
  return false;
}

// A condition that must hold for the statement to apply (positive operator, no IfExists,
// no ForAllValues, which pass on an absent key).
bool limiting(const Condition& c) {
  const auto op = policy::parse_operator(c.op);
  return op && !op->if_exists && op->set != policy::SetQualifier::for_all_values &&
         op->base != policy::OpBase::null && !policy::is_negated(op->base) && !c.values.empty();
}

template <std::size_t N>
const Condition* limiting_condition(const Statement& st, const std::array<std::string_view, N>& keys) {
  for (const Condition& c : st.conditions) {
    if (limiting(c) && in(keys, c.key)) return &c;
  }
  return nullptr;
}

bool is_public(const PrincipalEntry& p) {
  return p.type == PrincipalType::star || (p.type == PrincipalType::aws && p.value == "*");
}

// The account an AWS principal entry belongs to ("" when it names none).
std::string_view principal_account(const PrincipalEntry& p) {
  if (p.value.size() == 12 && p.value.find_first_not_of("0123456789") == std::string::npos) return p.value;
  if (auto arn = policy::parse_arn(p.value)) return arn->account;
  return {};
}

bool is_oidc(std::string_view provider) {
  return provider.find(":oidc-provider/") != std::string_view::npos ||
         provider == "cognito-identity.amazonaws.com" || provider == "accounts.google.com" ||
         provider == "www.amazon.com" || provider == "graph.facebook.com";
}

// The issuer host of a web-identity provider: "token.actions.githubusercontent.com".
std::string_view issuer(std::string_view provider) {
  const std::size_t at = provider.find(":oidc-provider/");
  return at == std::string_view::npos ? provider : provider.substr(at + 15);
}

// A `sub` value that admits every subject of the provider ("*", "repo:*", "system:*", and for
// EKS "system:serviceaccount:*", any namespace).
bool wildcard_subject(std::string_view v) {
  if (v == "*") return true;
  constexpr std::string_view kServiceAccount = "system:serviceaccount:";
  if (v.substr(0, kServiceAccount.size()) == kServiceAccount) {
    const std::string_view rest = v.substr(kServiceAccount.size());
    return !rest.empty() && (rest[0] == '*' || rest[0] == '?');
  }
  const std::size_t star = v.find('*');
  if (star == std::string_view::npos) return false;
  const std::string_view head = v.substr(0, star);
  return head.find(':') == head.size() - 1 || head.find(':') == std::string_view::npos;
}

class PrincipalRules {
 public:
  explicit PrincipalRules(Context& ctx) : ctx_(ctx) {}

  void run() {
    for (const Statement& st : ctx_.doc().statements) {
      if (!is_allow(st) || st.principal == policy::Polarity::absent) continue;
      if (st.principal == policy::Polarity::negated) {
        ctx_.emit("allow-not-principal",
                  "Allow with NotPrincipal grants every principal not listed, anonymous callers included",
                  st.principal_offset, &st);
        continue;
      }
      for (const PrincipalEntry& p : st.principals) check_entry(st, p);
    }
  }

 private:
  void check_entry(const Statement& st, const PrincipalEntry& p) {
    if (is_public(p)) {
      check_public(st, p);
    } else if (p.type == PrincipalType::service) {
      check_service(st, p);
    } else if (p.type == PrincipalType::aws && ctx_.kind() == policy::Kind::trust) {
      check_cross_account(st, p);
    } else if (p.type == PrincipalType::federated && ctx_.kind() == policy::Kind::trust && is_oidc(p.value)) {
      check_oidc(st, p);
    }
  }

  void check_public(const Statement& st, const PrincipalEntry& p) {
    if (limiting_condition(st, kCallerLimitingKeys) != nullptr) return;
    ctx_.emit("public-principal",
              fmt::format("Principal {} with no condition on the caller's account, organization, "
                          "source or network: anyone{} can use this",
                          p.type == PrincipalType::star ? "\"*\"" : "{\"AWS\": \"*\"}",
                          ctx_.kind() == policy::Kind::trust ? " with AWS credentials" : ", anonymous callers included,"),
              p.offset, &st);
  }

  void check_service(const Statement& st, const PrincipalEntry& p) {
    if (!iends_with(p.value, ".amazonaws.com") || in(kNoSourceKeyServices, p.value)) return;
    if (limiting_condition(st, kSourceKeys) != nullptr) return;
    ctx_.emit("missing-confused-deputy-condition",
              fmt::format("service principal {} is granted access without an aws:SourceArn or "
                          "aws:SourceAccount condition: the service could act for another customer",
                          p.value),
              p.offset, &st);
  }

  void check_cross_account(const Statement& st, const PrincipalEntry& p) {
    const std::string_view account = principal_account(p);
    if (account.empty() || account == ctx_.target().account) return;
    for (const Condition& c : st.conditions) {
      if (limiting(c) && iequals(c.key, "sts:ExternalId")) return;
    }
    const bool assume = ctx_.covers_action(st, "sts:AssumeRole");
    if (!assume) return;
    ctx_.emit("trust-cross-account-no-external-id",
              ctx_.target().account.empty()
                  ? fmt::format("{} (account {}) may assume this role without an sts:ExternalId "
                                "condition (owner account unknown: pass --account to skip your own)",
                                p.value, account)
                  : fmt::format("{} of account {} may assume this role without an sts:ExternalId condition",
                                p.value, account),
              p.offset, &st);
  }

  void check_oidc(const Statement& st, const PrincipalEntry& p) {
    const std::string_view iss = issuer(p.value);
    const std::string sub_key = std::string(iss) + ":sub";
    bool restricted = false;
    bool wildcard_only = false;
    for (const Condition& c : st.conditions) {
      // Amazon Cognito names the identity pool in :aud, the documented restriction for it.
      const bool cognito_pool = iss == "cognito-identity.amazonaws.com" &&
                                iequals(c.key, "cognito-identity.amazonaws.com:aud");
      if (!limiting(c) || !(iequals(c.key, sub_key) || cognito_pool)) continue;
      bool all_wild = true;
      for (const auto& v : c.values) all_wild = all_wild && wildcard_subject(v.text);
      if (all_wild) {
        wildcard_only = true;
      } else {
        restricted = true;
      }
    }
    if (restricted) return;
    const bool github = iss == "token.actions.githubusercontent.com";
    ctx_.emit("trust-oidc-unrestricted",
              fmt::format("{} identities can assume this role {}{}", iss,
                          wildcard_only ? "with any subject (the " + sub_key + " condition is only a wildcard)"
                                        : "without a condition on " + sub_key,
                          github ? ": any GitHub repository's workflow can" : ""),
              p.offset, &st, github ? Severity::critical : Severity::high);
  }

  Context& ctx_;
};

}  // namespace

void check_principal_rules(Context& ctx) { PrincipalRules(ctx).run(); }

}  // namespace iw::lint
