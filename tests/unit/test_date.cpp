// SPDX-License-Identifier: MIT
// The one date parser: every form to its UTC instant.
#include "date.hpp"
#include "document_builder.hpp"

#include "../catch.hpp"

#include <cstdlib>
#include <string>
#include <utility>

using namespace lede;

namespace {
std::string utc(const char* text) {
    auto d = parse_date(text);
    return d ? d->iso() : "-";
}
} // namespace

TEST_CASE("ISO 8601 dates and times to UTC", "[date]") {
    CHECK(utc("2020-03-15") == "2020-03-15");
    CHECK(utc("2020-03-15T10:00:00Z") == "2020-03-15T10:00:00Z");
    CHECK(utc("2020-03-15T10:00:00z") == "2020-03-15T10:00:00Z");
    CHECK(utc("2024-12-31T22:30:00-05:00") == "2025-01-01T03:30:00Z");
    CHECK(utc("2024-12-31T22:30:00.123-05:00") == "2025-01-01T03:30:00Z");
    CHECK(utc("2024-12-31T22:30:00,5-0500") == "2025-01-01T03:30:00Z");
    CHECK(utc("2025-01-01T01:00:00+02") == "2024-12-31T23:00:00Z");
    CHECK(utc("2020-03-15T10:00+05:30") == "2020-03-15T04:30:00Z");
    CHECK(utc("2020-03-15 10:00:00 +0000") == "2020-03-15T10:00:00Z");
    CHECK(utc("2020-03-15 10:00:00 UTC") == "2020-03-15T10:00:00Z");
    CHECK(utc("2020-03-15 10:00:00") == "2020-03-15T10:00:00Z"); // no zone: UTC
    CHECK(utc("2020-03-15T10") == "2020-03-15T10:00:00Z");
    CHECK(utc("2020-03-01T00:30:00+01:00") == "2020-02-29T23:30:00Z"); // leap day
    CHECK(utc("2020-03-15T24:00:00") == "2020-03-16T00:00:00Z");
    CHECK(utc("2016-12-31T23:59:60Z") == "2016-12-31T23:59:59Z");
    // Basic (compact) forms.
    CHECK(utc("20180619T055000+0900") == "2018-06-18T20:50:00Z");
    CHECK(utc("20180619T0550Z") == "2018-06-19T05:50:00Z");
    CHECK(utc("20200315") == "2020-03-15");
    CHECK(utc("2020075") == "2020-03-15");
    // Week and ordinal dates.
    CHECK(utc("2020-W11-7") == "2020-03-15");
    CHECK(utc("2020W117") == "2020-03-15");
    CHECK(utc("2009-W01-1") == "2008-12-29");
    CHECK(utc("2020-075") == "2020-03-15");
    CHECK(utc("2020/03/15") == "2020-03-15");
    // Impossible ones.
    CHECK(utc("2019-02-30") == "-");
    CHECK(utc("2019-02-28T25:00:00Z") == "-");
    CHECK(utc("2019-02-28T10:00:00+2500") == "2019-02-28T10:00:00Z"); // a bad offset is not a zone
    CHECK(utc("2019-13-01") == "-");
    CHECK(utc("2019-366") == "-");
}

