// `iamwarden test` suites: parsing (schema, locations of errors) and loading (policy files,
// shared compiled sets). Files are served from memory: nothing here touches the disk except
// the check that the shipped example suites pass.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "testsuite/suite.h"

namespace iw::testsuite {
namespace {

const char* kPolicy = R"({"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow",
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]})";

// An in-memory file system that counts reads.
struct MemoryFiles {
  std::map<std::string, std::string> files;
  std::map<std::string, int> reads;
  FileReader reader() {
    return [this](const std::string& path, std::string& error) -> std::optional<std::string> {
      ++reads[path];
      auto it = files.find(path);
      if (it == files.end()) {
        error = "No such file or directory";
        return std::nullopt;
      }
      return it->second;
    };
  }
};

std::string parse_error(std::string_view text, std::string_view name = "s.yaml") {
  auto r = parse_suite(text, name);
  EXPECT_FALSE(r) << "parsed: " << text;
  return r.error;
}

TEST(TestSuiteParse, YamlSuiteWithDefaultsAndOverrides) {
  auto r = parse_suite(R"(version: 1
name: demo
policies:
  identity_policies: [p/read.json]
  scps:
    - p/root.json
    - [p/ou1.json, p/ou2.json]
defaults:
  principal: arn:aws:iam::111122223333:user/alice
  context:
    aws:SourceIp: 203.0.113.7
    aws:TagKeys: [a, b]
cases:
  - name: first
    action: s3:GetObject
    resource: arn:aws:s3:::data/x
    context:
      aws:TagKeys: []
      aws:MultiFactorAuthPresent: true
    expect: allow
  - name: second
    principal: arn:aws:sts::111122223333:assumed-role/R/s
    action: s3:PutObject
    expect: implicit_deny
    denied_by: identity
    policies:
      resource_policy: p/bucket.json
      identity_policies: []
)",
                       "dir/demo.yaml");
  ASSERT_TRUE(r) << r.error;
  const SuiteSpec& s = *r.value;
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(s.file, "dir/demo.yaml");
  ASSERT_TRUE(s.policies[eval::Layer::identity].set);
  ASSERT_EQ(s.policies[eval::Layer::identity].levels.size(), 1u);
  EXPECT_EQ(s.policies[eval::Layer::identity].levels[0][0].path, "p/read.json");
  EXPECT_EQ(s.policies[eval::Layer::identity].levels[0][0].where.line, 4);
  const LayerFiles& scps = s.policies[eval::Layer::scp];
  ASSERT_EQ(scps.levels.size(), 2u);
  EXPECT_EQ(scps.levels[0].size(), 1u);
  EXPECT_EQ(scps.levels[1].size(), 2u);
  EXPECT_FALSE(s.policies[eval::Layer::resource].set);

  ASSERT_EQ(s.cases.size(), 2u);
  const CaseSpec& a = s.cases[0];
  EXPECT_EQ(a.request.principal.arn, "arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ(a.request.resource_account, "111122223333");
  EXPECT_NE(a.request.context.find("aws:sourceip"), nullptr);      // from defaults
  EXPECT_EQ(a.request.context.find("aws:tagkeys"), nullptr);       // removed by []
  ASSERT_NE(a.request.context.find("aws:multifactorauthpresent"), nullptr);
  EXPECT_EQ(a.request.context.find("aws:multifactorauthpresent")->values[0], "true");
  EXPECT_EQ(a.expect, Expect::allow);
  EXPECT_FALSE(a.denied_by);
  EXPECT_EQ(a.where.line, 14);

  const CaseSpec& b = s.cases[1];
  EXPECT_EQ(b.request.resource, "*");  // default resource
  EXPECT_EQ(b.request.principal.kind, eval::PrincipalKind::assumed_role);
  ASSERT_TRUE(b.denied_by);
  EXPECT_TRUE(b.denied_by->has(eval::Layer::identity));
  EXPECT_EQ(b.denied_by->list().size(), 1u);
  EXPECT_TRUE(b.policies[eval::Layer::resource].set);
  EXPECT_TRUE(b.policies[eval::Layer::identity].set);
  EXPECT_TRUE(b.policies[eval::Layer::identity].levels[0].empty());
}

