// SPDX-License-Identifier: MIT
// Date parsing by hand over the forms archives write (std::chrono's parse is missing from GCC 12):
// ISO 8601 first, by its grammar; then a token scan for the RFC 5322, HTTP and news forms.
#include "date.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace lede {
namespace {

constexpr std::array<std::string_view, 12> month_names{"january", "february", "march",     "april",
                                                       "may",     "june",     "july",      "august",
                                                       "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> weekday_names{"monday", "tuesday",  "wednesday", "thursday",
                                                        "friday", "saturday", "sunday"};

std::string lower(std::string_view s) {
    std::string w;
    for (char c : s) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return w;
}

// A word lower-cased, letters of any script (ICU's simple case mapping per code point).
std::string lower_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) continue;
        c = u_tolower(c);
        uint8_t buf[4];
        int32_t k = 0;
        UBool error = false;
        U8_APPEND(buf, k, 4, c, error);
        if (!error) out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(k));
    }
    return out;
}

// Month names of other languages as news sites print them, lower-case, each with its month: the
// nominative and the genitive ("12 marca", "12 марта") and the abbreviations sites use that are no
// English word. Matched whole (an abbreviation may end in a dot, which is a separate token).
struct MonthName {
    std::string_view name;
    int month;
};
constexpr MonthName foreign_months[] = {
    // German, Dutch, Scandinavian, Indonesian (the forms that differ from English)
    {"januar", 1}, {"jänner", 1}, {"jän", 1}, {"januari", 1}, {"februar", 2}, {"februari", 2},
    {"märz", 3}, {"maerz", 3}, {"mär", 3}, {"maart", 3}, {"mrt", 3}, {"mars", 3}, {"marts", 3},
    {"maret", 3}, {"mai", 5}, {"mei", 5}, {"maj", 5}, {"juni", 6}, {"juli", 7}, {"augustus", 8}, {"augusti", 8},
    {"agustus", 8}, {"oktober", 10}, {"okt", 10}, {"dezember", 12}, {"dez", 12}, {"desember", 12},
    // French
    {"janvier", 1}, {"janv", 1}, {"février", 2}, {"fevrier", 2}, {"févr", 2}, {"fév", 2},
    {"avril", 4}, {"avr", 4}, {"juin", 6}, {"juillet", 7}, {"juil", 7}, {"août", 8}, {"aout", 8},
    {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"décembre", 12}, {"decembre", 12},
    {"déc", 12},
    // Spanish, Italian, Portuguese, Romanian
    {"enero", 1}, {"ene", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"abr", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11},
    {"diciembre", 12}, {"dic", 12}, {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6},
    {"giu", 6}, {"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"ott", 10}, {"dicembre", 12}, {"janeiro", 1},
    {"fevereiro", 2}, {"março", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7}, {"setembro", 9},
    {"outubro", 10}, {"novembro", 11}, {"dezembro", 12}, {"ianuarie", 1}, {"februarie", 2}, {"martie", 3},
    {"aprilie", 4}, {"iunie", 6}, {"iulie", 7}, {"septembrie", 9}, {"octombrie", 10}, {"noiembrie", 11},
    {"decembrie", 12},
    // Polish (nominative, genitive, abbreviation)
    {"styczeń", 1}, {"stycznia", 1}, {"sty", 1}, {"luty", 2}, {"lutego", 2}, {"lut", 2}, {"marzec", 3},
    {"marca", 3}, {"kwiecień", 4}, {"kwietnia", 4}, {"kwi", 4}, {"maja", 5}, {"czerwiec", 6},
    {"czerwca", 6}, {"lipiec", 7}, {"lipca", 7}, {"sierpień", 8}, {"sierpnia", 8}, {"sie", 8},
    {"wrzesień", 9}, {"września", 9}, {"wrz", 9}, {"październik", 10},
    {"października", 10}, {"paź", 10}, {"listopad", 11}, {"listopada", 11}, {"lis", 11},
    {"grudzień", 12}, {"grudnia", 12}, {"gru", 12},
    // Czech
    {"leden", 1}, {"ledna", 1}, {"únor", 2}, {"února", 2}, {"březen", 3},
    {"března", 3}, {"duben", 4}, {"dubna", 4}, {"květen", 5}, {"května", 5},
    {"červen", 6}, {"června", 6}, {"červenec", 7}, {"července", 7},
    {"srpen", 8}, {"srpna", 8}, {"září", 9}, {"říjen", 10},
    {"října", 10}, {"listopadu", 11}, {"prosinec", 12}, {"prosince", 12},
    // Hungarian, Finnish (nominative and partitive), Turkish
    {"január", 1}, {"február", 2}, {"március", 3}, {"április", 4},
    {"május", 5}, {"június", 6}, {"július", 7}, {"augusztus", 8}, {"szeptember", 9},
    {"október", 10}, {"tammikuu", 1}, {"tammikuuta", 1}, {"helmikuu", 2}, {"helmikuuta", 2},
    {"maaliskuu", 3}, {"maaliskuuta", 3}, {"huhtikuu", 4}, {"huhtikuuta", 4}, {"toukokuu", 5},
    {"toukokuuta", 5}, {"kesäkuu", 6}, {"kesäkuuta", 6}, {"heinäkuu", 7},
    {"heinäkuuta", 7}, {"elokuu", 8}, {"elokuuta", 8}, {"syyskuu", 9}, {"syyskuuta", 9},
    {"lokakuu", 10}, {"lokakuuta", 10}, {"marraskuu", 11}, {"marraskuuta", 11}, {"joulukuu", 12},
    {"joulukuuta", 12}, {"ocak", 1}, {"şubat", 2}, {"mart", 3}, {"nisan", 4}, {"mayıs", 5},
    {"haziran", 6}, {"temmuz", 7}, {"ağustos", 8}, {"eylül", 9}, {"ekim", 10},
    {"kasım", 11}, {"aralık", 12},
    // Russian and Ukrainian (nominative, genitive, abbreviation)
    {"январь", 1}, {"января", 1},
    {"янв", 1}, {"февраль", 2},
    {"февраля", 2}, {"фев", 2},
    {"март", 3}, {"марта", 3},
    {"апрель", 4}, {"апреля", 4},
    {"апр", 4}, {"май", 5}, {"мая", 5},
    {"июнь", 6}, {"июня", 6},
    {"июль", 7}, {"июля", 7},
    {"август", 8}, {"августа", 8},
    {"авг", 8}, {"сентябрь", 9},
    {"сентября", 9}, {"сен", 9},
    {"октябрь", 10}, {"октября", 10},
    {"окт", 10}, {"ноябрь", 11},
    {"ноября", 11}, {"ноя", 11},
    {"декабрь", 12}, {"декабря", 12},
    {"дек", 12},
    {"січень", 1}, {"січня", 1},
    {"лютий", 2}, {"лютого", 2},
    {"березень", 3}, {"березня", 3},
    {"квітень", 4}, {"квітня", 4},
    {"травень", 5}, {"травня", 5},
    {"червень", 6}, {"червня", 6},
    {"липень", 7}, {"липня", 7},
    {"серпень", 8}, {"серпня", 8},
    {"вересень", 9}, {"вересня", 9},
    {"жовтень", 10}, {"жовтня", 10},
    {"листопад", 11}, {"листопада", 11},
    {"грудень", 12}, {"грудня", 12},
};

// A word that is a month's name: English, or an abbreviation of an English name of at least three
// letters ("Mar", "Sept"); or a name or abbreviation of the table above.
int month_from_name(std::string_view word) {
    if (word.size() < 3) return 0;
    const std::string w = lower_utf8(word);
    for (std::size_t i = 0; i < month_names.size(); ++i)
        if (month_names[i].compare(0, w.size(), w) == 0) return static_cast<int>(i) + 1;
    for (const auto& [name, month] : foreign_months)
        if (name == w) return month;
    return 0;
}

// Words that stand between the parts of a date in many languages ("12 de marzo de 2019", "am 5.
// Juni 2023 um 14:37 Uhr", "le 15 septembre 2009 à 10h30", "12 марта 2019 г."): not unknown words.
bool is_date_filler(const std::string& w) {
    static const std::string_view fillers[] = {
        "de", "del", "le", "la", "el", "den", "der", "um", "uhr", "h", "kl", "klo", "o", "godz", "r", "ore", "alle",
        "à", "às", "en", "om", "op", "van", "г", "в", "р", "о",
        "года"};
    for (auto f : fillers)
        if (w == f) return true;
    return false;
}

bool is_weekday(std::string_view word) {
    if (word.size() < 2) return false;
    const std::string w = lower(word);
    if (w == "tues" || w == "thur" || w == "thurs") return true;
    for (auto d : weekday_names)
        if (w.size() >= 3 && d.compare(0, w.size(), w) == 0) return true;
    return false;
}

// Zone names to minutes east of UTC: RFC 5322's (UT, GMT and the US zones) and those news sites
// commonly print. Ambiguous names (IST) are not guessed.
std::optional<int> zone_offset(std::string_view word) {
    static const std::pair<std::string_view, int> zones[] = {
        {"ut", 0},       {"utc", 0},      {"gmt", 0},     {"z", 0},       {"wet", 0},     {"bst", 60},
        {"cet", 60},     {"met", 60},     {"mez", 60},    {"west", 60},   {"cest", 120},  {"mest", 120},
        {"mesz", 120},   {"eet", 120},    {"eest", 180},  {"msk", 180},   {"est", -300},  {"edt", -240},
        {"cst", -360},   {"cdt", -300},   {"mst", -420},  {"mdt", -360},  {"pst", -480},  {"pdt", -420},
        {"ast", -240},   {"adt", -180},   {"akst", -540}, {"akdt", -480}, {"hst", -600},  {"jst", 540},
        {"kst", 540},    {"hkt", 480},    {"sgt", 480},   {"awst", 480},  {"acst", 570},  {"aest", 600},
        {"aedt", 660},   {"nzst", 720},   {"nzdt", 780},
    };
    const std::string w = lower(word);
    for (const auto& [n, off] : zones)
        if (n == w) return off;
    return std::nullopt;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

int num(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

// Hinnant's civil_from_days: the inverse of Date::days_since_epoch.
void civil_from_days(long z, int& y, int& m, int& d) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<long>(yoe) + era * 400 + (m <= 2));
}

long days_of(int y, int m, int d) {
    Date t;
    t.year = y;
    t.month = m;
    t.day = d;
    return t.days_since_epoch();
}

// Checks the fields, applies the offset (minutes east of UTC) and gives the UTC date.
std::optional<Date> finish(Date d, int offset_minutes) {
    if (!is_valid_date(d.year, d.month, d.day)) return std::nullopt;
    if (d.has_time) {
        if (d.second == 60) d.second = 59; // a leap second
        if (d.hour > 24 || d.minute > 59 || d.second > 59) return std::nullopt;
        if (d.hour == 24 && (d.minute || d.second)) return std::nullopt; // 24:00 is the next midnight
        long secs = d.days_since_epoch() * 86400L + d.hour * 3600L + d.minute * 60L + d.second - offset_minutes * 60L;
        long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
        long rest = secs - days * 86400;
        civil_from_days(days, d.year, d.month, d.day);
        d.hour = static_cast<int>(rest / 3600);
        d.minute = static_cast<int>(rest / 60 % 60);
        d.second = static_cast<int>(rest % 60);
        if (!is_valid_date(d.year, d.month, d.day)) return std::nullopt;
        d.offset_minutes = offset_minutes;
    }
    return d;
}

// A cursor over the text, for the ISO grammar.
struct Cursor {
    std::string_view s;
    std::size_t i = 0;
    bool at(char c) const { return i < s.size() && s[i] == c; }
    char peek(std::size_t k = 0) const { return i + k < s.size() ? s[i + k] : '\0'; }
    std::string_view digits() {
        const std::size_t b = i;
        while (i < s.size() && digit(s[i])) ++i;
        return s.substr(b, i - b);
    }
    void spaces() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    }
};

