// The fast request readers (eval/request_stream.h) against the located reader
// (eval/request_file.h): same requests accepted, same RequestSpec, located messages.
#include "eval/request_stream.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/source.h"

namespace iw::eval {
namespace {

std::string describe(const RequestSpec& s) {
  std::string out = s.principal + "|" + s.action + "|" + s.resource + "|" + s.resource_account + "|" +
                    s.federated_by + "|";
  for (const ContextEntry& e : s.context.entries()) {
    out += e.key + (e.multi ? "[]" : "") + "=";
    for (const std::string& v : e.values) out += v + ",";
    out += ";";
  }
  return out;
}

// The fast reader on `json` (padded as SourceText pads), checked against the located reader.
bool fast_agrees(const std::string& json, std::string_view federated_by = {}) {
  const SourceText padded("line", json);
  RequestSpec fast;
  const bool accepted = read_request_fast(padded.text(), federated_by, fast);
  auto located = read_request_object(json, "line", 1, federated_by);
  EXPECT_EQ(accepted, static_cast<bool>(located)) << json << "\n" << located.error;
  if (accepted && located) {
    EXPECT_EQ(describe(fast), describe(*located.value)) << json;
  }
  return accepted;
}

const std::string kBase = R"("principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", )"
                          R"("resource": "arn:aws:s3:::b/k")";

TEST(RequestStream, FastReaderReadsWhatTheLocatedReaderReads) {
  EXPECT_TRUE(fast_agrees("{" + kBase + "}"));
  EXPECT_TRUE(fast_agrees("  {" + kBase + R"(, "resource_account": null, "context": null}  )"));
  EXPECT_TRUE(fast_agrees("{" + kBase + R"(, "resource_account": "444455556666", "federated_by": "x"})"));
  EXPECT_TRUE(fast_agrees("{" + kBase + "}", "arn:aws:iam::111122223333:user/fed"));
  EXPECT_TRUE(fast_agrees("{" + kBase + R"(, "context": {"aws:SourceIp": "10.1.2.3", "aws:TagKeys": ["a", "b"],
      "aws:MultiFactorAuthAge": 3600, "aws:SecureTransport": true, "n": -1.5e3, "big": 1e99,
      "aws:CalledVia": [], "l": [true, 2, "x"]}})"));
  // Escapes in keys and values, unicode.
  EXPECT_TRUE(fast_agrees(R"({"princip\u0061l": "arn:aws:iam::111122223333:user/a\"b", "action": "s3:Get\u004fbject",)"
                          R"( "resource": "arn:aws:s3:::b/\u00e9\ud83d\ude00", "context": {"k\n": "v\\w", "é": "ü"}})"));
  // An empty tag value is null; the key is then absent and may come again in another case.
  EXPECT_TRUE(fast_agrees("{" + kBase + R"(, "context": {"aws:PrincipalTag/x": "", "aws:principaltag/X": "a"}})"));
  EXPECT_TRUE(fast_agrees("{" + kBase + R"(, "context": {"aws:TagKeys": [""], "AWS:TAGKEYS": ["b"]}})"));
  // A comment may hold anything the JSON reader accepts.
  EXPECT_TRUE(fast_agrees("{" + kBase + R"(, "comment": {"a": [1, {"b": null}], "c": "d\u0041", "e": false}})"));
  EXPECT_TRUE(fast_agrees("{" + kBase + R"(, "comment": )" + std::string(60, '[') + std::string(60, ']') + "}"));
}

