// HTTP for the AWS APIs: one request/response pair, an injectable transport, and the libcurl
// transport that signs requests with AWS Signature Version 4 (CURLOPT_AWS_SIGV4).
//
// The transport is an interface so tests and the credential chain can be given a fake one.
// CurlTransport is thread-safe (each send() uses its own easy handle); curl_global_init runs
// once, on first use. A transport never logs request bodies or credentials, and its error
// messages name the method and URL only.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace iw::aws {

// Long-term or temporary AWS credentials. The secret never appears in a message or a file
// written by iamwarden (except the key file of `keys rotate`).
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;                                   // "" for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;                                          // where they came from ("environment", "profile dev", ...)
  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

// How to sign: SigV4 with the credential scope REGION/SERVICE.
struct Signing {
  std::string service;  // "iam", "sts", "s3", ...
  std::string region;   // "us-east-1"
  const Credentials* credentials = nullptr;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<Signing> sign;           // unset: sent unsigned (IMDS, container credentials)
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{5000};
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// A request that got no HTTP answer (connection refused, DNS, timeout). The message names the
// method and URL and the transport's reason.
struct TransportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends `request` once. Returns the response whatever its status; throws TransportError when
  // there was none.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

class CurlTransport : public Transport {
 public:
  HttpResponse send(const HttpRequest& request) override;
};

// Percent-encoding of RFC 3986 (unreserved characters kept), as AWS query strings and form
// bodies need.
std::string url_encode(std::string_view s);

}  // namespace iw::aws
