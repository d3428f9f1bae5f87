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
int days_in_month(int year, int month);

/// Parse the date forms articles carry: ISO 8601 ("2020-03-15", "2020-03-15T10:00:00Z", with
/// offsets), RFC 2822 ("Sun, 15 Mar 2020 10:00:00 +0000"), "15-MAR-1987 10:00:00", "March 15, 2020",
/// "15 March 2020" and "YYYYMMDD". Times are kept as given (offsets ignored). nullopt when unparseable
/// or impossible (2019-02-30).
std::optional<Date> parse_date(std::string_view text);

/// A date a web page can have been published on: from 1800 up to tomorrow (UTC). Placeholders
/// such as 0001-01-01 and dates in the future are not. `today` (days since the epoch) defaults
/// to the system clock.
bool is_plausible_publication_date(const Date& d, long today = -1);

} // namespace lede
