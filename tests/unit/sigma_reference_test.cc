// The Sigma engine (trail/sigma.h) against the naive reference (reference/sigma_reference.h):
// hand-written cases both must get right, load errors both must raise, and seeded random rules
// over random CloudTrail-shaped events, one rule at a time and many rules in one indexed set.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "reference/sigma_reference.h"
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
                        "count": 12, "flag": true, "nothing": null, "star": "a*b", "empty": [], "owner": "ALICE",
                        "data": "YWxpY2U=", "blob": "xxYWxpY2Uxx", "blobs": ["xxYWxpY2Uxx", "Ym9i"], "v6": "2001:db8::7",
                        "bs": "a\\b", "accent": "\u00c9mile"},
  "responseElements": null
})";

std::string rule_yaml(const std::string& detection, const std::string& id = "r1") {
  return "title: T\nid: " + id + "\nlevel: high\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n" + detection;
}

// The product's verdict on the first event of `json`.
bool product_fires(const RuleSet& rules, const std::string& json) {
  bool fired = false;
  EXPECT_TRUE(read_text(json, [&](const Event& e) { fired = !rules.matching(e).empty(); }).empty()) << json;
  return fired;
}

// `json` must outlive the document.
std::unique_ptr<json::Document> parse_event(const std::string& json) {
  json::ParseError error;
  std::unique_ptr<json::Document> doc = json::parse(json, error);
  EXPECT_TRUE(doc) << error.message << "\n" << json;
  return doc;
}

struct HandCase {
  const char* detection;
  bool fires;
};

