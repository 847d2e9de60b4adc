#include "aws/credentials.h"

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "aws/client.h"
#include "core/time.h"
#include "json/json.h"

namespace iw::aws {

namespace {

constexpr int kMaxSourceProfileDepth = 8;

std::string env_or(const World& w, const std::string& name, std::string fallback = {}) {
  std::optional<std::string> v = w.getenv(name);
  return v && !v->empty() ? *v : fallback;
}

std::string home(const World& w) { return env_or(w, "HOME", "."); }

std::string config_path(const World& w) { return env_or(w, "AWS_CONFIG_FILE", home(w) + "/.aws/config"); }
std::string credentials_path(const World& w) {
  return env_or(w, "AWS_SHARED_CREDENTIALS_FILE", home(w) + "/.aws/credentials");
}

std::optional<IniFile> read_ini(const World& w, const std::string& path) {
  std::optional<std::string> text = w.read_file(path);
  if (!text) return std::nullopt;
  try {
    return parse_ini(*text, path);
  } catch (const IniError& e) {
    throw CredentialError(e.what());
  }
}

std::optional<std::chrono::system_clock::time_point> parse_expiration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (std::optional<Timestamp> t = parse_timestamp(text)) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(*t));
  }
  return std::nullopt;
}

// AccessKeyId/SecretAccessKey/(SessionToken|Token)/Expiration of a JSON answer.
Credentials from_json(const std::string& text, const std::string& source) {
  json::ParseError error;
  auto doc = json::parse(text, error);
  if (!doc || doc->root().kind != json::Kind::object) {
    throw CredentialError(source + ": the answer is not a JSON object");
  }
  auto get = [&](const char* key) {
    const json::Node* n = doc->member(doc->root(), key);
    return n != nullptr && n->kind == json::Kind::string ? std::string(n->text) : std::string();
  };
  Credentials c;
  c.access_key_id = get("AccessKeyId");
  c.secret_access_key = get("SecretAccessKey");
  c.session_token = get("SessionToken");
  if (c.session_token.empty()) c.session_token = get("Token");
  c.expiration = parse_expiration(get("Expiration"));
  c.source = source;
  if (c.empty()) throw CredentialError(source + ": the answer has no AccessKeyId and SecretAccessKey");
  return c;
}

Credentials from_sts(const Value& result, const std::string& source) {
  const Value* c = result.find("Credentials");
  if (c == nullptr) throw CredentialError(source + ": STS answered without Credentials");
  Credentials out;
  out.access_key_id = c->str("AccessKeyId");
  out.secret_access_key = c->str("SecretAccessKey");
  out.session_token = c->str("SessionToken");
  out.expiration = parse_expiration(c->str("Expiration"));
  out.source = source;
  if (out.empty()) throw CredentialError(source + ": STS answered without keys");
  return out;
}

std::string session_name(const IniSection& p) {
  if (auto it = p.find("role_session_name"); it != p.end() && !it->second.empty()) return it->second;
  return "iamwarden-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
}

