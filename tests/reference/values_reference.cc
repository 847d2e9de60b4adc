#include "reference/values_reference.h"

#include "policy/utf8.h"
#include "reference/text_reference.h"

namespace iw::reference {

namespace {

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Does `s` have the shape of `pattern`, where 'd' stands for a digit and every other character
// for itself?
bool shaped(const std::string& s, const std::string& pattern) {
  if (s.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i]) return false;
  }
  return true;
}

int number(const std::string& s, std::size_t from, std::size_t count) { return std::stoi(s.substr(from, count)); }

// ---- dates -----------------------------------------------------------------------------------

bool leap(long long y) { return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0); }

int month_days(long long y, int m) {
  if (m == 2) return leap(y) ? 29 : 28;
  if (m == 4 || m == 6 || m == 9 || m == 11) return 30;
  return 31;
}

// Days from 1970-01-01 to y-m-d, counted year by year and month by month.
long long days_since_epoch(long long y, int m, int d) {
  long long days = 0;
  for (long long year = 1970; year < y; ++year) days += leap(year) ? 366 : 365;
  for (long long year = y; year < 1970; ++year) days -= leap(year) ? 366 : 365;
  for (int month = 1; month < m; ++month) days += month_days(y, month);
  return days + d - 1;
}

std::string eighteen_digits(const std::string& fraction) { return (fraction + std::string(18, '0')).substr(0, 18); }

std::optional<RefTime> epoch_time(const std::string& s) {
  const std::size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (!all_digits(whole) || whole.size() > 18) return std::nullopt;
  if (dot != std::string::npos && !all_digits(fraction)) return std::nullopt;
  return RefTime{std::stoll(whole), eighteen_digits(fraction)};
}

// Removes a zone designator from the end of `clock`; its offset in seconds, 0 without one.
std::optional<long long> take_zone(std::string& clock) {
  if (!clock.empty() && clock.back() == 'Z') {
    clock.pop_back();
    return 0;
  }
  if (clock.size() < 6) return 0;
  const std::string zone = clock.substr(clock.size() - 6);
  if (zone[0] != '+' && zone[0] != '-') return 0;
  if (!shaped(zone.substr(1), "dd:dd")) return std::nullopt;
  const int hours = number(zone, 1, 2), minutes = number(zone, 4, 2);
  if (hours > 23 || minutes > 59) return std::nullopt;
  clock.resize(clock.size() - 6);
  return (zone[0] == '-' ? -1 : 1) * (hours * 3600LL + minutes * 60LL);
}

}  // namespace

// ---- numbers ---------------------------------------------------------------------------------

std::optional<RefNumber> ref_number(const std::string& text) {
  std::string t = text;
  RefNumber n;
  n.sign = 1;
  if (!t.empty() && t[0] == '-') {
    n.sign = -1;
    t = t.substr(1);
  }
  long long exponent = 0;
  const std::size_t e = t.find_first_of("eE");
  if (e != std::string::npos) {
    std::string digits = t.substr(e + 1);
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits = digits.substr(1);
    if (!all_digits(digits) || digits.size() > 15) return std::nullopt;
    exponent = std::stoll(digits) * (t[e + 1] == '-' ? -1 : 1);
    t = t.substr(0, e);
  }
  const std::size_t dot = t.find('.');
  const std::string whole = t.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : t.substr(dot + 1);
  if (!all_digits(whole) || (dot != std::string::npos && !all_digits(fraction))) return std::nullopt;
  n.digits = whole + fraction;
  n.point = static_cast<long long>(whole.size()) + exponent;
  while (!n.digits.empty() && n.digits[0] == '0') {
    n.digits.erase(0, 1);
    --n.point;
  }
  while (!n.digits.empty() && n.digits.back() == '0') n.digits.pop_back();
  if (n.digits.empty()) n = RefNumber{};
  return n;
}