// The cases of sigma_test.cc and those of the choices sigma_reference.h states, over kEvent.
const HandCase kHandCases[] = {
    {"  sel: {eventName: createuser}\n  condition: sel\n", true},
    {"  sel: {eventName: 'Create*'}\n  condition: sel\n", true},
    {"  sel: {eventName: 'CreateUse?'}\n  condition: sel\n", true},
    {"  sel: {eventName: 'CreateUse'}\n  condition: sel\n", false},
    {"  sel: {eventName: 'Delete*'}\n  condition: sel\n", false},
    {"  sel: {requestParameters.star: 'a\\*b'}\n  condition: sel\n", true},
    {"  sel: {requestParameters.userName: 'a\\*'}\n  condition: sel\n", false},
    {"  sel:\n    eventName: [DeleteUser, CreateUser]\n  condition: sel\n", true},
    {"  sel:\n    eventName: CreateUser\n    awsRegion: eu-west-1\n  condition: sel\n", false},
    {"  sel:\n    - eventName: DeleteUser\n    - awsRegion: us-east-1\n  condition: sel\n", true},
    {"  sel: {userAgent|contains: CLI/2}\n  condition: sel\n", true},
    {"  sel: {userAgent|startswith: aws-cli}\n  condition: sel\n", true},
    {"  sel: {userAgent|endswith: '3.11'}\n  condition: sel\n", true},
    {"  sel: {userAgent|endswith: 'aws'}\n  condition: sel\n", false},
    {"  sel: {userAgent|contains|all: [cli, python]}\n  condition: sel\n", true},
    {"  sel: {userAgent|contains|all: [cli, boto3]}\n  condition: sel\n", false},
    {"  sel: {userAgent|contains|cased: CLI}\n  condition: sel\n", false},
    {"  sel: {eventName|re: '^Create[A-Z]'}\n  condition: sel\n", true},
    {"  sel: {eventName|re: '^create'}\n  condition: sel\n", false},
    {"  sel: {eventName|re|i: '^create'}\n  condition: sel\n", true},
    {"  sel: {sourceIPAddress|cidr: 203.0.113.0/24}\n  condition: sel\n", true},
    {"  sel: {sourceIPAddress|cidr: 10.0.0.0/8}\n  condition: sel\n", false},
    {"  sel: {requestParameters.v6|cidr: '2001:db8::/32'}\n  condition: sel\n", true},
    {"  sel: {requestParameters.v6|cidr: '0.0.0.0/0'}\n  condition: sel\n", false},
    {"  sel: {errorCode|exists: false}\n  condition: sel\n", true},
    {"  sel: {errorCode|exists: true}\n  condition: sel\n", false},
    {"  sel: {errorCode: null}\n  condition: sel\n", true},
    {"  sel: {requestParameters.nothing: null}\n  condition: sel\n", true},
    {"  sel: {requestParameters.nothing|exists: true}\n  condition: sel\n", true},
    {"  sel: {requestParameters.empty|exists: true}\n  condition: sel\n", false},
    {"  sel: {requestParameters.empty: null}\n  condition: sel\n", true},
    {"  sel: {eventName: null}\n  condition: sel\n", false},
    {"  sel: {eventName: ''}\n  condition: sel\n", false},
    {"  sel: {requestParameters.userName|fieldref: userIdentity.userName}\n  condition: sel\n", true},
    {"  sel: {requestParameters.path|fieldref: userIdentity.userName}\n  condition: sel\n", false},
    {"  sel: {requestParameters.owner|fieldref: userIdentity.userName}\n  condition: sel\n", true},
    {"  sel: {requestParameters.owner|fieldref|cased: userIdentity.userName}\n  condition: sel\n", false},
    {"  sel: {requestParameters.count|gt: 10}\n  condition: sel\n", true},
    {"  sel: {requestParameters.count|lt: 12}\n  condition: sel\n", false},
    {"  sel: {requestParameters.count|lte: 12}\n  condition: sel\n", true},
    {"  sel: {requestParameters.count|gte: 12.5}\n  condition: sel\n", false},
    {"  sel: {requestParameters.flag: true}\n  condition: sel\n", true},
    {"  sel: {requestParameters.count: 12}\n  condition: sel\n", true},
    {"  sel: {requestParameters.tags.value: prod}\n  condition: sel\n", true},
    {"  sel: {requestParameters.tags.key|all: [team, env]}\n  condition: sel\n", true},
    {"  sel: {requestParameters.tags.value: green}\n  condition: sel\n", false},
    {"  sel: {requestParameters.data|base64: bob}\n  condition: sel\n", false},
    {"  sel: {requestParameters.data|base64: alice}\n  condition: sel\n", true},
    {"  sel: {requestParameters.data|base64: ALICE}\n  condition: sel\n", false},
    {"  sel: {requestParameters.blob|base64offset|contains: alice}\n  condition: sel\n", true},
    // `all` asks every value (not every one of a value's three fragments) to be found.
    {"  sel: {requestParameters.blobs|base64offset|contains|all: [alice, bob]}\n  condition: sel\n", true},
    {"  sel: {requestParameters.blobs|base64offset|contains|all: [alice, carol]}\n  condition: sel\n", false},
    {"  keywords: ['/ops/']\n  condition: keywords\n", true},
    {"  keywords: ['/dev/']\n  condition: keywords\n", false},
    {"  keywords: ['OPS', 12]\n  condition: keywords\n", true},
    {"  keywords:\n    '|all': ['/ops/', 'prod']\n  condition: keywords\n", true},
    {"  keywords:\n    '|all': ['/ops/', 'green']\n  condition: keywords\n", false},
    {"  keywords:\n    '|re': '^aws-cli/[0-9]'\n  condition: keywords\n", true},
    {"  sel: {userIdentity.userName: 'alic\\e'}\n  condition: sel\n", false},
    // Escapes: `\\` is one backslash, also before a wildcard; a lone backslash is itself.
    {"  sel: {requestParameters.bs: 'a\\\\*'}\n  condition: sel\n", true},
    {"  sel: {requestParameters.bs: 'a\\b'}\n  condition: sel\n", true},
    {"  sel: {requestParameters.bs: 'a\\\\b'}\n  condition: sel\n", true},
    {"  sel: {requestParameters.bs: 'a\\\\\\\\b'}\n  condition: sel\n", false},
    {"  sel: {requestParameters.bs: 'a\\*'}\n  condition: sel\n", false},
    // `?` is one character (code point); case folds ASCII letters only.
    {"  sel: {requestParameters.accent: '?mile'}\n  condition: sel\n", true},
    {"  sel: {requestParameters.accent: '\u00c9MILE'}\n  condition: sel\n", true},
    {"  sel: {requestParameters.accent: '\u00e9mile'}\n  condition: sel\n", false},
    {"  sel_name: {eventName: CreateUser}\n  sel_region: {awsRegion: us-east-1}\n  condition: sel_name and sel_region\n", true},
    {"  sel_name: {eventName: CreateUser}\n  sel_region: {awsRegion: us-east-1}\n  condition: sel_name and not sel_region\n", false},
    {"  a: {eventName: DeleteUser}\n  b: {eventName: CreateUser}\n  condition: a or (b and not a)\n", true},
    {"  a: {eventName: DeleteUser}\n  b: {eventName: CreateUser}\n  condition: not (a or b)\n", false},
    {"  a: {eventName: DeleteUser}\n  b: {eventName: CreateUser}\n  condition: not a and b\n", true},
    {"  a: {eventName: DeleteUser}\n  b: {eventName: CreateUser}\n  condition: a or b and a\n", false},
    {"  sel_a: {eventName: CreateUser}\n  sel_b: {eventName: DeleteUser}\n  _h: {eventName: X}\n  condition: 1 of sel_*\n", true},
    {"  sel_a: {eventName: CreateUser}\n  sel_b: {eventName: DeleteUser}\n  _h: {eventName: X}\n  condition: all of sel_*\n", false},
    {"  sel_a: {eventName: CreateUser}\n  sel_b: {eventName: DeleteUser}\n  _h: {eventName: X}\n  condition: 1 of them\n", true},
    {"  sel_a: {eventName: CreateUser}\n  sel_b: {eventName: DeleteUser}\n  _h: {eventName: X}\n  condition: all of them\n", false},
    {"  sel_a: {eventName: CreateUser}\n  _h: {eventName: X}\n  condition: all of them\n", true},
    {"  sel_a: {eventName: CreateUser}\n  _h: {eventName: X}\n  condition: all of *\n", false},
    {"  sel_a: {eventName: CreateUser}\n  sel_?: {eventName: X}\n  condition: 1 of sel_?\n", false},
    {"  sel_a: {eventName: CreateUser}\n  sel_?: {eventName: X}\n  condition: 1 of *_?\n", false},
    {"  sel_a: {eventName: CreateUser}\n  sel_?: {eventName: X}\n  condition: 1 of *_*\n", true},
    {"  sel_a: {eventName: CreateUser}\n  sel_b: {eventName: DeleteUser}\n  condition: not 1 of sel_* or sel_b\n", false},
    {"  sel_a: {eventName: CreateUser}\n  sel_b: {eventName: DeleteUser}\n  condition:\n    - sel_b\n    - sel_a\n", true},
    {"  sel_a: {eventName: CreateUser}\n  sel_b: {eventName: DeleteUser}\n  condition: sel_a AND NOT sel_b\n", true},
};