// "+05", "+0530", "+05:30", "-0000" at the cursor: minutes east. `known` false for "-0000".
bool numeric_offset(Cursor& c, int& minutes, bool& known) {
    if (!c.at('+') && !c.at('-') && c.peek() != '\xe2') return false;
    std::size_t save = c.i;
    int sign = c.at('+') ? 1 : -1;
    if (c.peek() == '\xe2') { // U+2212 MINUS SIGN
        if (c.peek(1) != '\x88' || c.peek(2) != '\x92') return false;
        c.i += 2;
    }
    ++c.i;
    const std::string_view h = c.digits();
    int hh = 0, mm = 0;
    if (h.size() == 4) {
        hh = num(h.substr(0, 2));
        mm = num(h.substr(2));
    } else if (h.size() == 2 || h.size() == 1) {
        hh = num(h);
        if (c.at(':') && digit(c.peek(1))) {
            ++c.i;
            const std::string_view m = c.digits();
            if (m.size() != 2) {
                c.i = save;
                return false;
            }
            mm = num(m);
        }
    } else {
        c.i = save;
        return false;
    }
    if (hh > 23 || mm > 59) {
        c.i = save;
        return false;
    }
    minutes = sign * (hh * 60 + mm);
    known = !(sign < 0 && hh == 0 && mm == 0);
    return true;
}

