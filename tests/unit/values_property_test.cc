// Differential tests of the value parsers (core/values.h, core/time.h) against the naive
// reference parsers (tests/reference/values_reference.h) on edge cases and on random inputs:
// both must accept the same texts and read the same values from them.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/values.h"
#include "policy/utf8.h"
#include "reference/values_reference.h"

namespace iw {
namespace {

using namespace reference;

class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  int below(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))]; }

  std::string digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + below(10));
    return s;
  }
  std::string two(int max) {
    const int v = below(max + 1);
    return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
  }
  std::string from(std::string_view alphabet, int max_len) {
    std::string s;
    for (int n = below(max_len + 1); n > 0; --n) s += alphabet[static_cast<std::size_t>(below(static_cast<int>(alphabet.size())))];
    return s;
  }
  // Deletes, replaces or inserts one character, or nothing.
  std::string mutate(std::string s, std::string_view alphabet) {
    const int what = below(4);
    const char c = alphabet[static_cast<std::size_t>(below(static_cast<int>(alphabet.size())))];
    const std::size_t at = s.empty() ? 0 : static_cast<std::size_t>(below(static_cast<int>(s.size())));
    if (what == 0 && !s.empty()) s.erase(at, 1);
    if (what == 1 && !s.empty()) s[at] = c;
    if (what == 2) s.insert(at, 1, c);
    return s;
  }

 private:
  std::mt19937 rng_;
};

// ---- numbers ---------------------------------------------------------------------------------

std::string random_number(Gen& g) {
  if (g.chance(15)) return g.from("0123456789-+.eE", 10);
  std::string s = g.chance(30) ? "-" : "";
  s += g.chance(20) ? std::string(static_cast<std::size_t>(g.below(3)), '0') : "";
  s += g.digits(1 + g.below(g.chance(10) ? 30 : 4));
  if (g.chance(50)) s += "." + g.digits(1 + g.below(g.chance(10) ? 25 : 4));
  if (g.chance(30)) {
    s += g.chance(50) ? "e" : "E";
    s += g.pick<std::string>({"", "+", "-"});
    s += g.digits(1 + g.below(g.chance(5) ? 16 : 2));
  }
  return g.chance(20) ? g.mutate(s, "0123456789-+.eEx ") : s;
}

TEST(ValuesDifferential, Decimals) {
  Gen g(11);
  std::vector<std::string> accepted{"0", "-0", "1", "10", "1e1", "0.1e2", "100e-2", "-1", "1e-999999999999999",
                                    "1e999999999999999", "99999999999999999999.5"};
  for (int i = 0; i < 20000; ++i) {
    const std::string s = random_number(g);
    const auto fast = parse_decimal(s);
    const auto ref = ref_number(s);
    ASSERT_EQ(fast.has_value(), ref.has_value()) << '"' << s << '"';
    if (fast && accepted.size() < 400) accepted.push_back(s);
  }
  for (const std::string& a : accepted) {
    for (const std::string& b : accepted) {
      const int fast = compare(*parse_decimal(a), *parse_decimal(b));
      ASSERT_EQ((fast > 0) - (fast < 0), ref_compare(*ref_number(a), *ref_number(b))) << a << " vs " << b;
    }
  }
}

// ---- dates -----------------------------------------------------------------------------------

std::string random_date(Gen& g) {
  if (g.chance(10)) return g.digits(1 + g.below(20)) + (g.chance(30) ? "." + g.digits(g.below(22)) : "");
  std::string s = g.pick<std::string>({"0000", "0001", "1600", "1900", "1969", "1970", "2000", "2023", "2024",
                                       "2100", "9999", g.digits(4)});
  s += "-" + (g.chance(90) ? g.two(12) : g.two(99));
  if (g.chance(85)) {
    s += "-" + g.pick<std::string>({"28", "29", "30", "31", "01", g.two(32)});
    if (g.chance(75)) {
      s += "T" + (g.chance(90) ? g.two(24) : g.two(99)) + ":" + g.two(60);
      if (g.chance(70)) s += ":" + g.two(61);
      if (g.chance(25)) s += "." + g.digits(g.below(22));
      const int zone = g.below(4);
      if (zone == 1) s += "Z";
      if (zone >= 2) s += (g.chance(50) ? "+" : "-") + g.two(24) + ":" + g.two(60);
    }
  }
  return g.chance(15) ? g.mutate(s, "0123456789-:T.Z+z ") : s;
}

