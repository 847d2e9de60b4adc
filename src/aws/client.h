// Calling AWS services: endpoints, the three wire protocols collect and remediate need, errors
// and retries.
//
//   query(): IAM, STS, SNS, SQS (query mode), EC2 -- a signed POST form body
//            (Action=...&Version=...&params), an XML answer converted with value.h.
//   json():  Organizations, KMS, Secrets Manager, ECR, SSO Admin, Identity Store -- a signed
//            POST of a JSON body with X-Amz-Target (JSON 1.1).
//   rest():  S3 and Lambda -- a signed request to a path; the raw answer.
//
// Every call is retried on throttling and server errors (retry.h), sleeping between attempts,
// and throws AwsError for an AWS error answer (after retries) or TransportError when no
// answer came. With an endpoint URL, every service is sent to it (a local emulator); otherwise
// each to its AWS endpoint in the client's region (IAM and Organizations: their global
// endpoints, signed for us-east-1). Thread-safe: calls may run in parallel.
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "aws/http.h"
#include "aws/retry.h"
#include "aws/value.h"

namespace iw::aws {

// An error answer from AWS. `code` is AWS's error code ("AccessDenied", "NoSuchEntity").
struct AwsError : std::runtime_error {
  AwsError(std::string api_, std::string code_, long status_, const std::string& message);
  std::string api;   // "iam:GetAccountAuthorizationDetails"
  std::string code;
  long status = 0;
  // The caller lacks the permission (AccessDenied, AccessDeniedException, UnauthorizedOperation,
  // AuthorizationError, or HTTP 403 without a more specific code).
  bool access_denied() const;
};

using Params = std::vector<std::pair<std::string, std::string>>;

struct ClientOptions {
  std::string region = "us-east-1";
  std::string endpoint_url;        // "" = AWS's endpoints
  RetryPolicy retry;
  Transport* transport = nullptr;  // not owned; null = a CurlTransport of the client's own
};

class Client {
 public:
  Client(Credentials credentials, ClientOptions options);

  Value query(std::string_view service, std::string_view action, const Params& params = {});
  Value json(std::string_view service, std::string_view target, std::string_view action, const std::string& body);
  HttpResponse rest(std::string_view service, std::string_view method, const std::string& path,
                    const std::string& body = {});

  const std::string& region() const { return options_.region; }
  const ClientOptions& options() const { return options_; }
  // How many requests were sent (retries included): for the progress line and benchmarks.
  std::size_t requests() const { return requests_.load(); }

  // The base URL and the signing region of `service` ("https://iam.amazonaws.com", "us-east-1").
  std::pair<std::string, std::string> endpoint(std::string_view service) const;

 private:
  HttpResponse send_with_retries(HttpRequest request, const std::string& api);

  Credentials credentials_;
  ClientOptions options_;
  CurlTransport own_transport_;
  std::atomic<std::size_t> requests_{0};
};

// The query API version of a service ("2010-05-08" for IAM).
std::string_view query_version(std::string_view service);

// Parses an error answer (XML or JSON) into its code and message.
std::pair<std::string, std::string> parse_error(const HttpResponse& response);

}  // namespace iw::aws
