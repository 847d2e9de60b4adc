// The action catalog: known facts of AWS's data, lookups, patterns, condition keys,
// suggestions, and whether a Resource pattern can match a resource type.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace iw::catalog {
namespace {

const Catalog& cat() { return Catalog::get(); }

const ResourceType& type_of(std::string_view service, std::string_view name) {
  const Service* s = cat().service(service);
  EXPECT_NE(s, nullptr) << service;
  for (const ResourceType& t : s->resource_types) {
    if (t.name == name) return t;
  }
  ADD_FAILURE() << "no resource type " << service << " " << name;
  return s->resource_types.front();
}

const Action& action_of(std::string_view name) {
  const Action* a = cat().action(name);
  EXPECT_NE(a, nullptr) << name;
  return *a;
}

bool may_match(std::string_view action, std::string_view resource) {
  return action_may_match_resource(action_of(action), resource);
}

std::vector<std::string> names(const std::vector<const Action*>& actions) {
  std::vector<std::string> out;
  for (const Action* a : actions) out.push_back(full_name(*a));
  return out;
}

TEST(CatalogTest, VersionAndSizes) {
  EXPECT_FALSE(cat().version().empty());
  EXPECT_GT(cat().services().size(), 400u);
  EXPECT_GT(cat().actions().size(), 15000u);
  EXPECT_GT(cat().condition_keys().size(), 1000u);
  EXPECT_EQ(&Catalog::get(), &Catalog::get());
}

TEST(CatalogTest, GetObjectIsReadOnObject) {
  const Action& a = action_of("s3:GetObject");
  EXPECT_EQ(a.service, "s3");
  EXPECT_EQ(a.name, "GetObject");
  EXPECT_EQ(a.level, AccessLevel::read);
  EXPECT_EQ(to_string(a.level), "Read");
  EXPECT_FALSE(takes_only_star(a));
  const auto object =
      std::find_if(a.resource_types.begin(), a.resource_types.end(),
                   [](const ActionResource& r) { return r.type->name == "object"; });
  ASSERT_NE(object, a.resource_types.end());
  EXPECT_EQ(object->type->arn_format, "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
  EXPECT_EQ(object->type->service, "s3");
  const auto tag =
      std::find_if(a.condition_keys.begin(), a.condition_keys.end(),
                   [](const ConditionKey* k) { return k->name == "s3:ExistingObjectTag/<key>"; });
  EXPECT_NE(tag, a.condition_keys.end());
}

TEST(CatalogTest, AccessLevels) {
  EXPECT_EQ(action_of("iam:PassRole").level, AccessLevel::write);
  EXPECT_EQ(action_of("s3:ListBucket").level, AccessLevel::list);
  EXPECT_EQ(action_of("iam:AttachRolePolicy").level, AccessLevel::permissions_management);
  EXPECT_EQ(action_of("iam:TagRole").level, AccessLevel::tagging);
  EXPECT_EQ(action_of("ec2:DescribeInstances").level, AccessLevel::list);
  EXPECT_EQ(to_string(AccessLevel::permissions_management), "Permissions management");
  EXPECT_EQ(to_string(AccessLevel::tagging), "Tagging");
  EXPECT_EQ(to_string(AccessLevel::write), "Write");
  EXPECT_EQ(to_string(AccessLevel::list), "List");
}

TEST(CatalogTest, PassRoleRequiresRole) {
  const Action& a = action_of("iam:PassRole");
  ASSERT_EQ(a.resource_types.size(), 1u);
  EXPECT_EQ(a.resource_types[0].type->name, "role");
  EXPECT_TRUE(a.resource_types[0].required);
}

TEST(CatalogTest, TakesOnlyStar) {
  EXPECT_TRUE(takes_only_star(action_of("sts:GetCallerIdentity")));
  EXPECT_TRUE(takes_only_star(action_of("s3:ListAllMyBuckets")));
  EXPECT_FALSE(takes_only_star(action_of("iam:GetUser")));
}

TEST(CatalogTest, LookupIsCaseInsensitive) {
  EXPECT_EQ(cat().action("S3:getobject"), cat().action("s3:GetObject"));
  EXPECT_EQ(cat().action("IAM:PASSROLE")->name, "PassRole");
  EXPECT_EQ(cat().action("iam", "passrole"), cat().action("iam:PassRole"));
  ASSERT_NE(cat().service("EC2"), nullptr);
  EXPECT_EQ(cat().service("EC2")->prefix, "ec2");
  EXPECT_EQ(cat().service("s3")->name, "Amazon S3");
  EXPECT_TRUE(cat().service("s3")->rcp_supported);
  EXPECT_FALSE(cat().service("ec2")->rcp_supported);
}

TEST(CatalogTest, UnknownIsNull) {
  EXPECT_EQ(cat().action("s3:GetObjet"), nullptr);
  EXPECT_EQ(cat().action("ec3:DescribeInstances"), nullptr);
  EXPECT_EQ(cat().action("s3:Get*"), nullptr);
  EXPECT_EQ(cat().action("GetObject"), nullptr);
  EXPECT_EQ(cat().action(""), nullptr);
  EXPECT_EQ(cat().action(":"), nullptr);
  EXPECT_EQ(cat().service("nosuchservice"), nullptr);
  EXPECT_EQ(cat().service(""), nullptr);
  EXPECT_EQ(cat().condition_key("aws:NoSuchKey"), nullptr);
  EXPECT_EQ(cat().condition_key("s3:NoSuchKey"), nullptr);
  EXPECT_EQ(cat().condition_key(""), nullptr);
}

// The tables compiled into the program are in the orders the lookups binary-search, and each
// service's spans cover its part of the tables, services in order.
TEST(CatalogTest, TablesAreInTheOrderLookupsSearch) {
  const auto lower = [](std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
  };
  const auto strictly_sorted = [&](const auto& items, auto name) {
    for (std::size_t i = 1; i < items.size(); ++i) {
      if (!(lower(name(items[i - 1])) < lower(name(items[i])))) return false;
    }
    return true;
  };
  EXPECT_TRUE(strictly_sorted(cat().condition_keys(), [](const ConditionKey& k) { return k.name; }));
  EXPECT_TRUE(strictly_sorted(cat().services(), [](const Service& s) { return s.prefix; }));
  const Action* next_action = cat().actions().data();
  for (const Service& s : cat().services()) {
    EXPECT_TRUE(strictly_sorted(s.actions, [](const Action& a) { return a.name; })) << s.prefix;
    EXPECT_TRUE(strictly_sorted(s.resource_types, [](const ResourceType& t) { return t.name; })) << s.prefix;
    EXPECT_EQ(s.actions.data(), next_action) << s.prefix;
    next_action += s.actions.size();
    for (const Action& a : s.actions) {
      EXPECT_EQ(a.service, s.prefix);
      for (const ActionResource& r : a.resource_types) {
        EXPECT_TRUE(r.type >= s.resource_types.data() && r.type < s.resource_types.data() + s.resource_types.size())
            << s.prefix << ":" << a.name;
      }
    }
  }
  EXPECT_EQ(next_action, cat().actions().data() + cat().actions().size());
}

TEST(CatalogTest, EveryActionIsFoundByItsName) {
  for (const Action& a : cat().actions()) {
    ASSERT_EQ(cat().action(full_name(a)), &a) << full_name(a);
  }
}

TEST(CatalogTest, ExpandServiceWildcard) {
  const auto actions = cat().expand("s3:Get*");
  EXPECT_GT(actions.size(), 50u);
  for (const Action* a : actions) {
    EXPECT_EQ(a->service, "s3");
    EXPECT_EQ(a->name.substr(0, 3), "Get") << a->name;
  }
  EXPECT_TRUE(std::is_sorted(actions.begin(), actions.end()));
  const auto all = names(actions);
  EXPECT_NE(std::find(all.begin(), all.end(), "s3:GetObject"), all.end());
  EXPECT_EQ(cat().expand("S3:GET*").size(), actions.size());
}

TEST(CatalogTest, ExpandEverything) {
  const auto all = cat().expand("*");
  EXPECT_GT(all.size(), 15000u);
  EXPECT_EQ(all.size(), cat().actions().size());
  EXPECT_EQ(cat().expand("*:*").size(), all.size());
  EXPECT_EQ(cat().expand("**").size(), all.size());
}

TEST(CatalogTest, ExpandPatterns) {
  EXPECT_EQ(names(cat().expand("iam:?etUser")), std::vector<std::string>{"iam:GetUser"});
  EXPECT_EQ(names(cat().expand("s3:GetObject")), std::vector<std::string>{"s3:GetObject"});
  EXPECT_EQ(cat().expand("iam:*").size(), cat().service("iam")->actions.size());

  const auto describes = cat().expand("*:Describe*");
  std::set<std::string_view> services;
  for (const Action* a : describes) services.insert(a->service);
  EXPECT_GT(services.size(), 50u);
  EXPECT_TRUE(services.count("ec2"));

  const auto s3_family = cat().expand("s3*:*");
  std::set<std::string_view> s3s;
  for (const Action* a : s3_family) s3s.insert(a->service);
  EXPECT_TRUE(s3s.count("s3") && s3s.count("s3express") && s3s.count("s3-outposts"));

  // Without ':' the pattern spans "service:Name".
  const auto spanning = names(cat().expand("s3*Object"));
  EXPECT_NE(std::find(spanning.begin(), spanning.end(), "s3:GetObject"), spanning.end());

  EXPECT_TRUE(cat().expand("ec3:*").empty());
  EXPECT_TRUE(cat().expand("s3:NoSuch*").empty());
  EXPECT_TRUE(cat().expand("GetObject").empty());
  EXPECT_TRUE(cat().expand("").empty());
  EXPECT_TRUE(cat().expand("s3:Get:Object").empty());
}

TEST(CatalogTest, ActionMatches) {
  const Action& a = action_of("s3:GetObject");
  EXPECT_TRUE(action_matches("s3:GetObject", a));
  EXPECT_TRUE(action_matches("S3:GETOBJ*", a));
  EXPECT_TRUE(action_matches("*", a));
  EXPECT_TRUE(action_matches("s?:*Object", a));
  EXPECT_FALSE(action_matches("s3:GetObject?", a));
  EXPECT_FALSE(action_matches("s3:Put*", a));
  EXPECT_FALSE(action_matches("s3", a));
}

TEST(CatalogTest, KeyTypes) {
  EXPECT_TRUE(is_multivalued(KeyType::array_of_string));
  EXPECT_TRUE(is_multivalued(KeyType::array_of_arn));
  EXPECT_TRUE(is_multivalued(KeyType::array_of_bool));
  EXPECT_FALSE(is_multivalued(KeyType::string));
  EXPECT_FALSE(is_multivalued(KeyType::ip_address));
  EXPECT_EQ(base_type(KeyType::array_of_arn), KeyType::arn);
  EXPECT_EQ(base_type(KeyType::array_of_bool), KeyType::boolean);
  EXPECT_EQ(base_type(KeyType::array_of_string), KeyType::string);
  EXPECT_EQ(base_type(KeyType::date), KeyType::date);
  EXPECT_EQ(to_string(KeyType::ip_address), "IPAddress");
  EXPECT_EQ(to_string(KeyType::array_of_string), "ArrayOfString");
}

TEST(CatalogTest, GlobalConditionKeys) {
  const ConditionKey* ip = cat().condition_key("aws:SourceIp");
  ASSERT_NE(ip, nullptr);
  EXPECT_EQ(ip->type, KeyType::ip_address);
  EXPECT_TRUE(ip->global);
  EXPECT_EQ(cat().condition_key("AWS:SOURCEIP"), ip);

  const ConditionKey* tag_keys = cat().condition_key("aws:TagKeys");
  ASSERT_NE(tag_keys, nullptr);
  EXPECT_EQ(tag_keys->type, KeyType::array_of_string);

  EXPECT_EQ(cat().condition_key("aws:MultiFactorAuthPresent")->type, KeyType::boolean);
  EXPECT_EQ(cat().condition_key("aws:MultiFactorAuthAge")->type, KeyType::numeric);
  EXPECT_EQ(cat().condition_key("aws:CurrentTime")->type, KeyType::date);
  EXPECT_EQ(cat().condition_key("aws:PrincipalArn")->type, KeyType::arn);
  EXPECT_EQ(cat().condition_key("aws:SecureTransport")->type, KeyType::boolean);
  EXPECT_EQ(cat().condition_key("aws:PrincipalOrgPaths")->type, KeyType::array_of_string);
}

TEST(CatalogTest, TemplatedConditionKeys) {
  const ConditionKey* team = cat().condition_key("aws:PrincipalTag/Team");
  ASSERT_NE(team, nullptr);
  EXPECT_EQ(team->type, KeyType::string);
  EXPECT_TRUE(team->global);
  EXPECT_EQ(team->name, "aws:PrincipalTag/tag-key");
  EXPECT_NE(cat().condition_key("aws:RequestTag/cost-center"), nullptr);
  EXPECT_NE(cat().condition_key("aws:ResourceTag/a/b"), nullptr);  // tag keys may hold '/'
  EXPECT_NE(cat().condition_key("AWS:resourcetag/Env"), nullptr);
  EXPECT_EQ(cat().condition_key("aws:PrincipalTag/"), nullptr);   // the tag key is required
  EXPECT_EQ(cat().condition_key("aws:PrincipalTag"), nullptr);

  const ConditionKey* obj_tag = cat().condition_key("s3:ExistingObjectTag/classification");
  ASSERT_NE(obj_tag, nullptr);
  EXPECT_EQ(obj_tag->name, "s3:ExistingObjectTag/<key>");
  EXPECT_EQ(obj_tag->type, KeyType::string);
  EXPECT_FALSE(obj_tag->global);

  const ConditionKey* ec2_tag = cat().condition_key("ec2:ResourceTag/Name");
  ASSERT_NE(ec2_tag, nullptr);
  EXPECT_EQ(ec2_tag->name.substr(0, 16), "ec2:ResourceTag/");

  // Keys whose placeholder is not after a '/' (iam-data's conditionPatterns.json).
  const ConditionKey* context = cat().condition_key("kms:EncryptionContext:Department");
  ASSERT_NE(context, nullptr);
  EXPECT_EQ(context->name, "kms:EncryptionContext:${EncryptionContextKey}");
  EXPECT_NE(cat().condition_key("codebuild:environment.environmentVariables/FOO.value"), nullptr);
  EXPECT_EQ(cat().condition_key("codebuild:environment.environmentVariables/FOO"), nullptr);
  EXPECT_NE(cat().condition_key("token.actions.githubusercontent.com/octo-org:repository"),
            nullptr);
  EXPECT_NE(cat().condition_key("accounts.google.com:sub"), nullptr);
}

TEST(CatalogTest, ServiceConditionKeys) {
  const ConditionKey* passed = cat().condition_key("iam:PassedToService");
  ASSERT_NE(passed, nullptr);
  EXPECT_EQ(passed->type, KeyType::string);
  EXPECT_EQ(cat().condition_key("s3:TlsVersion")->type, KeyType::numeric);
  EXPECT_EQ(cat().condition_key("iam:PolicyARN")->type, KeyType::arn);
  const Service* s3 = cat().service("s3");
  EXPECT_FALSE(s3->condition_keys.empty());
  for (const ConditionKey* k : s3->condition_keys) {
    EXPECT_EQ(cat().condition_key(k->name), k) << k->name;
  }
}

TEST(CatalogTest, Suggestions) {
  EXPECT_EQ(cat().suggest_action("s3:GetObjet"), "s3:GetObject");
  EXPECT_EQ(cat().suggest_action("s3:getobject"), "s3:GetObject");
  EXPECT_EQ(cat().suggest_action("iam:PasRole"), "iam:PassRole");
  EXPECT_EQ(cat().suggest_action("ec3:DescribeInstances"), "ec2:DescribeInstances");
  EXPECT_EQ(cat().suggest_service("ec3"), "ec2");
  EXPECT_EQ(cat().suggest_service("S3"), "s3");
  EXPECT_EQ(cat().suggest_service("lamda"), "lambda");
  EXPECT_EQ(cat().suggest_service("completely-unrelated-name"), "");
  EXPECT_EQ(cat().suggest_service(""), "");
  EXPECT_EQ(cat().suggest_action("s3:TotallyDifferentThing"), "");
  EXPECT_EQ(cat().suggest_action("nocolon"), "");
}

TEST(CatalogTest, ResourceMatchS3Classics) {
  const ResourceType& object = type_of("s3", "object");
  const ResourceType& bucket = type_of("s3", "bucket");
  EXPECT_FALSE(resource_type_may_match(object, "arn:aws:s3:::bucket"));
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws:s3:::bucket/*"));
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws:s3:::bucket/a/b/c.txt"));
  EXPECT_FALSE(resource_type_may_match(bucket, "arn:aws:s3:::bucket/*"));
  EXPECT_TRUE(resource_type_may_match(bucket, "arn:aws:s3:::bucket"));
  EXPECT_TRUE(resource_type_may_match(bucket, "arn:aws:s3:::*"));
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws:s3:::*"));
  EXPECT_TRUE(resource_type_may_match(bucket, "*"));
  EXPECT_TRUE(resource_type_may_match(object, "*"));
  EXPECT_TRUE(resource_type_may_match(bucket, "arn:aws:s3:::bucket*"));
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws:s3:::bucket*"));
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws-cn:s3:::bucket/key"));
  EXPECT_TRUE(resource_type_may_match(object, "arn:*:s3:::bucket/key"));
  EXPECT_FALSE(resource_type_may_match(object, "arn:aws:s3:::bucket/"));  // empty object key
  EXPECT_FALSE(resource_type_may_match(bucket, "arn:aws:iam::123456789012:role/x"));

  EXPECT_FALSE(may_match("s3:GetObject", "arn:aws:s3:::bucket"));
  EXPECT_TRUE(may_match("s3:GetObject", "arn:aws:s3:::bucket/*"));
  EXPECT_FALSE(may_match("s3:ListBucket", "arn:aws:s3:::bucket/*"));
  EXPECT_TRUE(may_match("s3:ListBucket", "arn:aws:s3:::bucket"));
  EXPECT_TRUE(may_match("s3:ListBucket", "arn:aws:s3:::*"));
  EXPECT_TRUE(may_match("s3:GetObject", "arn:aws:s3:::*"));
  EXPECT_TRUE(may_match("s3:GetObject", "*"));
  EXPECT_TRUE(
      may_match("s3:GetObject", "arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/k"));
}

TEST(CatalogTest, ResourceMatchPolicyVariables) {
  const ResourceType& object = type_of("s3", "object");
  const ResourceType& bucket = type_of("s3", "bucket");
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws:s3:::bucket/home/${aws:username}/*"));
  EXPECT_TRUE(resource_type_may_match(bucket, "arn:aws:s3:::${aws:PrincipalTag/bucket}"));
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws:s3:::bucket/${aws:username}"));
  // ${*} is a literal '*', not a wildcard: still a valid object key, never a bucket path.
  EXPECT_TRUE(resource_type_may_match(object, "arn:aws:s3:::bucket/${*}"));
  EXPECT_FALSE(resource_type_may_match(bucket, "arn:aws:s3:::bucket/${*}"));
}

TEST(CatalogTest, ResourceMatchIamAndOthers) {
  EXPECT_TRUE(may_match("iam:GetUser", "arn:aws:iam::123456789012:user/division/alice"));
  EXPECT_TRUE(may_match("iam:GetUser", "arn:aws:iam::123456789012:user/alice"));
  EXPECT_TRUE(may_match("iam:GetUser", "arn:aws:iam::*:user/*"));
  EXPECT_FALSE(may_match("iam:GetUser", "arn:aws:iam::123456789012:role/alice"));
  // A wildcard account stays within the account field: the path part "role/" vs "user/" decides.
  EXPECT_FALSE(may_match("iam:CreateUser", "arn:aws:iam::*:role/x"));
  EXPECT_FALSE(may_match("iam:CreateUser", "arn:aws:iam::1111*:role/x"));
  EXPECT_FALSE(may_match("iam:CreateUser", "arn:aws:iam::?:role/x"));
  EXPECT_FALSE(may_match("iam:CreateUser", "arn:aws:iam::${aws:PrincipalAccount}:role/x"));
  EXPECT_TRUE(may_match("iam:CreateUser", "arn:aws:iam::*:user/x"));
  EXPECT_TRUE(may_match("iam:CreateUser", "arn:aws:iam::*:*"));
  EXPECT_TRUE(may_match("iam:CreateRole", "arn:aws:iam::*:role/x"));
  EXPECT_TRUE(may_match("iam:CreateUser", "arn:aws:iam:*"));  // fewer than six fields: '*' spans them
  EXPECT_TRUE(may_match("iam:CreateUser", "arn:*:iam::*:user/ops/*"));
  EXPECT_TRUE(may_match("iam:PassRole", "arn:aws:iam::123456789012:role/service-role/x"));
  EXPECT_FALSE(may_match("iam:PassRole", "arn:aws:s3:::bucket"));
  // Lambda: qualified ARNs (versions, aliases) are function resources too.
  const std::string function = "arn:aws:lambda:us-east-1:123456789012:function:f";
  EXPECT_TRUE(may_match("lambda:InvokeFunction", function));
  EXPECT_TRUE(may_match("lambda:InvokeFunction", function + ":*"));
  EXPECT_TRUE(may_match("lambda:InvokeFunction", function + ":prod"));
  EXPECT_TRUE(may_match("lambda:InvokeFunction", "arn:aws:lambda:*:*:function:*"));
  // Names that hold '/' are not cut short: secrets, log groups, parameters.
  EXPECT_TRUE(may_match("secretsmanager:GetSecretValue",
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/pw-AbCdEf"));
  EXPECT_TRUE(may_match("logs:PutLogEvents",
                        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*"));
  EXPECT_TRUE(may_match("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/a/b/c"));
  // DynamoDB: a table action on an index ARN.
  const std::string index = "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/i";
  EXPECT_FALSE(may_match("dynamodb:GetItem", index));
  EXPECT_TRUE(may_match("dynamodb:Query", index));
  EXPECT_TRUE(may_match("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/t"));
  // An ARN of another service.
  EXPECT_FALSE(may_match("ec2:TerminateInstances", "arn:aws:s3:::bucket"));
  EXPECT_TRUE(may_match("ec2:TerminateInstances", "arn:aws:ec2:*:*:instance/*"));
  // '?' is one character.
  EXPECT_TRUE(may_match("s3:ListBucket", "arn:aws:s3:::b?cket"));
  EXPECT_TRUE(may_match("s3:ListBucket", "arn:aws:s3:::bucket?key"));  // '?' need not be '/'
}

TEST(CatalogTest, ResourceMatchTakesOnlyStar) {
  EXPECT_TRUE(may_match("sts:GetCallerIdentity", "*"));
  EXPECT_TRUE(may_match("sts:GetCallerIdentity", "${aws:username}"));
  EXPECT_FALSE(may_match("sts:GetCallerIdentity", "arn:aws:iam::123456789012:user/alice"));
  EXPECT_FALSE(may_match("s3:ListAllMyBuckets", "arn:aws:s3:::*"));
}

TEST(CatalogTest, ResourceMatchIsPolynomial) {
  // A pattern that makes a backtracking matcher explode: many stars and a near miss.
  std::string pattern = "arn:aws:s3:::";
  for (int i = 0; i < 2000; ++i) pattern += "*a";
  pattern += "/";  // a bucket name holds no '/'
  EXPECT_FALSE(resource_type_may_match(type_of("s3", "bucket"), pattern));
  EXPECT_TRUE(resource_type_may_match(type_of("s3", "object"), pattern + "x"));
}

TEST(CatalogTest, EveryArnFormatMatchesItself) {
  // Read as a policy pattern, a format's ${...} are variables ('*'): it must match its type.
  for (const Service& s : cat().services()) {
    for (const ResourceType& t : s.resource_types) {
      EXPECT_TRUE(resource_type_may_match(t, t.arn_format)) << s.prefix << " " << t.name;
    }
  }
}

TEST(CatalogTest, ConcurrentFirstUse) {
  std::vector<std::thread> threads;
  std::vector<const Catalog*> seen(4, nullptr);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = &Catalog::get(); });
  }
  for (auto& t : threads) t.join();
  for (const Catalog* c : seen) EXPECT_EQ(c, &Catalog::get());
}

}  // namespace
}  // namespace iw::catalog