TEST(SigmaReference, HandCasesHoldForBoth) {
  const std::string event = kEvent;
  const std::unique_ptr<json::Document> doc = parse_event(event);
  for (const HandCase& c : kHandCases) {
    const std::string yaml = rule_yaml(c.detection);
    RuleSet rules;
    rules.add("rule.yml", yaml);
    EXPECT_EQ(product_fires(rules, kEvent), c.fires) << "product:\n" << yaml;
    EXPECT_EQ(reference::ref_sigma_matches(reference::ref_sigma_load(yaml), *doc), c.fires) << "reference:\n" << yaml;
  }
}

TEST(SigmaReference, KeywordsReachValuesAtAnyDepth) {
  std::string deep = "\"needle\"";
  for (int i = 0; i < 60; ++i) deep = (i % 2 ? "[" : "{\"k\": ") + deep + (i % 2 ? "]" : "}");
  const std::string event = R"({"eventTime": "2026-11-02T10:00:00Z", "eventName": "X", "deep": )" + deep + "}";
  const std::unique_ptr<json::Document> doc = parse_event(event);
  ASSERT_TRUE(doc);
  std::string path = "deep";
  for (int i = 0; i < 30; ++i) path += ".k";
  for (const std::string& detection : {std::string("  k: [needle]\n"), "  k: {" + path + "|contains: needle}\n"}) {
    const std::string yaml = rule_yaml(detection + "  condition: k\n");
    RuleSet rules;
    rules.add("rule.yml", yaml);
    EXPECT_TRUE(product_fires(rules, event)) << yaml;
    EXPECT_TRUE(reference::ref_sigma_matches(reference::ref_sigma_load(yaml), *doc)) << yaml;
  }
}

