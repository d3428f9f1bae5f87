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
    /// Whether the text gave a zone (an offset or a zone name). Without one a time is taken as UTC.
    bool has_zone = false;
    /// The offset the text gave, in minutes east of UTC (already applied to the fields above).
    int offset_minutes = 0;

    /// Days since 1970-01-01 (negative before).
    long days_since_epoch() const;
    /// "YYYYMMDD": the value-slot encoding.
    std::string compact() const;
    /// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ".
    std::string iso() const;
    /// The calendar day as the text wrote it, before its offset was applied: "2019-03-12T23:30-05:00"
    /// is the 13th in UTC but the 12th where it was written (a publisher's own day). No time.
    Date written_day() const;
};

bool is_valid_date(int year, int month, int day);
/// The date `days` days after 1970-01-01 (before it when negative): the inverse of days_since_epoch.
Date date_from_days(long days);
int days_in_month(int year, int month);

/// The one date parser of Lede (every reader's dates go through it, in prepare_article). Forms:
/// - ISO 8601 / RFC 3339, extended and basic: "2020-03-15", "2020-03-15T10:00:00.250+05:30",
///   "2020-03-15 10:00Z", "20180619T055000+0900", "20200315", week dates "2020-W11-7", "2020W117",
///   ordinal dates "2020-075", offsets "+05", "+0530", "+05:30", "Z"; also "2020/03/15".
/// - RFC 5322 and its obsolete forms: "Sun, 15 Mar 2020 10:00:00 -0500 (EST)", "15 Mar 20 10:00 EST",
///   zone names UT, GMT, Z and the US ones (EST, EDT, CST, ... PDT); military letters and "-0000"
///   mean an unknown zone (RFC 5322 4.3), read as UTC.
/// - HTTP dates (RFC 9110): IMF-fixdate, RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT"), asctime
///   ("Sun Nov  6 08:49:37 1994", also the date of an mbox "From " line).
/// - News forms: "March 15, 2020", "Mar 15 2020 10:00 PM EST", "15 March 2020", "15th of March
///   2020", "15-MAR-1987 10:00:00.00", "15.03.2020", common zone names (CET, CEST, BST, JST,
///   AEST, ...) and "GMT+2" / "UTC-05:00".
/// The result is the true UTC instant: an offset is applied (the day may change). A time without a
/// zone is taken as UTC. nullopt when unparseable or impossible (2019-02-30, 25:00).
std::optional<Date> parse_date(std::string_view text);

/// A date a web page can have been published on: from 1800 up to tomorrow (UTC). Placeholders
/// such as 0001-01-01 and dates in the future are not. `today` (days since the epoch) defaults
/// to the system clock.
bool is_plausible_publication_date(const Date& d, long today = -1);

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
