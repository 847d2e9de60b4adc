#include "core/values.h"

#include <algorithm>
#include <array>

#include "core/strings.h"

namespace iw {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view take_digits(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return s.substr(start, i - start);
}

// ---- decimals --------------------------------------------------------------------------------

char digit_at(const Decimal& d, std::size_t k) {
  if (k < d.head.size()) return d.head[k];
  k -= d.head.size();
  return k < d.tail.size() ? d.tail[k] : '0';
}

int sign_of(const Decimal& d) { return d.zero ? 0 : (d.negative ? -1 : 1); }

// [eE][+-]?digits at s[i]: the exponent (at most 15 digits), or nullopt when malformed.
std::optional<std::int64_t> read_exponent(std::string_view s, std::size_t& i) {
  if (i == s.size() || (s[i] != 'e' && s[i] != 'E')) return 0;
  ++i;
  int sign = 1;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  const std::string_view e = take_digits(s, i);
  if (e.empty() || e.size() > 15) return std::nullopt;
  std::int64_t exp = 0;
  for (char c : e) exp = exp * 10 + (c - '0');
  return sign * exp;
}

// Sets the significant digits and exponent of `d` from the digits as written.
void normalize(Decimal& d, std::string_view whole, std::string_view frac, std::int64_t exp) {
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
}

// ---- networks --------------------------------------------------------------------------------

// A decimal octet: "0", or 1–3 digits without a leading zero, at most 255.
std::optional<unsigned> parse_octet(std::string_view d) {
  if (d.empty() || d.size() > 3 || (d.size() > 1 && d[0] == '0')) return std::nullopt;
  unsigned v = 0;
  for (char c : d) v = v * 10 + static_cast<unsigned>(c - '0');
  if (v > 255) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> parse_ipv4(std::string_view s) {
  std::uint32_t v = 0;
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
    const auto octet = parse_octet(take_digits(s, i));
    if (!octet) return std::nullopt;
    v = (v << 8) | *octet;
  }
  if (i != s.size()) return std::nullopt;
  return v;
}

int hex_digit(char c) {
  if (is_digit(c)) return c - '0';
  c = ascii_lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// One group of 1–4 hex digits.
std::optional<std::uint16_t> parse_group(std::string_view g) {
  if (g.empty() || g.size() > 4) return std::nullopt;
  unsigned v = 0;
  for (char c : g) {
    const int h = hex_digit(c);
    if (h < 0) return std::nullopt;
    v = v * 16 + static_cast<unsigned>(h);
  }
  return static_cast<std::uint16_t>(v);
}

// Parses hex groups separated by ':' (and, when `allow_v4`, a last dotted IPv4 as two groups)
// into `out`; false on error.
bool parse_groups(std::string_view s, std::array<std::uint16_t, 8>& out, std::size_t& count, bool allow_v4) {
  count = 0;
  if (s.empty()) return true;
  while (true) {
    const std::size_t colon = s.find(':');
    const std::string_view g = s.substr(0, colon);
    if (colon == std::string_view::npos && allow_v4 && g.find('.') != std::string_view::npos) {
      const auto v4 = parse_ipv4(g);
      if (!v4 || count + 2 > 8) return false;
      out[count++] = static_cast<std::uint16_t>(*v4 >> 16);
      out[count++] = static_cast<std::uint16_t>(*v4 & 0xFFFF);
      return true;
    }
    const auto group = parse_group(g);
    if (!group || count >= 8) return false;
    out[count++] = *group;
    if (colon == std::string_view::npos) return true;
    s.remove_prefix(colon + 1);
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

// Clears the host bits of `n` (the bits after its prefix).
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

// ---- base64 ----------------------------------------------------------------------------------

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (is_digit(c)) return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The one base64 decoder. Calls emit(byte) for each decoded byte (emit returns false to stop);
// returns npos when `text` is valid base64, else the offset where it fails (text.size() when
// it ends too early).
template <class Emit>
std::size_t b64_decode(std::string_view text, bool skip_space, Emit&& emit) {
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t data = 0, pad = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (skip_space && is_space(c)) continue;
    if (c == '=') {
      const std::size_t needed = data % 4 == 2 ? 2 : data % 4 == 3 ? 1 : 0;
      if (++pad > needed) return i;
      continue;
    }
    const int v = b64_value(c);
    if (v < 0 || pad > 0) return i;
    ++data;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (!emit(static_cast<char>((acc >> bits) & 0xFF))) return i;
    }
  }
  if (data % 4 == 1) return text.size();
  if (pad > 0 && (data + pad) % 4 != 0) return text.size();
  return std::string_view::npos;
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
  const auto exp = read_exponent(s, i);
  if (!exp || i != s.size()) return std::nullopt;
  normalize(d, whole, frac, *exp);
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

std::optional<Network> parse_address(std::string_view s) {
  if (s.find(':') != std::string_view::npos) return parse_ipv6(s);
  const auto v4 = parse_ipv4(s);
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
  if (b64_decode(text, false, [&](char c) { out += c; return true; }) != std::string_view::npos) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> base64_decode_wrapped(std::string_view text, std::size_t& bad_at) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  bad_at = b64_decode(text, true, [&](char c) { out += c; return true; });
  if (bad_at != std::string_view::npos) return std::nullopt;
  return out;
}

bool base64_equals(std::string_view text, std::string_view bytes) {
  std::size_t k = 0;
  const std::size_t bad = b64_decode(text, false, [&](char c) { return k < bytes.size() && bytes[k++] == c; });
  return bad == std::string_view::npos && k == bytes.size();
}

}  // namespace iw