std::string fraction_text(std::int64_t units) {
  std::string s = std::to_string(units);
  return std::string(18 - s.size(), '0') + s;
}

TEST(ValuesDifferential, Instants) {
  Gen g(12);
  std::vector<std::string> inputs{"2024-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2023-02-29", "1900-02-29",
                                  "2000-02-29", "2020-01-01T24:00:00Z", "2020-01-01T23:59:59+23:59",
                                  "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "1577836800",
                                  "1577836800.123456789012345678901", "999999999999999999", "2020-01",
                                  "2020-01-01T00:00", "2020-01-01T00:00:00.", "2020-01-01T00:00:00.0Z", ""};
  for (int i = 0; i < 6000; ++i) inputs.push_back(random_date(g));
  int accepted = 0;
  for (const std::string& s : inputs) {
    const auto fast = parse_instant(s);
    const auto ref = ref_time(s);
    ASSERT_EQ(fast.has_value(), ref.has_value()) << '"' << s << '"';
    if (!fast) continue;
    ++accepted;
    EXPECT_EQ(fast->seconds, ref->seconds) << s;
    EXPECT_EQ(fraction_text(fast->fraction), ref->fraction) << s;
  }
  EXPECT_GT(accepted, 1000);  // the generator reaches the valid side too
}

// ---- networks --------------------------------------------------------------------------------

std::string random_ipv4(Gen& g) {
  std::string s;
  for (int k = 0; k < 4; ++k) {
    if (k > 0) s += ".";
    s += g.chance(90) ? std::to_string(g.below(256)) : g.pick<std::string>({"256", "00", "01", "007", "999", ""});
  }
  return s;
}

std::string random_ipv6(Gen& g) {
  std::vector<std::string> groups;
  for (int k = 0; k < 8; ++k) groups.push_back(g.chance(30) ? "0" : g.from("0123456789abcdefABCDEF", 4));
  std::string s;
  const int gap = g.chance(60) ? g.below(8) : -1;
  const int gap_end = gap < 0 ? -1 : gap + 1 + g.below(8 - gap);
  const bool v4_tail = g.chance(15);
  const int last = v4_tail ? 6 : 8;
  for (int k = 0; k < last; ++k) {
    if (k == gap) s += "::";
    if (k >= gap && k < gap_end) continue;
    if (!s.empty() && s.back() != ':') s += ":";
    s += groups[static_cast<std::size_t>(k)];
  }
  if (gap_end >= last && gap >= 0 && s.substr(s.size() - 2) != "::") s += "::";
  if (v4_tail) s += (s.empty() || s.back() == ':' ? "" : ":") + random_ipv4(g);
  return s;
}

std::string random_network(Gen& g) {
  std::string s = g.chance(50) ? random_ipv4(g) : random_ipv6(g);
  if (g.chance(50)) s += "/" + std::to_string(g.below(g.chance(90) ? 129 : 1000));
  return g.chance(15) ? g.mutate(s, "0123456789abcdef:./ ") : s;
}

std::vector<int> bits_of(const Network& n) {
  std::vector<int> bits;
  if (!n.v6) {
    for (int k = 31; k >= 0; --k) bits.push_back(static_cast<int>((n.lo >> k) & 1u));
    return bits;
  }
  for (int k = 63; k >= 0; --k) bits.push_back(static_cast<int>((n.hi >> k) & 1u));
  for (int k = 63; k >= 0; --k) bits.push_back(static_cast<int>((n.lo >> k) & 1u));
  return bits;
}

