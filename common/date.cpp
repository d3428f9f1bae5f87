// SPDX-License-Identifier: MIT
// Date parsing by hand over a few well-known shapes: std::chrono's parse is missing from GCC 12.
#include "date.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace lede {
namespace {

constexpr std::array<std::string_view, 12> month_names{"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};

int month_from_name(std::string_view word) {
    if (word.size() < 3) return 0;
    std::string w;
    for (char c : word) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < month_names.size(); ++i)
        if (w.compare(0, 3, month_names[i]) == 0) return static_cast<int>(i) + 1;
    return 0;
}

struct Piece {
    std::string text;
    bool digits;
};

std::vector<Piece> split(std::string_view s) {
    std::vector<Piece> out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (std::isdigit(c)) {
            std::size_t j = i;
            while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
            out.push_back({std::string(s.substr(i, j - i)), true});
            i = j;
        } else if (std::isalpha(c)) {
            std::size_t j = i;
            while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
            out.push_back({std::string(s.substr(i, j - i)), false});
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

void take_time(const std::vector<Piece>& p, std::size_t from, Date& d) {
    if (from + 1 < p.size() && p[from].digits && p[from + 1].digits && p[from].text.size() <= 2 &&
        p[from + 1].text.size() == 2) {
        d.hour = std::stoi(p[from].text);
        d.minute = std::stoi(p[from + 1].text);
        if (from + 2 < p.size() && p[from + 2].digits && p[from + 2].text.size() == 2)
            d.second = std::stoi(p[from + 2].text);
        d.has_time = d.hour < 24 && d.minute < 60 && d.second < 61;
        if (!d.has_time) d.hour = d.minute = d.second = 0;
    }
}

} // namespace

bool is_valid_date(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

long Date::days_since_epoch() const {
    // Howard Hinnant's days_from_civil.
    const int y = year - (month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = static_cast<unsigned>((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<long>(era) * 146097 + static_cast<long>(doe) - 719468;
}

std::string Date::compact() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
    return buf;
}

std::string Date::iso() const {
    char buf[32];
    if (has_time)
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() > 100) return std::nullopt;
    auto p = split(text);
    for (const auto& piece : p)
        if (piece.digits && piece.text.size() > 8) return std::nullopt;
    if (p.empty()) return std::nullopt;
    Date d;
    std::size_t next = 0;
    // Skip a leading weekday name ("Sun, 15 Mar 2020").
    std::size_t k = (!p[0].digits && month_from_name(p[0].text) == 0) ? 1 : 0;
    if (k >= p.size()) return std::nullopt;
    if (p[k].digits && p[k].text.size() == 8 && k + 1 >= p.size()) { // YYYYMMDD
        d.year = std::stoi(p[k].text.substr(0, 4));
        d.month = std::stoi(p[k].text.substr(4, 2));
        d.day = std::stoi(p[k].text.substr(6, 2));
        next = k + 1;
    } else if (p[k].digits && p[k].text.size() == 4 && k + 2 < p.size() && p[k + 1].digits && p[k + 2].digits) {
        d.year = std::stoi(p[k].text); // ISO
        d.month = std::stoi(p[k + 1].text);
        d.day = std::stoi(p[k + 2].text);
        next = k + 3;
        if (next < p.size() && !p[next].digits && (p[next].text == "T" || p[next].text == "t")) ++next;
    } else if (p[k].digits && k + 2 < p.size() && !p[k + 1].digits && p[k + 2].digits) {
        d.day = std::stoi(p[k].text); // 15 Mar 2020, 15-MAR-1987
        d.month = month_from_name(p[k + 1].text);
        d.year = std::stoi(p[k + 2].text);
        if (p[k + 2].text.size() == 2) d.year += d.year < 50 ? 2000 : 1900;
        next = k + 3;
    } else if (!p[k].digits && k + 2 < p.size() && p[k + 1].digits && p[k + 2].digits) {
        d.month = month_from_name(p[k].text); // March 15, 2020
        d.day = std::stoi(p[k + 1].text);
        d.year = std::stoi(p[k + 2].text);
        next = k + 3;
    } else {
        return std::nullopt;
    }
    if (!is_valid_date(d.year, d.month, d.day)) return std::nullopt;
    take_time(p, next, d);
    return d;
}

Date date_from_days(long days) {
    // Howard Hinnant's civil_from_days.
    const long z = days + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    Date d;
    d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2));
    return d;
}

namespace {

// The same day `months` months earlier, on the month's last day when it has fewer days.
std::optional<Date> months_back(const Date& today, long months) {
    const long index = static_cast<long>(today.year) * 12 + (today.month - 1) - months;
    if (index < 12) return std::nullopt; // before year 1
    Date d;
    d.year = static_cast<int>(index / 12);
    d.month = static_cast<int>(index % 12) + 1;
    d.day = std::min(today.day, days_in_month(d.year, d.month));
    return d;
}

std::optional<Date> days_back(const Date& today, long days) {
    const Date d = date_from_days(today.days_since_epoch() - days);
    if (d.year < 1) return std::nullopt;
    return d;
}

} // namespace

std::optional<RelativeDate> parse_relative_date(std::string_view text, const Date& today) {
    if (text.size() > 16 || !is_valid_date(today.year, today.month, today.day)) return std::nullopt;
    std::string w;
    for (char c : text) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const Date day{today.year, today.month, today.day};
    auto one_day = [](std::optional<Date> d) -> std::optional<RelativeDate> {
        if (!d) return std::nullopt;
        return RelativeDate{*d, *d, false};
    };
    if (w == "today") return one_day(day);
    if (w == "yesterday") return one_day(days_back(day, 1));
    if (w == "last-week") {
        // days_since_epoch 0 was a Thursday: Monday is 0 in (days + 3) mod 7.
        const long n = day.days_since_epoch();
        const long weekday = ((n + 3) % 7 + 7) % 7;
        const auto first = days_back(day, weekday + 7), last = days_back(day, weekday + 1);
        if (!first || !last) return std::nullopt;
        return RelativeDate{*first, *last, false};
    }
    if (w == "last-month") {
        const auto m = months_back(Date{day.year, day.month, 1}, 1);
        if (!m) return std::nullopt;
        return RelativeDate{*m, Date{m->year, m->month, days_in_month(m->year, m->month)}, false};
    }
    if (w == "last-year") {
        if (day.year <= 1) return std::nullopt;
        return RelativeDate{Date{day.year - 1, 1, 1}, Date{day.year - 1, 12, 31}, false};
    }
    // Nd, Nw, Nm, Ny
    if (w.size() < 2 || w.size() > 6) return std::nullopt;
    const char unit = w.back();
    const std::string digits = w.substr(0, w.size() - 1);
    for (char c : digits)
        if (c < '0' || c > '9') return std::nullopt;
    const long n = std::stol(digits);
    std::optional<Date> d;
    switch (unit) {
    case 'd': d = days_back(day, n); break;
    case 'w': d = days_back(day, 7 * n); break;
    case 'm': d = months_back(day, n); break;
    case 'y': d = months_back(day, 12 * n); break;
    default: return std::nullopt;
    }
    if (!d) return std::nullopt;
    return RelativeDate{*d, *d, true};
}

Date today_utc() {
    if (const char* fixed = std::getenv("LEDE_TODAY"); fixed && *fixed) {
        const std::string_view v(fixed);
        if (v.size() == 10 && v[4] == '-' && v[7] == '-')
            if (auto d = parse_date(v)) return Date{d->year, d->month, d->day};
    }
    return date_from_days(static_cast<long>(std::time(nullptr) / 86400));
}

} // namespace lede
