#include "aws/retry.h"

#include <algorithm>

namespace iw::aws {

bool RetryPolicy::retryable(long status, std::string_view code) {
  static constexpr std::string_view kThrottling[] = {
      "Throttling",          "ThrottlingException",        "ThrottledException", "RequestLimitExceeded",
      "TooManyRequestsException", "RequestThrottled",      "RequestThrottledException", "SlowDown",
      "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "PriorRequestNotComplete",
      "EC2ThrottledException", "InternalError", "ServiceUnavailable"};
  if (status == 429 || status >= 500) return true;
  return std::find(std::begin(kThrottling), std::end(kThrottling), code) != std::end(kThrottling);
}

std::chrono::milliseconds RetryPolicy::ceiling(int attempt) const {
  long long ms = base.count();
  for (int i = 0; i < attempt && ms < cap.count(); ++i) ms *= 2;
  return std::chrono::milliseconds(std::min<long long>(ms, cap.count()));
}

std::chrono::milliseconds RetryPolicy::delay(int attempt, std::mt19937_64& random) const {
  std::uniform_int_distribution<long long> pick(0, ceiling(attempt).count());
  return std::chrono::milliseconds(pick(random));
}

}  // namespace iw::aws
