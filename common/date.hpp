// SPDX-License-Identifier: MIT
// Calendar dates as news archives write them, and the encodings the index stores.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lede {

struct Date {
    int year = 0, month = 0, day = 0;        // month and day 1-based
    int hour = 0, minute = 0, second = 0;
    bool has_time = false;

    /// Days since 1970-01-01 (negative before).
    long days_since_epoch() const;
    /// "YYYYMMDD": the value-slot encoding.
    std::string compact() const;
    /// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ".
    std::string iso() const;
};

bool is_valid_date(int year, int month, int day);
/// The date `days` days after 1970-01-01 (before it when negative): the inverse of days_since_epoch.
Date date_from_days(long days);
int days_in_month(int year, int month);

/// Parse the date forms articles carry: ISO 8601 ("2020-03-15", "2020-03-15T10:00:00Z", with
/// offsets), RFC 2822 ("Sun, 15 Mar 2020 10:00:00 +0000"), "15-MAR-1987 10:00:00", "March 15, 2020",
/// "15 March 2020" and "YYYYMMDD". Times are kept as given (offsets ignored). nullopt when unparseable
/// or impossible (2019-02-30).
std::optional<Date> parse_date(std::string_view text);

/// A relative date as --since, --until and date: take it (docs/query-language.md, "Dates"), in
/// UTC days counted from `today`. `first`..`last` is the period it names, both ends included:
///   today, yesterday          that day
///   Nd, Nw, Nm, Ny            the day N days, weeks, months or years before today (N up to 99999;
///                             a month or year back from the 31st lands on the month's last day);
///                             `ago` is set: alone in date: it means from that day through today
///   last-week                 the calendar week before this one, Monday to Sunday (ISO 8601)
///   last-month, last-year     the calendar month or year before this one
/// Letters are case-insensitive. nullopt when `text` is none of these (or lands before year 1).
struct RelativeDate {
    Date first, last;
    bool ago = false;
};
std::optional<RelativeDate> parse_relative_date(std::string_view text, const Date& today);

/// Today's date in UTC, or the date in $LEDE_TODAY (YYYY-MM-DD) when that is set and valid (for
/// reproducible scripts and tests).
Date today_utc();

} // namespace lede
