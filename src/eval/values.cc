#include "eval/values.h"

#include <array>

#include "core/strings.h"
#include "policy/utf8.h"

namespace iw::eval {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view take_digits(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return s.substr(start, i - start);
}

// Parses exactly `n` digits at s[i]; advances i.
std::optional<int> fixed_digits(std::string_view s, std::size_t& i, std::size_t n) {
  if (i + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (!is_digit(s[i + k])) return std::nullopt;
    v = v * 10 + (s[i + k] - '0');
  }
  i += n;
  return v;
}

char digit_at(const Decimal& d, std::size_t k) {
  if (k < d.head.size()) return d.head[k];
  k -= d.head.size();
  return k < d.tail.size() ? d.tail[k] : '0';
}

int sign_of(const Decimal& d) { return d.zero ? 0 : (d.negative ? -1 : 1); }

// Days from 1970-01-01 to y-m-d (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned days_in_month(int y, int m) {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Up to 18 fraction digits in units of 1e-18 (further digits are below the resolution).
std::int64_t fraction_units(std::string_view digits) {
  std::int64_t v = 0;
  for (std::size_t k = 0; k < 18; ++k) v = v * 10 + (k < digits.size() ? digits[k] - '0' : 0);
  return v;
}

std::optional<Instant> parse_epoch(std::string_view s) {
  std::size_t i = 0;
  const std::string_view whole = take_digits(s, i);
  if (whole.empty() || whole.size() > 18) return std::nullopt;
  std::string_view frac;
  if (i < s.size() && s[i] == '.') {
    ++i;
    frac = take_digits(s, i);
    if (frac.empty()) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  Instant t;
  for (char c : whole) t.seconds = t.seconds * 10 + (c - '0');
  t.fraction = fraction_units(frac);
  return t;
}

// Parses the zone suffix at s[i..]: "" (UTC), "Z" or ±hh:mm. Returns the offset in seconds.
std::optional<std::int64_t> parse_zone(std::string_view s, std::size_t i) {
  if (i == s.size()) return 0;
  if (s[i] == 'Z' && i + 1 == s.size()) return 0;
  if (s[i] != '+' && s[i] != '-') return std::nullopt;
  const int sign = s[i] == '-' ? -1 : 1;
  ++i;
  auto hh = fixed_digits(s, i, 2);
  if (!hh || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  auto mm = fixed_digits(s, i, 2);
  if (!mm || i != s.size() || *hh > 23 || *mm > 59) return std::nullopt;
  return sign * (*hh * 3600 + *mm * 60);
}

std::optional<Instant> parse_iso(std::string_view s) {
  std::size_t i = 0;
  auto year = fixed_digits(s, i, 4);
  if (!year || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  auto month = fixed_digits(s, i, 2);
  if (!month || *month < 1 || *month > 12) return std::nullopt;
  int day = 1, hour = 0, minute = 0, second = 0;
  std::string_view frac;
  if (i < s.size()) {
    if (s[i] != '-') return std::nullopt;
    ++i;
    auto d = fixed_digits(s, i, 2);
    if (!d || *d < 1 || static_cast<unsigned>(*d) > days_in_month(*year, *month)) return std::nullopt;
    day = *d;
  }
  std::int64_t offset = 0;
  if (i < s.size()) {
    if (s[i] != 'T') return std::nullopt;
    ++i;
    auto h = fixed_digits(s, i, 2);
    if (!h || i >= s.size() || s[i] != ':') return std::nullopt;
    ++i;
    auto m = fixed_digits(s, i, 2);
    if (!m || *h > 23 || *m > 59) return std::nullopt;
    hour = *h;
    minute = *m;
    if (i < s.size() && s[i] == ':') {
      ++i;
      auto sec = fixed_digits(s, i, 2);
      if (!sec || *sec > 59) return std::nullopt;
      second = *sec;
      if (i < s.size() && s[i] == '.') {
        ++i;
        frac = take_digits(s, i);
        if (frac.empty()) return std::nullopt;
      }
    }
    auto zone = parse_zone(s, i);
    if (!zone) return std::nullopt;
    offset = *zone;
  }
  Instant t;
  t.seconds = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(day)) * 86400 +
              hour * 3600 + minute * 60 + second - offset;
  t.fraction = fraction_units(frac);
  return t;
}

std::optional<std::uint32_t> parse_ipv4(std::string_view s) {
  std::uint32_t v = 0;
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
    const std::string_view d = take_digits(s, i);
    if (d.empty() || d.size() > 3) return std::nullopt;
    unsigned octet = 0;
    for (char c : d) octet = octet * 10 + static_cast<unsigned>(c - '0');
    if (octet > 255) return std::nullopt;
    v = (v << 8) | octet;
  }
  if (i != s.size()) return std::nullopt;
  return v;
}

int hex_digit(char c) {
  if (is_digit(c)) return c - '0';
  c = ascii_lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Parses hex groups separated by ':' (and a trailing dotted IPv4) into `out`; false on error.
bool parse_groups(std::string_view s, std::array<std::uint16_t, 8>& out, std::size_t& count, bool allow_v4) {
  count = 0;
  if (s.empty()) return true;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = s.find(':', start);
    const std::string_view g = s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (colon == std::string_view::npos && allow_v4 && g.find('.') != std::string_view::npos) {
      auto v4 = parse_ipv4(g);
      if (!v4 || count + 2 > 8) return false;
      out[count++] = static_cast<std::uint16_t>(*v4 >> 16);
      out[count++] = static_cast<std::uint16_t>(*v4 & 0xFFFF);
      return true;
    }
    if (g.empty() || g.size() > 4 || count >= 8) return false;
    unsigned v = 0;
    for (char c : g) {
      const int h = hex_digit(c);
      if (h < 0) return false;
      v = v * 16 + static_cast<unsigned>(h);
    }
    out[count++] = static_cast<std::uint16_t>(v);
    if (colon == std::string_view::npos) return true;
    start = colon + 1;
  }
}

std::optional<Network> parse_ipv6(std::string_view s) {
  std::array<std::uint16_t, 8> head{}, tail{};
  std::size_t nh = 0, nt = 0;
  const std::size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(s, head, nh, true) || nh != 8) return std::nullopt;
  } else {
    if (s.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    if (!parse_groups(s.substr(0, gap), head, nh, false)) return std::nullopt;
    if (!parse_groups(s.substr(gap + 2), tail, nt, true)) return std::nullopt;
    if (nh + nt > 7) return std::nullopt;
  }
  std::array<std::uint16_t, 8> g{};
  for (std::size_t k = 0; k < nh; ++k) g[k] = head[k];
  for (std::size_t k = 0; k < nt; ++k) g[8 - nt + k] = tail[k];
  Network n;
  n.v6 = true;
  n.prefix = 128;
  for (std::size_t k = 0; k < 4; ++k) n.hi = (n.hi << 16) | g[k];
  for (std::size_t k = 4; k < 8; ++k) n.lo = (n.lo << 16) | g[k];
  return n;
}

void mask(Network& n) {
  if (!n.v6) {
    const std::uint64_t m = n.prefix == 0 ? 0 : (0xFFFFFFFFull << (32 - n.prefix)) & 0xFFFFFFFFull;
    n.lo &= m;
    return;
  }
  if (n.prefix <= 64) {
    n.lo = 0;
    n.hi &= n.prefix == 0 ? 0 : ~0ull << (64 - n.prefix);
  } else {
    n.lo &= ~0ull << (128 - n.prefix);
  }
}

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (is_digit(c)) return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Calls emit(byte) for each decoded byte; false when `text` is not valid base64.
template <class Emit>
bool b64_decode(std::string_view text, Emit&& emit) {
  std::size_t n = text.size();
  std::size_t pad = 0;
  while (n > 0 && text[n - 1] == '=' && pad < 2) {
    --n;
    ++pad;
  }
  if (pad > 0 && text.size() % 4 != 0) return false;
  if (n % 4 == 1) return false;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int v = b64_value(text[i]);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (!emit(static_cast<char>((acc >> bits) & 0xFF))) return false;
    }
  }
  return true;
}

