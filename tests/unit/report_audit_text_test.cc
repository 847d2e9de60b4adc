// The audit's text layout (report/text_audit.cc): header, counts, what to fix first grouped by
// principal and by policy, the rest by severity, and the one-screen summary of a terminal.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/rules.h"
#include "report/report.h"

namespace iw {
namespace {

Finding at(std::string_view id, std::string resource, std::string message) {
  Finding f = make_finding(id, std::move(message));
  f.resource = std::move(resource);
  return f;
}

const std::string kAlice = "arn:aws:iam::111122223333:user/alice";
const std::string kPolicy = "arn:aws:iam::111122223333:policy/ops";
const std::string kRoot = "arn:aws:iam::111122223333:root";

report::ReportInput audit_input() {
  report::ReportInput in;
  in.subject = {"snapshots/prod", {"111122223333"}, "2026-11-01T00:00:00Z"};
  in.findings.push_back(at("role-unused", "arn:aws:iam::111122223333:role/aaa", "unused for 400 days"));
  in.findings.push_back(at("access-key-not-rotated", kAlice, "key 1 is 200 days old"));
  in.findings.push_back(at("privilege-escalation-principal", kAlice, "can reach admin in 1 step"));
  in.findings.push_back(at("privilege-escalation", kPolicy, "iam-create-policy-version"));
  in.findings.push_back(at("root-mfa-disabled", kRoot, "the root user has no MFA"));
  in.findings.push_back(at("user-console-no-mfa", kAlice, "alice signs in without MFA"));
  return in;
}

std::size_t pos(const std::string& text, std::string_view what) {
  const std::size_t p = text.find(what);
  EXPECT_NE(p, std::string::npos) << "no \"" << what << "\" in:\n" << text;
  return p;
}

TEST(AuditText, HeaderAndCountsComeFirst) {
  const std::string text = report::write_text(audit_input(), false);
  EXPECT_EQ(text.rfind("audit of snapshots/prod: account 111122223333; as of 2026-11-01T00:00:00Z\n"
                       "6 findings: 1 critical, 3 high, 1 medium, 1 low, 0 info\n",
                       0),
            0u)
      << text;
}

TEST(AuditText, CriticalsAndEscalationPathsLeadGroupedByPrincipalAndPolicy) {
  const std::string text = report::write_text(audit_input(), false);
  const std::size_t first = pos(text, "== Fix first: 1 critical, 2 escalation paths\n");
  const std::size_t other = pos(text, "-- account and resources (1)\n" + kRoot + " (1)\n");
  const std::size_t by_principal = pos(text, "-- by principal (1)\n" + kAlice + " (1)\n");
  const std::size_t by_policy = pos(text, "-- by policy (1)\n" + kPolicy + " (1)\n");
  const std::size_t high = pos(text, "== high (1)\n");
  const std::size_t medium = pos(text, "== medium (1)\n");
  const std::size_t low = pos(text, "== low (1)\n");
  EXPECT_LT(first, other) << "the critical (root) leads";
  EXPECT_LT(other, by_principal);
  EXPECT_LT(by_principal, by_policy);
  EXPECT_LT(by_policy, high);
  EXPECT_LT(high, medium);
  EXPECT_LT(medium, low);
  // A finding is listed once: the escalation path is not repeated under high.
  EXPECT_EQ(text.find("privilege-escalation-principal", high), std::string::npos) << text;
  EXPECT_NE(text.find("fix: "), std::string::npos) << "the full layout keeps why/fix";
}

TEST(AuditText, SummaryListsAtMostTheLimitAndCountsTheRest) {
  report::ReportInput in = audit_input();
  in.text_limit = 2;
  const std::string text = report::write_text(in, false);
  EXPECT_EQ(text.find("fix: "), std::string::npos) << text;
  pos(text, "  critical  root-mfa-disabled  the root user has no MFA\n");
  pos(text, "-- by policy (1)\n  1 more: 1 privilege-escalation\n");
  pos(text, "== medium (1)\n  1 more: 1 access-key-not-rotated\n");
  pos(text, "4 findings not listed: use --verbose to list every finding\n");
  in.text_limit = 0;
  EXPECT_EQ(report::write_text(in, false).find("not listed"), std::string::npos);
}

TEST(AuditText, WithoutSubjectTheLayoutIsCompilerStyle) {
  report::ReportInput in = audit_input();
  in.subject = {};
  const std::string text = report::write_text(in, false);
  EXPECT_EQ(text.find("Fix first"), std::string::npos);
  EXPECT_EQ(text.rfind("== ", 0), 0u) << text;
}

}  // namespace
}  // namespace iw