std::string setting(const IniSection& p, const std::string& key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

std::optional<Credentials> from_container(const World& w);
std::optional<Credentials> from_imds(const World& w);

struct Chain {
  const ChainOptions& options;
  const World& world;

  Client sts(Credentials creds, const std::string& region) const {
    ClientOptions o;
    o.region = region.empty() ? "us-east-1" : region;
    o.endpoint_url = options.endpoint_url;
    o.transport = world.transport;
    o.retry.max_attempts = 3;
    return Client(std::move(creds), o);
  }

  Credentials assume_role(const Credentials& source, const IniSection& p, const std::string& who) const {
    Params params{{"RoleArn", setting(p, "role_arn")}, {"RoleSessionName", session_name(p)}};
    if (std::string id = setting(p, "external_id"); !id.empty()) params.emplace_back("ExternalId", id);
    if (std::string d = setting(p, "duration_seconds"); !d.empty()) params.emplace_back("DurationSeconds", d);
    if (std::string m = setting(p, "mfa_serial"); !m.empty()) {
      throw CredentialError(who + ": mfa_serial needs an MFA code, which iamwarden does not prompt for; "
                                  "use temporary credentials (aws sts get-session-token) instead");
    }
    try {
      return from_sts(sts(source, setting(p, "region")).query("sts", "AssumeRole", params), who);
    } catch (const AwsError& e) {
      throw CredentialError(who + ": cannot assume " + setting(p, "role_arn") + ": " + e.what());
    } catch (const TransportError& e) {
      throw CredentialError(who + ": cannot assume " + setting(p, "role_arn") + ": " + e.what());
    }
  }

  Credentials web_identity(const std::string& role_arn, const std::string& token_file, const std::string& name,
                           const std::string& region, const std::string& who) const {
    std::optional<std::string> token = world.read_file(token_file);
    if (!token) throw CredentialError(who + ": cannot read the web identity token file " + token_file);
    while (!token->empty() && (token->back() == '\n' || token->back() == '\r')) token->pop_back();
    Params params{{"RoleArn", role_arn}, {"RoleSessionName", name}, {"WebIdentityToken", *token}};
    try {
      return from_sts(sts(Credentials{}, region).query("sts", "AssumeRoleWithWebIdentity", params), who);
    } catch (const AwsError& e) {
      throw CredentialError(who + ": cannot assume " + role_arn + " with a web identity: " + e.what());
    } catch (const TransportError& e) {
      throw CredentialError(who + ": cannot assume " + role_arn + " with a web identity: " + e.what());
    }
  }

  // Credentials of profile `name` (nullopt when the profile holds no credential settings).
  std::optional<Credentials> profile(const std::string& name, int depth) const {
    const std::string who = "profile " + name;
    if (depth > kMaxSourceProfileDepth) throw CredentialError(who + ": source_profile chain too long (a cycle?)");
    std::optional<IniSection> p = load_profile(name, world);
    if (!p) return std::nullopt;
    const std::string role_arn = setting(*p, "role_arn");
    if (!role_arn.empty()) {
      if (std::string file = setting(*p, "web_identity_token_file"); !file.empty()) {
        return web_identity(role_arn, file, session_name(*p), setting(*p, "region"), who);
      }
      Credentials source;
      if (std::string src = setting(*p, "source_profile"); !src.empty()) {
        // A source profile that is the profile itself uses its static keys (as the CLI does).
        if (src == name) {
          source = static_keys(*p, who).value_or(Credentials{});
        } else {
          std::optional<Credentials> s = profile(src, depth + 1);
          if (!s) throw CredentialError(who + ": source_profile " + src + " is not in the config or credentials file");
          source = *s;
        }
      } else if (std::string cs = setting(*p, "credential_source"); !cs.empty()) {
        std::optional<Credentials> s = cs == "Environment"          ? from_environment()
                                       : cs == "EcsContainer"       ? from_container(world)
                                       : cs == "Ec2InstanceMetadata" ? from_imds(world)
                                                                     : std::nullopt;
        if (!s) throw CredentialError(who + ": credential_source " + cs + " gave no credentials");
        source = *s;
      } else {
        throw CredentialError(who + ": role_arn needs source_profile, credential_source or web_identity_token_file");
      }
      if (source.empty()) throw CredentialError(who + ": its source has no credentials");
      return assume_role(source, *p, who);
    }
    if (std::string command = setting(*p, "credential_process"); !command.empty()) {
      return parse_process_output(world.run(command), who + " credential_process");
    }
    return static_keys(*p, who);
  }

  static std::optional<Credentials> static_keys(const IniSection& p, const std::string& who) {
    Credentials c;
    c.access_key_id = setting(p, "aws_access_key_id");
    c.secret_access_key = setting(p, "aws_secret_access_key");
    c.session_token = setting(p, "aws_session_token");
    c.source = who;
    if (c.access_key_id.empty() && c.secret_access_key.empty()) return std::nullopt;
    if (c.empty()) throw CredentialError(who + ": aws_access_key_id and aws_secret_access_key must both be set");
    return c;
  }

  std::optional<Credentials> from_environment() const {
    Credentials c;
    c.access_key_id = env_or(world, "AWS_ACCESS_KEY_ID");
    c.secret_access_key = env_or(world, "AWS_SECRET_ACCESS_KEY");
    c.session_token = env_or(world, "AWS_SESSION_TOKEN");
    c.source = "environment";
    if (c.access_key_id.empty() && c.secret_access_key.empty()) return std::nullopt;
    if (c.empty()) throw CredentialError("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set");
    return c;
  }

  std::optional<Credentials> from_env_web_identity(const std::string& region) const {
    const std::string file = env_or(world, "AWS_WEB_IDENTITY_TOKEN_FILE");
    const std::string role = env_or(world, "AWS_ROLE_ARN");
    if (file.empty() || role.empty()) return std::nullopt;
    return web_identity(role, file, env_or(world, "AWS_ROLE_SESSION_NAME", "iamwarden"), region,
                        "AWS_WEB_IDENTITY_TOKEN_FILE");
  }
};

std::optional<Credentials> from_container(const World& w) {
  std::string url;
  if (std::string rel = env_or(w, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); !rel.empty()) {
    url = "http://169.254.170.2" + rel;
  } else if (std::string full = env_or(w, "AWS_CONTAINER_CREDENTIALS_FULL_URI"); !full.empty()) {
    url = full;
  } else {
    return std::nullopt;
  }
  HttpRequest request;
  request.url = url;
  request.timeout = std::chrono::milliseconds(2000);
  request.connect_timeout = std::chrono::milliseconds(1000);
  std::string token = env_or(w, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (std::string file = env_or(w, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); !file.empty()) {
    std::optional<std::string> t = w.read_file(file);
    if (!t) throw CredentialError("container credentials: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + file);
    token = *t;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  }
  if (!token.empty()) request.headers.emplace_back("Authorization", token);
  HttpResponse r;
  try {
    r = w.transport->send(request);
  } catch (const TransportError& e) {
    throw CredentialError(std::string("container credentials: ") + e.what());
  }
  if (r.status != 200) throw CredentialError("container credentials: " + url + " answered HTTP " + std::to_string(r.status));
  return from_json(r.body, "container credentials");
}

std::optional<Credentials> from_imds(const World& w) {
  const std::string disabled = env_or(w, "AWS_EC2_METADATA_DISABLED");
  if (disabled == "true" || disabled == "TRUE" || disabled == "True") return std::nullopt;
  std::string base = env_or(w, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254");
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto send = [&](HttpRequest request) -> std::optional<HttpResponse> {
    request.timeout = std::chrono::milliseconds(1000);
    request.connect_timeout = std::chrono::milliseconds(1000);
    try {
      return w.transport->send(request);
    } catch (const TransportError&) {
      return std::nullopt;  // not on EC2
    }
  };
  HttpRequest put;
  put.method = "PUT";
  put.url = base + "/latest/api/token";
  put.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", "21600");
  std::optional<HttpResponse> token = send(put);
  if (!token || token->status != 200) return std::nullopt;
  HttpRequest get;
  get.url = base + "/latest/meta-data/iam/security-credentials/";
  get.headers.emplace_back("X-aws-ec2-metadata-token", token->body);
  std::optional<HttpResponse> roles = send(get);
  if (!roles || roles->status != 200) return std::nullopt;
  std::string role = roles->body.substr(0, roles->body.find('\n'));
  if (role.empty()) return std::nullopt;
  get.url += role;
  std::optional<HttpResponse> creds = send(get);
  if (!creds || creds->status != 200) {
    throw CredentialError("instance metadata: no credentials for the instance profile role " + role);
  }
  return from_json(creds->body, "instance metadata (IMDSv2)");
}

std::string run_shell(const std::string& command) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw CredentialError("credential_process: cannot start the command");
  std::string out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0 && out.size() < (1u << 20)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (status != 0) {
    throw CredentialError("credential_process: the command failed (exit status " +
                          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) + ")");
  }
  return out;
}

}  // namespace

World World::system(Transport* transport) {
  World w;
  w.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v == nullptr ? std::nullopt : std::optional<std::string>(v);
  };
  w.run = run_shell;
  w.read_file = [](const std::string& path) -> std::optional<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  w.transport = transport;
  return w;
}