TEST(TestSuiteParse, JsonSuite) {
  auto r = parse_suite(R"({"policies": {"identity_policies": "p.json", "permission_boundary": "b.json"},
 "cases": [{"name": "n", "principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject",
            "context": {"aws:TagKeys": ["x"], "n": 5}, "expect": "deny", "denied_by": ["identity", "boundary"]}]})",
                       "x.json");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.value->name, "x.json");  // default name: the file name
  EXPECT_EQ(r.value->policies[eval::Layer::boundary].levels[0][0].path, "b.json");
  const CaseSpec& c = r.value->cases[0];
  EXPECT_EQ(c.expect, Expect::deny);
  EXPECT_EQ(c.denied_by->list().size(), 2u);
  ASSERT_NE(c.request.context.find("n"), nullptr);
  EXPECT_EQ(c.request.context.find("n")->values[0], "5");
  EXPECT_TRUE(c.request.context.find("aws:tagkeys")->multi);
}

TEST(TestSuiteParse, UnknownKeysAreLocated) {
  EXPECT_EQ(parse_error("name: x\ncasez: []\n"), "s.yaml:2:1: unknown key \"casez\" in the suite (did you mean \"cases\"?)");
  const std::string e = parse_error(
      "cases:\n  - name: a\n    principal: arn:aws:iam::111122223333:user/a\n    action: s3:GetObject\n    expected: allow\n");
  EXPECT_EQ(e, "s.yaml:5:5: unknown key \"expected\" in a case (did you mean \"expect\"?)");
  EXPECT_NE(parse_error("policies:\n  identity: [a.json]\ncases: []\n").find("s.yaml:2:3: unknown key \"identity\" in \"policies\""),
            std::string::npos);
  EXPECT_NE(parse_error("zzzzzz: 1\n").find("expected one of: version name"), std::string::npos);
  EXPECT_NE(parse_error(R"({"cases": [], "bogus": 1})", "s.json").find("s.json:1:15: unknown key \"bogus\""),
            std::string::npos);
  EXPECT_NE(parse_error("snapshot: account/\ncases: []\n").find("s.yaml:1:1: \"snapshot\" sources are not supported yet"),
            std::string::npos);
}

TEST(TestSuiteParse, MissingFields) {
  const std::string head = "cases:\n  - ";
  EXPECT_NE(parse_error("name: x\n").find("s.yaml:1:1: the suite has no \"cases\""), std::string::npos);
  EXPECT_NE(parse_error("cases: []\n").find("s.yaml:1:8: \"cases\" is empty"), std::string::npos);
  EXPECT_NE(parse_error(head + "principal: arn:aws:iam::111122223333:user/a\n    action: s3:GetObject\n    expect: allow\n")
                .find("s.yaml:2:5: a case has no \"name\""),
            std::string::npos);
  EXPECT_NE(parse_error(head + "name: a\n    principal: arn:aws:iam::111122223333:user/a\n    action: s3:GetObject\n")
                .find("s.yaml:2:5: case \"a\" has no \"expect\""),
            std::string::npos);
  EXPECT_NE(parse_error(head + "name: a\n    action: s3:GetObject\n    expect: allow\n").find("has no \"principal\""),
            std::string::npos);
  EXPECT_NE(parse_error(head + "name: a\n    principal: arn:aws:iam::111122223333:user/a\n    expect: allow\n")
                .find("has no \"action\""),
            std::string::npos);
}

