#include "policy/policy.h"

#include <gtest/gtest.h>

#include "core/source.h"
#include "policy/condition_op.h"
#include "policy/variables.h"

namespace iw::policy {
namespace {

bool has_issue(const std::vector<Issue>& issues, std::string_view needle) {
  for (const Issue& i : issues) {
    if (i.message.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(Policy, ReadsEveryElementWithPositions) {
  const std::string text = R"({
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "S1",
    "Effect": "Allow",
    "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"], "Service": "ec2.amazonaws.com"},
    "Action": ["s3:GetObject", "s3:List*"],
    "Resource": "arn:aws:s3:::b/*",
    "Condition": {"StringEquals": {"aws:SourceAccount": ["111122223333", 12]}, "Bool": {"aws:SecureTransport": true}}
  }]
})";
  ParseResult r = parse_policy(text);
  ASSERT_FALSE(r.json_error);
  ASSERT_TRUE(r.document);
  EXPECT_TRUE(r.grammar.empty()) << r.grammar[0].message;
  const Document& d = *r.document;
  EXPECT_TRUE(d.variables_enabled());
  ASSERT_EQ(d.statements.size(), 1u);
  const Statement& st = d.statements[0];
  EXPECT_EQ(st.sid->text, "S1");
  EXPECT_EQ(st.effect, Effect::allow);
  EXPECT_EQ(st.actions.size(), 2u);
  EXPECT_EQ(st.principals.size(), 3u);
  EXPECT_EQ(st.principals[2].type, PrincipalType::service);
  ASSERT_EQ(st.conditions.size(), 2u);
  EXPECT_EQ(st.conditions[0].values[1].text, "12");
  EXPECT_EQ(st.conditions[1].values[0].text, "true");
  SourceText src("p", r.text);
  EXPECT_EQ(src.position(st.actions[1].offset).line, 7);
  EXPECT_EQ(src.position(st.actions[1].offset).column, 32);
  EXPECT_EQ(infer_kind(d), Kind::resource);
}

TEST(Policy, ReportsStructuralProblemsAndKeepsGoing) {
  ParseResult r = parse_policy(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"allow","Actions":"s3:*","Resource":"*"},
    {"Effect":"Allow","Action":"s3:GetObject","NotAction":"x:y","Resource":"*"},
    {"Effect":"Deny","Action":"iam","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}},
    "oops", {"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]})");
  ASSERT_TRUE(r.document);
  EXPECT_TRUE(has_issue(r.grammar, "Effect must be \"Allow\" or \"Deny\""));
  EXPECT_TRUE(has_issue(r.grammar, "unknown statement element \"Actions\" (did you mean \"Action\"?)"));
  EXPECT_TRUE(has_issue(r.grammar, "Action or NotAction, not both"));
  EXPECT_TRUE(has_issue(r.grammar, "must have the form service:ActionName"));
  EXPECT_TRUE(has_issue(r.grammar, "unknown condition operator \"StringEqualz\""));
  EXPECT_TRUE(has_issue(r.grammar, "each Statement entry must be an object"));
  EXPECT_TRUE(has_issue(r.grammar, "duplicate key \"Effect\""));
  EXPECT_EQ(r.document->statements.size(), 4u);
}

TEST(Policy, JsonErrorsAreLocated) {
  ParseResult r = parse_policy("{\n \"Version\": \"2012-10-17\",\n \"Statement\": [\n}");
  ASSERT_TRUE(r.json_error);
  EXPECT_FALSE(r.document);
  SourceText src("p", r.text);
  EXPECT_GE(src.position(r.json_error->offset).line, 3);
}

TEST(Policy, AcceptsUrlEncodedDocuments) {
  ParseResult r = parse_policy(
      "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
      "%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%7D%5D%7D");
  ASSERT_TRUE(r.document) << (r.json_error ? r.json_error->message : "");
  EXPECT_TRUE(r.url_encoded);
  EXPECT_EQ(infer_kind(*r.document), Kind::trust);
  std::vector<Issue> issues;
  check_kind_grammar(*r.document, Kind::trust, issues);
  EXPECT_TRUE(issues.empty());
}

TEST(Policy, TellsFilesThatAreNoPolicyFromPolicies) {
  const auto why = [](std::string_view text) { return parse_policy(text).not_a_policy; };
  EXPECT_EQ(why(R"({"name": "app", "version": "1.0.0"})"), "a JSON object without a Statement");
  EXPECT_EQ(why(R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})"),
            "a CloudFormation template (it has AWSTemplateFormatVersion)");
  EXPECT_EQ(why(R"({"Resources": {"R": {"Type": "AWS::IAM::Role"}}})"), "a CloudFormation template (it has Resources)");
  EXPECT_EQ(why(R"([{"Statement": []}])"), "a JSON array, not an object");
  EXPECT_EQ(why(R"("text")"), "a JSON string, not an object");
  // Policies, even broken ones, are policies.
  EXPECT_EQ(why(R"({"Statement": []})"), "");
  EXPECT_EQ(why(R"({"Version": "2012-10-17"})"), "");
  EXPECT_EQ(why(R"({"Version": "2008-10-17", "Statment": []})"), "");
  EXPECT_EQ(why("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"), "");
  EXPECT_EQ(why(R"({"Version": "2010-09-09"})"), "a JSON object without a Statement");
}

