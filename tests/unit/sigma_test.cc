// The Sigma engine: value matching, modifiers, conditions, the index and load errors.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "trail/sigma.h"
#include "unit/trail_read.h"

namespace iw::trail::sigma {
namespace {

const char* kEvent = R"({
  "eventVersion": "1.09", "eventTime": "2026-11-02T10:00:00Z", "eventSource": "iam.amazonaws.com",
  "eventName": "CreateUser", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.7",
  "userAgent": "aws-cli/2.15.0 Python/3.11", "recipientAccountId": "111122223333",
  "userIdentity": {"type": "IAMUser", "userName": "alice", "arn": "arn:aws:iam::111122223333:user/alice"},
  "requestParameters": {"userName": "alice", "path": "/ops/", "tags": [{"key": "team", "value": "blue"}, {"key": "env", "value": "prod"}],
                        "count": 12, "flag": true, "nothing": null, "star": "a*b"},
  "responseElements": null
})";

std::vector<std::string> match(const std::string& detection, const char* event = kEvent) {
  RuleSet rules;
  rules.add("rule.yml", "title: T\nid: r1\nlevel: high\nauthor: Tester\nlogsource: {product: aws, service: cloudtrail}\n"
                        "detection:\n" + detection);
  std::vector<std::string> out;
  EXPECT_TRUE(read_text(event, [&](const Event& e) { out = rules.matching(e); }).empty());
  return out;
}

bool fires(const std::string& detection) { return !match(detection).empty(); }

TEST(Sigma, PlainValuesAreCaseInsensitiveWithWildcards) {
  EXPECT_TRUE(fires("  sel: {eventName: createuser}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {eventName: 'Create*'}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {eventName: 'CreateUse?'}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {eventName: 'CreateUse'}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {eventName: 'Delete*'}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.star: 'a\\*b'}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {requestParameters.userName: 'a\\*'}\n  condition: sel\n"));
}

TEST(Sigma, ListsAreAnyAndMapsAreAll) {
  EXPECT_TRUE(fires("  sel:\n    eventName: [DeleteUser, CreateUser]\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel:\n    eventName: CreateUser\n    awsRegion: eu-west-1\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel:\n    - eventName: DeleteUser\n    - awsRegion: us-east-1\n  condition: sel\n"));
}

TEST(Sigma, StringModifiers) {
  EXPECT_TRUE(fires("  sel: {userAgent|contains: CLI/2}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {userAgent|startswith: aws-cli}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {userAgent|endswith: '3.11'}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {userAgent|endswith: 'aws'}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {userAgent|contains|all: [cli, python]}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {userAgent|contains|all: [cli, boto3]}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {userAgent|contains|cased: CLI}\n  condition: sel\n"));
}

TEST(Sigma, RegularExpressionsAreCaseSensitiveUnlessI) {
  EXPECT_TRUE(fires("  sel: {eventName|re: '^Create[A-Z]'}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {eventName|re: '^create'}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {eventName|re|i: '^create'}\n  condition: sel\n"));
}

// Each thread matches with its own copy of a rule's regular expression: rule sets loaded one after
// the other (whose expressions may take each other's addresses) and threads matching at once
// give the answers one thread gives.
TEST(Sigma, RegularExpressionsAnswerTheSameOnEveryThread) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"'^Create[A-Z]'", true}, {"'^Delete'", false}, {"'User$'", true}, {"'^create'", false}};
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        for (const auto& [pattern, expected] : cases) {
          if (fires("  sel: {eventName|re: " + pattern + "}\n  condition: sel\n") != expected) ++wrong;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
}

TEST(Sigma, CidrExistsNullFieldrefAndNumbers) {
  EXPECT_TRUE(fires("  sel: {sourceIPAddress|cidr: 203.0.113.0/24}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {sourceIPAddress|cidr: 10.0.0.0/8}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {errorCode|exists: false}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {errorCode|exists: true}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {errorCode: null}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.nothing: null}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {eventName: null}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.userName|fieldref: userIdentity.userName}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {requestParameters.path|fieldref: userIdentity.userName}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.count|gt: 10}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {requestParameters.count|lt: 12}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.count|lte: 12}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.flag: true}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.count: 12}\n  condition: sel\n"));
}