TEST(SigmaReference, IndexSendsOddlyShapedEventsToEveryRule) {
  RuleSet rules;
  rules.add("a.yml", rule_yaml("  s: {eventName: CreateUser}\n  condition: s\n", "a"));
  rules.add("b.yml", rule_yaml("  s: {eventName: 'true'}\n  condition: s\n", "b"));
  rules.add("c.yml", rule_yaml("  s: {eventSource: iam.amazonaws.com}\n  condition: s\n", "c"));
  const auto ids = [&](const std::string& json) {
    std::vector<std::string> out;
    read_text(json, [&](const Event& e) { out = rules.matching(e); });
    return out;
  };
  const std::string time = R"({"eventTime": "2026-11-02T10:00:00Z", )";
  EXPECT_EQ(ids(time + R"("eventName": ["ListUsers", "CreateUser"]})"), std::vector<std::string>{"a"});
  EXPECT_EQ(ids(time + R"("eventName": true})"), std::vector<std::string>{"b"});
  EXPECT_EQ(ids(time + R"("eventName": "X", "eventSource": ["iam.amazonaws.com"]})"), std::vector<std::string>{"c"});
}

// Detections both must refuse to load.
const char* const kInvalid[] = {
    "  s: {eventName: A}\n  condition: s and nope\n",
    "  s: {eventName|wide: A}\n  condition: s\n",
    "  s: {eventName: A}\n  condition: (s\n",
    "  s: {eventName: A}\n  condition: s | count() > 5\n",
    "  s: {eventName: A}\n  condition: s and\n",
    "  s: {eventName|re: '('}\n  condition: s\n",
    "  s: {eventName: A}\n  condition: 1 of t*\n",
    "  s: {eventName: A}\n  condition: 1 of ?\n",  // only `*` is a wildcard in `1 of`
    "  s: {sourceIPAddress|cidr: 10.0.0.0/33}\n  condition: s\n",
    "  s: {requestParameters.count|gt: many}\n  condition: s\n",
    "  s: {errorCode|exists: maybe}\n  condition: s\n",
    "  s: {eventName|contains|startswith: A}\n  condition: s\n",
    "  s: {eventName|re|contains: A}\n  condition: s\n",
    "  s: {eventName|i: A}\n  condition: s\n",
    "  s: {eventName|base64|re: A}\n  condition: s\n",
    "  s: {eventName|base64|base64offset: A}\n  condition: s\n",
    "  s: {'|exists': true}\n  condition: s\n",
    "  s: {'|cidr': 10.0.0.0/8}\n  condition: s\n",
    "  s: {eventName: []}\n  condition: s\n",
    "  s: {eventName: {a: b}}\n  condition: s\n",
    "  s: []\n  condition: s\n",
    "  s: plain\n  condition: s\n",
    "  s: {eventName: A}\n",
};

TEST(SigmaReference, BothRefuseInvalidRules) {
  for (const char* detection : kInvalid) {
    const std::string yaml = rule_yaml(detection);
    RuleSet rules;
    EXPECT_THROW(rules.add("bad.yml", yaml), LoadError) << yaml;
    EXPECT_THROW(reference::ref_sigma_load(yaml), reference::SigmaRefError) << yaml;
  }
}

TEST(SigmaReference, ContradictoryModifiersAreNamed) {
  RuleSet rules;
  try {
    rules.add("bad.yml", rule_yaml("  s: {eventName|contains|startswith: A}\n  condition: s\n"));
    FAIL() << "loaded";
  } catch (const LoadError& e) {
    EXPECT_EQ(std::string(e.what()), "bad.yml:6:7: modifiers 'contains' and 'startswith' both say how to compare: keep one");
  }
}

// ---- random rules over random events ---------------------------------------------------------