TEST(Policy, KindRules) {
  ParseResult r = parse_policy(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},
    {"Effect":"Allow","NotPrincipal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})");
  ASSERT_TRUE(r.document);
  std::vector<Issue> identity, trust, rcp;
  check_kind_grammar(*r.document, Kind::identity, identity);
  EXPECT_TRUE(has_issue(identity, "Principal is not allowed in identity policies"));
  EXPECT_TRUE(has_issue(identity, "no Resource or NotResource"));
  check_kind_grammar(*r.document, Kind::trust, trust);
  EXPECT_TRUE(has_issue(trust, "cannot have Resource"));
  EXPECT_TRUE(has_issue(trust, "cannot use NotPrincipal"));
  EXPECT_TRUE(has_issue(trust, "cannot use \"Principal\": \"*\""));
  EXPECT_TRUE(has_issue(trust, "has no effect in a role trust policy"));
  check_kind_grammar(*r.document, Kind::rcp, rcp);
  EXPECT_TRUE(has_issue(rcp, "RCPFullAWSAccess"));
}

TEST(ConditionOperator, ParsesQualifiersAndSuffixes) {
  auto op = parse_operator("forallvalues:stringlikeifexists");
  ASSERT_TRUE(op);
  EXPECT_EQ(op->base, OpBase::string_like);
  EXPECT_EQ(op->set, SetQualifier::for_all_values);
  EXPECT_TRUE(op->if_exists);
  EXPECT_FALSE(parse_operator("NullIfExists"));
  EXPECT_TRUE(parse_operator_lenient("NullIfExists"));
  EXPECT_FALSE(parse_operator("StringEqual"));
  EXPECT_TRUE(is_negated(OpBase::not_ip_address));
  EXPECT_EQ(family(OpBase::date_less_than), OpFamily::date);
}

TEST(Variables, SplitsReferencesDefaultsAndEscapes) {
  auto parts = split_variables("a/${aws:username}/${aws:PrincipalTag/team, 'none'}${*}x${open");
  ASSERT_EQ(parts.size(), 6u);
  EXPECT_EQ(parts[0].text, "a/");
  EXPECT_EQ(parts[1].key, "aws:username");
  EXPECT_EQ(parts[3].key, "aws:PrincipalTag/team");
  EXPECT_EQ(parts[3].default_value, "none");
  EXPECT_EQ(parts[4].type, TextPart::Type::escape);
  EXPECT_EQ(parts[5].text, "x${open");
  EXPECT_EQ(malformed_variable("x${a, b}"), "${a, b}");
  EXPECT_EQ(malformed_variable("x${aws:username}"), "");
  EXPECT_FALSE(has_variables("plain"));
}

}  // namespace
}  // namespace iw::policy
