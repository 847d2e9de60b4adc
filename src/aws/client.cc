#include "aws/client.h"

#include <pugixml.hpp>

#include <random>
#include <thread>

#include "json/json.h"

namespace iw::aws {

AwsError::AwsError(std::string api_, std::string code_, long status_, const std::string& message)
    : std::runtime_error(api_ + ": " + (code_.empty() ? "HTTP " + std::to_string(status_) : code_) +
                         (message.empty() ? "" : ": " + message)),
      api(std::move(api_)),
      code(std::move(code_)),
      status(status_) {}

bool AwsError::access_denied() const {
  return code == "AccessDenied" || code == "AccessDeniedException" || code == "UnauthorizedOperation" ||
         code == "AuthorizationError" || code == "UnauthorizedException" || (status == 403 && code.empty());
}

std::string_view query_version(std::string_view service) {
  if (service == "iam") return "2010-05-08";
  if (service == "sts") return "2011-06-15";
  if (service == "sns") return "2010-03-31";
  if (service == "sqs") return "2012-11-05";
  if (service == "ec2") return "2016-11-15";
  return "";
}

std::pair<std::string, std::string> parse_error(const HttpResponse& response) {
  std::string code, message;
  if (auto it = response.headers.find("x-amzn-errortype"); it != response.headers.end()) code = it->second;
  const std::string_view body = response.body;
  const std::size_t start = body.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && body[start] == '<') {
    pugi::xml_document doc;
    if (doc.load_buffer(body.data(), body.size())) {
      // <ErrorResponse><Error>, <Error> (S3), <Response><Errors><Error> (EC2)
      pugi::xml_node error = doc.select_node("//Error").node();
      if (error) {
        code = error.child_value("Code");
        message = error.child_value("Message");
      }
    }
  } else if (start != std::string_view::npos && body[start] == '{') {
    json::ParseError pe;
    if (auto doc = json::parse(body, pe); doc && doc->root().kind == json::Kind::object) {
      for (const char* key : {"__type", "code", "Code"}) {
        if (const json::Node* n = doc->member(doc->root(), key); n && n->kind == json::Kind::string) {
          code = std::string(n->text);
          break;
        }
      }
      for (const char* key : {"message", "Message"}) {
        if (const json::Node* n = doc->member(doc->root(), key); n && n->kind == json::Kind::string) {
          message = std::string(n->text);
          break;
        }
      }
    }
  }
  // "com.amazonaws...#AccessDeniedException" and "AccessDeniedException:http://..." -> the name.
  if (const std::size_t hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
  if (const std::size_t colon = code.find(':'); colon != std::string::npos) code = code.substr(0, colon);
  if (message.size() > 500) message = message.substr(0, 500) + "...";
  return {code, message};
}

Client::Client(Credentials credentials, ClientOptions options)
    : credentials_(std::move(credentials)), options_(std::move(options)) {
  while (!options_.endpoint_url.empty() && options_.endpoint_url.back() == '/') options_.endpoint_url.pop_back();
}

std::pair<std::string, std::string> Client::endpoint(std::string_view service) const {
  const std::string& region = options_.region;
  std::string signing_region = region;
  if (service == "iam" || service == "organizations") signing_region = "us-east-1";
  if (!options_.endpoint_url.empty()) return {options_.endpoint_url, signing_region};
  if (service == "iam") return {"https://iam.amazonaws.com", signing_region};
  if (service == "organizations") return {"https://organizations.us-east-1.amazonaws.com", signing_region};
  if (service == "ecr") return {"https://api.ecr." + region + ".amazonaws.com", region};
  return {"https://" + std::string(service) + "." + region + ".amazonaws.com", region};
}

HttpResponse Client::send_with_retries(HttpRequest request, const std::string& api) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  int transport_failures = 0;
  for (int attempt = 0;; ++attempt) {
    ++requests_;
    HttpResponse response;
    try {
      response = (options_.transport != nullptr ? *options_.transport : own_transport_).send(request);
    } catch (const TransportError&) {
      if (++transport_failures >= options_.retry.max_transport_attempts) throw;
      std::this_thread::sleep_for(options_.retry.delay(attempt, random));
      continue;
    }
    if (response.status >= 200 && response.status < 300) return response;
    auto [code, message] = parse_error(response);
    if (!RetryPolicy::retryable(response.status, code) || attempt + 1 >= options_.retry.max_attempts) {
      throw AwsError(api, code, response.status, message);
    }
    std::this_thread::sleep_for(options_.retry.delay(attempt, random));
  }
}

Value Client::query(std::string_view service, std::string_view action, const Params& params) {
  auto [url, signing_region] = endpoint(service);
  HttpRequest request;
  request.method = "POST";
  request.url = url + "/";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = "Action=" + url_encode(action) + "&Version=" + url_encode(query_version(service));
  for (const auto& [k, v] : params) {
    request.body += '&';
    request.body += url_encode(k);
    request.body += '=';
    request.body += url_encode(v);
  }
  // Unsigned when there are no credentials (AssumeRoleWithWebIdentity is called so).
  if (!credentials_.empty()) request.sign = Signing{std::string(service), signing_region, &credentials_};
  const std::string api = std::string(service) + ":" + std::string(action);
  const HttpResponse response = send_with_retries(std::move(request), api);
  try {
    return parse_xml_response(response.body);
  } catch (const XmlError& e) {
    throw AwsError(api, "", response.status, e.what());
  }
}

Value Client::json(std::string_view service, std::string_view target, std::string_view action, const std::string& body) {
  auto [url, signing_region] = endpoint(service);
  HttpRequest request;
  request.method = "POST";
  request.url = url + "/";
  request.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  request.headers.emplace_back("X-Amz-Target", std::string(target) + "." + std::string(action));
  request.body = body.empty() ? "{}" : body;
  request.sign = Signing{std::string(service), signing_region, &credentials_};
  const std::string api = std::string(service) + ":" + std::string(action);
  const HttpResponse response = send_with_retries(std::move(request), api);
  if (response.body.empty()) return Value::object();
  try {
    return parse_json_value(response.body);
  } catch (const XmlError& e) {
    throw AwsError(api, "", response.status, e.what());
  }
}

HttpResponse Client::rest(std::string_view service, std::string_view method, const std::string& path,
                          const std::string& body) {
  auto [url, signing_region] = endpoint(service);
  HttpRequest request;
  request.method = std::string(method);
  request.url = url + path;
  request.body = body;
  request.sign = Signing{std::string(service), signing_region, &credentials_};
  const std::string api = std::string(service) + ":" + std::string(method) + " " + path.substr(0, path.find('?'));
  return send_with_retries(std::move(request), api);
}

}  // namespace iw::aws
