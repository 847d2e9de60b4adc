// When and how long to wait before repeating an AWS call: exponential backoff with full jitter
// (the delay before attempt n+1 is uniform in [0, min(cap, base * 2^n)]), on throttling errors
// (Throttling, ThrottlingException, RequestLimitExceeded, TooManyRequestsException,
// RequestThrottled, SlowDown, HTTP 429), server errors (HTTP 5xx) and requests that got no answer.
#pragma once

#include <chrono>
#include <random>
#include <string_view>

namespace iw::aws {

struct RetryPolicy {
  int max_attempts = 6;                     // the first try included
  int max_transport_attempts = 2;           // for requests that got no answer (closed port, DNS)
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds cap{10000};

  // True when an answer with this status and error code is worth another attempt.
  static bool retryable(long status, std::string_view error_code);
  // The largest delay before attempt `attempt` + 1 (attempt counts from 0): min(cap, base * 2^attempt).
  std::chrono::milliseconds ceiling(int attempt) const;
  // A delay drawn uniformly from [0, ceiling(attempt)].
  std::chrono::milliseconds delay(int attempt, std::mt19937_64& random) const;
};

}  // namespace iw::aws