TEST(TestSuiteParse, WrongTypesAndValues) {
  const std::string c = "cases:\n  - name: a\n    principal: arn:aws:iam::111122223333:user/a\n    action: s3:GetObject\n";
  EXPECT_NE(parse_error("cases: {a: 1}\n").find("s.yaml:1:8: \"cases\" must be a list of cases (got a mapping)"),
            std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: maybe\n").find("s.yaml:5:13: \"expect\" must be allow, deny"), std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: [allow]\n").find("\"expect\" must be a string (got a list)"), std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: deny\n    denied_by: [firewall]\n").find("s.yaml:6:17: unknown layer \"firewall\""),
            std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: allow\n    denied_by: [scp]\n").find("names layers but the case expects allow"),
            std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: deny\n    denied_by: []\n").find("a deny always names at least one layer"),
            std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: deny\n    context: {a: {b: c}}\n").find("s.yaml:6:18: context values must be"),
            std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: deny\n    context: {a: x, A: y}\n").find("context key \"A\" is given twice"),
            std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: deny\n    policies: {identity_policies: [{a: b}]}\n")
                .find("each entry of \"identity_policies\" must be a policy file path (got a mapping)"),
            std::string::npos);
  EXPECT_NE(parse_error(c + "    expect: deny\n    policies: {scps: [[]]}\n").find("an empty level"), std::string::npos);
  EXPECT_NE(parse_error(R"({"cases": [{"name": 1, "principal": "anonymous", "action": "s3:GetObject", "expect": "deny"}]})",
                        "s.json")
                .find("s.json:1:21: \"name\" must be a string (got a number)"),
            std::string::npos);
  EXPECT_NE(parse_error("version: 2\ncases: []\n").find("s.yaml:1:10: \"version\" must be 1"), std::string::npos);
  // Request validation points at the offending field.
  EXPECT_EQ(parse_error("cases:\n  - name: a\n    principal: bob\n    action: s3:GetObject\n    expect: deny\n"),
            "s.yaml:3:16: case \"a\": principal \"bob\" is not an IAM/STS ARN, service:NAME or anonymous");
  EXPECT_NE(parse_error(c + "    resource: not-an-arn\n    expect: deny\n").find("s.yaml:5:15: case \"a\": resource"),
            std::string::npos);
}

TEST(TestSuiteParse, DuplicatesAndSyntaxErrors) {
  const std::string c = "  - name: a\n    principal: arn:aws:iam::111122223333:user/a\n    action: s3:GetObject\n    expect: deny\n";
  EXPECT_NE(parse_error("cases:\n" + c + c).find("s.yaml:6:5: two cases are named \"a\" (first at line 2)"),
            std::string::npos);
  EXPECT_NE(parse_error("name: a\nname: b\ncases: []\n").find("s.yaml:2:1: duplicate key \"name\""), std::string::npos);
  EXPECT_NE(parse_error(R"({"name": "a", "name": "b"})", "s.json").find("s.json:1:15: duplicate key \"name\""),
            std::string::npos);
  EXPECT_NE(parse_error("cases: [a, b\n").find("s.yaml:"), std::string::npos);
  EXPECT_NE(parse_error("cases: [a, b\n").find("invalid YAML"), std::string::npos);
  EXPECT_NE(parse_error("{\"cases\": [\n  1,\n}", "s.json").find("s.json:3:1: invalid JSON"), std::string::npos);
  EXPECT_NE(parse_error("").find("a suite must be a mapping"), std::string::npos);
}

TEST(TestSuiteParse, HostileInputIsAnErrorNotACrash) {
  EXPECT_NE(parse_error("cases: &a [*a]\n").find("nests too deeply"), std::string::npos);
  std::string deep;
  for (int i = 0; i < 500; ++i) deep += "[";
  EXPECT_FALSE(parse_suite(deep, "s.yaml"));
  EXPECT_FALSE(parse_suite(deep, "s.json"));
  // Exponential aliases stay within the node budget.
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char n = 'b'; n <= 'j'; ++n, ++prev) {
    laughs += std::string(1, n) + ": &" + n + " [";
    for (int i = 0; i < 10; ++i) laughs += std::string(i ? ", " : "") + "*" + prev;
    laughs += "]\n";
  }
  EXPECT_NE(parse_error(laughs).find("too large"), std::string::npos);
  const std::string bytes("\x00\xff\xfe{[:&*!|>%@`", 14);
  EXPECT_FALSE(parse_suite(bytes, "s.yaml"));
  EXPECT_FALSE(parse_suite(bytes, "s.json"));
  ParseLimits small;
  small.max_bytes = 4;
  EXPECT_NE(parse_suite("cases: []", "s.yaml", Syntax::yaml, small).error.find("larger than 4 bytes"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// load_suite

const char* kSuite = R"(policies:
  identity_policies: [policies/read.json]
defaults:
  principal: arn:aws:iam::111122223333:user/a
cases:
  - name: reads
    action: s3:GetObject
    resource: arn:aws:s3:::data/x
    expect: allow
  - name: writes
    action: s3:PutObject
    resource: arn:aws:s3:::data/x
    expect: deny
  - name: with a bucket policy
    action: s3:GetObject
    resource: arn:aws:s3:::data/x
    expect: allow
    policies:
      resource_policy: ../shared/bucket.json
)";

const char* kBucket = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"},
  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]})";

