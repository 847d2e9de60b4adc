// The Cloudsplaining example account (a real get-account-authorization-details dump, saved by
// boto3 with space-separated dates), read from ../shared (skipped without it, failed under CI).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "account/account.h"
#include "required_data.h"

namespace iw::account {
namespace {

const std::string kReference = std::string(IW_SOURCE_DIR) + "/../shared/reference/cloudsplaining-example";

TEST(AccountReference, CloudsplainingExample) {
  IW_REQUIRE_PATH(kReference + "/authorization-details.json");
  const Account a = load_snapshot(kReference);
  EXPECT_EQ(a.users.size(), 44u);
  EXPECT_EQ(a.groups.size(), 5u);
  EXPECT_EQ(a.roles.size(), 78u);
  EXPECT_EQ(a.policies.size(), 84u);
  EXPECT_EQ(a.id, "200611803367");  // from the ARNs: there is no snapshot.json
  EXPECT_FALSE(a.credential_report);
  EXPECT_TRUE(a.skipped.empty());

  const User* user = a.user_by_name("fn1-privesc3-partial-user");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->create_date, parse_timestamp("2023-03-09T10:41:45Z"));
  EXPECT_EQ(user->attached_policy_arns.size(), 2u);

  const ManagedPolicy* p = a.policy_by_arn("arn:aws:iam::200611803367:policy/privesc8-AttachGroupPolicy");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->attachment_count, 2);
  const PolicyDoc* doc = p->default_document();
  ASSERT_NE(doc, nullptr);
  ASSERT_EQ(doc->document.statements.size(), 1u);
  EXPECT_EQ(doc->document.statements[0].actions.at(0).text, "iam:AttachGroupPolicy");

  const Group* sre = a.group_by_name("privesc-sre-group");
  ASSERT_NE(sre, nullptr);
  EXPECT_EQ(sre->attached_policy_arns,
            std::vector<std::string>{"arn:aws:iam::200611803367:policy/privesc-sre-admin-policy"});

  std::size_t service_linked = 0, documents = 0, with_grammar = 0;
  for (const Role& r : a.roles) {
    service_linked += r.service_linked() ? 1 : 0;
    ++documents;
    with_grammar += r.trust.grammar.empty() ? 0 : 1;
    EXPECT_FALSE(r.trust.document.statements.empty()) << r.name;
  }
  EXPECT_GT(service_linked, 0u);
  EXPECT_EQ(with_grammar, 0u);  // AWS accepted every one of these documents
  for (const ManagedPolicy& m : a.policies) {
    EXPECT_NE(m.default_document(), nullptr) << m.arn;
  }
}

}  // namespace
}  // namespace iw::account