std::optional<IniSection> load_profile(const std::string& name, const World& world) {
  std::optional<IniSection> out;
  if (std::optional<IniFile> config = read_ini(world, config_path(world))) {
    const std::string section = name == "default" ? "default" : "profile " + name;
    if (auto it = config->find(section); it != config->end()) out = it->second;
    // The CLI also accepts "[profile default]".
    if (!out && name == "default") {
      if (auto it2 = config->find("profile default"); it2 != config->end()) out = it2->second;
    }
  }
  if (std::optional<IniFile> creds = read_ini(world, credentials_path(world))) {
    if (auto it = creds->find(name); it != creds->end()) {
      if (!out) out.emplace();
      for (const auto& [k, v] : it->second) (*out)[k] = v;
    }
  }
  return out;
}

Credentials parse_process_output(const std::string& output, const std::string& source) {
  json::ParseError error;
  auto doc = json::parse(output, error);
  if (!doc || doc->root().kind != json::Kind::object) {
    throw CredentialError(source + ": the output is not a JSON object");
  }
  const json::Node* version = doc->member(doc->root(), "Version");
  if (version == nullptr || version->kind != json::Kind::number || version->text != "1") {
    throw CredentialError(source + ": the output must have \"Version\": 1");
  }
  return from_json(output, source);
}