TEST(Sigma, NestedFieldsFanOutOverArrays) {
  EXPECT_TRUE(fires("  sel: {requestParameters.tags.value: prod}\n  condition: sel\n"));
  EXPECT_TRUE(fires("  sel: {requestParameters.tags.key|all: [team, env]}\n  condition: sel\n"));
  EXPECT_FALSE(fires("  sel: {requestParameters.tags.value: green}\n  condition: sel\n"));
}

TEST(Sigma, Base64) {
  // "alice" in base64 is "YWxpY2U="; the value must equal the encoding.
  const char* event = R"({"eventTime": "2026-11-02T10:00:00Z", "eventName": "X", "data": "YWxpY2U=", "blob": "xxYWxpY2Uxx"})";
  EXPECT_FALSE(match("  sel: {data|base64: bob}\n  condition: sel\n", event).size());
  EXPECT_TRUE(match("  sel: {data|base64: alice}\n  condition: sel\n", event).size());
  EXPECT_TRUE(match("  sel: {blob|base64offset|contains: alice}\n  condition: sel\n", event).size());
}

TEST(Sigma, Keywords) {
  EXPECT_TRUE(fires("  keywords: ['/ops/']\n  condition: keywords\n"));
  EXPECT_FALSE(fires("  keywords: ['/dev/']\n  condition: keywords\n"));
}

TEST(Sigma, Conditions) {
  const std::string sels =
      "  sel_name: {eventName: CreateUser}\n  sel_region: {awsRegion: us-east-1}\n  sel_other: {eventName: DeleteUser}\n"
      "  _helper: {eventName: Nothing}\n";
  EXPECT_TRUE(fires(sels + "  condition: sel_name and sel_region\n"));
  EXPECT_FALSE(fires(sels + "  condition: sel_name and not sel_region\n"));
  EXPECT_TRUE(fires(sels + "  condition: sel_other or (sel_name and not sel_other)\n"));
  EXPECT_FALSE(fires(sels + "  condition: not (sel_name or sel_other)\n"));
  EXPECT_TRUE(fires(sels + "  condition: 1 of sel_*\n"));
  EXPECT_FALSE(fires(sels + "  condition: all of sel_*\n"));
  EXPECT_TRUE(fires(sels + "  condition: all of sel_n* and all of sel_r*\n"));
  EXPECT_TRUE(fires(sels + "  condition: 1 of them\n"));
  EXPECT_FALSE(fires(sels + "  condition: all of them\n"));
  EXPECT_TRUE(fires("  sel_name: {eventName: CreateUser}\n  _helper: {eventName: Nothing}\n  condition: all of them\n"));
  EXPECT_TRUE(fires(sels + "  condition:\n    - sel_other\n    - sel_name\n"));
  EXPECT_TRUE(fires(sels + "  condition: sel_name AND NOT sel_other\n"));
}

