#include "core/time.h"

#include <cstdio>

namespace iw {

namespace {

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic: 400-year cycles).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const int shifted_month = m > 2 ? m - 3 : m + 9;  // March = 0
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + d - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  std::int64_t year;
  int month, day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A reading position in a text.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool done() const { return pos_ == s_.size(); }

  // Consumes `c` when it comes next.
  bool eat(char c) {
    if (done() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // Exactly `n` digits, as a number.
  std::optional<int> digits(std::size_t n) {
    if (pos_ + n > s_.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = pos_; i < pos_ + n; ++i) {
      if (!is_digit(s_[i])) return std::nullopt;
      v = v * 10 + (s_[i] - '0');
    }
    pos_ += n;
    return v;
  }

  // The run of digits that comes next (empty when none).
  std::string_view digit_run() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// What a grammar accepts beyond the forms both share.
struct Syntax {
  bool month_precision = false;  // "YYYY-MM" alone is a date
  bool aws_output = false;       // ' ' or 't' before the time, 'z', ±hhmm and ±hh zones, second 60
};

// The fields of a date and time as written.
struct Fields {
  std::int64_t year = 0;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::string_view fraction;  // digits after the seconds' '.'
  std::int64_t offset = 0;    // of the zone, in seconds east of UTC
};

// YYYY-MM-DD (or YYYY-MM ending the text, when the syntax allows it); a real calendar day.
bool read_date(Cursor& c, const Syntax& syntax, Fields& f) {
  const auto year = c.digits(4);
  if (!year || !c.eat('-')) return false;
  const auto month = c.digits(2);
  if (!month || *month < 1 || *month > 12) return false;
  f.year = *year;
  f.month = *month;
  if (!c.eat('-')) return syntax.month_precision && c.done();
  const auto day = c.digits(2);
  if (!day || *day < 1 || *day > days_in_month(f.year, f.month)) return false;
  f.day = *day;
  return true;
}

bool read_time_separator(Cursor& c, const Syntax& syntax) {
  return c.eat('T') || (syntax.aws_output && (c.eat('t') || c.eat(' ')));
}

// hh:mm[:ss[.s+]]
bool read_clock(Cursor& c, const Syntax& syntax, Fields& f) {
  const auto hour = c.digits(2);
  if (!hour || *hour > 23 || !c.eat(':')) return false;
  const auto minute = c.digits(2);
  if (!minute || *minute > 59) return false;
  f.hour = *hour;
  f.minute = *minute;
  if (!c.eat(':')) return true;
  const auto second = c.digits(2);
  if (!second || *second > (syntax.aws_output ? 60 : 59)) return false;
  f.second = *second;
  if (!c.eat('.')) return true;
  f.fraction = c.digit_run();
  return !f.fraction.empty();
}

// The zone designator, which ends the text: none (UTC), Z or ±hh:mm (AWS output also z, ±hhmm
// and ±hh).
bool read_zone(Cursor& c, const Syntax& syntax, Fields& f) {
  if (c.done()) return true;
  if (c.eat('Z') || (syntax.aws_output && c.eat('z'))) return c.done();
  int sign = 1;
  if (c.eat('-')) {
    sign = -1;
  } else if (!c.eat('+')) {
    return false;
  }
  const auto hours = c.digits(2);
  if (!hours || *hours > 23) return false;
  int minutes = 0;
  if (!(syntax.aws_output && c.done())) {
    if (!c.eat(':') && !syntax.aws_output) return false;
    const auto m = c.digits(2);
    if (!m || *m > 59) return false;
    minutes = *m;
  }
  f.offset = sign * (*hours * 3600LL + minutes * 60LL);
  return c.done();
}

std::optional<Fields> read_date_time(std::string_view s, const Syntax& syntax) {
  Cursor c(s);
  Fields f;
  if (!read_date(c, syntax, f)) return std::nullopt;
  if (c.done()) return f;
  if (!read_time_separator(c, syntax) || !read_clock(c, syntax, f) || !read_zone(c, syntax, f)) {
    return std::nullopt;
  }
  return f;
}

std::int64_t whole_seconds(const Fields& f) {
  return days_from_civil(f.year, f.month, f.day) * 86400 + f.hour * 3600LL + f.minute * 60LL + f.second -
         f.offset;
}

// Up to 18 fraction digits in units of 1e-18 s (further digits are below the resolution).
std::int64_t fraction_units(std::string_view digits) {
  std::int64_t v = 0;
  for (std::size_t k = 0; k < 18; ++k) v = v * 10 + (k < digits.size() ? digits[k] - '0' : 0);
  return v;
}

// Epoch seconds: 1 to 18 digits, optionally a '.' and one or more fraction digits.
std::optional<Instant> parse_epoch(std::string_view s) {
  Cursor c(s);
  const std::string_view whole = c.digit_run();
  if (whole.empty() || whole.size() > 18) return std::nullopt;
  std::string_view fraction;
  if (c.eat('.')) {
    fraction = c.digit_run();
    if (fraction.empty()) return std::nullopt;
  }
  if (!c.done()) return std::nullopt;
  Instant t;
  for (char d : whole) t.seconds = t.seconds * 10 + (d - '0');
  t.fraction = fraction_units(fraction);
  return t;
}

}  // namespace

std::optional<Instant> parse_instant(std::string_view s) {
  if (s.find_first_not_of("0123456789.") == std::string_view::npos) return parse_epoch(s);
  const auto f = read_date_time(s, Syntax{.month_precision = true, .aws_output = false});
  if (!f) return std::nullopt;
  return Instant{whole_seconds(*f), fraction_units(f->fraction)};
}

std::optional<Timestamp> parse_timestamp(std::string_view s) {
  const auto f = read_date_time(s, Syntax{.month_precision = false, .aws_output = true});
  if (!f) return std::nullopt;
  return whole_seconds(*f);
}

std::string format_timestamp(Timestamp t) {
  std::int64_t days = t / 86400;
  std::int64_t rest = t % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const Civil c = civil_from_days(days);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", static_cast<long long>(c.year),
                c.month, c.day, static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                static_cast<long long>(rest % 60));
  return buffer;
}

std::optional<std::int64_t> parse_duration(std::string_view s) {
  if (s.size() < 3 || s.size() > 40 || s[0] != 'P') return std::nullopt;
  constexpr std::int64_t kMax = 100LL * 366 * 86400;
  std::int64_t total = 0;
  bool time_part = false, any = false;
  char last = 0;  // the previous designator: each comes at most once, in order
  std::size_t i = 1;
  while (i < s.size()) {
    if (s[i] == 'T') {
      if (time_part || i + 1 == s.size()) return std::nullopt;
      time_part = true;
      ++i;
      continue;
    }
    std::int64_t n = 0;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      n = n * 10 + (s[i] - '0');
      if (n > kMax) return std::nullopt;
      ++i;
    }
    if (i == start || i == s.size()) return std::nullopt;
    const char d = s[i++];
    std::int64_t unit = 0;
    int rank = 0;
    if (!time_part && d == 'D') unit = 86400, rank = 1;
    else if (time_part && d == 'H') unit = 3600, rank = 2;
    else if (time_part && d == 'M') unit = 60, rank = 3;
    else if (time_part && d == 'S') unit = 1, rank = 4;
    else return std::nullopt;
    if (rank <= last) return std::nullopt;
    last = static_cast<char>(rank);
    total += n * unit;
    if (total > kMax) return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

}  // namespace iw
