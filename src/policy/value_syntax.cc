#include "policy/value_syntax.h"

#include <arpa/inet.h>

#include <string>

#include "core/strings.h"

namespace iw::policy {

namespace {

bool digits(std::string_view s, std::size_t n) {
  if (s.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool all_digits(std::string_view s) { return !s.empty() && digits(s, s.size()); }

int number_at(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// "hh:mm[:ss[.s+]]" followed by a zone designator.
bool is_time_and_zone(std::string_view s) {
  if (!digits(s, 2) || s.size() < 5 || s[2] != ':' || !digits(s.substr(3), 2)) return false;
  if (number_at(s, 0, 2) > 23 || number_at(s, 3, 2) > 59) return false;
  s.remove_prefix(5);
  if (!s.empty() && s[0] == ':') {
    if (!digits(s.substr(1), 2) || number_at(s, 1, 2) > 60) return false;
    s.remove_prefix(3);
    if (!s.empty() && s[0] == '.') {
      std::size_t n = 1;
      while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
      if (n == 1) return false;
      s.remove_prefix(n);
    }
  }
  if (s == "Z") return true;
  return s.size() == 6 && (s[0] == '+' || s[0] == '-') && digits(s.substr(1), 2) && s[3] == ':' &&
         digits(s.substr(4), 2);
}

}  // namespace

bool is_number_text(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  } else {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

bool is_date_text(std::string_view s) {
  if (all_digits(s)) return true;  // epoch seconds (and a bare year)
  if (!digits(s, 4)) return false;
  if (s.size() == 4) return true;
  if (s.size() < 7 || s[4] != '-' || !digits(s.substr(5), 2)) return false;
  const int month = number_at(s, 5, 2);
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) return true;
  if (s.size() < 10 || s[7] != '-' || !digits(s.substr(8), 2)) return false;
  const int day = number_at(s, 8, 2);
  if (day < 1 || day > 31) return false;
  if (s.size() == 10) return true;
  return s[10] == 'T' && is_time_and_zone(s.substr(11));
}

bool is_cidr_text(std::string_view s) {
  const std::size_t slash = s.find('/');
  const std::string address(s.substr(0, slash));
  unsigned char buffer[16];
  int max_prefix;
  if (inet_pton(AF_INET, address.c_str(), buffer) == 1) {
    max_prefix = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), buffer) == 1) {
    max_prefix = 128;
  } else {
    return false;
  }
  if (slash == std::string_view::npos) return true;
  const std::string_view prefix = s.substr(slash + 1);
  if (!all_digits(prefix) || prefix.size() > 3) return false;
  return number_at(prefix, 0, prefix.size()) <= max_prefix;
}

bool is_bool_text(std::string_view s) { return iequals(s, "true") || iequals(s, "false"); }

bool is_base64_text(std::string_view s) {
  if (s.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '=') {
      if (i + 2 < s.size()) return false;
      ++padding;
    } else if (padding > 0 || !(alnum || c == '+' || c == '/')) {
      return false;
    }
  }
  return true;
}

bool value_fits(OpFamily family, std::string_view value) {
  switch (family) {
    case OpFamily::numeric: return is_number_text(value);
    case OpFamily::date: return is_date_text(value);
    case OpFamily::ip: return is_cidr_text(value);
    case OpFamily::boolean:
    case OpFamily::null: return is_bool_text(value);
    case OpFamily::binary: return is_base64_text(value);
    case OpFamily::string:
    case OpFamily::arn: return true;
  }
  return true;
}

}  // namespace iw::policy