// The vocabulary of both the events and the rules, so that matches are frequent: names and
// sources the index keys on, mixed case, wildcard and backslash characters, non-ASCII letters
// (folded by nobody: the comparison folds ASCII only), addresses, numbers, base64.
using Strings = std::vector<std::string>;

const std::vector<std::string> kNames = {"CreateUser", "DeleteUser", "ListUsers", "createuser"};
const std::vector<std::string> kSources = {"iam.amazonaws.com", "ec2.amazonaws.com", "IAM.amazonaws.com"};
const std::vector<std::string> kWords = {
    "true", "alice", "Alice", "bob", "a*b", "a\\b", "a\\*b", "\xC3\x89mile", "\xC3\xA9mile", "", "12", "7",
    "us-east-1", "eu-west-1", "10.0.0.5", "203.0.113.7", "2001:db8::1", "YWxpY2U=", "xxYWxpY2Uxx",
    "aws-cli/2.15 Python/3.11", "/ops/", "CreateUser"};
const std::vector<std::string> kFields = {
    "eventName", "eventSource", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
    "userIdentity.type", "userIdentity.userName", "requestParameters.userName", "requestParameters.count",
    "requestParameters.flag", "requestParameters.nothing", "requestParameters.tags.key",
    "requestParameters.tags.value", "requestParameters.list", "requestParameters.nested",
    "requestParameters.tags", "responseElements", "responseElements.x", "missing.field"};