TEST(Sigma, IndexedRulesStillSeeEveryCandidate) {
  RuleSet rules;
  rules.add("a.yml", "title: A\nid: a\ndetection:\n  s: {eventName: [CreateUser, DeleteUser]}\n  condition: s\n");
  rules.add("b.yml", "title: B\nid: b\ndetection:\n  s: {eventSource: iam.amazonaws.com}\n  condition: s\n");
  rules.add("c.yml", "title: C\nid: c\ndetection:\n  s: {eventName: DeleteUser}\n  condition: not s\n");
  rules.add("d.yml", "title: D\nid: d\ndetection:\n  s: {eventName: ListUsers}\n  t: {awsRegion: us-east-1}\n  condition: s or t\n");
  rules.add("e.yml", "title: E\nid: e\ndetection:\n  s: {eventName: ListUsers}\n  condition: s\n");
  std::vector<std::string> got;
  read_text(kEvent, [&](const Event& e) { got = rules.matching(e); });
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(Sigma, FindingsCreditTheRule) {
  RuleSet rules;
  rules.add("r.yml", "title: New user\nid: 5d1c\nauthor: Jane Doe\nlevel: low\nreferences: [https://example.com/x]\n"
                     "description: a user was created\ndetection:\n  s: {eventName: CreateUser}\n  condition: s\n");
  std::vector<Finding> out;
  read_text(kEvent, [&](const Event& e) { rules.match(e, out); });
  ASSERT_EQ(out.size(), 1u);
  const Finding& f = out[0];
  EXPECT_EQ(f.id, "sigma:5d1c");
  EXPECT_EQ(f.severity, Severity::low);
  EXPECT_EQ(f.title, "New user");
  EXPECT_EQ(f.resource, "arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ(f.account, "111122223333");
  ASSERT_TRUE(f.rule != nullptr);
  EXPECT_EQ(f.rule->author, "Jane Doe");
  EXPECT_EQ(f.rule->license, "DRL-1.1");
  EXPECT_EQ(f.rule->references, std::vector<std::string>{"https://example.com/x"});
  EXPECT_NE(f.message.find("Jane Doe"), std::string::npos);
  EXPECT_EQ(f.location->record, 0);
}

std::string load_error(const std::string& yaml) {
  RuleSet rules;
  try {
    rules.add("bad.yml", yaml);
  } catch (const LoadError& e) {
    return e.what();
  }
  return "";
}

// A rule on which yaml-cpp would loop, allocating without end (found by fuzzing): an error with
// file, line and column, in bounded time and memory.
TEST(Sigma, ARuleTheYamlParserLoopsOnIsAnError) {
  for (const char* yaml : {"!tl,:e [\ntl:e [\n", ",aA"}) {
    const std::string error = load_error(yaml);
    EXPECT_EQ(error.substr(0, 8), "bad.yml:") << error;
    EXPECT_NE(error.find("does not come to an end"), std::string::npos) << error;
  }
}

TEST(Sigma, LoadErrorsNameFileLineAndColumn) {
  EXPECT_EQ(load_error("title: T\nid: x\ndetection:\n  s: {eventName: A}\n  condition: s and nope\n"),
            "bad.yml:5:20: condition: no selection named 'nope'");
  EXPECT_EQ(load_error("title: T\nid: x\ndetection:\n  s: {eventName|wide: A}\n  condition: s\n").substr(0, 12), "bad.yml:4:7:");
  EXPECT_EQ(load_error("title: T\nid: x\ndetection:\n  s: {eventName: A}\n  condition: (s\n").substr(0, 13), "bad.yml:5:16:");
  EXPECT_EQ(load_error("title: T\nid: x\ndetection:\n  s: {eventName: A}\n  condition: s | count() > 5\n").substr(0, 13), "bad.yml:5:16:");
  EXPECT_EQ(load_error("title: T\nid: x\ndetection: [\n").substr(0, 8), "bad.yml:");
  EXPECT_EQ(load_error("title: T\ndetection:\n  s: {eventName: A}\n  condition: s\n"), "bad.yml:1:1: rule has no id");
  EXPECT_EQ(load_error("title: T\nid: x\ndetection:\n  s: {eventName|re: '('}\n  condition: s\n").substr(0, 10), "bad.yml:4:");
  EXPECT_EQ(load_error("title: T\nid: x\ndetection:\n  s: {eventName: A}\n  condition: 1 of t*\n"),
            "bad.yml:5:19: condition: no selection matches 't*'");
}

TEST(Sigma, OtherLogSourcesAreSkipped) {
  RuleSet rules;
  rules.add("w.yml", "title: W\nid: w\nlogsource: {product: windows}\ndetection:\n  s: {EventID: 1}\n  condition: s\n");
  EXPECT_EQ(rules.size(), 0u);
  EXPECT_EQ(rules.skipped(), 1u);
}

}  // namespace
}  // namespace iw::trail::sigma
