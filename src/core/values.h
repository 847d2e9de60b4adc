// Typed values of condition operators (aws-evaluation-semantics.md §5.3): exact decimals, IP
// networks, booleans and base64 bytes; instants are in core/time.h. This is the one parser of
// each: the engine compares with these, lint's condition-type-mismatch accepts exactly what
// they accept, and the snapshot reader decodes base64 with the same decoder.
//
// Every parser takes the text as written and returns nullopt (never throws, never crashes) when
// the text does not parse. Parsers of context values do not allocate, so that a condition can
// be evaluated on the hot path without touching the heap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace iw {

// A decimal number in JSON number syntax, -?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]{1,15})?
// (leading zeros tolerated), compared exactly (never through binary floating point).
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

// An IPv4 or IPv6 network, host bits masked. IPv4: four decimal octets 0–255 without leading
// zeros ("010" is ambiguous: octal to some parsers). IPv6: RFC 4291 text ("::" stands for one or
// more zero groups, a dotted IPv4 tail allowed, no zone id). A prefix is "/" and 1–3 digits up
// to 32 or 128.
struct Network {
  bool v6 = false;
  std::uint64_t hi = 0, lo = 0;  // IPv4 in the low 32 bits of lo
  int prefix = 0;
};
// An address with an optional prefix; a bare address is /32 (IPv4) or /128 (IPv6).
std::optional<Network> parse_network(std::string_view text);
// A bare address (no "/n"), as a context value must be.
std::optional<Network> parse_address(std::string_view text);
// True when `address` lies in `net`; never across IPv4 and IPv6.
bool contains(const Network& net, const Network& address);

// "true" / "false", ASCII case-insensitive.
std::optional<bool> parse_bool(std::string_view text);

// Standard base64 (RFC 4648 §4 alphabet). Padding is optional; when present it is one or two
// '=' that complete the last group of four, and nothing follows it. A last group of one
// character is never valid. Unused bits of the last group are ignored.
std::optional<std::string> base64_decode(std::string_view text);
// The same, also skipping ASCII whitespace (line-wrapped base64). On failure `bad_at` is the
// offset of the first character that cannot be accepted, or text.size() when the text ends
// too early.
std::optional<std::string> base64_decode_wrapped(std::string_view text, std::size_t& bad_at);
// True when `text` is valid base64 (as base64_decode) whose bytes equal `bytes`; never allocates.
bool base64_equals(std::string_view text, std::string_view bytes);

}  // namespace iw