char32_t fold_latin1(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}

}  // namespace

std::optional<Decimal> parse_decimal(std::string_view s) {
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    d.negative = true;
    ++i;
  }
  const std::string_view whole = take_digits(s, i);
  if (whole.empty()) return std::nullopt;
  std::string_view frac;
  if (i < s.size() && s[i] == '.') {
    ++i;
    frac = take_digits(s, i);
    if (frac.empty()) return std::nullopt;
  }
  std::int64_t exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    int sign = 1;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
    const std::string_view e = take_digits(s, i);
    if (e.empty() || e.size() > 15) return std::nullopt;
    for (char c : e) exp = exp * 10 + (c - '0');
    exp *= sign;
  }
  if (i != s.size()) return std::nullopt;
  const std::size_t nz = whole.find_first_not_of('0');
  if (nz != std::string_view::npos) {
    d.zero = false;
    d.head = whole.substr(nz);
    d.tail = frac;
    d.exponent = static_cast<std::int64_t>(whole.size() - nz) + exp;
  } else if (const std::size_t fz = frac.find_first_not_of('0'); fz != std::string_view::npos) {
    d.zero = false;
    d.head = frac.substr(fz);
    d.exponent = -static_cast<std::int64_t>(fz) + exp;
  }
  if (d.zero) d.negative = false;
  return d;
}

