#include "cli/aws_options.h"

#include "aws/credentials.h"
#include "cli/command.h"

namespace iw::cli {

void add_aws_options(CLI::App& command, AwsArgs& args) {
  command.add_option("--profile", args.profile, "AWS profile of the shared config/credentials files");
  command.add_option("--region", args.region,
                     "AWS region (default AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1)");
  command.add_option("--endpoint-url", args.endpoint_url,
                     "Send every AWS service to this URL (a local emulator such as moto)");
}

std::unique_ptr<aws::Client> make_client(const AwsArgs& args) {
  static aws::CurlTransport transport;
  return with_aws_errors([&] {
    aws::ChainOptions chain{args.profile, args.region, args.endpoint_url};
    aws::Resolved r = aws::resolve_credentials(chain, aws::World::system(&transport));
    aws::ClientOptions options;
    options.region = r.region;
    options.endpoint_url = args.endpoint_url;
    return std::make_unique<aws::Client>(std::move(r.credentials), options);
  });
}

}  // namespace iw::cli
