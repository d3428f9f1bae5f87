// SPDX-License-Identifier: MIT
// Date parsing by hand over a few well-known shapes: std::chrono's parse is missing from GCC 12.
#include "date.hpp"

#include <array>
#include <cctype>
#include <cstdio>
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

bool is_plausible_publication_date(const Date& d, long today) {
    if (today < 0) today = static_cast<long>(std::time(nullptr) / 86400);
    return d.year >= 1800 && d.days_since_epoch() <= today + 1;
}

} // namespace lede