// A zone after a time: "Z", a numeric offset, or a name (with an offset after it: "GMT+2").
void zone_at(Cursor& c, Date& d, int& offset) {
    const std::size_t save = c.i;
    c.spaces();
    bool known = true;
    if (numeric_offset(c, offset, known)) {
        d.has_zone = known;
        return;
    }
    std::size_t b = c.i;
    while (c.i < c.s.size() && std::isalpha(static_cast<unsigned char>(c.s[c.i]))) ++c.i;
    if (auto z = zone_offset(c.s.substr(b, c.i - b))) {
        offset = *z;
        d.has_zone = true;
        int extra = 0;
        bool k2 = true;
        if (numeric_offset(c, extra, k2)) offset += extra;
        return;
    }
    c.i = save;
}

// "hh:mm[:ss][.frac]" or "hhmm[ss][.frac]" (basic) or "hh".
bool time_at(Cursor& c, Date& d) {
    const std::size_t save = c.i;
    const std::string_view h = c.digits();
    if (h.size() == 2 && c.at(':')) {
        d.hour = num(h);
        ++c.i;
        const std::string_view m = c.digits();
        if (m.size() != 2) return c.i = save, false;
        d.minute = num(m);
        if (c.at(':')) {
            ++c.i;
            const std::string_view s = c.digits();
            if (s.size() != 2) return c.i = save, false;
            d.second = num(s);
        }
    } else if (h.size() == 2 || h.size() == 4 || h.size() == 6) {
        d.hour = num(h.substr(0, 2));
        if (h.size() >= 4) d.minute = num(h.substr(2, 2));
        if (h.size() == 6) d.second = num(h.substr(4, 2));
    } else {
        c.i = save;
        return false;
    }
    if ((c.at('.') || c.at(',')) && digit(c.peek(1))) { // fractions of a second are dropped
        ++c.i;
        c.digits();
    }
    d.has_time = true;
    return true;
}

