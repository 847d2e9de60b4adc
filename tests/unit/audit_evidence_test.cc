// What the audit hands the reports besides findings: the policy documents the findings point
// into (with their statements located and who holds them) and the chains of escalation paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "account/account.h"
#include "audit/audit.h"

namespace iw {
namespace {

const PolicyDocument* named(const audit::AuditResult& r, std::string_view name) {
  for (const PolicyDocument& d : r.documents) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool inside(const PolicyDocument& d, const Location& loc) {
  return loc.file == d.file && std::pair{d.begin.line, d.begin.column} <= std::pair{loc.line, loc.column} &&
         std::pair{loc.line, loc.column} <= std::pair{d.end.line, d.end.column};
}

bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

class AuditEvidence : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    account_ = new account::Account(
        account::load_snapshot((std::filesystem::path(IW_CASES_DIR) / "audit" / "all-ids").string()));
    audit::AuditOptions options;
    options.as_of = audit::resolve_as_of(*account_, 0, 0);
    result_ = new audit::AuditResult(audit::audit_account(*account_, options));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete account_;
  }
  static account::Account* account_;
  static audit::AuditResult* result_;
};
account::Account* AuditEvidence::account_ = nullptr;
audit::AuditResult* AuditEvidence::result_ = nullptr;

TEST_F(AuditEvidence, EveryDocumentHoldsAFindingAndEveryPolicyFindingHasItsDocument) {
  const audit::AuditResult& r = *result_;
  ASSERT_FALSE(r.documents.empty());
  for (const PolicyDocument& d : r.documents) {
    EXPECT_TRUE(std::any_of(r.findings.begin(), r.findings.end(),
                            [&](const Finding& f) { return f.location && inside(d, *f.location); }))
        << d.name;
  }
  for (const Finding& f : r.findings) {
    if (!f.location || f.location->statement < 0) continue;
    const auto n = std::count_if(r.documents.begin(), r.documents.end(),
                                 [&](const PolicyDocument& d) { return inside(d, *f.location); });
    EXPECT_EQ(n, 1) << f.id << " " << f.resource;
  }
}

TEST_F(AuditEvidence, StatementsAreLocatedInTheDocumentText) {
  for (const PolicyDocument& d : result_->documents) {
    ASSERT_FALSE(d.statements.empty()) << d.name;
    for (const auto& [b, e] : d.statements) {
      ASSERT_LT(b, e) << d.name;
      ASSERT_LE(e, d.text.size()) << d.name;
      EXPECT_EQ(d.text[b], '{') << d.name;
      EXPECT_EQ(d.text[e - 1], '}') << d.name;
    }
  }
  const PolicyDocument* deployer = named(*result_, "arn:aws:iam::111122223333:policy/deployer");
  ASSERT_NE(deployer, nullptr);
  ASSERT_EQ(deployer->statements.size(), 2u);
  const auto text = [&](std::size_t i) {
    const auto [b, e] = deployer->statements[i];
    return deployer->text.substr(b, e - b);
  };
  EXPECT_TRUE(text(0).starts_with("{\"Sid\": \"Deploy\"")) << text(0);
  EXPECT_TRUE(text(1).starts_with("{\"Sid\": \"PassRoles\"")) << text(1);
  EXPECT_EQ(text(0).find("iam:PassRole"), std::string::npos);
}

TEST_F(AuditEvidence, HoldersAreThePrincipalsThePolicyAppliesTo) {
  const PolicyDocument* deployer = named(*result_, "arn:aws:iam::111122223333:policy/deployer");
  ASSERT_NE(deployer, nullptr);
  EXPECT_TRUE(has(deployer->holders, "arn:aws:iam::111122223333:user/bob"));
  const PolicyDocument* inline_doc =
      named(*result_, "inline policy manage-roles of arn:aws:iam::111122223333:group/iam-operators");
  ASSERT_NE(inline_doc, nullptr);
  EXPECT_EQ(inline_doc->holders, std::vector<std::string>{"arn:aws:iam::111122223333:group/iam-operators"});
}

TEST_F(AuditEvidence, ADocumentWrittenAsAnEncodedStringIsShownDecoded) {
  const PolicyDocument* trust = named(*result_, "trust policy of arn:aws:iam::111122223333:role/open-role");
  ASSERT_NE(trust, nullptr);
  EXPECT_TRUE(trust->text.starts_with("{\"Version\"")) << trust->text;
  EXPECT_NE(trust->file.find('@'), std::string::npos) << trust->file;  // "<file>@line:column"
}

TEST_F(AuditEvidence, EachEscalationFindingHasItsChain) {
  const audit::AuditResult& r = *result_;
  std::size_t escalations = 0;
  for (const Finding& f : r.findings) {
    if (f.id != "privilege-escalation-principal") continue;
    ++escalations;
    const auto c = std::find_if(r.chains.begin(), r.chains.end(),
                                [&](const Chain& x) { return x.finding_id == f.id && x.resource == f.resource; });
    ASSERT_NE(c, r.chains.end()) << f.resource;
    EXPECT_EQ(c->nodes.front(), f.resource);
    EXPECT_EQ(c->nodes.size(), c->links.size() + 1);
    for (const ChainLink& l : c->links) EXPECT_NE(f.message.find(l.label), std::string::npos) << l.label;
  }
  EXPECT_EQ(escalations, r.chains.size());
  EXPECT_GE(escalations, 1u);
}

}  // namespace
}  // namespace iw