TEST(RequestStream, FastReaderRefusesWhatTheLocatedReaderRefuses) {
  for (const std::string& bad : std::vector<std::string>{
           std::string("[]"), std::string("\"x\""), std::string("{}"), std::string(""), std::string("{"),
           "{" + kBase + "} {}",                                     // trailing content
           "\xEF\xBB\xBF{" + kBase + "}",                             // byte order mark
           "{" + kBase + R"(, "principal": "x"})",                   // duplicate field
           "{" + kBase + R"(, "Principal": "x"})",                   // unknown field
           std::string(R"({"principal": "", "action": "s3:GetObject", "resource": "*"})"),  // empty principal
           std::string(R"({"action": "s3:GetObject", "resource": "*"})"),         // no principal
           std::string(R"({"principal": 5, "action": "s3:GetObject", "resource": "*"})"),
           "{" + kBase + R"(, "resource_account": 5})",
           "{" + kBase + R"(, "federated_by": null})",
           "{" + kBase + R"(, "context": []})",
           "{" + kBase + R"(, "context": {"a": null}})",
           "{" + kBase + R"(, "context": {"a": {"b": "c"}}})",
           "{" + kBase + R"(, "context": {"a": [["b"]]}})",
           "{" + kBase + R"(, "context": {"a": "b", "A": "c"}})",    // twice, case-insensitively
           "{" + kBase + R"(, "context": {"a": [], "a": "c"}})",     // twice exactly, the first absent
           "{" + kBase + R"(, "context": {"a": 01}})",               // invalid number
           "{" + kBase + R"(, "context": {"a": 1e999}})",            // out of range: refused too
           "{" + kBase + R"(, "context": {"a": tru}})",
           "{" + kBase + R"(, "context": {"a": "\x"}})",             // invalid escape
           "{" + kBase + R"(, "comment": {"a": 1, "a": 2}})",        // duplicate key anywhere
           "{" + kBase + R"(, "comment": [1 2]})",
           "{" + kBase + R"(, "comment": nul})",
           "{" + kBase + R"(, "comment": )" + std::string(70, '[') + std::string(70, ']') + "}",  // too deep
           "{" + kBase + ", \"context\": {\"a\": \"\x01\"}}",       // control character
           "{" + kBase + ", \"context\": {\"a\": \"\xC3\x28\"}}",   // invalid UTF-8
           // A colon where a comma belongs, after a string read in place (On-Demand skipping a
           // value it did not consume ended the object there, accepting the line).
           // value it did not consume, then one closing brace too many, ended the object there:
           // fuzz/corpus/ndjson/viewed-string-colon).
           "{" + kBase + R"(: "context": {"a": "b"}})",
           "{" + kBase + R"(: "aws:SourceIp": "192.0.2.1"}})",
           "{" + kBase + R"(: "x":"y","z":"w"}})",
           std::string(R"({"principal": "arn:aws:iam::111122223333:user/a": "action": "s3:GetObject", "resource": "*"}})"),
           "{" + kBase + R"(, "context": {"a": "b": "c"}}})",
           "{" + kBase + R"(, "context": {"a": ["b": "c"]}})",
           "{" + kBase + R"( "comment": "x"}})",                      // no comma at all
       }) {
    EXPECT_FALSE(fast_agrees(bad)) << bad;
  }
}

// NDJSON text read through a temporary file.
struct Ndjson {
  std::vector<RequestSpec> specs;
  std::vector<std::size_t> lines;
  NdjsonRequests::Status last = NdjsonRequests::Status::end;
  std::string error;
};

Ndjson read_ndjson(const std::string& text, std::size_t max_line = 1u << 20, std::string federated_by = {}) {
  std::FILE* f = std::tmpfile();
  std::fwrite(text.data(), 1, text.size(), f);
  std::fflush(f);
  std::rewind(f);
  LineReader lines(fileno(f), max_line);
  NdjsonRequests requests(lines, "in.ndjson", std::move(federated_by));
  Ndjson out;
  RequestSpec spec;
  while ((out.last = requests.next(spec)) == NdjsonRequests::Status::request) {
    out.specs.push_back(spec);
    out.lines.push_back(requests.line());
  }
  out.error = requests.error();
  std::fclose(f);
  return out;
}

TEST(RequestStream, NdjsonReadsOneRequestPerLine) {
  const Ndjson r = read_ndjson("{" + kBase + R"(, "context": {"aws:SourceIp": "10.0.0.1"}})" + "\n" +
                               R"({"principal": "anonymous", "action": "s3:ListBucket", "resource": "*"})" + "\n");
  ASSERT_EQ(r.last, NdjsonRequests::Status::end) << r.error;
  ASSERT_EQ(r.specs.size(), 2u);
  EXPECT_EQ(r.specs[0].principal, "arn:aws:iam::111122223333:user/alice");
  ASSERT_NE(r.specs[0].context.find("aws:sourceip"), nullptr);
  EXPECT_EQ(r.specs[0].context.find("aws:sourceip")->values[0], "10.0.0.1");
  EXPECT_EQ(r.specs[1].principal, "anonymous");
  EXPECT_TRUE(r.specs[1].context.entries().empty());  // the reused spec was cleared
  EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 2}));
}

TEST(RequestStream, NdjsonSkipsBlankLinesAndAcceptsCrlf) {
  const std::string line = "{" + kBase + "}";
  const Ndjson r = read_ndjson("\n  \t\r\n" + line + "\r\n\r\n" + line + "\r\n" + line);
  ASSERT_EQ(r.last, NdjsonRequests::Status::end) << r.error;
  EXPECT_EQ(r.lines, (std::vector<std::size_t>{3, 5, 6}));
  for (const RequestSpec& s : r.specs) EXPECT_EQ(s.resource, "arn:aws:s3:::b/k");
}

TEST(RequestStream, NdjsonNamesTheLineOfABadRequest) {
  const std::string good = "{" + kBase + "}\n";
  Ndjson r = read_ndjson(good + "\n" + R"({"principal": 5, "action": "s3:GetObject", "resource": "*"})" + "\n" + good);
  EXPECT_EQ(r.last, NdjsonRequests::Status::error);
  EXPECT_EQ(r.specs.size(), 1u);
  EXPECT_EQ(r.error, "in.ndjson:3:15: \"principal\" must be a string");
  r = read_ndjson(good + good + "{" + kBase + ", }\n");
  EXPECT_EQ(r.last, NdjsonRequests::Status::error);
  EXPECT_EQ(r.error.rfind("in.ndjson:3:", 0), 0u) << r.error;
  EXPECT_NE(r.error.find("invalid JSON"), std::string::npos) << r.error;
  r = read_ndjson(good + R"({"principal": "a", "action": "b"})" + "\n");
  EXPECT_EQ(r.error, "in.ndjson:2:1: the request has no \"resource\"");
  r = read_ndjson(good + "[]\n");
  EXPECT_EQ(r.error, "in.ndjson:2:1: a request line must be a JSON object");
}