// ISO 8601 (and "2020/03/15"). nullopt with `recognized` false when the text is not of this shape.
std::optional<Date> parse_iso(std::string_view s, bool& recognized) {
    recognized = false;
    Cursor c{s};
    c.spaces();
    const std::string_view y = c.digits();
    Date d;
    if (y.size() == 4 && (c.at('-') || c.at('/') || c.at('.'))) {
        const char sep = c.s[c.i++];
        d.year = num(y);
        if (sep == '-' && c.at('W')) { // 2020-W11-7
            ++c.i;
            const std::string_view w = c.digits();
            if (w.size() != 2) return std::nullopt;
            int wd = 1;
            if (c.at('-') && digit(c.peek(1))) {
                ++c.i;
                const std::string_view x = c.digits();
                if (x.size() != 1) return std::nullopt;
                wd = num(x);
            }
            recognized = true;
            const int week = num(w);
            if (week < 1 || week > 53 || wd < 1 || wd > 7) return std::nullopt;
            const long jan4 = days_of(d.year, 1, 4);
            const long monday = jan4 - ((jan4 + 3) % 7 + 7) % 7;
            civil_from_days(monday + (week - 1) * 7 + (wd - 1), d.year, d.month, d.day);
        } else {
            const std::string_view m = c.digits();
            if (sep == '-' && m.size() == 3 && !c.at('-')) { // 2020-075
                recognized = true;
                const int doy = num(m);
                if (doy < 1 || doy > (days_in_month(d.year, 2) == 29 ? 366 : 365)) return std::nullopt;
                civil_from_days(days_of(d.year, 1, 1) + doy - 1, d.year, d.month, d.day);
            } else {
                if (m.empty() || m.size() > 2 || !c.at(sep)) return std::nullopt;
                ++c.i;
                const std::string_view dd = c.digits();
                if (dd.empty() || dd.size() > 2) return std::nullopt;
                recognized = true;
                d.month = num(m);
                d.day = num(dd);
            }
        }
    } else if (y.size() == 4 && c.at('W')) { // 2020W117
        ++c.i;
        const std::string_view w = c.digits();
        if (w.size() != 3 && w.size() != 2) return std::nullopt;
        recognized = true;
        d.year = num(y);
        const int week = num(w.substr(0, 2)), wd = w.size() == 3 ? w[2] - '0' : 1;
        if (week < 1 || week > 53 || wd < 1 || wd > 7) return std::nullopt;
        const long jan4 = days_of(d.year, 1, 4);
        const long monday = jan4 - ((jan4 + 3) % 7 + 7) % 7;
        civil_from_days(monday + (week - 1) * 7 + (wd - 1), d.year, d.month, d.day);
    } else if (y.size() == 8) { // 20200315
        recognized = true;
        d.year = num(y.substr(0, 4));
        d.month = num(y.substr(4, 2));
        d.day = num(y.substr(6, 2));
    } else if (y.size() == 7 && (c.at('T') || c.i == s.size())) { // 2020075
        recognized = true;
        d.year = num(y.substr(0, 4));
        const int doy = num(y.substr(4));
        if (doy < 1 || doy > (days_in_month(d.year, 2) == 29 ? 366 : 365)) return std::nullopt;
        civil_from_days(days_of(d.year, 1, 1) + doy - 1, d.year, d.month, d.day);
    } else {
        return std::nullopt;
    }
    if (!is_valid_date(d.year, d.month, d.day)) return std::nullopt;
    int offset = 0;
    const std::size_t before_time = c.i;
    if ((c.at('T') || c.at('t')) && digit(c.peek(1))) {
        ++c.i;
        if (!time_at(c, d)) return std::nullopt;
    } else if (c.at(' ') || c.at('\t')) {
        c.spaces();
        if (digit(c.peek()) && !time_at(c, d)) c.i = before_time; // "2020-03-15 (Sunday)": date only
        // A bare number after a space is not a time unless it is one (hh:mm).
        if (d.has_time && c.s.substr(before_time, c.i - before_time).find(':') == std::string_view::npos) {
            d.has_time = false;
            d.hour = d.minute = d.second = 0;
            c.i = before_time;
        }
    }
    if (d.has_time) zone_at(c, d, offset);
    return finish(d, offset);
}