int ref_compare(const RefNumber& a, const RefNumber& b) {
  if (a.sign != b.sign) return a.sign < b.sign ? -1 : 1;
  if (a.sign == 0) return 0;
  int magnitude = 0;
  if (a.point != b.point) {
    magnitude = a.point < b.point ? -1 : 1;
  } else {
    std::string x = a.digits, y = b.digits;
    while (x.size() < y.size()) x += '0';
    while (y.size() < x.size()) y += '0';
    magnitude = x == y ? 0 : (x < y ? -1 : 1);
  }
  return a.sign * magnitude;
}

// ---- dates -----------------------------------------------------------------------------------

std::optional<RefTime> ref_time(const std::string& s) {
  if (s.find_first_not_of("0123456789.") == std::string::npos) return epoch_time(s);
  std::string date = s.substr(0, 10), clock;
  if (shaped(s, "dddd-dd")) {
    date = s + "-01";
  } else if (s.size() > 11 && s[10] == 'T') {
    clock = s.substr(11);
  } else if (s.size() != 10) {
    return std::nullopt;
  }
  if (!shaped(date, "dddd-dd-dd")) return std::nullopt;
  const long long year = number(date, 0, 4);
  const int month = number(date, 5, 2), day = number(date, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > month_days(year, month)) return std::nullopt;
  RefTime t;
  t.seconds = days_since_epoch(year, month, day) * 86400;
  if (clock.empty()) return t;
  const auto offset = take_zone(clock);
  if (!offset) return std::nullopt;
  std::string fraction;
  if (clock.size() > 9 && shaped(clock.substr(0, 9), "dd:dd:dd.")) {
    fraction = clock.substr(9);
    if (!all_digits(fraction)) return std::nullopt;
    clock = clock.substr(0, 8);
  }
  if (shaped(clock, "dd:dd")) clock += ":00";
  if (!shaped(clock, "dd:dd:dd")) return std::nullopt;
  const int hour = number(clock, 0, 2), minute = number(clock, 3, 2), second = number(clock, 6, 2);
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  t.seconds += hour * 3600LL + minute * 60LL + second - *offset;
  t.fraction = eighteen_digits(fraction);
  return t;
}

// ---- networks --------------------------------------------------------------------------------

namespace {

void append_bits(std::vector<int>& bits, unsigned value, int count) {
  for (int k = count - 1; k >= 0; --k) bits.push_back(static_cast<int>((value >> k) & 1u));
}

std::optional<std::vector<int>> ipv4_bits(const std::string& s) {
  const std::vector<std::string> parts = split(s, '.');
  if (parts.size() != 4) return std::nullopt;
  std::vector<int> bits;
  for (const std::string& p : parts) {
    if (!all_digits(p) || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return std::nullopt;
    const int v = std::stoi(p);
    if (v > 255) return std::nullopt;
    append_bits(bits, static_cast<unsigned>(v), 8);
  }
  return bits;
}

std::optional<unsigned> hex_group(const std::string& g) {
  if (g.empty() || g.size() > 4) return std::nullopt;
  unsigned v = 0;
  for (char c : g) {
    const std::size_t k = std::string("0123456789abcdef").find(static_cast<char>(c >= 'A' && c <= 'F' ? c + 32 : c));
    if (k == std::string::npos) return std::nullopt;
    v = v * 16 + static_cast<unsigned>(k);
  }
  return v;
}

// The bits of the groups `parts`; a dotted IPv4 is allowed as the last one when `v4_last`.
std::optional<std::vector<int>> group_bits(const std::vector<std::string>& parts, bool v4_last) {
  std::vector<int> bits;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (v4_last && i + 1 == parts.size() && parts[i].find('.') != std::string::npos) {
      auto v4 = ipv4_bits(parts[i]);
      if (!v4) return std::nullopt;
      bits.insert(bits.end(), v4->begin(), v4->end());
    } else {
      auto g = hex_group(parts[i]);
      if (!g) return std::nullopt;
      append_bits(bits, *g, 16);
    }
  }
  return bits;
}

std::optional<std::vector<int>> ipv6_bits(const std::string& s) {
  const std::size_t gap = s.find("::");
  if (gap == std::string::npos) {
    auto bits = group_bits(split(s, ':'), true);
    if (!bits || bits->size() != 128) return std::nullopt;
    return bits;
  }
  if (s.find("::", gap + 1) != std::string::npos) return std::nullopt;
  const std::string left = s.substr(0, gap), right = s.substr(gap + 2);
  auto head = group_bits(left.empty() ? std::vector<std::string>{} : split(left, ':'), false);
  auto tail = group_bits(right.empty() ? std::vector<std::string>{} : split(right, ':'), true);
  if (!head || !tail || head->size() + tail->size() > 112) return std::nullopt;  // "::" is >= 1 group
  std::vector<int> bits = *head;
  bits.resize(128 - tail->size(), 0);
  bits.insert(bits.end(), tail->begin(), tail->end());
  return bits;
}

}  // namespace