TEST_CASE("RFC 5322 dates with zones and obsolete zone names", "[date]") {
    CHECK(utc("Tue, 31 Dec 2024 22:30:00 -0500") == "2025-01-01T03:30:00Z");
    CHECK(utc("Sun, 15 Mar 2020 10:00:00 +0000") == "2020-03-15T10:00:00Z");
    CHECK(utc("Mon, 16 Nov 2009 08:16:30 -0800 (PST)") == "2009-11-16T16:16:30Z");
    CHECK(utc("Wed, 1 Jun 2011 02:00:00 +0900 (JST)") == "2011-05-31T17:00:00Z");
    CHECK(utc("1 Jun 2011 02:00 +0900") == "2011-05-31T17:00:00Z");
    CHECK(utc("Tue, 1 Jul 2003 10:52:37 EDT") == "2003-07-01T14:52:37Z");
    CHECK(utc("Tue, 1 Jul 2003 10:52:37 PST") == "2003-07-01T18:52:37Z");
    CHECK(utc("Tue, 1 Jul 2003 10:52:37 UT") == "2003-07-01T10:52:37Z");
    CHECK(utc("Tue, 1 Jul 2003 10:52:37 GMT") == "2003-07-01T10:52:37Z");
    CHECK(utc("Tue, 1 Jul 2003 10:52:37 -0000") == "2003-07-01T10:52:37Z");
    CHECK(utc("Tue, 1 Jul 2003 10:52:37 A") == "2003-07-01T10:52:37Z"); // military: unknown
    CHECK(utc("Tue, 1 Jul 03 10:52:37 +0100") == "2003-07-01T09:52:37Z"); // two-digit year
    CHECK(utc("Tue, 1 Jul 99 10:52:37 +0100") == "1999-07-01T09:52:37Z");
    CHECK(utc("Tue, 1 Jul 103 10:52:37 +0100") == "2003-07-01T09:52:37Z"); // three-digit year
    CHECK(utc("1 Jan 2025 00:30:00 +0100") == "2024-12-31T23:30:00Z");
    CHECK(utc("Thu, 29 Feb 2024 23:00:00 -0200") == "2024-03-01T01:00:00Z");
    CHECK(utc("Fri, 30 Feb 2024 23:00:00 -0200") == "-");
}

TEST_CASE("HTTP dates: IMF-fixdate, RFC 850 and asctime", "[date]") {
    CHECK(utc("Sun, 06 Nov 1994 08:49:37 GMT") == "1994-11-06T08:49:37Z");
    CHECK(utc("Sunday, 06-Nov-94 08:49:37 GMT") == "1994-11-06T08:49:37Z");
    CHECK(utc("Sun Nov  6 08:49:37 1994") == "1994-11-06T08:49:37Z");
    CHECK(utc("Thu Jan 13 10:00:00 +0100 2011") == "2011-01-13T09:00:00Z");
}

TEST_CASE("News forms", "[date]") {
    CHECK(utc("March 15, 2020") == "2020-03-15");
    CHECK(utc("Mar 15 2020") == "2020-03-15");
    CHECK(utc("15 March 2020") == "2020-03-15");
    CHECK(utc("15th of March 2020") == "2020-03-15");
    CHECK(utc("Sept. 3, 2019") == "2019-09-03");
    CHECK(utc("15-MAR-1987 10:00:00.00") == "1987-03-15T10:00:00Z");
    CHECK(utc("May 13, 2014 12:34 PM") == "2014-05-13T12:34:00Z");
    CHECK(utc("May 13, 2014 12:34 AM") == "2014-05-13T00:34:00Z");
    CHECK(utc("May 13, 2014 9:05 p.m. EDT") == "2014-05-14T01:05:00Z");
    CHECK(utc("March 15, 2020 10:00 CET") == "2020-03-15T09:00:00Z");
    CHECK(utc("15 March 2020 10:00 GMT+2") == "2020-03-15T08:00:00Z");
    CHECK(utc("15 March 2020 10:00 UTC-05:00") == "2020-03-15T15:00:00Z");
    CHECK(utc("15.03.2020") == "2020-03-15");
    CHECK(utc("15.03.2020 10:00") == "2020-03-15T10:00:00Z");
    CHECK(utc("03/04/2020") == "-"); // day or month first: not guessed
    CHECK(utc("hello") == "-");
    CHECK(utc("") == "-");
    CHECK(utc("Pn, 23 paź 2009 14:00:00 +0200") == "2009-10-23T12:00:00Z"); // Polish abbreviation
    CHECK(utc("Pn, 23 xyz 2009 14:00:00 +0200") == "-");
}

TEST_CASE("Dates keep whether a zone was given", "[date]") {
    CHECK(parse_date("2020-03-15T10:00:00+01:00")->has_zone);
    CHECK(parse_date("Sun, 15 Mar 2020 10:00:00 EST")->has_zone);
    CHECK_FALSE(parse_date("2020-03-15T10:00:00")->has_zone);
    CHECK_FALSE(parse_date("Sun, 15 Mar 2020 10:00:00 -0000")->has_zone);
}