class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))]; }

  // ---- events ----
  static std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }
  std::string word() { return quote(pick(kWords)); }
  std::string maybe_word() { return chance(15) ? "null" : word(); }

  std::string event() {
    std::string e = R"({"eventVersion": "1.09", "eventTime": "2026-11-02T10:00:00Z")";
    // Mostly as CloudTrail writes them; sometimes absent, or of a shape the index does not key on.
    if (chance(95)) e += ", \"eventSource\": " + (chance(97) ? quote(pick(kSources)) : "[" + quote(pick(kSources)) + "]");
    switch (below(40)) {
      case 0: break;
      case 1: e += ", \"eventName\": [" + quote(pick(kNames)) + ", " + word() + "]"; break;
      case 2: e += ", \"eventName\": true"; break;
      case 3: e += ", \"eventName\": null"; break;
      case 4: case 5: e += ", \"eventName\": " + word(); break;
      default: e += ", \"eventName\": " + quote(pick(kNames)); break;
    }
    if (chance(80)) e += ", \"awsRegion\": " + quote(chance(70) ? "us-east-1" : "eu-west-1");
    if (chance(90)) e += ", \"sourceIPAddress\": " + quote(pick(Strings{"10.0.0.5", "203.0.113.7", "2001:db8::1", "iam.amazonaws.com"}));
    if (chance(70)) e += ", \"userAgent\": " + word();
    if (chance(30)) e += ", \"errorCode\": " + quote(chance(50) ? "AccessDenied" : "accessdenied");
    e += ", \"userIdentity\": {\"type\": " + quote(chance(50) ? "IAMUser" : "Root");
    if (chance(80)) e += ", \"userName\": " + word();
    e += "}";
    if (chance(15)) {
      e += ", \"requestParameters\": null";
    } else {
      e += ", \"requestParameters\": {\"x\": 1";
      if (chance(80)) e += ", \"userName\": " + word();
      if (chance(70)) e += ", \"count\": " + pick(Strings{"7", "12", "12.0", "-3", "1e2", "\"12\"", "\"many\""});
      if (chance(60)) e += std::string(", \"flag\": ") + (chance(50) ? "true" : "false");
      if (chance(50)) e += ", \"nothing\": null";
      if (chance(75)) {
        e += ", \"tags\": [";
        for (int i = 0, n = below(4); i < n; ++i) {
          e += std::string(i ? ", " : "") + "{\"key\": " + word() + ", \"value\": " + maybe_word() + "}";
        }
        e += "]";
      }
      if (chance(60)) {
        e += ", \"list\": [";
        for (int i = 0, n = below(4); i < n; ++i) e += std::string(i ? ", " : "") + maybe_word();
        e += "]";
      }
      if (chance(30)) e += ", \"nested\": [[" + word() + ", " + word() + "], " + word() + "]";
      e += "}";
    }
    if (chance(50)) e += chance(40) ? ", \"responseElements\": null" : ", \"responseElements\": {\"x\": " + word() + "}";
    return e + "}";
  }

  // ---- rules ----
  static std::string yq(const std::string& s) {  // a single-quoted YAML scalar: no escapes but ''
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }

  // A word changed into a pattern: a wildcard, a changed letter case, a piece of it.
  std::string pattern_of(std::string w) {
    switch (below(7)) {
      case 0:
        if (!w.empty()) w[static_cast<std::size_t>(below(static_cast<int>(w.size())))] = '?';
        return w;
      case 1: return w.substr(0, static_cast<std::size_t>(below(static_cast<int>(w.size()) + 1))) + "*";
      case 2: return "*" + w.substr(static_cast<std::size_t>(below(static_cast<int>(w.size()) + 1)));
      case 3:
        for (char& c : w) {
          if (c >= 'a' && c <= 'z' && chance(50)) c = static_cast<char>(c - 32);
        }
        return w;
      default: return w;
    }
  }
  std::string piece_of(const std::string& w) {
    const int from = below(static_cast<int>(w.size()) + 1);
    return w.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(below(static_cast<int>(w.size()) - from + 1)));
  }

  struct Values {
    std::string mods;
    std::vector<std::string> values;  // YAML scalars
  };

  Values values_for(const std::string& field) {
    Values v;
    const int n = chance(35) ? 2 + below(2) : 1;
    const auto many = [&](const std::function<std::string()>& one) {
      for (int i = 0; i < n; ++i) v.values.push_back(one());
    };
    const std::string& near = field == "eventName" ? pick(kNames) : field == "eventSource" ? pick(kSources) : pick(kWords);
    switch (below(17)) {
      case 0: case 1: case 2:
        many([&] {
          if (chance(8)) return std::string("null");
          return chance(5) ? std::string("''") : yq(pattern_of(chance(60) ? near : pick(kWords)));
        });
        break;
      case 3: v.mods = "|contains"; many([&] { return yq(piece_of(pick(kWords))); }); break;
      case 4: v.mods = "|startswith"; many([&] { return yq(piece_of(near)); }); break;
      case 5: v.mods = "|endswith"; many([&] { return yq(pattern_of(piece_of(pick(kWords)))); }); break;
      case 6:
        v.mods = pick(Strings{"|re", "|re|i", "|re|s", "|re|m"});
        many([&] { return yq(pick(Strings{"^Create", "user$", "ALICE", "[0-9]+", "^a.b$", "^$", "mile", "\\*"})); });
        break;
      case 7:
        v.mods = "|cidr";
        many([&] { return yq(pick(Strings{"10.0.0.0/8", "203.0.113.0/24", "2001:db8::/32", "0.0.0.0/0", "10.0.0.5"})); });
        break;
      case 8: v.mods = "|exists"; v.values.push_back(chance(50) ? "true" : "false"); break;
      case 9: v.mods = pick(Strings{"|fieldref", "|fieldref|cased"}); many([&] { return yq(pick(kFields)); }); break;
      case 10:
        v.mods = pick(Strings{"|gt", "|gte", "|lt", "|lte"});
        many([&] { return pick(Strings{"5", "12", "'12.0'", "-1", "100"}); });
        break;
      case 11: v.mods = "|base64"; many([&] { return yq(pick(Strings{"alice", "Alice", "bob"})); }); break;
      case 12:
        v.mods = "|base64offset|contains";
        many([&] { return yq(pick(Strings{"alice", "lic", "a", "li", ""})); });
        break;
      case 13: v.mods = "|contains|cased"; many([&] { return yq(piece_of(pick(kWords))); }); break;
      case 14: v.mods = "|cased"; many([&] { return yq(pattern_of(near)); }); break;
      default: many([&] { return yq(chance(50) ? near : pick(kWords)); }); break;
    }
    if (v.values.size() > 1 && chance(40)) v.mods += "|all";
    return v;
  }

  std::string flow_values(const Values& v) {
    if (v.values.size() == 1 && chance(70)) return v.values[0];
    std::string s = "[";
    for (std::size_t i = 0; i < v.values.size(); ++i) s += (i ? ", " : "") + v.values[i];
    return s + "]";
  }

  std::string flow_map() {
    std::string s = "{";
    const int entries = 1 + below(3);
    std::set<std::string> used;
    for (int i = 0; i < entries; ++i) {
      std::string field = chance(35) ? pick(Strings{"eventName", "eventSource"}) : pick(kFields);
      Values v = values_for(field);
      if (chance(4)) {  // a keyword search with modifiers
        field = "";
        v.mods = chance(50) ? "|all" : "";
        if (v.values.size() < 2) v.mods.clear();
        v.values.clear();
        for (int k = 0; k < 2; ++k) v.values.push_back(yq(piece_of(pick(kWords))));
      }
      const std::string key = field + v.mods;
      if (!used.insert(key).second) continue;  // YAML keys are unique
      s += (used.size() > 1 ? ", " : "") + yq(key) + ": " + flow_values(v);
    }
    return s + "}";
  }

  std::string selection() {
    switch (below(6)) {
      case 0: {
        std::string s = "[";
        for (int i = 0, n = 1 + below(3); i < n; ++i) s += (i ? ", " : "") + yq(piece_of(pick(kWords)));
        return s + "]";
      }
      case 1: {
        std::string s = "[";
        for (int i = 0, n = 1 + below(3); i < n; ++i) s += (i ? ", " : "") + flow_map();
        return s + "]";
      }
      default: return flow_map();
    }
  }

  std::string condition(const std::vector<std::string>& names, int depth) {
    const int roll = below(depth >= 3 ? 3 : 9);
    const auto op = [&](const std::string& w) {  // sometimes upper case: keywords are case-insensitive
      std::string out = w;
      if (chance(15)) {
        for (char& c : out) c = static_cast<char>(c - 32);
      }
      return out;
    };
    if (roll == 0 || roll == 1) return pick(names);
    if (roll == 2) {
      std::vector<std::string> patterns = {"*"};
      for (const std::string& n : names) {
        patterns.push_back(n.substr(0, static_cast<std::size_t>(below(static_cast<int>(n.size())))) + "*");
        if (n[0] != '_') patterns.push_back("them");
      }
      return std::string(chance(50) ? "1 of " : "all of ") + pick(patterns);
    }
    if (roll == 3 || roll == 4) return op("not") + " " + condition(names, depth + 1);
    if (roll == 5) return "(" + condition(names, depth + 1) + ")";
    return condition(names, depth + 1) + " " + op(chance(50) ? "and" : "or") + " " + condition(names, depth + 1);
  }

  // A rule; about one in twenty is broken in one of the ways both sides must refuse.
  std::string rule(const std::string& id) {
    std::vector<std::string> names;
    const std::vector<std::string> all = {"sel_a", "sel_b", "filter", "_helper", "sel_keys"};
    for (int i = 0, n = 1 + below(4); i < n; ++i) {
      const std::string& name = pick(all);
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    std::string d;
    for (const std::string& n : names) d += "  " + n + ": " + selection() + "\n";
    std::string cond = condition(names, 0);
    if (chance(5)) {
      switch (below(6)) {
        case 0: cond += " and nope"; break;
        case 1: cond += " or"; break;
        case 2: cond = "(" + cond; break;
        case 3: cond += " | count() > 2"; break;
        case 4:
          d += "  sel_bad: {" + yq(pick(kFields) + pick(Strings{"|contains|endswith", "|i", "|wide", "|base64|cidr"})) + ": x}\n";
          break;
        default: d += "  sel_bad: {" + yq(pick(kFields) + pick(Strings{"|re", "|cidr", "|gt"})) + ": '(x'}\n"; break;
      }
    }
    if (chance(10)) {
      d += "  condition: [" + yq(cond) + ", " + yq(condition(names, 1)) + "]\n";
    } else {
      d += "  condition: " + yq(cond) + "\n";
    }
    return rule_yaml(d, id);
  }

 private:
  std::mt19937 rng_;
};

