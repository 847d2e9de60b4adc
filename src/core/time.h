// Timestamps as AWS writes them (IAM, the credential report, CloudTrail, snapshot.json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iw {

// Seconds since the Unix epoch, UTC.
using Timestamp = std::int64_t;

// Parses "2023-03-09 10:41:34+00:00", "2023-03-09T10:41:34Z", "...34.123Z" (fractions are
// dropped), "...+02:00", "2023-03-09"; nullopt otherwise (also for "N/A", "no_information",
// "not_supported") and for impossible dates such as 30 February.
std::optional<Timestamp> parse_timestamp(std::string_view text);
// "2026-11-01T00:00:00Z".
std::string format_timestamp(Timestamp t);

}  // namespace iw
