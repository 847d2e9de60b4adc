// Naive parsers of condition values (aws-evaluation-semantics.md §5.3), written independently of
// core/values.h and core/time.h so that the reference evaluator and the differential tests
// check those instead of trusting them: string surgery and counting loops, nothing shared.
// Slow and obviously correct. The grammars are the ones core/values.h and core/time.h document.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace iw::reference {

// A number as sign and significant digits with the position of the decimal point:
// value = sign × 0.DIGITS × 10^point. Zero has sign 0 and no digits.
struct RefNumber {
  int sign = 0;
  std::string digits;  // no leading or trailing zeros
  long long point = 0;
};
std::optional<RefNumber> ref_number(const std::string& text);
// -1, 0 or 1.
int ref_compare(const RefNumber& a, const RefNumber& b);

// An instant: whole seconds since 1970-01-01T00:00:00Z and the fraction as exactly 18 digits.
struct RefTime {
  long long seconds = 0;
  std::string fraction = std::string(18, '0');
  bool operator==(const RefTime&) const = default;
  bool operator<(const RefTime& o) const {
    return seconds != o.seconds ? seconds < o.seconds : fraction < o.fraction;
  }
};
std::optional<RefTime> ref_time(const std::string& text);

// An IP network as its bits (32 or 128), host bits cleared.
struct RefNet {
  bool v6 = false;
  std::vector<int> bits;
  int prefix = 0;
};
// An address, with a "/n" prefix when `prefix_allowed`.
std::optional<RefNet> ref_network(const std::string& text, bool prefix_allowed);
bool ref_contains(const RefNet& net, const RefNet& address);

std::optional<bool> ref_bool(const std::string& text);

// Base64 without whitespace.
std::optional<std::string> ref_base64(const std::string& text);

// StringEqualsIgnoreCase: ASCII and Latin-1 letters fold to lower case, code point by code point.
bool ref_iequals(const std::string& a, const std::string& b);

}  // namespace iw::reference
