// SPDX-License-Identifier: MIT
// Relative dates (today, yesterday, Nd/Nw/Nm/Ny, last-week/-month/-year) against a fixed 'now',
// and the day arithmetic under them, checked against an independent count of days.
#include "../catch.hpp"

#include "date.hpp"

#include <cstdlib>
#include <string>

using namespace lede;

namespace {

Date day(int y, int m, int d) { return Date{y, m, d}; }

std::string range(std::string_view text, const Date& today) {
    const auto r = parse_relative_date(text, today);
    if (!r) return "none";
    return r->first.iso() + ".." + r->last.iso() + (r->ago ? " ago" : "");
}

} // namespace

TEST_CASE("date_from_days inverts days_since_epoch over four centuries", "[date]") {
    // Walk day by day from 1900-01-01, counting months by hand: an independent calendar.
    int y = 1900, m = 1, d = 1;
    long n = day(1900, 1, 1).days_since_epoch();
    CHECK(n == -25567);
    for (int i = 0; i < 146097; ++i, ++n) {
        const Date got = date_from_days(n);
        if (got.year != y || got.month != m || got.day != d) {
            FAIL("day " << n << ": " << got.iso() << " is not " << day(y, m, d).iso());
        }
        CHECK(day(y, m, d).days_since_epoch() == n);
        if (++d > days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                ++y;
            }
        }
    }
    CHECK(date_from_days(0).iso() == "1970-01-01");
}

TEST_CASE("relative dates name UTC days counted back from today", "[date]") {
    const Date now = day(2024, 3, 31); // a Sunday, in a leap year, at the end of a 31-day month
    CHECK(range("today", now) == "2024-03-31..2024-03-31");
    CHECK(range("Today", now) == "2024-03-31..2024-03-31");
    CHECK(range("yesterday", now) == "2024-03-30..2024-03-30");
    CHECK(range("0d", now) == "2024-03-31..2024-03-31 ago");
    CHECK(range("7d", now) == "2024-03-24..2024-03-24 ago");
    CHECK(range("31d", now) == "2024-02-29..2024-02-29 ago");
    CHECK(range("3w", now) == "2024-03-10..2024-03-10 ago");
    CHECK(range("1m", now) == "2024-02-29..2024-02-29 ago"); // no 31 February: its last day
    CHECK(range("2m", now) == "2024-01-31..2024-01-31 ago");
    CHECK(range("13m", now) == "2023-02-28..2023-02-28 ago");
    CHECK(range("1y", now) == "2023-03-31..2023-03-31 ago");
    CHECK(range("1Y", now) == "2023-03-31..2023-03-31 ago");
    CHECK(range("last-week", now) == "2024-03-18..2024-03-24"); // Monday to Sunday before this week
    CHECK(range("last-month", now) == "2024-02-01..2024-02-29");
    CHECK(range("last-year", now) == "2023-01-01..2023-12-31");

    const Date monday = day(2024, 1, 1);
    CHECK(range("last-week", monday) == "2023-12-25..2023-12-31");
    CHECK(range("last-month", monday) == "2023-12-01..2023-12-31");
    CHECK(range("yesterday", monday) == "2023-12-31..2023-12-31");
    CHECK(range("1y", day(2024, 2, 29)) == "2023-02-28..2023-02-28 ago");
    CHECK(range("4y", day(2024, 2, 29)) == "2020-02-29..2020-02-29 ago");
    CHECK(range("last-week", day(2024, 3, 24)) == "2024-03-11..2024-03-17"); // from a Sunday
}

TEST_CASE("anything else is not a relative date", "[date]") {
    const Date now = day(2024, 3, 31);
    for (const char* text : {"", "d", "7", "7x", "-7d", "7 d", "7days", "last-day", "lastweek", "tomorrow",
                             "2024", "2024-03", "999999d", "1.5d", "７d"})
        CHECK(range(text, now) == "none");
    CHECK(range("99999d", now) == "1750-06-17..1750-06-17 ago");
    CHECK(range("99999m", now) == "none");         // before year 1
    CHECK(range("2023y", now) == "0001-03-31..0001-03-31 ago");
    CHECK(range("2024y", now) == "none");
    CHECK(range("last-year", day(1, 6, 1)) == "none");
    CHECK(range("today", Date{}) == "none");      // no valid today
}

TEST_CASE("LEDE_TODAY fixes today for scripts and tests", "[date]") {
    ::setenv("LEDE_TODAY", "1987-03-15", 1);
    CHECK(today_utc().iso() == "1987-03-15");
    ::setenv("LEDE_TODAY", "1987-02-30", 1); // impossible: the clock's day instead
    CHECK(today_utc().year >= 2024);
    ::unsetenv("LEDE_TODAY");
    const Date t = today_utc();
    CHECK(t.year >= 2024);
    CHECK(is_valid_date(t.year, t.month, t.day));
}
