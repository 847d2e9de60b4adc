// The AWS layer offline: config-file parsing, the credential chain's order, retry policy,
// pagination merge, XML answers, and SigV4 headers on a request caught by a local listener.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <thread>

#include "aws/client.h"
#include "aws/collect.h"
#include "aws/credentials.h"
#include "aws/ini.h"
#include "aws/retry.h"
#include "aws/value.h"

namespace iw::aws {
namespace {

TEST(AwsIni, SectionsKeysCommentsAndNestedBlocks) {
  const IniFile f = parse_ini(
      "# comment\n[default]\naws_access_key_id = AKIA1\n ; indented comment\n[profile dev]\nregion=eu-west-1\n"
      "s3 =\n  max_concurrent_requests = 10\nrole_arn = arn:aws:iam::1:role/x\n",
      "config");
  EXPECT_EQ(f.at("default").at("aws_access_key_id"), "AKIA1");
  EXPECT_EQ(f.at("profile dev").at("region"), "eu-west-1");
  EXPECT_EQ(f.at("profile dev").at("s3.max_concurrent_requests"), "10");
  EXPECT_EQ(f.at("profile dev").at("role_arn"), "arn:aws:iam::1:role/x");
}

TEST(AwsIni, ErrorsNameTheLine) {
  try {
    parse_ini("[a]\nok = 1\nno equals sign\n", "cfg");
    FAIL();
  } catch (const IniError& e) {
    EXPECT_STREQ(e.what(), "cfg:3: expected 'key = value'");
  }
  EXPECT_THROW(parse_ini("key = 1\n", "cfg"), IniError);
  EXPECT_THROW(parse_ini("[open\n", "cfg"), IniError);
}

struct FakeWorld {
  std::map<std::string, std::string> env, files;
  std::string process_output;
  World world() {
    World w;
    w.getenv = [this](const std::string& k) -> std::optional<std::string> {
      auto it = env.find(k);
      return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    w.read_file = [this](const std::string& p) -> std::optional<std::string> {
      auto it = files.find(p);
      return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    w.run = [this](const std::string&) { return process_output; };
    return w;
  }
};

FakeWorld base() {
  FakeWorld f;
  f.env = {{"HOME", "/h"}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  return f;
}

TEST(AwsCredentials, EnvironmentBeforeFiles) {
  FakeWorld f = base();
  f.env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  f.env["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  f.files["/h/.aws/credentials"] = "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n";
  const Resolved r = resolve_credentials({}, f.world());
  EXPECT_EQ(r.credentials.access_key_id, "AKIAENV");
  EXPECT_EQ(r.credentials.source, "environment");
  EXPECT_EQ(r.region, "us-east-1");
}

TEST(AwsCredentials, ProfileOptionBeatsEnvironmentAndCredentialsFileWins) {
  FakeWorld f = base();
  f.env["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  f.env["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  f.env["AWS_CONFIG_FILE"] = "/c";
  f.files["/c"] = "[profile dev]\nregion = eu-central-1\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n";
  f.files["/h/.aws/credentials"] = "[dev]\naws_access_key_id = AKIACREDS\naws_secret_access_key = d\n";
  const Resolved r = resolve_credentials({"dev", "", ""}, f.world());
  EXPECT_EQ(r.credentials.access_key_id, "AKIACREDS");
  EXPECT_EQ(r.region, "eu-central-1");
  f.env["AWS_REGION"] = "ap-south-1";
  EXPECT_EQ(resolve_credentials({"dev", "", ""}, f.world()).region, "ap-south-1");
  EXPECT_EQ(resolve_credentials({"dev", "sa-east-1", ""}, f.world()).region, "sa-east-1");
}

TEST(AwsCredentials, CredentialProcessBeforeStaticKeys) {
  FakeWorld f = base();
  f.env["AWS_PROFILE"] = "p";
  f.files["/h/.aws/config"] = "[profile p]\ncredential_process = /bin/get-creds\naws_access_key_id = AKIASTATIC\n"
                              "aws_secret_access_key = x\n";
  f.process_output = R"({"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "procsecret", "SessionToken": "t"})";
  const Resolved r = resolve_credentials({}, f.world());
  EXPECT_EQ(r.credentials.access_key_id, "AKIAPROC");
  EXPECT_EQ(r.credentials.session_token, "t");
  f.process_output = R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "procsecret"})";
  try {
    resolve_credentials({}, f.world());
    FAIL();
  } catch (const CredentialError& e) {
    EXPECT_EQ(std::string(e.what()).find("procsecret"), std::string::npos);
  }
}

TEST(AwsCredentials, MissingProfileAndNoCredentialsAreErrors) {
  FakeWorld f = base();
  EXPECT_THROW(resolve_credentials({"nope", "", ""}, f.world()), CredentialError);
  EXPECT_THROW(resolve_credentials({}, f.world()), CredentialError);
}

TEST(AwsRetry, RetriesThrottlingAndServerErrorsOnly) {
  EXPECT_TRUE(RetryPolicy::retryable(400, "Throttling"));
  EXPECT_TRUE(RetryPolicy::retryable(400, "ThrottlingException"));
  EXPECT_TRUE(RetryPolicy::retryable(503, "RequestLimitExceeded"));
  EXPECT_TRUE(RetryPolicy::retryable(429, ""));
  EXPECT_TRUE(RetryPolicy::retryable(500, ""));
  EXPECT_FALSE(RetryPolicy::retryable(403, "AccessDenied"));
  EXPECT_FALSE(RetryPolicy::retryable(404, "NoSuchEntity"));
}

TEST(AwsRetry, ExponentialCeilingWithJitterUnderIt) {
  RetryPolicy p;
  EXPECT_EQ(p.ceiling(0).count(), 100);
  EXPECT_EQ(p.ceiling(3).count(), 800);
  EXPECT_EQ(p.ceiling(20).count(), 10000);
  std::mt19937_64 random(1);
  for (int i = 0; i < 100; ++i) EXPECT_LE(p.delay(4, random).count(), 1600);
}

TEST(AwsPages, MergeKeepsListsOfEveryPage) {
  Value all;
  merge_pages(all, parse_json_value(R"({"UserDetailList": [{"UserName": "a"}], "IsTruncated": true, "Marker": "m"})"),
              {"UserDetailList", "RoleDetailList"});
  merge_pages(all, parse_json_value(R"({"UserDetailList": [{"UserName": "b"}], "RoleDetailList": [{"RoleName": "r"}]})"),
              {"UserDetailList", "RoleDetailList"});
  ASSERT_EQ(all.find("UserDetailList")->items.size(), 2u);
  EXPECT_EQ(all.find("UserDetailList")->items[1].str("UserName"), "b");
  EXPECT_EQ(all.find("RoleDetailList")->items.size(), 1u);
}

TEST(AwsXml, QueryAnswerBecomesCliJson) {
  const Value v = parse_xml_response(
      "<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated>"
      "<UserDetailList><member><UserName>a</UserName><GroupList/><UserPolicyList><member><PolicyName>p</PolicyName>"
      "<PolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D</PolicyDocument></member>"
      "</UserPolicyList></member></UserDetailList><RoleDetailList><member><MaxSessionDuration>3600</MaxSessionDuration>"
      "</member></RoleDetailList></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>");
  EXPECT_EQ(v.find("IsTruncated")->kind, Value::Kind::boolean);
  const Value& user = v.find("UserDetailList")->items.at(0);
  EXPECT_EQ(user.find("GroupList")->kind, Value::Kind::array);
  const Value& doc = *user.find("UserPolicyList")->items.at(0).find("PolicyDocument");
  EXPECT_EQ(doc.kind, Value::Kind::object);
  EXPECT_EQ(doc.str("Version"), "2012-10-17");
  EXPECT_EQ(v.find("RoleDetailList")->items.at(0).find("MaxSessionDuration")->kind, Value::Kind::number);
  EXPECT_THROW(parse_xml_response("<a><b></a>"), XmlError);
}

TEST(AwsXml, ErrorCodes) {
  HttpResponse r;
  r.status = 403;
  r.body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>";
  EXPECT_EQ(parse_error(r).first, "AccessDenied");
  r.body = R"({"__type": "com.amazonaws#ThrottlingException", "message": "slow"})";
  EXPECT_EQ(parse_error(r).first, "ThrottlingException");
}

// A listener that answers one HTTP request with 200 and keeps what it received.
struct Listener {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  std::string received;
  std::thread thread;
  Listener() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 1);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    thread = std::thread([this] {
      const int c = ::accept(fd, nullptr, nullptr);
      char buf[8192];
      ssize_t n;
      while ((n = ::recv(c, buf, sizeof buf, 0)) > 0) {
        received.append(buf, static_cast<std::size_t>(n));
        const std::size_t end = received.find("\r\n\r\n");
        if (end != std::string::npos && received.size() >= end + 4 + body_length(end)) break;
      }
      const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\n<a></a>";
      ::send(c, reply.data(), reply.size(), 0);
      ::close(c);
    });
  }
  std::size_t body_length(std::size_t header_end) const {
    const std::string head = received.substr(0, header_end);
    const std::size_t at = head.find("Content-Length: ");
    return at == std::string::npos ? 0 : std::stoul(head.substr(at + 16));
  }
  ~Listener() {
    if (thread.joinable()) thread.join();
    ::close(fd);
  }
};

TEST(AwsSigV4, SignedPostFormBodyCarriesTheHeaders) {
  Listener l;
  Credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token", std::nullopt, "test"};
  ClientOptions o;
  o.endpoint_url = "http://127.0.0.1:" + std::to_string(l.port);
  Client client(c, o);
  client.query("iam", "ListUsers", {{"MaxItems", "10"}});
  l.thread.join();
  const std::string& r = l.received;
  EXPECT_NE(r.find("POST / HTTP/1.1"), std::string::npos);
  EXPECT_NE(r.find("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), std::string::npos) << r;
  EXPECT_NE(r.find("/us-east-1/iam/aws4_request"), std::string::npos);
  EXPECT_NE(r.find("SignedHeaders="), std::string::npos);
  EXPECT_NE(r.find("Signature="), std::string::npos);
  EXPECT_NE(r.find("X-Amz-Date: "), std::string::npos);
  EXPECT_NE(r.find("X-Amz-Security-Token: session-token"), std::string::npos);
  EXPECT_NE(r.find("Action=ListUsers&Version=2010-05-08&MaxItems=10"), std::string::npos);
  EXPECT_EQ(r.find("wJalrXUtnFEMI"), std::string::npos);  // the secret never travels
}


// The Authorization header CurlTransport sends for `request` (to a local listener, the host of
// the vector given as the Host header and its time as X-Amz-Date).
std::string authorization_for(HttpRequest request, const Credentials& c, const std::string& host,
                              const std::string& date, const std::string& service) {
  Listener l;
  request.url = "http://127.0.0.1:" + std::to_string(l.port) + request.url;
  request.headers.emplace_back("Host", host);
  request.headers.emplace_back("X-Amz-Date", date);
  request.sign = Signing{service, "us-east-1", &c};
  CurlTransport().send(request);
  l.thread.join();
  const std::size_t at = l.received.find("Authorization: ");
  if (at == std::string::npos) return "";
  return l.received.substr(at + 15, l.received.find("\r\n", at) - at - 15);
}

// AWS's Signature Version 4 test suite (credentials AKIDEXAMPLE, 20150830T123600Z, service
// "service"): the published signatures, including a query written out of canonical order.
TEST(AwsSigV4, TestSuiteVectors) {
  const Credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "test"};
  const std::string scope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";
  HttpRequest get;
  get.url = "/";
  EXPECT_EQ(authorization_for(get, c, "example.amazonaws.com", "20150830T123600Z", "service"),
            scope + "SignedHeaders=host;x-amz-date, "
                    "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  get.url = "/?Param2=value2&Param1=value1";  // get-vanilla-query-order-key-case
  EXPECT_EQ(authorization_for(get, c, "example.amazonaws.com", "20150830T123600Z", "service"),
            scope + "SignedHeaders=host;x-amz-date, "
                    "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  HttpRequest post;  // post-x-www-form-urlencoded
  post.method = "POST";
  post.url = "/";
  post.body = "Param1=value1";
  post.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_EQ(authorization_for(post, c, "example.amazonaws.com", "20150830T123600Z", "service"),
            scope + "SignedHeaders=content-type;host;x-amz-date, "
                    "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

// The S3 examples of AWS's "Authenticating Requests (AWS Signature Version 4)": S3 signs the
// payload hash (x-amz-content-sha256), and a sub-resource without a value ("?lifecycle") is
// canonicalized with an "=".
TEST(AwsSigV4, S3DocumentationExamples) {
  const Credentials c{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", std::nullopt, "test"};
  const std::string scope = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ";
  const std::string host = "examplebucket.s3.amazonaws.com";
  HttpRequest object;
  object.url = "/test.txt";
  object.headers.emplace_back("Range", "bytes=0-9");
  EXPECT_EQ(authorization_for(object, c, host, "20130524T000000Z", "s3"),
            scope + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                    "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  HttpRequest lifecycle;
  lifecycle.url = "/?lifecycle";
  EXPECT_EQ(authorization_for(lifecycle, c, host, "20130524T000000Z", "s3"),
            scope + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                    "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  HttpRequest list;
  list.url = "/?prefix=J&max-keys=2";
  EXPECT_EQ(authorization_for(list, c, host, "20130524T000000Z", "s3"),
            scope + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                    "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

}  // namespace
}  // namespace iw::aws