struct Loaded {
  std::string id, yaml;
  RuleSet alone;
  reference::SigmaRefRule ref;
};

TEST(SigmaReference, RandomRulesMatchLikeTheReference) {
  // IW_SIGMA_SEED=N runs another seed (to explore; the default is the one CI runs).
  const char* seed_env = std::getenv("IW_SIGMA_SEED");
  const unsigned kSeed = seed_env != nullptr ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 20261206u;
  constexpr int kRules = 600, kEvents = 10, kBatch = 40;
  Gen gen(kSeed);
  std::vector<Loaded> rules;
  int refused = 0;
  for (int i = 0; i < kRules; ++i) {
    Loaded l;
    l.id = "r" + std::to_string(i);
    l.yaml = gen.rule(l.id);
    std::string product_error, reference_error;
    try {
      l.alone.add(l.id + ".yml", l.yaml);
    } catch (const LoadError& e) {
      product_error = e.what();
    }
    try {
      l.ref = reference::ref_sigma_load(l.yaml);
    } catch (const reference::SigmaRefError& e) {
      reference_error = e.what();
    }
    if (product_error.empty() != reference_error.empty()) {
      ADD_FAILURE() << "load differs (seed " << kSeed << "): product '" << product_error << "', reference '"
                    << reference_error << "'\n" << l.yaml;
      continue;
    }
    if (!product_error.empty()) {
      ++refused;
      continue;
    }
    rules.push_back(std::move(l));
  }
  // Several rules in one set (one YAML stream of many documents): the index must hand every
  // event to every rule that can match it.
  std::vector<RuleSet> batches((rules.size() + kBatch - 1) / kBatch);
  std::vector<std::string> batch_yaml(batches.size());
  std::string all_yaml;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    batch_yaml[i / kBatch] += "---\n" + rules[i].yaml;
    all_yaml += "---\n" + rules[i].yaml;
  }
  for (std::size_t b = 0; b < batches.size(); ++b) batches[b].add("batch.yml", batch_yaml[b]);
  RuleSet everything;
  everything.add("all.yml", all_yaml);
  ASSERT_EQ(everything.size(), rules.size());

  std::size_t pairs = 0, matched = 0, disagreements = 0;
  for (int k = 0; k < kEvents; ++k) {
    const std::string json = gen.event();
    const std::unique_ptr<json::Document> doc = parse_event(json);
    ASSERT_TRUE(doc);
    std::vector<std::string> expected;
    bool read = false;
    const std::vector<Warning> warnings = read_text(json, [&](const Event& e) {
      read = true;
      for (std::size_t i = 0; i < rules.size(); ++i) {
        const bool want = reference::ref_sigma_matches(rules[i].ref, *doc);
        const bool got = !rules[i].alone.matching(e).empty();
        ++pairs;
        matched += want ? 1 : 0;
        if (want) expected.push_back(rules[i].id);
        if (got != want && ++disagreements <= 10) {
          ADD_FAILURE() << "product " << got << ", reference " << want << " (seed " << kSeed << ")\n"
                        << rules[i].yaml << "event: " << json;
        }
      }
      std::sort(expected.begin(), expected.end());
      std::vector<std::string> batched;
      for (const RuleSet& b : batches) {
        const std::vector<std::string> ids = b.matching(e);
        batched.insert(batched.end(), ids.begin(), ids.end());
      }
      std::sort(batched.begin(), batched.end());
      EXPECT_EQ(batched, expected) << "indexed sets of " << kBatch << " rules, event: " << json;
      EXPECT_EQ(everything.matching(e), expected) << "one indexed set of every rule, event: " << json;
    });
    ASSERT_TRUE(read && warnings.empty()) << json;
  }
  // The generator must exercise both outcomes and both load results.
  std::cout << pairs << " rule x event pairs, " << matched << " matched; " << refused << " rules refused by both\n";
  EXPECT_GE(pairs, 5000u);
  EXPECT_GE(matched * 5, pairs);
  EXPECT_GE((pairs - matched) * 5, pairs);
  EXPECT_GE(refused, 5);
  EXPECT_EQ(disagreements, 0u);
}

}  // namespace
}  // namespace iw::trail::sigma
