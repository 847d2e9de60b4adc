// Typed values of condition operators (aws-evaluation-semantics.md §5.3): exact decimals,
// instants, IP networks, booleans, base64 bytes, and Latin-1 case folding.
//
// Every parser takes the text as written and returns nullopt (never throws, never crashes) when
// the text does not parse for its family. Parsers of context values do not allocate, so that a
// condition can be evaluated on the hot path without touching the heap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iw::eval {

// A decimal number in JSON number syntax (leading zeros tolerated), compared exactly.
// The digits are views into the parsed text: the text must outlive the Decimal.
struct Decimal {
  bool negative = false;
  bool zero = true;
  std::int64_t exponent = 0;  // value = 0.d1d2d3... x 10^exponent (d1 != 0) when not zero
  std::string_view head;      // significant digits are head ++ tail (leading zeros removed)
  std::string_view tail;
};
std::optional<Decimal> parse_decimal(std::string_view text);
// <0, 0, >0 as a is less than, equal to or greater than b.
int compare(const Decimal& a, const Decimal& b);

// An instant: seconds since 1970-01-01T00:00:00Z plus a fraction in units of 1e-18 s.
struct Instant {
  std::int64_t seconds = 0;
  std::int64_t fraction = 0;  // [0, 1e18)
  auto operator<=>(const Instant&) const = default;
};
// W3C ISO 8601 profiles (YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s+]] with Z, ±hh:mm or no
// zone = UTC) or epoch seconds (digits, optionally with a fraction).
std::optional<Instant> parse_instant(std::string_view text);

// An IPv4 or IPv6 network, host bits masked. A bare address is /32 (IPv4) or /128 (IPv6).
struct Network {
  bool v6 = false;
  std::uint64_t hi = 0, lo = 0;  // IPv4 in the low 32 bits of lo
  int prefix = 0;
};
std::optional<Network> parse_network(std::string_view text);
// A bare address (no "/n"), as a context value must be.
std::optional<Network> parse_address(std::string_view text);
bool contains(const Network& net, const Network& address);

// "true" / "false", ASCII case-insensitive.
std::optional<bool> parse_bool(std::string_view text);

// Standard base64 (padding optional). nullopt on any other character or a bad length.
std::optional<std::string> base64_decode(std::string_view text);
// True when `text` is valid base64 whose decoded bytes equal `bytes`; never allocates.
bool base64_equals(std::string_view text, std::string_view bytes);

// Case-insensitive equality folding ASCII and Latin-1 letters (§9 Q8), code point by code point.
bool iequals_latin1(std::string_view a, std::string_view b);

}  // namespace iw::eval
