// The typed values of conditions (core/values.h, core/time.h): edge cases of each grammar, and
// lint's condition-type-mismatch agreeing with them (policy/value_syntax.h).
#include "core/values.h"

#include <gtest/gtest.h>

#include "policy/utf8.h"
#include "policy/value_syntax.h"

namespace iw {
namespace {

int cmp(const char* a, const char* b) { return compare(*parse_decimal(a), *parse_decimal(b)); }

std::int64_t seconds(const char* text) {
  const auto t = parse_instant(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t ? t->seconds : -1;
}

TEST(Decimals, CompareExactly) {
  EXPECT_EQ(cmp("10", "10.000"), 0);
  EXPECT_EQ(cmp("1e2", "100"), 0);
  EXPECT_EQ(cmp("1E+2", "100"), 0);
  EXPECT_EQ(cmp("12.5e-1", "1.25"), 0);
  EXPECT_EQ(cmp("0.1", "0.10000000000000000001"), -1);
  EXPECT_EQ(cmp("-2", "-10"), 1);
  EXPECT_EQ(cmp("-0", "0.0"), 0);
  EXPECT_EQ(cmp("0e999", "-0.000"), 0);
  EXPECT_EQ(cmp("007", "7"), 0);
  EXPECT_EQ(cmp("123456789012345678901234567890", "123456789012345678901234567891"), -1);
  EXPECT_EQ(cmp("1e-999999999999999", "0"), 1);
}

TEST(Decimals, RejectWhatIsNotAJsonNumber) {
  for (const char* s : {"", "-", "1.", ".5", "+1", "1e", "1e+", "0x10", "1,5", " 1", "1 ", "1e1000000000000000",
                        "NaN", "Infinity", "1.2.3", "--1"}) {
    EXPECT_FALSE(parse_decimal(s)) << s;
  }
}

TEST(Instants, CalendarDatesAndLeapYears) {
  EXPECT_EQ(seconds("2020-01-01T00:00:00Z"), 1577836800);
  EXPECT_EQ(seconds("2020-01-01"), 1577836800);
  EXPECT_EQ(seconds("2020-01"), 1577836800);
  EXPECT_EQ(seconds("2024-02-29T00:00:00Z"), 1709164800);
  EXPECT_EQ(seconds("2000-02-29"), 951782400);
  EXPECT_EQ(seconds("1969-12-31T23:59:59Z"), -1);
  for (const char* s : {"2024-02-30T00:00:00Z", "2024-02-30", "2023-02-29", "2021-02-29", "1900-02-29",
                        "2100-02-29", "2023-04-31", "2023-06-31", "2023-13-01", "2023-00-01", "2023-01-00",
                        "2023-01-32", "2023-1-01", "2023-01-1", "2023-0101"}) {
    EXPECT_FALSE(parse_instant(s)) << s;
  }
}

TEST(Instants, ClockTimes) {
  EXPECT_EQ(seconds("2020-01-01T23:59:59Z"), 1577836800 + 86399);
  EXPECT_EQ(seconds("2020-01-01T10:30Z"), 1577836800 + 37800);
  EXPECT_EQ(seconds("2020-01-01T10:30:00"), 1577836800 + 37800);  // no zone: UTC
  for (const char* s : {"2020-01-01T24:00:00Z", "2020-01-01T24:00Z", "2020-01-01T23:60:00Z",
                        "2020-01-01T23:59:60Z", "2020-01-01T1:00:00Z", "2020-01-01T10Z", "2020-01-01T",
                        "2020-01-01Z", "2020-01-01T10:00:00.Z", "2020-01-01 10:00:00Z", "2020-01-01t10:00:00Z",
                        "2020-01-01T10:00:00z", "2020-01T10:00:00Z"}) {
    EXPECT_FALSE(parse_instant(s)) << s;
  }
}

TEST(Instants, ZoneOffsets) {
  EXPECT_EQ(seconds("2020-01-01T01:00:00+01:00"), 1577836800);
  EXPECT_EQ(seconds("2019-12-31T19:00:00-05:00"), 1577836800);
  EXPECT_EQ(seconds("2020-01-01T05:45:00+05:45"), 1577836800);
  EXPECT_EQ(seconds("2020-01-01T00:00:00+00:00"), seconds("2020-01-01T00:00:00-00:00"));
  EXPECT_EQ(seconds("2020-01-01T00:00:00+23:59"), 1577836800 - 86340);
  for (const char* s : {"2020-01-01T00:00:00+24:00", "2020-01-01T00:00:00+01:60", "2020-01-01T00:00:00+0100",
                        "2020-01-01T00:00:00+01", "2020-01-01T00:00:00+1:00", "2020-01-01T00:00:00+01:00Z",
                        "2020-01-01T00:00:00 +01:00"}) {
    EXPECT_FALSE(parse_instant(s)) << s;
  }
}

TEST(Instants, EpochSecondsAndFractions) {
  EXPECT_EQ(seconds("1577836800"), 1577836800);
  EXPECT_EQ(seconds("0"), 0);
  EXPECT_EQ(seconds("2020"), 2020);  // all digits: epoch seconds, not a year
  EXPECT_EQ(seconds("999999999999999999"), 999999999999999999);
  EXPECT_EQ(parse_instant("1.5")->fraction, 500000000000000000);
  EXPECT_LT(*parse_instant("2020-01-01T00:00:00Z"), *parse_instant("2020-01-01T00:00:00.000001Z"));
  EXPECT_LT(*parse_instant("1577836800"), *parse_instant("1577836800.000000000000000001"));
  EXPECT_EQ(*parse_instant("1.0000000000000000001"), *parse_instant("1"));  // below the resolution
  EXPECT_EQ(*parse_instant("2020-01-01T00:00:00.5Z"), *parse_instant("1577836800.5"));
  for (const char* s : {"", ".", "1.", ".5", "1.2.3", "-1", "+1", "1e9", "1000000000000000000", " 1"}) {
    EXPECT_FALSE(parse_instant(s)) << s;
  }
}

TEST(Timestamps, AwsOutputIsMoreLenientButAgreesOnCalendar) {
  EXPECT_EQ(parse_timestamp("2023-03-09 10:41:34+00:00"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T12:41:34+0200"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T12:41:34+02"), 1678358494);
  EXPECT_EQ(parse_timestamp("2016-12-31T23:59:60Z"), parse_timestamp("2017-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2024-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2023-03"));
  EXPECT_FALSE(parse_timestamp("1678358494"));
  EXPECT_FALSE(parse_timestamp("2023-03-09T10:41.5Z"));
  // The shared reader: the same instant from both grammars.
  EXPECT_EQ(parse_timestamp("2024-02-29T13:14:15-03:30"), parse_instant("2024-02-29T13:14:15-03:30")->seconds);
}

TEST(Networks, Ipv4AndPrefixes) {
  EXPECT_TRUE(contains(*parse_network("10.1.2.3/8"), *parse_address("10.200.0.1")));
  EXPECT_FALSE(contains(*parse_network("10.0.0.0/8"), *parse_address("11.0.0.1")));
  EXPECT_TRUE(contains(*parse_network("0.0.0.0/0"), *parse_address("255.255.255.255")));
  EXPECT_TRUE(contains(*parse_network("203.0.113.7"), *parse_address("203.0.113.7")));  // bare: /32
  EXPECT_FALSE(contains(*parse_network("203.0.113.7"), *parse_address("203.0.113.8")));
  const Network host_bits = *parse_network("192.168.1.77/24");
  EXPECT_EQ(host_bits.lo, parse_network("192.168.1.0/24")->lo);  // host bits masked
  EXPECT_EQ(host_bits.prefix, 24);
  for (const char* s : {"1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/8/8",
                        "01.2.3.4", "1.2.3.004", "1.2.3.4 ", "1..3.4", "a.b.c.d", "1.2.3.4/0008"}) {
    EXPECT_FALSE(parse_network(s)) << s;
  }
  EXPECT_FALSE(parse_address("10.0.0.0/8"));  // a context value is an address, not a range
}

TEST(Networks, Ipv6) {
  EXPECT_TRUE(contains(*parse_network("2001:db8::/32"), *parse_address("2001:db8:ffff::1")));
  EXPECT_TRUE(contains(*parse_network("2001:DB8::/32"), *parse_address("2001:db8::1")));
  EXPECT_FALSE(contains(*parse_network("::/0"), *parse_address("1.2.3.4")));  // never across families
  EXPECT_FALSE(contains(*parse_network("0.0.0.0/0"), *parse_address("::1")));
  EXPECT_TRUE(contains(*parse_network("::ffff:0:0/96"), *parse_address("::ffff:10.1.2.3")));
  EXPECT_TRUE(contains(*parse_network("2001:db8::1:2/127"), *parse_address("2001:db8::1:3")));
  const Network a = *parse_network("2001:db8:1:2:3:4:5:6/64");
  EXPECT_EQ(a.lo, 0u);  // host bits masked
  EXPECT_EQ(a.hi, 0x20010db800010002ull);
  EXPECT_TRUE(parse_network("::"));
  EXPECT_TRUE(parse_network("1::"));
  EXPECT_TRUE(parse_network("1:2:3:4:5:6:7::"));
  EXPECT_TRUE(parse_network("1:2:3:4:5:6:1.2.3.4"));
  for (const char* s : {"1:2:3:4:5:6:7:8:9", "1::2::3", "1:::2", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:",
                        "1::2:3:4:5:6:7:8", "12345::", "g::", "fe80::1%eth0", "::/129", "1.2.3.4::",
                        "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4"}) {
    EXPECT_FALSE(parse_network(s)) << s;
  }
}

TEST(Booleans, CaseInsensitiveTrueFalseOnly) {
  EXPECT_EQ(parse_bool("TRUE"), true);
  EXPECT_EQ(parse_bool("False"), false);
  for (const char* s : {"", "yes", "1", "t", "true ", "truee"}) EXPECT_FALSE(parse_bool(s)) << s;
}

TEST(Base64, Padding) {
  EXPECT_EQ(base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(base64_decode("aGVsbG8"), "hello");  // padding optional
  EXPECT_EQ(base64_decode("aGVsbA=="), "hell");
  EXPECT_EQ(base64_decode("aGVsbA"), "hell");
  EXPECT_EQ(base64_decode("aGVs"), "hel");
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("+/8="), "\xfb\xff");
  for (const char* s : {"a", "aGVsb", "aGVsbA=", "aGVsbG8==", "aGVs=", "aGVsbA===", "=", "====", "aGVs\nbG8=",
                        "aGVsbG8=aGVs", "aGV-bG8=", "aGV_bG8=", "aGVsbG8 "}) {
    EXPECT_FALSE(base64_decode(s)) << s;
  }
  EXPECT_TRUE(base64_equals("aGVsbG8", "hello"));
  EXPECT_FALSE(base64_equals("aGVsbG8=", "hell"));
  EXPECT_FALSE(base64_equals("aGVsbA==", "hello"));
  EXPECT_FALSE(base64_equals("aGVsbG8*", "hello"));
}

TEST(Base64, WrappedTextSkipsWhitespaceAndLocatesErrors) {
  std::size_t bad = 0;
  EXPECT_EQ(base64_decode_wrapped("aGVs\r\nbG8=\n", bad), "hello");
  EXPECT_FALSE(base64_decode_wrapped("aGVs*bG8=", bad));
  EXPECT_EQ(bad, 4u);
  EXPECT_FALSE(base64_decode_wrapped("aGVsb", bad));
  EXPECT_EQ(bad, 5u);  // ends too early
  EXPECT_FALSE(base64_decode_wrapped("aGVsbG8==", bad));
  EXPECT_EQ(bad, 8u);
}

TEST(CaseFolding, AsciiAndLatin1) {
  EXPECT_TRUE(iequals_latin1("ÉCOLE", "école"));
  EXPECT_TRUE(iequals_latin1("Prod", "pROD"));
  EXPECT_FALSE(iequals_latin1("×", "÷"));
  EXPECT_FALSE(iequals_latin1("Ā", "ā"));  // beyond Latin-1: exact
  EXPECT_FALSE(iequals_latin1("a", "ab"));
}

// Lint's "the value fits the operator" is the engine's parser accepting it.
TEST(ValueFits, IsTheEnginesParser) {
  using policy::OpFamily;
  EXPECT_FALSE(policy::value_fits(OpFamily::date, "2024-02-30T00:00:00Z"));
  EXPECT_TRUE(policy::value_fits(OpFamily::date, "2024-02-29T00:00:00Z"));
  EXPECT_TRUE(policy::value_fits(OpFamily::date, "1700000000.5"));
  EXPECT_FALSE(policy::value_fits(OpFamily::date, "2024-01-01T00:00:60Z"));
  EXPECT_FALSE(policy::value_fits(OpFamily::ip, "10.0.0.256/8"));
  EXPECT_FALSE(policy::value_fits(OpFamily::ip, "010.0.0.0/8"));
  EXPECT_TRUE(policy::value_fits(OpFamily::ip, "2001:db8::/32"));
  EXPECT_TRUE(policy::value_fits(OpFamily::numeric, "007"));
  EXPECT_FALSE(policy::value_fits(OpFamily::numeric, "7."));
  EXPECT_TRUE(policy::value_fits(OpFamily::binary, "aGVsbG8"));
  EXPECT_FALSE(policy::value_fits(OpFamily::binary, "aGVsbG8=="));
  EXPECT_TRUE(policy::value_fits(OpFamily::null, "FALSE"));
  EXPECT_TRUE(policy::value_fits(OpFamily::string, "anything"));
  for (const char* v : {"", "x", "2024-02-30", "1.2.3.4", "aGVsbG8=", "true", "1e5"}) {
    EXPECT_EQ(policy::value_fits(OpFamily::date, v), parse_instant(v).has_value()) << v;
    EXPECT_EQ(policy::value_fits(OpFamily::ip, v), parse_network(v).has_value()) << v;
    EXPECT_EQ(policy::value_fits(OpFamily::numeric, v), parse_decimal(v).has_value()) << v;
    EXPECT_EQ(policy::value_fits(OpFamily::binary, v), base64_decode(v).has_value()) << v;
    EXPECT_EQ(policy::value_fits(OpFamily::boolean, v), parse_bool(v).has_value()) << v;
  }
}

}  // namespace
}  // namespace iw
