// The options of the commands that call AWS (collect, remediate apply/rollback, keys rotate):
//
//   --profile NAME       a profile of the shared config/credentials files (else the standard
//                        credential chain: environment, AWS_PROFILE/default, web identity,
//                        container, instance metadata)
//   --region REGION      else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1
//   --endpoint-url URL   send every service to this endpoint (a local AWS emulator)
//
// and the client they make. Credential and connection problems are InputError (exit 2); their
// messages never contain a secret.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "aws/client.h"
#include "aws/credentials.h"
#include "cli/command.h"

namespace iw::cli {

struct AwsArgs {
  std::string profile;
  std::string region;
  std::string endpoint_url;
};

void add_aws_options(CLI::App& command, AwsArgs& args);

// A client with the resolved credentials and region. Throws InputError when none resolve.
std::unique_ptr<aws::Client> make_client(const AwsArgs& args);

// Runs `fn`, turning AWS, transport and credential errors into InputError (exit 2).
template <typename Fn>
auto with_aws_errors(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const aws::AwsError& e) {
    throw InputError(e.what());
  } catch (const aws::TransportError& e) {
    throw InputError(std::string(e.what()) + " (is the endpoint reachable?)");
  } catch (const aws::CredentialError& e) {
    throw InputError(e.what());
  }
}

}  // namespace iw::cli