int compare(const Decimal& a, const Decimal& b) {
  const int sa = sign_of(a), sb = sign_of(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int magnitude = 0;
  if (a.exponent != b.exponent) {
    magnitude = a.exponent < b.exponent ? -1 : 1;
  } else {
    const std::size_t n = std::max(a.head.size() + a.tail.size(), b.head.size() + b.tail.size());
    for (std::size_t k = 0; k < n && magnitude == 0; ++k) {
      const char x = digit_at(a, k), y = digit_at(b, k);
      if (x != y) magnitude = x < y ? -1 : 1;
    }
  }
  return sa < 0 ? -magnitude : magnitude;
}

std::optional<Instant> parse_instant(std::string_view s) {
  if (!s.empty() && is_digit(s[0])) {
    const std::size_t non_digit = s.find_first_not_of("0123456789.");
    if (non_digit == std::string_view::npos) return parse_epoch(s);
  }
  return parse_iso(s);
}

std::optional<Network> parse_address(std::string_view s) {
  if (s.find(':') != std::string_view::npos) return parse_ipv6(s);
  auto v4 = parse_ipv4(s);
  if (!v4) return std::nullopt;
  Network n;
  n.lo = *v4;
  n.prefix = 32;
  return n;
}

std::optional<Network> parse_network(std::string_view s) {
  const std::size_t slash = s.find('/');
  auto n = parse_address(s.substr(0, slash));
  if (!n) return std::nullopt;
  if (slash != std::string_view::npos) {
    std::size_t i = slash + 1;
    const std::string_view d = take_digits(s, i);
    if (d.empty() || d.size() > 3 || i != s.size()) return std::nullopt;
    int p = 0;
    for (char c : d) p = p * 10 + (c - '0');
    if (p > (n->v6 ? 128 : 32)) return std::nullopt;
    n->prefix = p;
  }
  mask(*n);
  return n;
}

bool contains(const Network& net, const Network& address) {
  if (net.v6 != address.v6) return false;
  Network a = address;
  a.prefix = net.prefix;
  mask(a);
  return a.hi == net.hi && a.lo == net.lo;
}

std::optional<bool> parse_bool(std::string_view s) {
  if (iequals(s, "true")) return true;
  if (iequals(s, "false")) return false;
  return std::nullopt;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  if (!b64_decode(text, [&](char c) { out += c; return true; })) return std::nullopt;
  return out;
}

bool base64_equals(std::string_view text, std::string_view bytes) {
  std::size_t k = 0;
  const bool ok = b64_decode(text, [&](char c) { return k < bytes.size() && bytes[k++] == c; });
  return ok && k == bytes.size();
}

bool iequals_latin1(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (fold_latin1(next_code_point(a, i)) != fold_latin1(next_code_point(b, j))) return false;
  }
  return i == a.size() && j == b.size();
}

}  // namespace iw::eval