TEST_CASE("Month names and date words of other languages", "[date]") {
    CHECK(utc("19. Oktober 2019 um 14:37 Uhr") == "2019-10-19T14:37:00Z");
    CHECK(utc("Veröffentlicht: 5. Juni 2023") == "2023-06-05");
    CHECK(utc("5.\u00A0März\u00A02019") == "2019-03-05"); // no-break spaces
    CHECK(utc("MÄRZ 5, 2019") == "2019-03-05");
    CHECK(utc("le 15 septembre 2009") == "2009-09-15");
    CHECK(utc("3 févr. 2020 à 10h30") == "2020-02-03");
    CHECK(utc("12 de marzo de 2019") == "2019-03-12");
    CHECK(utc("12 de março de 2019") == "2019-03-12");
    CHECK(utc("3 giugno 2018 alle ore 10:15") == "2018-06-03T10:15:00Z");
    CHECK(utc("12 maart 2019") == "2019-03-12");
    CHECK(utc("12 marca 2019") == "2019-03-12");
    CHECK(utc("1 października 2019 r.") == "2019-10-01");
    CHECK(utc("12. července 2019") == "2019-07-12"); // Czech July, not June
    CHECK(utc("12. června 2019") == "2019-06-12");
    CHECK(utc("12 марта 2019 г.") == "2019-03-12");
    CHECK(utc("12 Марта 2019") == "2019-03-12");
    CHECK(utc("2019. március 12.") == "2019-03-12");
    CHECK(utc("12. maaliskuuta 2019") == "2019-03-12");
    CHECK(utc("12 Mart 2019") == "2019-03-12");
    CHECK(utc("12 mai 2019") == "2019-05-12");
    // Chinese, Japanese and Korean: the numbers say what they are.
    CHECK(utc("2019年3月12日") == "2019-03-12");
    CHECK(utc("2019年03月12日 10:30") == "2019-03-12T10:30:00Z");
    CHECK(utc("2019년 3월 12일") == "2019-03-12");
    CHECK(utc("2019年3月") == "-");
    CHECK(utc("19年3月12日") == "-");
    // "am" before a date is German for "on", not a.m.
    CHECK(utc("am 5. Juni 2023 um 12:30") == "2023-06-05T12:30:00Z");
    CHECK(utc("12 xyzzy 2019") == "-");
}

TEST_CASE("The year is the first after the month's name", "[date]") {
    CHECK(utc("berg2012 am 21. Jan. 2015, 19:04") == "2015-01-21T19:04:00Z");
    CHECK(utc("2019. március 12.") == "2019-03-12");
}

TEST_CASE("an article dated more than a year after today is stored without a date, with a warning", "[date]") {
    ::setenv("LEDE_TODAY", "2026-12-07", 1);
    auto prepared = [](const char* date, std::string& problem) {
        Article a;
        a.id = "x";
        a.body = "text";
        a.date = date;
        problem.clear();
        const bool ok = prepare_article(a, problem);
        return std::make_pair(ok, a.date);
    };
    std::string problem;
    // Embargoed and scheduled items, up to a year ahead, keep their dates.
    CHECK(prepared("2026-12-08", problem) == std::make_pair(true, std::string("2026-12-08")));
    CHECK(prepared("2027-12-08", problem) == std::make_pair(true, std::string("2027-12-08")));
    CHECK(problem.empty());
    // "30 Jun 3609", as in a real spam message (mail-fixtures' raw_email_bad_time.eml).
    CHECK(prepared("Fri, 30 Jun 3609 09:33:50 +0000", problem) == std::make_pair(false, std::string()));
    CHECK(problem == "date 'Fri, 30 Jun 3609 09:33:50 +0000' is more than a year after today (2026-12-07): "
                     "stored without a date");
    CHECK(prepared("2027-12-09", problem).first == false);
    // The boundary moves with today.
    ::setenv("LEDE_TODAY", "2027-01-01", 1);
    CHECK(prepared("2027-12-09", problem) == std::make_pair(true, std::string("2027-12-09")));
    ::unsetenv("LEDE_TODAY");
    // Dates long past are kept (archives reach back centuries).
    CHECK(prepared("1851-09-18", problem) == std::make_pair(true, std::string("1851-09-18")));
}