Credentials assume_role(Client& client, const std::string& role_arn, const std::string& session_name,
                        const std::string& external_id) {
  Params params{{"RoleArn", role_arn}, {"RoleSessionName", session_name}};
  if (!external_id.empty()) params.emplace_back("ExternalId", external_id);
  try {
    return from_sts(client.query("sts", "AssumeRole", params), "role " + role_arn);
  } catch (const AwsError& e) {
    throw CredentialError("cannot assume " + role_arn + ": " + e.what());
  }
}

Resolved resolve_credentials(const ChainOptions& options, const World& world) {
  Chain chain{options, world};
  Resolved out;
  const std::string profile_name =
      !options.profile.empty() ? options.profile : env_or(world, "AWS_PROFILE", env_or(world, "AWS_DEFAULT_PROFILE", "default"));
  std::optional<IniSection> settings = load_profile(profile_name, world);
  if (!options.profile.empty() && !settings) {
    throw CredentialError("profile " + options.profile + " is not in " + config_path(world) + " or " +
                          credentials_path(world));
  }
  out.profile = settings ? profile_name : std::string();
  out.region = options.region;
  if (out.region.empty()) out.region = env_or(world, "AWS_REGION");
  if (out.region.empty()) out.region = env_or(world, "AWS_DEFAULT_REGION");
  if (out.region.empty() && settings) out.region = setting(*settings, "region");
  if (out.region.empty()) out.region = "us-east-1";

  std::optional<Credentials> c;
  if (!options.profile.empty()) {
    c = chain.profile(options.profile, 0);
    if (!c) throw CredentialError("profile " + options.profile + " has no credentials (aws_access_key_id, role_arn, "
                                  "credential_process or web_identity_token_file)");
  }
  if (!c) c = chain.from_environment();
  if (!c && settings) c = chain.profile(profile_name, 0);
  if (!c) c = chain.from_env_web_identity(out.region);
  if (!c) c = from_container(world);
  if (!c) c = from_imds(world);
  if (!c) {
    throw CredentialError("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a "
                          "profile (aws configure, --profile NAME), or run where container or instance "
                          "credentials are available");
  }
  out.credentials = std::move(*c);
  return out;
}

}  // namespace iw::aws