struct Token {
    enum Kind { Num, Word, Punct } kind;
    std::string_view text;
    bool space_before;
};

// Numbers (ASCII digits), words (letters of any script, ICU's alphabetic property) and single
// punctuation marks; spaces of any kind (no-break, thin, ideographic) separate.
std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    bool space = false;
    int depth = 0;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto n = static_cast<int32_t>(s.size());
    auto letter_at = [&](std::size_t at, std::size_t& next) {
        auto k = static_cast<int32_t>(at);
        UChar32 c;
        U8_NEXT(p, k, n, c);
        next = static_cast<std::size_t>(k);
        return c >= 0 && (u_isalpha(c) || (c >= 0x80 && (u_charType(c) == U_NON_SPACING_MARK ||
                                                           u_charType(c) == U_COMBINING_SPACING_MARK)));
    };
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '(') { // RFC 5322 comments ("(PST)") say nothing the text does not
            ++depth;
            ++i;
            continue;
        }
        if (depth > 0) {
            if (c == ')') --depth;
            ++i;
            space = true;
            continue;
        }
        std::size_t next = i + 1;
        if (std::isdigit(c)) {
            std::size_t j = i;
            while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
            out.push_back({Token::Num, s.substr(i, j - i), space});
            i = j;
        } else if (letter_at(i, next)) {
            std::size_t j = next;
            while (j < s.size() && letter_at(j, next)) j = next;
            out.push_back({Token::Word, s.substr(i, j - i), space});
            i = j;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
            space = true;
            continue;
        } else if (c >= 0x80) {
            auto k = static_cast<int32_t>(i);
            UChar32 cp;
            U8_NEXT(p, k, n, cp);
            const std::size_t end = static_cast<std::size_t>(k);
            if (cp >= 0 && u_isUWhiteSpace(cp)) {
                i = end;
                space = true;
                continue;
            }
            out.push_back({Token::Punct, s.substr(i, end - i), space});
            i = end;
        } else {
            out.push_back({Token::Punct, s.substr(i, 1), space});
            ++i;
        }
        space = false;
    }
    return out;
}