std::optional<RefNet> ref_network(const std::string& text, bool prefix_allowed) {
  const std::size_t slash = text.find('/');
  if (slash != std::string::npos && !prefix_allowed) return std::nullopt;
  const std::string address = text.substr(0, slash);
  RefNet n;
  n.v6 = address.find(':') != std::string::npos;
  auto bits = n.v6 ? ipv6_bits(address) : ipv4_bits(address);
  if (!bits) return std::nullopt;
  n.bits = *bits;
  n.prefix = static_cast<int>(n.bits.size());
  if (slash != std::string::npos) {
    const std::string prefix = text.substr(slash + 1);
    if (!all_digits(prefix) || prefix.size() > 3 || std::stoi(prefix) > n.prefix) return std::nullopt;
    n.prefix = std::stoi(prefix);
  }
  for (std::size_t i = static_cast<std::size_t>(n.prefix); i < n.bits.size(); ++i) n.bits[i] = 0;
  return n;
}

bool ref_contains(const RefNet& net, const RefNet& address) {
  if (net.v6 != address.v6) return false;
  for (int i = 0; i < net.prefix; ++i) {
    if (net.bits[static_cast<std::size_t>(i)] != address.bits[static_cast<std::size_t>(i)]) return false;
  }
  return true;
}

// ---- booleans, base64, case --------------------------------------------------------------------

std::optional<bool> ref_bool(const std::string& text) {
  std::string lower;
  for (char c : text) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (lower == "true") return true;
  if (lower == "false") return false;
  return std::nullopt;
}

std::optional<std::string> ref_base64(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string body = text;
  int padding = 0;
  while (!body.empty() && body.back() == '=') {
    body.pop_back();
    ++padding;
  }
  if (padding > 2 || (padding > 0 && text.size() % 4 != 0) || body.size() % 4 == 1) return std::nullopt;
  std::string bits;
  for (char c : body) {
    const std::size_t v = alphabet.find(c);
    if (v == std::string::npos) return std::nullopt;
    for (int k = 5; k >= 0; --k) bits += ((v >> k) & 1u) ? '1' : '0';
  }
  std::string out;
  for (std::size_t i = 0; i + 8 <= bits.size(); i += 8) {
    out += static_cast<char>(std::stoi(bits.substr(i, 8), nullptr, 2));
  }
  return out;
}

bool ref_iequals(const std::string& a, const std::string& b) {
  const auto folded = [](const std::string& s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
      char32_t c = next_code_point(s, i);
      const bool ascii_upper = c >= U'A' && c <= U'Z';
      const bool latin1_upper = c >= U'\u00C0' && c <= U'\u00DE' && c != U'\u00D7';  // À..Þ but ×
      out.push_back(ascii_upper || latin1_upper ? c + 32 : c);
    }
    return out;
  };
  return folded(a) == folded(b);
}

}  // namespace iw::reference
