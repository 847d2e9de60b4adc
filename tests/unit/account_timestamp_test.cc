// Timestamps as snapshots write them.
#include <gtest/gtest.h>

#include "account/account.h"

namespace iw::account {
namespace {

TEST(AccountTimestamp, IsoWithTAndZ) {
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_timestamp("2023-03-09T10:41:34Z"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09t10:41:34z"), 1678358494);
}

TEST(AccountTimestamp, SpaceAndNumericZone) {
  EXPECT_EQ(parse_timestamp("2023-03-09 10:41:34+00:00"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T12:41:34+02:00"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T12:41:34+0200"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T12:41:34+02"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T05:11:34-05:30"), 1678358494);
}

TEST(AccountTimestamp, FractionsAreDropped) {
  EXPECT_EQ(parse_timestamp("2023-03-09T10:41:34.999Z"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09 10:41:34.123456+00:00"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T10:41:34.Z"), std::nullopt);
}

TEST(AccountTimestamp, DateOnlyAndNoZone) {
  EXPECT_EQ(parse_timestamp("2023-03-09"), 1678320000);
  EXPECT_EQ(parse_timestamp("2023-03-09T10:41:34"), 1678358494);
  EXPECT_EQ(parse_timestamp("2023-03-09T10:41"), 1678358460);
}

TEST(AccountTimestamp, CalendarEdges) {
  EXPECT_EQ(parse_timestamp("2024-02-29T00:00:00Z"), 1709164800);
  EXPECT_EQ(parse_timestamp("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2000-02-29"), 951782400);
  EXPECT_EQ(parse_timestamp("1900-02-29"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2023-04-31"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2023-13-01"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2023-00-01"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2023-01-01T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2023-01-01T23:60:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59Z"), -1);
}

TEST(AccountTimestamp, AbsentMarkersAndGarbage) {
  for (const char* s : {"N/A", "no_information", "not_supported", "", "2023", "2023-3-9",
                        "2023-03-09X10:41:34Z", "2023-03-09T10:41:34Q", "2023-03-09T10:41:34+25:00",
                        "2023-03-09T10:41:34Z ", " 2023-03-09", "2023-03-09T10:41:34+00:00:00",
                        "１２３４-01-01"}) {
    EXPECT_EQ(parse_timestamp(s), std::nullopt) << s;
  }
}

TEST(AccountTimestamp, FormatRoundTrips) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(1678358494), "2023-03-09T10:41:34Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_timestamp(1709164800), "2024-02-29T00:00:00Z");
  for (Timestamp t = -86400LL * 800; t < 86400LL * 365 * 400; t += 86400LL * 37 + 3671) {
    EXPECT_EQ(parse_timestamp(format_timestamp(t)), t) << t;
  }
}

}  // namespace
}  // namespace iw::account
