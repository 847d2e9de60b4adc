#include "aws/http.h"

#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "core/sha256.h"

namespace iw::aws {

namespace {

// libcurl is loaded when the first request is sent: only the commands that call AWS need it, and
// linking it would make every command (a 40 ms `access diff` included) start by mapping
// libcurl's thirty dependent libraries.
struct Curl {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_setopt) setopt = nullptr;
  decltype(&curl_easy_perform) perform = nullptr;
  decltype(&curl_easy_getinfo) getinfo = nullptr;
  decltype(&curl_easy_strerror) strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
  std::string error;  // why it could not be loaded ("" = loaded)
};

template <typename F>
void bind(void* lib, const char* name, F& out, std::string& error) {
  out = reinterpret_cast<F>(dlsym(lib, name));
  if (out == nullptr && error.empty()) error = std::string("libcurl has no ") + name;
}

const Curl& curl() {
  static const Curl api = [] {
    Curl c;
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      c.error = std::string("libcurl (libcurl.so.4) is needed to call AWS and could not be loaded") +
                (why != nullptr ? std::string(": ") + why : std::string());
      return c;
    }
    bind(lib, "curl_global_init", c.global_init, c.error);
    bind(lib, "curl_easy_init", c.easy_init, c.error);
    bind(lib, "curl_easy_cleanup", c.easy_cleanup, c.error);
    bind(lib, "curl_easy_setopt", c.setopt, c.error);
    bind(lib, "curl_easy_perform", c.perform, c.error);
    bind(lib, "curl_easy_getinfo", c.getinfo, c.error);
    bind(lib, "curl_easy_strerror", c.strerror, c.error);
    bind(lib, "curl_slist_append", c.slist_append, c.error);
    bind(lib, "curl_slist_free_all", c.slist_free_all, c.error);
    if (c.error.empty()) c.global_init(CURL_GLOBAL_DEFAULT);
    return c;
  }();
  if (!api.error.empty()) throw TransportError(api.error);
  return api;
}

struct Easy {
  CURL* handle = curl().easy_init();
  curl_slist* headers = nullptr;
  ~Easy() {
    curl().slist_free_all(headers);
    if (handle != nullptr) curl().easy_cleanup(handle);
  }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<HttpResponse*>(user)->body.append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  const std::string_view line(data, size * count);
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    static_cast<HttpResponse*>(user)->headers[name] = std::string(value);
  }
  return size * count;
}

// `url` with its query string in SigV4's canonical form: parameters sorted by name, then value,
// each with an "=" ("?policy" -> "?policy="). libcurl 7.88 signs the query as it is written, so
// a signed request is sent in the order AWS canonicalizes it, or AWS would compute another
// signature. Parameters are expected already percent-encoded (url_encode).
std::string canonical_query_url(const std::string& url) {
  const std::size_t q = url.find('?');
  if (q == std::string::npos) return url;
  std::vector<std::pair<std::string_view, std::string_view>> params;
  std::string_view rest = std::string_view(url).substr(q + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    const std::size_t eq = part.find('=');
    if (!part.empty()) {
      params.emplace_back(part.substr(0, eq), eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    }
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  std::sort(params.begin(), params.end());
  std::string out = url.substr(0, q);
  char sep = '?';
  for (const auto& [name, value] : params) {
    out.push_back(sep);
    out.append(name).push_back('=');
    out.append(value);
    sep = '&';
  }
  return out;
}

// Sets up `easy` for `request` (method, body, headers, SigV4). `response` receives the answer.
void configure(Easy& easy, const HttpRequest& request, HttpResponse& response, std::string& url,
               std::string& userpwd, std::string& sigv4) {
  CURL* h = easy.handle;
  const Curl& api = curl();
  url = request.sign ? canonical_query_url(request.url) : request.url;
  api.setopt(h, CURLOPT_URL, url.c_str());
  api.setopt(h, CURLOPT_NOSIGNAL, 1L);
  api.setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  api.setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  api.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  api.setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  api.setopt(h, CURLOPT_WRITEDATA, &response);
  api.setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  api.setopt(h, CURLOPT_HEADERDATA, &response);
  if (request.method == "POST" || !request.body.empty()) {
    api.setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    api.setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (request.method != "GET" && request.method != "POST") {
    api.setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  for (const auto& [name, value] : request.headers) {
    easy.headers = api.slist_append(easy.headers, (name + ": " + value).c_str());
  }
  if (request.sign && request.sign->credentials != nullptr) {
    const Credentials& c = *request.sign->credentials;
    if (!c.session_token.empty()) {
      easy.headers = api.slist_append(easy.headers, ("X-Amz-Security-Token: " + c.session_token).c_str());
    }
    if (request.sign->service == "s3") {  // S3 refuses a signed request without its payload hash
      easy.headers = api.slist_append(easy.headers, ("x-amz-content-sha256: " + sha256_hex(request.body)).c_str());
    }
    sigv4 = "aws:amz:" + request.sign->region + ":" + request.sign->service;
    userpwd = c.access_key_id + ":" + c.secret_access_key;
    api.setopt(h, CURLOPT_AWS_SIGV4, sigv4.c_str());
    api.setopt(h, CURLOPT_USERPWD, userpwd.c_str());
  }
  // No "Expect: 100-continue" round trip on POST bodies. Not on signed requests: libcurl 7.88
  // would sign the empty header it then leaves out, and AWS would compute another signature.
  if (!request.sign) easy.headers = api.slist_append(easy.headers, "Expect:");
  api.setopt(h, CURLOPT_HTTPHEADER, easy.headers);
}

// Overwrites the copy of the secret curl was given, so it does not linger in freed memory.
void wipe(std::string& s) {
  for (char& c : s) c = 0;
}

}  // namespace

HttpResponse CurlTransport::send(const HttpRequest& request) {
  const Curl& api = curl();
  Easy easy;
  if (easy.handle == nullptr) throw TransportError("cannot start an HTTP request (curl_easy_init failed)");
  HttpResponse response;
  std::string url, userpwd, sigv4;
  configure(easy, request, response, url, userpwd, sigv4);
  const CURLcode rc = api.perform(easy.handle);
  wipe(userpwd);
  if (rc != CURLE_OK) {
    throw TransportError(request.method + " " + request.url + ": " + api.strerror(rc));
  }
  api.getinfo(easy.handle, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace iw::aws
