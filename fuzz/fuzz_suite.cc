// Fuzz target: a policy test suite (`iamwarden test`), as YAML and as JSON, from memory.
// Parsing must return a value or a located error, never crash. Suites that parse are loaded
// with an in-memory reader (one small policy per kind, chosen by the path; paths containing
// "missing" are unreadable), run, and written in every output format.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "testsuite/output.h"
#include "testsuite/suite.h"

namespace {

const char* kPolicy = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "S", "Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*",
   "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}]})";
const char* kIdentity = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:Get*", "iam:PassRole"], "Resource": "*"},
  {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}]})";
const char* kRcp = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
   "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalAccount": "111122223333"}}}]})";

std::optional<std::string> memory_reader(const std::string& path, std::string& error) {
  if (path.find("missing") != std::string::npos) {
    error = "No such file or directory";
    return std::nullopt;
  }
  // Principal is required in resource policies and RCPs and forbidden in the others.
  if (path.find("rcp") != std::string::npos) return std::string(kRcp);
  return std::string(path.find("resource") != std::string::npos ? kPolicy : kIdentity);
}

void one(std::string_view text, iw::testsuite::Syntax syntax) {
  auto spec = iw::testsuite::parse_suite(text, "fuzz/suite", syntax);
  if (!spec) {
    if (spec.error.empty()) std::abort();
    return;
  }
  auto loaded = iw::testsuite::load_suite(std::move(*spec.value), memory_reader);
  if (!loaded) return;
  const iw::testsuite::SuiteResult result = iw::testsuite::run_suite(*loaded.value);
  for (const iw::testsuite::CaseResult& c : result.cases) {
    const bool ok = iw::testsuite::satisfies(c.outcome, c.expected) &&
                    (!c.expected_denied_by || *c.expected_denied_by == c.denied_by);
    if (ok != c.passed || c.passed != c.summary.empty()) std::abort();
  }
  (void)iw::testsuite::write_text({result}, true, true);
  (void)iw::testsuite::write_json({result});
  (void)iw::testsuite::write_junit({result});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  one(text, iw::testsuite::Syntax::yaml);
  one(text, iw::testsuite::Syntax::json);
  return 0;
}