TEST(TestSuiteLoad, ResolvesPathsAndSharesSets) {
  MemoryFiles fs;
  fs.files["suites/s.yaml"] = kSuite;
  fs.files["suites/policies/read.json"] = kPolicy;
  fs.files["shared/bucket.json"] = kBucket;
  auto r = load_suite_file("suites/s.yaml", fs.reader());
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.value->sets.size(), 2u);  // the suite's set, and the one with the bucket policy
  EXPECT_EQ(r.value->case_set, (std::vector<std::size_t>{0, 0, 1}));
  EXPECT_EQ(fs.reads["suites/policies/read.json"], 1);  // read and validated once
  EXPECT_EQ(r.value->sets[1].file_of({eval::Layer::resource, -1, -1}), "shared/bucket.json");
}

TEST(TestSuiteLoad, MissingPolicyFileNamesIt) {
  MemoryFiles fs;
  fs.files["suites/s.yaml"] = kSuite;
  fs.files["suites/policies/read.json"] = kPolicy;
  auto r = load_suite_file("suites/s.yaml", fs.reader());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error, "suites/s.yaml:19:24: cannot read policy file shared/bucket.json: No such file or directory");
  auto missing = load_suite_file("nope.yaml", fs.reader());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error, "cannot read suite nope.yaml: No such file or directory");
}

TEST(TestSuiteLoad, InvalidPolicyIsLocatedInThePolicyFile) {
  MemoryFiles fs;
  fs.files["suites/s.yaml"] = kSuite;
  fs.files["suites/policies/read.json"] = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n";
  auto r = load_suite_file("suites/s.yaml", fs.reader());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error.rfind("suites/policies/read.json:3:17: invalid JSON", 0), 0u) << r.error;
  EXPECT_NE(r.error.find("named at suites/s.yaml:2:23"), std::string::npos) << r.error;

  // A Principal in an identity policy breaks the kind's rules.
  fs.files["suites/policies/read.json"] = kBucket;
  r = load_suite_file("suites/s.yaml", fs.reader());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error.find("invalid identity policy"), std::string::npos) << r.error;

  // An unknown condition operator fails compilation, located at the operator.
  fs.files["suites/policies/read.json"] =
      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\",\n"
      "  \"Condition\": {\"StringEqualz\": {\"a:b\": \"c\"}}}]}";
  r = load_suite_file("suites/s.yaml", fs.reader());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error.rfind("suites/policies/read.json:2:", 0), 0u) << r.error;
  EXPECT_NE(r.error.find("StringEqualz"), std::string::npos) << r.error;
}

TEST(TestSuiteLoad, ExampleSuitesPass) {
  const std::string dir = std::string(IW_SOURCE_DIR) + "/examples/tests/";
  for (const char* name : {"s3-least-privilege.yaml", "mfa-required.yaml", "passrole.yaml", "cross-account-trust.yaml",
                           "scp-admin-escalation.json"}) {
    auto suite = load_suite_file(dir + name);
    ASSERT_TRUE(suite) << suite.error;
    const SuiteResult result = run_suite(*suite.value);
    EXPECT_GE(result.cases.size(), 5u) << name;
    for (const CaseResult& c : result.cases) EXPECT_TRUE(c.passed) << name << ": " << c.name << ": " << c.summary;
  }
}

}  // namespace
}  // namespace iw::testsuite