TEST(ValuesDifferential, Networks) {
  Gen g(13);
  std::vector<std::string> inputs{"::", "::1", "1::", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7:8",
                                  "0.0.0.0/0", "255.255.255.255/32", "10.1.2.3/8", "2001:db8::/32", "::/0",
                                  "1.2.3.4/33", "::/129", "01.2.3.4", "1:::2", "1.2.3.4::"};
  for (int i = 0; i < 20000; ++i) inputs.push_back(random_network(g));
  // Networks, and for each the address it was written with (which it contains), so that both
  // contained and outside pairs are compared.
  std::vector<Network> nets, addresses;
  std::vector<RefNet> ref_nets, ref_addresses;
  for (const std::string& s : inputs) {
    const auto fast = parse_network(s);
    const auto ref = ref_network(s, true);
    ASSERT_EQ(fast.has_value(), ref.has_value()) << '"' << s << '"';
    ASSERT_EQ(parse_address(s).has_value(), ref_network(s, false).has_value()) << '"' << s << '"';
    if (!fast) continue;
    ASSERT_EQ(fast->v6, ref->v6) << s;
    ASSERT_EQ(fast->prefix, ref->prefix) << s;
    ASSERT_EQ(bits_of(*fast), ref->bits) << s;
    const std::string written = s.substr(0, s.find('/'));
    if (nets.size() < 300) {
      nets.push_back(*fast);
      ref_nets.push_back(*ref);
      addresses.push_back(*parse_address(written));
      ref_addresses.push_back(*ref_network(written, false));
    }
  }
  int inside = 0;
  for (std::size_t i = 0; i < nets.size(); ++i) {
    for (std::size_t j = 0; j < addresses.size(); ++j) {
      const bool fast = contains(nets[i], addresses[j]);
      ASSERT_EQ(fast, ref_contains(ref_nets[i], ref_addresses[j])) << i << " " << j;
      inside += fast ? 1 : 0;
    }
    EXPECT_TRUE(contains(nets[i], addresses[i])) << i;
  }
  EXPECT_GT(inside, 300);
}

// ---- booleans, base64, case ----------------------------------------------------------------

std::string encode(const std::string& bytes, bool pad) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = 0;
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    for (std::size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) {
      if (k <= n) {
        out += alphabet[(v >> (18 - 6 * k)) & 63];
      } else if (pad) {
        out += '=';
      }
    }
  }
  return out;
}

TEST(ValuesDifferential, Base64) {
  Gen g(14);
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    if (g.chance(50)) {
      std::string bytes;
      for (int n = g.below(10); n > 0; --n) bytes += static_cast<char>(g.below(256));
      s = encode(bytes, g.chance(50));
      if (g.chance(30)) s = g.mutate(s, "AQZaz09+/=-_*");
      ASSERT_EQ(base64_decode(encode(bytes, true)), bytes);  // round trip
    } else {
      s = g.from("AQgw+/=", 10);
    }
    const auto fast = base64_decode(s);
    const auto ref = ref_base64(s);
    ASSERT_EQ(fast.has_value(), ref.has_value()) << '"' << s << '"';
    if (!fast) continue;
    ++valid;
    ASSERT_EQ(*fast, *ref) << s;
    ASSERT_TRUE(base64_equals(s, *ref)) << s;
    ASSERT_FALSE(base64_equals(s, *ref + "x")) << s;
    std::string wrapped = s;
    for (int n = g.below(4); n > 0; --n) {
      wrapped.insert(static_cast<std::size_t>(g.below(static_cast<int>(wrapped.size()) + 1)), 1, g.chance(50) ? '\n' : ' ');
    }
    std::size_t bad = 0;
    ASSERT_EQ(base64_decode_wrapped(wrapped, bad), ref) << wrapped;
  }
  EXPECT_GT(valid, 5000);
}

TEST(ValuesDifferential, BooleansAndCaseFolding) {
  Gen g(15);
  for (int i = 0; i < 5000; ++i) {
    std::string s = g.pick<std::string>({"true", "false", "yes", "", "truefalse", "1"});
    for (char& c : s) c = g.chance(50) && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
    if (g.chance(10)) s = g.mutate(s, "trueTRUE ");
    ASSERT_EQ(parse_bool(s), ref_bool(s)) << s;
  }
  const std::vector<std::string> pieces{"a", "A", "z", "Z", "é", "É", "×", "÷", "ß", "ÿ", "Þ", "þ", "Ā", "ā", "@", "[", "\xC3"};
  for (int i = 0; i < 5000; ++i) {
    std::string a, b;
    for (int n = g.below(4); n > 0; --n) a += g.pick(pieces);
    for (int n = g.below(4); n > 0; --n) b += g.pick(pieces);
    if (g.chance(50)) b = a;
    for (std::size_t k = 0; g.chance(50) && k + 1 < pieces.size(); k += 2) {
      const std::size_t at = b.find(pieces[k]);
      if (at != std::string::npos) b.replace(at, pieces[k].size(), pieces[k + 1]);
    }
    ASSERT_EQ(iequals_latin1(a, b), ref_iequals(a, b)) << a << " / " << b;
  }
}

}  // namespace
}  // namespace iw
