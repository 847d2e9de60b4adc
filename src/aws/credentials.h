// The standard AWS credential chain and region resolution, as the AWS CLI resolves them.
//
// With --profile P: only that profile is used (an error when it is missing or yields nothing).
// Otherwise, in order, the first source that yields credentials:
//   1. environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
//   2. the profile AWS_PROFILE (else "default") of the shared files -- AWS_CONFIG_FILE (default
//      ~/.aws/config, sections "[profile NAME]" and "[default]") merged with
//      AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials, sections "[NAME]"; its values win):
//        role_arn + source_profile | credential_source (+ external_id, role_session_name,
//        duration_seconds): STS AssumeRole with the source's credentials;
//        role_arn + web_identity_token_file: STS AssumeRoleWithWebIdentity;
//        credential_process: the command's JSON output (Version 1);
//        aws_access_key_id + aws_secret_access_key (+ aws_session_token);
//   3. web identity from the environment: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
//      (+ AWS_ROLE_SESSION_NAME);
//   4. container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on 169.254.170.2) or
//      AWS_CONTAINER_CREDENTIALS_FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE);
//   5. EC2 instance metadata, IMDSv2 (a token PUT, then GETs), unless AWS_EC2_METADATA_DISABLED;
//      AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the address.
// Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1.
//
// Errors are CredentialError; their messages name the source and file, never a secret.
// The world (environment, HTTP, processes) is injected so tests run offline.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "aws/http.h"
#include "aws/ini.h"

namespace iw::aws {

struct CredentialError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct World {
  // The environment variable's value, or nullopt when unset.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  // Runs a credential_process command line and returns its standard output; throws
  // CredentialError when it fails (the message must not contain its output).
  std::function<std::string(const std::string&)> run;
  // The text of a file, or nullopt when it does not exist.
  std::function<std::optional<std::string>(const std::string&)> read_file;
  Transport* transport = nullptr;  // STS, container and instance metadata requests

  // The real environment, /bin/sh, the file system and `transport`.
  static World system(Transport* transport);
};

struct ChainOptions {
  std::string profile;       // --profile, "" = not given
  std::string region;        // --region, "" = not given
  std::string endpoint_url;  // --endpoint-url: also where STS role assumption goes
};

struct Resolved {
  Credentials credentials;
  std::string region;
  std::string profile;  // the profile read ("" when none)
};

Resolved resolve_credentials(const ChainOptions& options, const World& world);

// The settings of profile `name`: the config file's section merged with the credentials file's
// (empty when neither has it). Throws CredentialError on a malformed file.
std::optional<IniSection> load_profile(const std::string& name, const World& world);

// Credentials from a credential_process's output (JSON: Version 1, AccessKeyId,
// SecretAccessKey, SessionToken, Expiration). Throws CredentialError on bad output.
Credentials parse_process_output(const std::string& output, const std::string& source);

// STS AssumeRole through `client` (whose credentials are the caller's): the role's temporary
// credentials. Throws CredentialError naming the role (never a secret).
Credentials assume_role(class Client& client, const std::string& role_arn, const std::string& session_name,
                        const std::string& external_id = {});

}  // namespace iw::aws
