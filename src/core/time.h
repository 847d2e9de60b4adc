// Dates and times: the one reader of calendar dates, clock times and zone offsets.
//
// Two grammars share it:
//   parse_instant   — the values of Date condition operators (aws-evaluation-semantics.md §5.3).
//                     The engine compares with it and lint's condition-type-mismatch accepts
//                     exactly what it accepts.
//   parse_timestamp — the timestamps AWS writes (IAM API output, the credential report,
//                     CloudTrail, snapshot files): more separators and zone forms, seconds only.
// Both reject impossible calendar dates (30 February, 29 February of a common year), hours
// above 23 and minutes above 59 (so "24:00" is rejected), and never throw.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iw {

// An instant: seconds since 1970-01-01T00:00:00Z plus a fraction in units of 1e-18 s.
struct Instant {
  std::int64_t seconds = 0;
  std::int64_t fraction = 0;  // [0, 1e18)
  auto operator<=>(const Instant&) const = default;
};

// A Date condition value:
//   YYYY-MM | YYYY-MM-DD | YYYY-MM-DDThh:mm[:ss[.s+]][Z | ±hh:mm]   (no zone = UTC; the
//     proleptic Gregorian calendar; seconds 00–59; zone offsets up to ±23:59)
//   or epoch seconds: 1 to 18 digits, optionally with a fraction (".5").
// Fraction digits beyond the 18th are below the resolution and ignored.
std::optional<Instant> parse_instant(std::string_view text);

// Seconds since the Unix epoch, UTC.
using Timestamp = std::int64_t;

// An AWS timestamp: "2023-03-09", "2023-03-09T10:41:34Z", "2023-03-09 10:41:34+00:00",
// "...34.123Z" (fractions are dropped), "...T10:41" (no seconds), zones Z, ±hh:mm, ±hhmm, ±hh or
// none (UTC); 'T' and 'Z' in either case; second 60 (a leap second) counts as the next minute.
// nullopt otherwise (also for "N/A", "no_information", "not_supported").
std::optional<Timestamp> parse_timestamp(std::string_view text);
// "2026-11-01T00:00:00Z".
std::string format_timestamp(Timestamp t);

// An ISO 8601 duration of fixed length in seconds: "PT8H", "PT1H30M", "P1DT2H", "PT900S" (days,
// hours, minutes, seconds; each an integer, at least one present, 'T' before the time part).
// Years, months, weeks and fractions are rejected (nullopt), as are totals over 100 years.
std::optional<std::int64_t> parse_duration(std::string_view text);

}  // namespace iw