// RFC 5322, HTTP and news forms: a month name (or d.m.y digits), a day, a year, perhaps a time and
// a zone, in whichever order they come.
std::optional<Date> parse_words(std::string_view s) {
    const auto t = tokenize(s);
    Date d;
    int offset = 0;
    bool zone = false, pm = false, am = false;
    std::vector<std::string_view> nums; // numbers outside the time, in order
    std::vector<char> seps;             // the punctuation before each number
    int unknown_words = 0;
    int cjk_year = 0, cjk_month = 0, cjk_day = 0;
    std::size_t month_at = 0; // how many numbers came before the month's name
    for (std::size_t k = 0; k < t.size(); ++k) {
        const Token& x = t[k];
        auto next_is = [&](std::size_t n, Token::Kind kind, std::string_view text = {}) {
            return k + n < t.size() && t[k + n].kind == kind && (text.empty() || t[k + n].text == text) &&
                   !t[k + n].space_before;
        };
        if (x.kind == Token::Num) {
            if (!d.has_time && x.text.size() <= 2 && next_is(1, Token::Punct, ":") && next_is(2, Token::Num)) {
                d.hour = num(x.text);
                if (t[k + 2].text.size() != 2) return std::nullopt;
                d.minute = num(t[k + 2].text);
                k += 2;
                if (next_is(1, Token::Punct, ":") && next_is(2, Token::Num)) {
                    if (t[k + 2].text.size() != 2) return std::nullopt;
                    d.second = num(t[k + 2].text);
                    k += 2;
                }
                if ((next_is(1, Token::Punct, ".") || next_is(1, Token::Punct, ",")) && next_is(2, Token::Num)) k += 2;
                d.has_time = true;
                continue;
            }
            if (x.text.size() > 4) return std::nullopt;
            nums.push_back(x.text);
            seps.push_back(k > 0 && t[k - 1].kind == Token::Punct && !x.space_before ? t[k - 1].text[0] : ' ');
            continue;
        }
        if (x.kind == Token::Punct) {
            if ((x.text == "+" || x.text == "-") && d.has_time && !zone && next_is(1, Token::Num) &&
                (t[k + 1].text.size() == 4 || t[k + 1].text.size() <= 2)) {
                // A numeric zone after the time: "-0500", "+05:30", "+02"; the year may follow (asctime).
                const std::string_view h = t[k + 1].text;
                int hh = 0, mm = 0;
                std::size_t used = 1;
                if (h.size() == 4) {
                    hh = num(h.substr(0, 2));
                    mm = num(h.substr(2));
                } else {
                    hh = num(h);
                    if (next_is(2, Token::Punct, ":") && next_is(3, Token::Num) && t[k + 3].text.size() == 2) {
                        mm = num(t[k + 3].text);
                        used = 3;
                    }
                }
                if (hh > 23 || mm > 59) return std::nullopt;
                offset = (x.text == "+" ? 1 : -1) * (hh * 60 + mm);
                zone = !(x.text == "-" && offset == 0);
                k += used;
                continue;
            }
            continue;
        }
        // A word. After a number, 年 / 月 / 日 (Chinese, Japanese) and 년 / 월 / 일 (Korean) say what
        // the number was: "2019年3月12日", "2019년 3월 12일".
        if (k > 0 && t[k - 1].kind == Token::Num && !nums.empty() && nums.back() == t[k - 1].text) {
            auto starts = [&](std::string_view a, std::string_view b) {
                return x.text.substr(0, a.size()) == a || x.text.substr(0, b.size()) == b;
            };
            int* field = starts("年", "년")   ? &cjk_year
                         : starts("月", "월") ? &cjk_month
                         : starts("日", "일") ? &cjk_day
                                                                        : nullptr;
            if (field && *field == 0) {
                *field = num(nums.back());
                if (field == &cjk_year && nums.back().size() != 4) return std::nullopt;
                nums.pop_back();
                seps.pop_back();
                continue;
            }
        }
        const std::string w = lower_utf8(x.text);
        if (is_date_filler(w)) continue;
        if ((w == "am" || w == "a") && d.has_time) {
            if (w == "am" || (next_is(1, Token::Punct, ".") && next_is(2, Token::Word, "m"))) {
                am = true;
                if (w == "a") k += 2;
                continue;
            }
        }
        if ((w == "pm" || w == "p") && d.has_time) {
            if (w == "pm" || (next_is(1, Token::Punct, ".") && next_is(2, Token::Word, "m"))) {
                pm = true;
                if (w == "p") k += 2;
                continue;
            }
        }
        if (w == "st" || w == "nd" || w == "rd" || w == "th" || w == "of" || w == "at" || w == "the") continue;
        if (is_weekday(w)) continue;
        if (int m = month_from_name(w); m && d.month == 0) {
            d.month = m;
            month_at = nums.size();
            continue;
        }
        if (d.has_time && !zone) {
            if (auto z = zone_offset(w)) {
                offset = *z;
                zone = true;
                // "GMT+2", "UTC-05:00"
                if (k + 2 < t.size() && (t[k + 1].text == "+" || t[k + 1].text == "-") && !t[k + 1].space_before &&
                    t[k + 2].kind == Token::Num && !t[k + 2].space_before && t[k + 2].text.size() <= 4) {
                    const std::string_view h = t[k + 2].text;
                    int hh = h.size() == 4 ? num(h.substr(0, 2)) : num(h), mm = h.size() == 4 ? num(h.substr(2)) : 0;
                    std::size_t used = 2;
                    if (h.size() <= 2 && k + 4 < t.size() && t[k + 3].text == ":" && t[k + 4].kind == Token::Num) {
                        mm = num(t[k + 4].text);
                        used = 4;
                    }
                    if (hh > 23 || mm > 59) return std::nullopt;
                    offset += (t[k + 1].text == "+" ? 1 : -1) * (hh * 60 + mm);
                    k += used;
                }
                continue;
            }
            if (w.size() == 1 && w != "j") continue; // a military zone: unknown (RFC 5322 4.3)
        }
        ++unknown_words;
    }
    if (unknown_words > 2) return std::nullopt;
    if (cjk_year && cjk_month && cjk_day) {
        d.year = cjk_year;
        d.month = cjk_month;
        d.day = cjk_day;
    } else if (cjk_year || cjk_month || cjk_day) {
        return std::nullopt;
    } else if (d.month != 0) {
        // Day and year among the numbers: the year is the one of 3 or 4 digits (the first after the
        // month's name when there is one: "Posted 2012 comments, 21 Jan 2015"), else the second.
        int year_at = -1;
        for (std::size_t i = month_at; i < nums.size() && year_at < 0; ++i)
            if (nums[i].size() >= 3) year_at = static_cast<int>(i);
        for (std::size_t i = 0; i < nums.size() && year_at < 0; ++i)
            if (nums[i].size() >= 3) year_at = static_cast<int>(i);
        int day_at = -1;
        for (std::size_t i = 0; i < nums.size(); ++i)
            if (static_cast<int>(i) != year_at && nums[i].size() <= 2) {
                day_at = static_cast<int>(i);
                break;
            }
        if (year_at < 0) {
            for (std::size_t i = 0; i < nums.size(); ++i)
                if (static_cast<int>(i) != day_at) {
                    year_at = static_cast<int>(i);
                    break;
                }
        }
        if (day_at < 0 || year_at < 0) return std::nullopt;
        d.day = num(nums[static_cast<std::size_t>(day_at)]);
        const std::string_view y = nums[static_cast<std::size_t>(year_at)];
        d.year = num(y);
        if (y.size() == 2) d.year += d.year < 50 ? 2000 : 1900; // RFC 5322 4.3
        else if (y.size() == 3) d.year += 1900;
    } else {
        // "15.03.2020", "15-03-2020": day, month, year with one separator ('/' is left alone:
        // 03/04/2020 is the 3rd of April or the 4th of March depending on who wrote it).
        if (nums.size() < 3 || nums[2].size() != 4 || nums[0].size() > 2 || nums[1].size() > 2) return std::nullopt;
        if (seps[1] != seps[2] || (seps[1] != '.' && seps[1] != '-')) return std::nullopt;
        d.day = num(nums[0]);
        d.month = num(nums[1]);
        d.year = num(nums[2]);
    }
    if (d.has_time) {
        if (pm && d.hour < 12) d.hour += 12;
        else if (am && d.hour == 12) d.hour = 0;
        if ((am || pm) && d.hour > 23) return std::nullopt;
        d.has_zone = zone;
    } else {
        offset = 0;
    }
    return finish(d, offset);
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

Date Date::written_day() const {
    if (!has_time) return Date{year, month, day};
    const long secs = days_since_epoch() * 86400L + hour * 3600L + minute * 60L + second + offset_minutes * 60L;
    const long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    return date_from_days(days);
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() > 200) return std::nullopt;
    bool recognized = false;
    auto iso = parse_iso(text, recognized);
    if (iso || recognized) return iso;
    return parse_words(text);
}

bool is_plausible_publication_date(const Date& d, long today) {
    if (today < 0) today = static_cast<long>(std::time(nullptr) / 86400);
    return d.year >= 1800 && d.days_since_epoch() <= today + 1;
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