TEST(RequestStream, NdjsonRefusesALineOverTheLimit) {
  const std::string good = "{" + kBase + "}\n";
  const Ndjson r = read_ndjson(good + "{" + kBase + ", \"comment\": \"" + std::string(300, 'x') + "\"}\n" + good, 200);
  EXPECT_EQ(r.last, NdjsonRequests::Status::error);
  EXPECT_EQ(r.specs.size(), 1u);
  EXPECT_EQ(r.error, "in.ndjson:2: line longer than the limit of 200 bytes");
}

TEST(RequestStream, NdjsonAppliesTheDefaultFederatedBy) {
  const Ndjson r = read_ndjson("{" + kBase + "}\n{" + kBase + R"(, "federated_by": "own"})", 1u << 20, "base");
  ASSERT_EQ(r.specs.size(), 2u);
  EXPECT_EQ(r.specs[0].federated_by, "base");
  EXPECT_EQ(r.specs[1].federated_by, "own");
}

const char* kBatch = R"({
  "federated_by": "arn:aws:iam::111122223333:user/f",
  "identity_policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}],
  "requests": [
    {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
     "context": {"aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"]}},
    {"principal": "anonymous", "action": "s3:ListBucket", "resource": "*", "comment": {"why": ["x"]}},
    {"principal": "arn:aws:sts::111122223333:federated-user/bob", "action": "s3:GetObject", "resource": "*",
     "federated_by": "arn:aws:iam::111122223333:user/g"}
  ],
  "comment": "requests first, more after"
})";

TEST(RequestStream, BatchReadsTheRequestsInPlace) {
  auto source = std::make_shared<const SourceText>("batch.json", kBatch);
  auto streamed = parse_request_file(source, RequestsMode::stream);
  auto located = parse_request_file(kBatch, "batch.json");
  ASSERT_TRUE(streamed) << streamed.error;
  ASSERT_TRUE(located) << located.error;
  EXPECT_TRUE(streamed.value->batch);
  EXPECT_TRUE(streamed.value->requests.empty());
  EXPECT_EQ(streamed.value->policies.identity.size(), 1u);
  BatchRequests requests(*streamed.value);
  for (int pass = 0; pass < 2; ++pass) {  // the second after rewind()
    RequestSpec spec;
    std::vector<std::string> read;
    while (requests.next(spec)) read.push_back(describe(spec));
    EXPECT_FALSE(requests.failed());
    EXPECT_EQ(requests.count(), 3u);
    ASSERT_EQ(read.size(), located.value->requests.size());
    for (std::size_t i = 0; i < read.size(); ++i) EXPECT_EQ(read[i], describe(located.value->requests[i]));
    requests.rewind();
  }
}

TEST(RequestStream, BatchStopsAtABadRequest) {
  const std::string text = R"({"requests": [{"principal": "anonymous", "action": "s3:GetObject", "resource": "*"},
                                             {"principal": "anonymous", "action": 5, "resource": "*"},
                                             {"principal": "anonymous", "action": "s3:GetObject", "resource": "*"}]})";
  auto source = std::make_shared<const SourceText>("bad.json", text);
  auto file = parse_request_file(source, RequestsMode::stream);
  ASSERT_TRUE(file) << file.error;  // the array is not read yet
  BatchRequests requests(*file.value);
  RequestSpec spec;
  EXPECT_TRUE(requests.next(spec));
  EXPECT_FALSE(requests.next(spec));
  EXPECT_TRUE(requests.failed());
  auto located = parse_request_file(text, "bad.json");  // what the caller then reports
  EXPECT_EQ(located.error, "bad.json:2:83: \"action\" must be a string");
}

TEST(RequestStream, PoliciesOnlyModeNeedsNoRequest) {
  const std::string policies = R"({"identity_policies": []})";
  EXPECT_FALSE(parse_request_file(policies, "p.json"));
  auto base = parse_request_file(std::make_shared<const SourceText>("p.json", policies), RequestsMode::ignore);
  ASSERT_TRUE(base) << base.error;
  EXPECT_TRUE(base.value->requests.empty());
  auto batch = parse_request_file(std::make_shared<const SourceText>("b.json", kBatch), RequestsMode::ignore);
  ASSERT_TRUE(batch) << batch.error;
  EXPECT_TRUE(batch.value->requests.empty());
  EXPECT_EQ(batch.value->federated_by, "arn:aws:iam::111122223333:user/f");
}

}  // namespace
}  // namespace iw::eval
