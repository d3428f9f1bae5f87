// SPDX-License-Identifier: MIT
// Query parser: every operator, field, date form and error, pinned by Xapian::Query descriptions
// (table-driven, as xapian-core's tests/api_queryparser.cc) and by error messages with positions.
#include "../catch.hpp"

#include "error.hpp"
#include "query_parser.hpp"

#include <fstream>
#include <string>
#include <vector>

using namespace lede;

namespace {

struct Parsed {
    const char* query;
    const char* description;
    bool pure_filter;
};

struct Failure {
    const char* query;
    std::size_t position;
    const char* message;
};

QueryParserOptions english() {
    QueryParserOptions o;
    o.stem_languages = {"en"};
    return o;
}

std::string describe(const std::string& q, const QueryParserOptions& o) {
    static const Analyzer analyzer;
    return parse_query(q, analyzer, o).query.get_description();
}

// Free words, phrases, operators, +/-, NEAR, wildcards, =word, every field and date form.
const std::vector<Parsed> parsed{
    {R"q(cocoa)q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q(Cocoa)q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q(COCOA)q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q(running)q", R"q(Query(((Zrun SYNONYM Zrunning) OR 2 * (ZSrun SYNONYM ZSrunning))))q", false},
    {R"q(café)q", R"q(Query((Zcafe OR 2 * ZScafe)))q", false},
    {R"q(Müller)q", R"q(Query((Zmuller OR 2 * ZSmuller)))q", false},
    {R"q(straße)q", R"q(Query(((Zstrass SYNONYM Zstrasse) OR 2 * (ZSstrass SYNONYM ZSstrasse))))q", false},
    {R"q(don't)q", R"q(Query((((don PHRASE 2 t) SYNONYM Zdont) OR 2 * ((Sdon PHRASE 2 St) SYNONYM ZSdont))))q", false},
    {R"q(don’t)q", R"q(Query((((don PHRASE 2 t) SYNONYM Zdont) OR 2 * ((Sdon PHRASE 2 St) SYNONYM ZSdont))))q", false},
    {R"q(e-mail)q", R"q(Query((((e PHRASE 2 mail) SYNONYM Zemail) OR 2 * ((Se PHRASE 2 Smail) SYNONYM ZSemail))))q", false},
    {R"q(U.S.)q", R"q(Query(((Zu. SYNONYM Zu.s) OR 2 * (ZSu. SYNONYM ZSu.s))))q", false},
    {R"q(1,000)q", R"q(Query((1,000 OR 2 * S1,000)))q", false},
    {R"q(3.5%)q", R"q(Query((3.5 OR 2 * S3.5)))q", false},
    {R"q(北京)q", R"q(Query((北京 OR 2 * S北京)))q", false},
    {R"q(北京经济)q", R"q(Query(((北京 PHRASE 3 京经 PHRASE 3 经济) OR 2 * (S北京 PHRASE 3 S京经 PHRASE 3 S经济))))q", false},
    {R"q(Note: cocoa)q", R"q(Query(((Znote OR 2 * ZSnote) OR (Zcocoa OR 2 * ZScocoa))))q", false},
    {R"q(Note:cocoa)q", R"q(Query(((note PHRASE 2 cocoa) OR 2 * (Snote PHRASE 2 Scocoa))))q", false},
    {R"q(http://example.com/x)q", R"q(Query(((http PHRASE 4 example PHRASE 4 com PHRASE 4 x) OR 2 * (Shttp PHRASE 4 Sexample PHRASE 4 Scom PHRASE 4 Sx))))q", false},
    {R"q(cocoa prices)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices)))))q", false},
    {R"q(  cocoa   prices  )q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices)))))q", false},
    {R"q(!!! cocoa)q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q("central bank")q", R"q(Query(((central PHRASE 2 bank) OR 2 * (Scentral PHRASE 2 Sbank))))q", false},
    {R"q(“central bank”)q", R"q(Query(((central PHRASE 2 bank) OR 2 * (Scentral PHRASE 2 Sbank))))q", false},
    {R"q(„Hafenarbeiter streiken“)q", R"q(Query(((hafenarbeiter PHRASE 2 streiken) OR 2 * (Shafenarbeiter PHRASE 2 Sstreiken))))q", false},
    {R"q(«banque centrale»)q", R"q(Query(((banque PHRASE 2 centrale) OR 2 * (Sbanque PHRASE 2 Scentrale))))q", false},
    {R"q(「東京」)q", R"q(Query((東京 OR 2 * S東京)))q", false},
    {R"q("central bank"~3)q", R"q(Query(((central NEAR 5 bank) OR 2 * (Scentral NEAR 5 Sbank))))q", false},
    {R"q("central bank"~0)q", R"q(Query(((central PHRASE 2 bank) OR 2 * (Scentral PHRASE 2 Sbank))))q", false},
    {R"q("cocoa")q", R"q(Query((cocoa OR 2 * Scocoa)))q", false},
    {R"q("oil and gas")q", R"q(Query(((oil PHRASE 3 and PHRASE 3 gas) OR 2 * (Soil PHRASE 3 Sand PHRASE 3 Sgas))))q", false},
    {R"q("stay OR go")q", R"q(Query(((stay PHRASE 3 or PHRASE 3 go) OR 2 * (Sstay PHRASE 3 Sor PHRASE 3 Sgo))))q", false},
    {R"q("U.S. dollar")q", R"q(Query(((u.s PHRASE 2 dollar) OR 2 * (Su.s PHRASE 2 Sdollar))))q", false},
    {R"q(cocoa AND ghana)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) AND (Zghana OR 2 * ZSghana))))q", false},
    {R"q(cocoa OR coffee)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR ((Zcoffe SYNONYM Zcoffee) OR 2 * (ZScoffe SYNONYM ZScoffee)))))q", false},
    {R"q(cocoa NOT ghana)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) AND_NOT (Zghana OR 2 * ZSghana))))q", false},
    {R"q(cocoa AND NOT ghana)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) AND_NOT (Zghana OR 2 * ZSghana))))q", false},
    {R"q(NOT ghana)q", R"q(Query((<alldocuments> AND_NOT (Zghana OR 2 * ZSghana))))q", true},
    {R"q(cocoa OR NOT ghana)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR (<alldocuments> AND_NOT (Zghana OR 2 * ZSghana)))))q", false},
    {R"q(cocoa prices AND ghana)q", R"q(Query((((Zcocoa OR 2 * ZScocoa) OR ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices))) AND (Zghana OR 2 * ZSghana))))q", false},
    {R"q(cocoa AND ghana OR coffee)q", R"q(Query((((Zcocoa OR 2 * ZScocoa) AND (Zghana OR 2 * ZSghana)) OR ((Zcoffe SYNONYM Zcoffee) OR 2 * (ZScoffe SYNONYM ZScoffee)))))q", false},
    {R"q(cocoa OR ghana AND coffee)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR ((Zghana OR 2 * ZSghana) AND ((Zcoffe SYNONYM Zcoffee) OR 2 * (ZScoffe SYNONYM ZScoffee))))))q", false},
    {R"q((cocoa OR coffee) AND ghana)q", R"q(Query((((Zcocoa OR 2 * ZScocoa) OR ((Zcoffe SYNONYM Zcoffee) OR 2 * (ZScoffe SYNONYM ZScoffee))) AND (Zghana OR 2 * ZSghana))))q", false},
    {R"q(cocoa AND (ghana OR ivory))q", R"q(Query(((Zcocoa OR 2 * ZScocoa) AND ((Zghana OR 2 * ZSghana) OR ((Zivori SYNONYM Zivory) OR 2 * (ZSivori SYNONYM ZSivory))))))q", false},
    {R"q(((cocoa)))q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q(cocoa NOT ghana NOT ivory)q", R"q(Query((((Zcocoa OR 2 * ZScocoa) AND_NOT (Zghana OR 2 * ZSghana)) AND_NOT ((Zivori SYNONYM Zivory) OR 2 * (ZSivori SYNONYM ZSivory)))))q", false},
    {R"q(cocoa and ghana)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR (Zand OR 2 * ZSand) OR (Zghana OR 2 * ZSghana))))q", false},
    {R"q(cocoa or coffee)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR (Zor OR 2 * ZSor) OR ((Zcoffe SYNONYM Zcoffee) OR 2 * (ZScoffe SYNONYM ZScoffee)))))q", false},
    {R"q(not cocoa)q", R"q(Query(((Znot OR 2 * ZSnot) OR (Zcocoa OR 2 * ZScocoa))))q", false},
    {R"q(+cocoa prices)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) AND_MAYBE ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices)))))q", false},
    {R"q(-ghana cocoa)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) AND_NOT (Zghana OR 2 * ZSghana))))q", false},
    {R"q(+cocoa -ghana prices)q", R"q(Query((((Zcocoa OR 2 * ZScocoa) AND_MAYBE ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices))) AND_NOT (Zghana OR 2 * ZSghana))))q", false},
    {R"q(-ghana)q", R"q(Query((<alldocuments> AND_NOT (Zghana OR 2 * ZSghana))))q", true},
    {R"q(-"central bank" rates)q", R"q(Query((((Zrate SYNONYM Zrates) OR 2 * (ZSrate SYNONYM ZSrates)) AND_NOT ((central PHRASE 2 bank) OR 2 * (Scentral PHRASE 2 Sbank)))))q", false},
    {R"q(+(cocoa OR coffee) prices)q", R"q(Query((((Zcocoa OR 2 * ZScocoa) OR ((Zcoffe SYNONYM Zcoffee) OR 2 * (ZScoffe SYNONYM ZScoffee))) AND_MAYBE ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices)))))q", false},
    {R"q(strike NEAR port)q", R"q(Query((strike NEAR 12 port)))q", false},
    {R"q(strike NEAR/3 port)q", R"q(Query((strike NEAR 5 port)))q", false},
    {R"q(strike NEAR/0 port)q", R"q(Query((strike NEAR 2 port)))q", false},
    {R"q(strike NEAR/2 port NEAR/5 harbour)q", R"q(Query((strike NEAR 8 port NEAR 8 harbour)))q", false},
    {R"q("central bank" NEAR/2 rates)q", R"q(Query(((central NEAR 5 bank NEAR 5 rates) AND (central PHRASE 2 bank))))q", false},
    {R"q(e-mail NEAR/4 address)q", R"q(Query(((e NEAR 7 mail NEAR 7 address) AND (e PHRASE 2 mail))))q", false},
    {R"q(title:strike NEAR/3 title:port)q", R"q(Query((Sstrike NEAR 5 Sport)))q", false},
    {R"q(econom*)q", R"q(Query((WILDCARD SYNONYM econom OR 2 * WILDCARD SYNONYM Seconom)))q", false},
    {R"q(Econom*)q", R"q(Query((WILDCARD SYNONYM econom OR 2 * WILDCARD SYNONYM Seconom)))q", false},
    {R"q(title:econom*)q", R"q(Query(WILDCARD SYNONYM Seconom))q", false},
    {R"q(author:smi*)q", R"q(Query(WILDCARD SYNONYM Asmi))q", false},
    {R"q(body:econom*)q", R"q(Query((WILDCARD SYNONYM econom FILTER PostingSource(lede::BodyFilter(econom*)))))q", false},
    {R"q(=café)q", R"q(Query(((cafe OR 2 * Scafe) FILTER XEcafé)))q", false},
    {R"q(=cafe)q", R"q(Query((cafe OR 2 * Scafe)))q", false},
    {R"q(title:=café)q", R"q(Query((Scafe FILTER XEcafé)))q", false},
    {R"q(=Müller)q", R"q(Query(((muller OR 2 * Smuller) FILTER XEmüller)))q", false},
    {R"q(title:cocoa)q", R"q(Query(ZScocoa))q", false},
    {R"q(TITLE:cocoa)q", R"q(Query(ZScocoa))q", false},
    {R"q(title:"central bank")q", R"q(Query((Scentral PHRASE 2 Sbank)))q", false},
    {R"q(title:(cocoa OR coffee))q", R"q(Query((ZScocoa OR (ZScoffe SYNONYM ZScoffee))))q", false},
    {R"q(title:(cocoa prices))q", R"q(Query((ZScocoa OR (ZSprice SYNONYM ZSprices))))q", false},
    {R"q(body:cocoa)q", R"q(Query((Zcocoa FILTER PostingSource(lede::BodyFilter(Zcocoa)))))q", false},
    {R"q(body:"central bank")q", R"q(Query(((central PHRASE 2 bank) FILTER PostingSource(lede::BodyFilter(PHRASE 2 central bank)))))q", false},
    {R"q(body:(cocoa NEAR/3 prices))q", R"q(Query(((cocoa NEAR 5 prices) FILTER PostingSource(lede::BodyFilter(NEAR 5 cocoa prices)))))q", false},
    {R"q(author:smith)q", R"q(Query(Asmith))q", false},
    {R"q(author:"John Smith")q", R"q(Query((Ajohn PHRASE 2 Asmith)))q", false},
    {R"q(source:reuters)q", R"q(Query(XSRCreuters))q", false},
    {R"q(source:"Lede Wire")q", R"q(Query((XSRClede PHRASE 2 XSRCwire)))q", false},
    {R"q(tag:cocoa)q", R"q(Query(0 * Kcocoa))q", true},
    {R"q(tag:central-bank)q", R"q(Query(0 * Kcentral bank))q", true},
    {R"q(tag:"central bank")q", R"q(Query(0 * Kcentral bank))q", true},
    {R"q(tag:(cocoa OR coffee))q", R"q(Query((0 * Kcocoa OR 0 * Kcoffee)))q", true},
    {R"q(lang:en)q", R"q(Query(0 * Len))q", true},
    {R"q(lang:DE)q", R"q(Query(0 * Lde))q", true},
    {R"q(lang:zh-Hans)q", R"q(Query(0 * Lzh))q", true},
    {R"q(site:example.com)q", R"q(Query(0 * XSITEexample.com))q", true},
    {R"q(site:https://www.Example.com/news/x)q", R"q(Query(0 * XSITEexample.com))q", true},
    {R"q(site:example.com:8080)q", R"q(Query(0 * XSITEexample.com))q", true},
    {R"q(id:reuters-1)q", R"q(Query(0 * Qreuters-1))q", true},
    {R"q(id:smp-0019)q", R"q(Query(0 * Qsmp-0019))q", true},
    {R"q(date:1987)q", R"q(Query(0 * Y1987))q", true},
    {R"q(date:1987-03)q", R"q(Query(0 * M198703))q", true},
    {R"q(date:1987-03-02)q", R"q(Query(0 * D19870302))q", true},
    {R"q(date:2020-02-29)q", R"q(Query(0 * D20200229))q", true},
    {R"q(date:2019-01-01..2019-06-30)q", R"q(Query(VALUE_RANGE 0 20190101 20190630))q", true},
    {R"q(date:2019..2020)q", R"q(Query(VALUE_RANGE 0 20190101 20201231))q", true},
    {R"q(date:2019-03..2019-04)q", R"q(Query(VALUE_RANGE 0 20190301 20190430))q", true},
    {R"q(date:..1990)q", R"q(Query(VALUE_LE 0 19901231))q", true},
    {R"q(date:2015..)q", R"q(Query(VALUE_GE 0 20150101))q", true},
    {R"q(date:(2019 OR 2020))q", R"q(Query((0 * Y2019 OR 0 * Y2020)))q", true},
    {R"q(date:"2020")q", R"q(Query(0 * Y2020))q", true},
    {R"q(cocoa date:1987)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) FILTER 0 * Y1987)))q", false},
    {R"q(cocoa -date:1987)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) AND_NOT Y1987)))q", false},
    {R"q(cocoa AND date:1987)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) FILTER 0 * Y1987)))q", false},
    {R"q(date:1987 NOT cocoa)q", R"q(Query((0 * Y1987 AND_NOT (Zcocoa OR 2 * ZScocoa))))q", true},
    {R"q(cocoa tag:cocoa lang:en)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) FILTER (0 * Kcocoa AND 0 * Len))))q", false},
    {R"q(cocoa OR tag:cocoa)q", R"q(Query(((Zcocoa OR 2 * ZScocoa) OR 0 * Kcocoa)))q", false},
    {R"q(foo:bar)q", R"q(Query(((foo PHRASE 2 bar) OR 2 * (Sfoo PHRASE 2 Sbar))))q", false},
    {R"q(note:)q", R"q(Query((Znote OR 2 * ZSnote)))q", false},
    {R"q(title:)q", R"q(Query(((Ztitl SYNONYM Ztitle) OR 2 * (ZStitl SYNONYM ZStitle))))q", false},
    {R"q(cocoa -)q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q(cocoa +)q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q(follow-up-call)q", R"q(Query((((follow PHRASE 3 up PHRASE 3 call) SYNONYM Zfollowupcal SYNONYM Zfollowupcall) OR 2 * ((Sfollow PHRASE 3 Sup PHRASE 3 Scall) SYNONYM ZSfollowupcal SYNONYM ZSfollowupcall))))q", false},
    {R"q(l'économie)q", R"q(Query((((l PHRASE 2 economie) SYNONYM Zleconomi SYNONYM Zleconomie) OR 2 * ((Sl PHRASE 2 Seconomie) SYNONYM ZSleconomi SYNONYM ZSleconomie))))q", false},
    {R"q(-(a b) c)q", R"q(Query(((Zc OR 2 * ZSc) AND_NOT ((Za OR 2 * ZSa) OR (Zb OR 2 * ZSb)))))q", false},
    {R"q(+ cocoa)q", R"q(Query((Zcocoa OR 2 * ZScocoa)))q", false},
    {R"q(e*x)q", R"q(Query(((e PHRASE 2 x) OR 2 * (Se PHRASE 2 Sx))))q", false},
};

const std::vector<Failure> failures{
    {R"q(=(x))q", 0, R"q('=' must be followed by a word, e.g. =café)q"},
    {R"q("")q", 0, R"q(the query has no searchable words)q"},
    {R"q(   )q", 0, R"q(empty query)q"},
    {R"q(!!!)q", 0, R"q(the query has no searchable words)q"},
    {R"q(+ -)q", 0, R"q(the query has no searchable words)q"},
    {R"q("central bank)q", 0, R"q(unterminated phrase: this quote is never closed)q"},
    {R"q(cocoa "central)q", 6, R"q(unterminated phrase: this quote is never closed)q"},
    {R"q((cocoa)q", 0, R"q(this '(' is never closed)q"},
    {R"q(cocoa (prices OR ghana)q", 6, R"q(this '(' is never closed)q"},
    {R"q(cocoa))q", 5, R"q(unmatched ')')q"},
    {R"q(())q", 0, R"q(empty parentheses)q"},
    {R"q(cocoa ())q", 6, R"q(empty parentheses)q"},
    {R"q(cocoa AND)q", 6, R"q(AND needs a query on both sides)q"},
    {R"q(AND cocoa)q", 0, R"q(AND needs a query on both sides)q"},
    {R"q(cocoa OR)q", 6, R"q(OR needs a query on both sides)q"},
    {R"q(OR cocoa)q", 0, R"q(OR needs a query on both sides)q"},
    {R"q(cocoa AND OR ghana)q", 6, R"q(AND needs a query on both sides)q"},
    {R"q(cocoa NOT)q", 6, R"q(NOT needs a query after it)q"},
    {R"q(NOT)q", 0, R"q(NOT needs a query after it)q"},
    {R"q(cocoa AND NOT)q", 10, R"q(NOT needs a query after it)q"},
    {R"q(NOT NOT cocoa)q", 0, R"q(NOT needs a query after it)q"},
    {R"q(cocoa NEAR)q", 6, R"q(NEAR needs a query on both sides)q"},
    {R"q(NEAR cocoa)q", 0, R"q(NEAR needs a query on both sides)q"},
    {R"q(cocoa NEAR/x port)q", 6, R"q(NEAR/n needs a number of words from 0 to 999, e.g. NEAR/5)q"},
    {R"q(cocoa NEAR/1000 port)q", 6, R"q(NEAR/n needs a number of words from 0 to 999, e.g. NEAR/5)q"},
    {R"q(cocoa NEAR/ port)q", 6, R"q(NEAR/n needs a number of words from 0 to 999, e.g. NEAR/5)q"},
    {R"q(cocoa NEAR (port OR harbour))q", 11, R"q(NEAR joins words or phrases, not groups, fields like date:, or wildcards)q"},
    {R"q(cocoa NEAR econom*)q", 11, R"q(NEAR joins words or phrases, not groups, fields like date:, or wildcards)q"},
    {R"q(cocoa NEAR date:2020)q", 11, R"q(NEAR joins words or phrases, not groups, fields like date:, or wildcards)q"},
    {R"q(cocoa NEAR +port)q", 11, R"q(NEAR joins words or phrases, not +word or -word)q"},
    {R"q("central bank"~)q", 14, R"q('~' after a phrase needs a number of words from 0 to 999, e.g. "central bank"~3)q"},
    {R"q("central bank"~x)q", 14, R"q('~' after a phrase needs a number of words from 0 to 999, e.g. "central bank"~3)q"},
    {R"q("central bank"~1000)q", 14, R"q('~' after a phrase needs a number of words from 0 to 999, e.g. "central bank"~3)q"},
    {R"q(++cocoa)q", 0, R"q('+' must be followed by a word, phrase or group)q"},
    {R"q(+-cocoa)q", 0, R"q('+' must be followed by a word, phrase or group)q"},
    {R"q(-NOT cocoa)q", 0, R"q('-' must be followed by a word, phrase or group)q"},
    {R"q(=)q", 0, R"q(the query has no searchable words)q"},
    {R"q(=econom*)q", 0, R"q('=' must be followed by a word, e.g. =café)q"},
    {R"q(="café crème")q", 0, R"q('=' must be followed by a word, e.g. =café)q"},
    {R"q(date:2019-02-30)q", 5, R"q(impossible date '2019-02-30': February 2019 has 28 days)q"},
    {R"q(date:2020-13)q", 5, R"q(impossible date '2020-13': months run from 01 to 12)q"},
    {R"q(date:2020-00)q", 5, R"q(impossible date '2020-00': months run from 01 to 12)q"},
    {R"q(date:2021-02-29)q", 5, R"q(impossible date '2021-02-29': February 2021 has 28 days)q"},
    {R"q(date:2020-1)q", 5, R"q(bad date '2020-1': use YYYY, YYYY-MM, YYYY-MM-DD or a relative date like today, 7d or last-month)q"},
    {R"q(date:20)q", 5, R"q(bad date '20': use YYYY, YYYY-MM, YYYY-MM-DD or a relative date like today, 7d or last-month)q"},
    {R"q(date:2020-03-15T10:00)q", 5, R"q(bad date '2020-03-15T10:00': use YYYY, YYYY-MM, YYYY-MM-DD or a relative date like today, 7d or last-month)q"},
    {R"q(date:0000)q", 5, R"q(impossible date '0000': years start at 0001)q"},
    {R"q(date:2020..2019)q", 5, R"q(empty date range: 2020 is after 2019)q"},
    {R"q(date:2019-06..2019-05-31)q", 5, R"q(empty date range: 2019-06 is after 2019-05-31)q"},
    {R"q(date:..)q", 5, R"q(a date range needs at least one end, e.g. date:..1990 or date:2015..)q"},
    {R"q(date:2019..2019-13)q", 11, R"q(impossible date '2019-13': months run from 01 to 12)q"},
    {R"q(date:x..2019)q", 5, R"q(bad date 'x': use YYYY, YYYY-MM, YYYY-MM-DD or a relative date like today, 7d or last-month)q"},
    {R"q(date:econom*)q", 5, R"q(a wildcard cannot be used with date:)q"},
    {R"q(tag:econom*)q", 4, R"q(a wildcard cannot be used with tag:)q"},
    {R"q(tag:!!!)q", 4, R"q(tag: needs a tag, not '!!!')q"},
    {R"q(lang:1)q", 5, R"q(lang: needs a language code like en, de or zh, not '1')q"},
    {R"q(site:/)q", 5, R"q(site: needs a host name, e.g. site:example.com)q"},
    {R"q(*)q", 0, R"q(the query has no searchable words)q"},
    {R"q(北京*)q", 0, R"q(a wildcard applies to one word, not '北京*')q"},
    {R"q(e-mai*)q", 0, R"q(a wildcard applies to one word, not 'e-mai*')q"},
    {R"q(!!*)q", 0, R"q(a wildcard needs letters before the '*')q"},
    {R"q(title:()q", 6, R"q(this '(' is never closed)q"},
    {R"q(cocoa)()q", 5, R"q(unmatched ')')q"},
    {R"q(title:"central)q", 6, R"q(unterminated phrase: this quote is never closed)q"},
    {R"q(cocoa ()q", 6, R"q(this '(' is never closed)q"},
};

} // namespace

TEST_CASE("queries parse to the expected Xapian queries", "[query_parser]") {
    const Analyzer analyzer;
    const QueryParserOptions o = english();
    REQUIRE(parsed.size() >= 100);
    for (const auto& row : parsed) {
        INFO("query: " << row.query);
        ParsedQuery pq;
        REQUIRE_NOTHROW(pq = parse_query(row.query, analyzer, o));
        CHECK(pq.query.get_description() == row.description);
        CHECK(pq.pure_filter == row.pure_filter);
    }
}

TEST_CASE("syntax errors name the problem and its byte position", "[query_parser]") {
    const Analyzer analyzer;
    const QueryParserOptions o = english();
    REQUIRE(failures.size() >= 50);
    for (const auto& row : failures) {
        INFO("query: " << row.query);
        try {
            parse_query(row.query, analyzer, o);
            FAIL("no QueryError");
        } catch (const QueryError& e) {
            CHECK(std::string(e.what()) == row.message);
            CHECK(e.position() == row.position);
        }
    }
}

TEST_CASE("nesting deeper than the limit is an error at the first group too deep", "[query_parser]") {
    const Analyzer analyzer;
    const QueryParserOptions o = english();
    auto nested = [](const std::string& open, unsigned n) {
        std::string q;
        for (unsigned i = 0; i < n; ++i) q += open;
        q += "cocoa";
        for (unsigned i = 0; i < n; ++i) q += ')';
        return q;
    };
    CHECK(describe(nested("(", max_query_depth), o) == "Query((Zcocoa OR 2 * ZScocoa))");
    CHECK(describe(nested("title:(", max_query_depth / 2), o) == "Query(ZScocoa)");
    for (const std::string open : {"(", "title:("}) {
        const std::string q = nested(open, max_query_depth + 6);
        INFO(q);
        try {
            parse_query(q, analyzer, o);
            FAIL("no QueryError");
        } catch (const QueryError& e) {
            CHECK(std::string(e.what()) == "too many nested groups (at most 64)");
            // Each field group counts twice (the field and its parentheses).
            CHECK(e.position() == (open == "(" ? max_query_depth : open.size() * (max_query_depth / 2)));
        }
    }
}

TEST_CASE("literal mode takes every word as text: no operators, fields, quotes or wildcards", "[query_parser]") {
    QueryParserOptions o = english();
    o.literal = true;
    const std::vector<std::pair<std::string, std::string>> rows{
        {"OIL AND GAS FIRMS SAY NOT YET",
         "Query(((Zoil OR 2 * ZSoil) OR (Zand OR 2 * ZSand) OR (Zgas OR 2 * ZSgas) OR ((Zfirm SYNONYM Zfirms) OR 2 * "
         "(ZSfirm SYNONYM ZSfirms)) OR (Zsay OR 2 * ZSsay) OR (Znot OR 2 * ZSnot) OR (Zyet OR 2 * ZSyet)))"},
        {"STAY OR GO?", "Query(((Zstay OR 2 * ZSstay) OR (Zor OR 2 * ZSor) OR (Zgo OR 2 * ZSgo)))"},
        {"Note: \"quoted\" (paren",
         "Query(((Znote OR 2 * ZSnote) OR ((Zquot SYNONYM Zquoted) OR 2 * (ZSquot SYNONYM ZSquoted)) OR (Zparen OR 2 * "
         "ZSparen)))"},
        {"title:cocoa econom* -ghana",
         "Query((((title PHRASE 2 cocoa) OR 2 * (Stitle PHRASE 2 Scocoa)) OR (Zeconom OR 2 * ZSeconom) OR (Zghana OR 2 "
         "* ZSghana)))"},
        {"e-mail  北京\u3000经济",
         "Query(((((e PHRASE 2 mail) SYNONYM Zemail) OR 2 * ((Se PHRASE 2 Smail) SYNONYM ZSemail)) OR (北京 OR 2 * S北京) OR "
         "(经济 OR 2 * S经济)))"},
    };
    for (const auto& [q, d] : rows) {
        INFO(q);
        CHECK(describe(q, o) == d);
    }
    const Analyzer analyzer;
    for (const std::string q : {"", "!!! ???"}) {
        INFO(q);
        CHECK_THROWS_AS(parse_query(q, analyzer, o), QueryError);
    }
}

TEST_CASE("with --all juxtaposed words are required and explicit OR still works", "[query_parser]") {
    QueryParserOptions o = english();
    o.default_and = true;
    CHECK(describe("cocoa prices", o) ==
          "Query(((Zcocoa OR 2 * ZScocoa) AND ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices))))");
    CHECK(describe("cocoa prices OR coffee", o) ==
          "Query((((Zcocoa OR 2 * ZScocoa) AND ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices))) OR "
          "((Zcoffe SYNONYM Zcoffee) OR 2 * (ZScoffe SYNONYM ZScoffee))))");
    CHECK(describe("cocoa -ghana prices", o) ==
          "Query((((Zcocoa OR 2 * ZScocoa) AND ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices))) AND_NOT "
          "(Zghana OR 2 * ZSghana)))");
    CHECK(describe("cocoa date:1987 prices", o) ==
          "Query((((Zcocoa OR 2 * ZScocoa) AND ((Zprice SYNONYM Zprices) OR 2 * (ZSprice SYNONYM ZSprices))) FILTER 0 "
          "* Y1987))");
}

TEST_CASE("a free word is searched under its stem in each of the index's languages", "[query_parser]") {
    QueryParserOptions o = english();
    o.stem_languages = {"en", "fr"};
    CHECK(describe("économie", o) ==
          "Query(((Zeconom SYNONYM Zeconomi SYNONYM Zeconomie) OR 2 * (ZSeconom SYNONYM ZSeconomi SYNONYM ZSeconomie)))");
    CHECK(describe("banques", o) == "Query(((Zbanqu SYNONYM Zbanques) OR 2 * (ZSbanqu SYNONYM ZSbanques)))");
    o.stem_languages.clear(); // an index of languages without stemmers: the word itself
    CHECK(describe("running", o) == "Query((Zrunning OR 2 * ZSrunning))");
}

TEST_CASE("title weight 0 drops the title clause and other weights scale it", "[query_parser]") {
    QueryParserOptions o = english();
    o.title_weight = 0;
    CHECK(describe("cocoa", o) == "Query(Zcocoa)");
    CHECK(describe("\"central bank\"", o) == "Query((central PHRASE 2 bank))");
    CHECK(describe("econom*", o) == "Query(WILDCARD SYNONYM econom)");
    o.title_weight = 3.5;
    CHECK(describe("cocoa", o) == "Query((Zcocoa OR 3.5 * ZScocoa))");
}

TEST_CASE("the parser reports the free words with their byte ranges, not excluded ones", "[query_parser]") {
    const Analyzer analyzer;
    const ParsedQuery pq = parse_query("title:Cocao \"centrl bank\" -coffe NOT ghana tag:x", analyzer, english());
    REQUIRE(pq.words.size() == 3);
    CHECK(pq.words[0].begin == 6);
    CHECK(pq.words[0].end == 11);
    CHECK(pq.words[0].term == "cocao");
    CHECK(pq.words[1].begin == 13);
    CHECK(pq.words[1].end == 19);
    CHECK(pq.words[1].term == "centrl");
    CHECK(pq.words[2].term == "bank");
    const ParsedQuery accented = parse_query("Müllr", analyzer, english());
    REQUIRE(accented.words.size() == 1);
    CHECK(accented.words[0].end == 6); // bytes: ü is two
    CHECK(accented.words[0].term == "mullr");
}

TEST_CASE("wildcards are recorded with their term prefix and position", "[query_parser]") {
    const Analyzer analyzer;
    const ParsedQuery pq = parse_query("cocoa Econom* title:price*", analyzer, english());
    REQUIRE(pq.wildcards.size() == 2);
    CHECK(pq.wildcards[0].typed == "Econom*");
    CHECK(pq.wildcards[0].prefix == "econom");
    CHECK(pq.wildcards[0].pos == 6);
    CHECK(pq.wildcards[1].typed == "price*");
    CHECK(pq.wildcards[1].prefix == "Sprice");
    CHECK(pq.wildcards[1].pos == 20);
}

TEST_CASE("highlight rules follow the query: stems, phrases, NEAR groups, not excluded words", "[query_parser]") {
    const Analyzer analyzer;
    const ParsedQuery pq =
        parse_query("running \"central bank\" strike NEAR/3 port title:cocoa -ghana =café", analyzer, english());
    std::vector<std::string> exact;
    for (const auto& t : pq.terms) exact.push_back(t.exact);
    CHECK(exact == std::vector<std::string>{"running", "cocoa", "cafe"});
    CHECK(pq.terms[0].stems == std::vector<std::string>{"run"});
    CHECK(pq.terms[1].field == Field::Title);
    CHECK(pq.terms[2].accent == "café");
    REQUIRE(pq.phrases.size() == 2);
    CHECK(pq.phrases[0].terms == std::vector<std::string>{"central", "bank"});
    CHECK(pq.phrases[0].ordered);
    CHECK(pq.phrases[1].terms == std::vector<std::string>{"strike", "port"});
    CHECK_FALSE(pq.phrases[1].ordered);
    CHECK(pq.phrases[1].window == 5);
}

TEST_CASE("date bounds expand a period to its first and last day", "[query_parser]") {
    CHECK(date_bound("2020", false) == "20200101");
    CHECK(date_bound("2020", true) == "20201231");
    CHECK(date_bound("2020-02", true) == "20200229");
    CHECK(date_bound("2019-02", true) == "20190228");
    CHECK(date_bound("1900-02", true) == "19000228");
    CHECK(date_bound("2000-02", true) == "20000229");
    CHECK(date_bound("2019-06-30", true) == "20190630");
    CHECK(date_range_query("2019", "").get_description() == "Query(VALUE_GE 0 20190101)");
    CHECK(date_range_query("", "2019-03").get_description() == "Query(VALUE_LE 0 20190331)");
    CHECK_THROWS_AS(date_bound("2019-02-29", false), QueryError);
    CHECK_THROWS_AS(date_bound("+202", false), QueryError);
    CHECK_THROWS_AS(date_bound("2020-+3", false), QueryError);
    try {
        date_range_query("2019", "2019-13", 10, 6);
        FAIL("no QueryError");
    } catch (const QueryError& e) {
        CHECK(e.position() == 16); // the bad end, not the range
    }
}

TEST_CASE("a QueryError is a UsageError, so lede-search exits 2", "[query_parser]") {
    const Analyzer analyzer;
    CHECK_THROWS_AS(parse_query("(", analyzer, english()), UsageError);
}

TEST_CASE("every query example in docs/query-language.md parses (the docs stay in step)", "[query_parser]") {
    std::ifstream in(std::string(LEDE_SOURCE_DIR) + "/docs/query-language.md");
    REQUIRE(in);
    const Analyzer analyzer;
    const QueryParserOptions o = english();
    std::string section;
    std::size_t examples = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("## ", 0) == 0) section = line.substr(3);
        const bool example_table = section == "Words" || section == "Phrases" || section == "Operators" ||
                                   section == "Fields" || section == "Dates";
        if (!example_table || line.rfind("| `", 0) != 0) continue;
        // The first column: `query`, `query`...; the field table's examples are in the second.
        std::string cell = line.substr(1, line.find(" |", 1));
        if (section == "Fields") {
            const std::size_t second = line.find('|', 1) + 1;
            cell = line.substr(second, line.find(" |", second) - second);
        }
        for (std::size_t b = cell.find('`'); b != std::string::npos; b = cell.find('`', b + 1)) {
            const std::size_t e = cell.find('`', b + 1);
            const std::string q = cell.substr(b + 1, e - b - 1);
            b = e;
            if (q.rfind("--", 0) == 0) continue; // an option, not a query
            INFO(section << ": " << q);
            CHECK_NOTHROW(parse_query(q, analyzer, o));
            ++examples;
        }
    }
    CHECK(examples > 40);
}

TEST_CASE("a query of more than 1000 words is refused at the first word too many (issue 9)", "[query_parser]") {
    const Analyzer analyzer;
    auto words = [](int n, const std::string& glue) {
        std::string q = "w0";
        for (int i = 1; i < n; ++i) q += glue + "w" + std::to_string(i);
        return q;
    };
    for (const bool literal : {false, true}) {
        QueryParserOptions o = english();
        o.literal = literal;
        CHECK_NOTHROW(parse_query(words(max_query_words, " "), analyzer, o));
        const std::string q = words(max_query_words + 1, " ");
        try {
            parse_query(q, analyzer, o);
            FAIL("no QueryError");
        } catch (const QueryError& e) {
            CHECK(std::string(e.what()) == "too many words in the query (at most 1000)");
            CHECK(e.position() == q.rfind(" w1000") + 1);
        }
    }
    // Words inside phrases count, and OR does not.
    std::string phrase = "\"";
    phrase += words(max_query_words + 1, " ");
    phrase += '"';
    CHECK_THROWS_AS(parse_query(phrase, analyzer, english()), QueryError);
    CHECK_NOTHROW(parse_query(words(max_query_words, " OR "), analyzer, english()));
}

TEST_CASE("AND by default: a run of words relaxes to most of them, never under NOT", "[query_parser]") {
    const Analyzer analyzer;
    QueryParserOptions o = english();
    o.title_weight = 0;
    o.default_and = true;
    ParsedQuery pq = parse_query("cocoa ghana brazil", analyzer, o);
    CHECK(pq.query.get_description() == "Query((Zcocoa AND Zghana AND Zbrazil))");
    CHECK(pq.and_width == 3);
    CHECK_FALSE(pq.relaxed_to_any);

    // One word missing: ranked as the OR, filtered by every pair.
    o.relax = 1;
    pq = parse_query("cocoa ghana brazil", analyzer, o);
    CHECK(pq.query.get_description() ==
          "Query(((Zcocoa OR Zghana OR Zbrazil) FILTER ((Zcocoa AND Zghana) OR (Zcocoa AND Zbrazil) OR "
          "(Zghana AND Zbrazil))))");
    CHECK_FALSE(pq.relaxed_to_any);
    // Two missing of three: any one word, the old ranked OR.
    o.relax = 2;
    pq = parse_query("cocoa ghana brazil", analyzer, o);
    CHECK(pq.query.get_description() == "Query((Zcocoa OR Zghana OR Zbrazil))");
    CHECK(pq.relaxed_to_any);
    o.default_and = false;
    CHECK(describe("cocoa ghana brazil", o) == "Query((Zcocoa OR Zghana OR Zbrazil))");
    o.default_and = true;

    // Phrases, =words and field words are one item each; filters stay filters; +words never relax.
    o.relax = 0;
    CHECK(describe("\"central bank\" source:reuters =cafe date:1987", o) ==
          "Query((((central PHRASE 2 bank) AND XSRCreuters AND cafe) FILTER 0 * Y1987))");
    o.relax = 1;
    pq = parse_query("+cocoa ghana brazil", analyzer, o);
    CHECK(pq.query.get_description() == "Query((Zcocoa AND_MAYBE (Zghana OR Zbrazil)))");
    CHECK(pq.and_width == 2);

    // A run under NOT or - excludes articles with all its words, and is never relaxed.
    o.relax = 1;
    pq = parse_query("cocoa -(ghana brazil)", analyzer, o);
    CHECK(pq.query.get_description() == "Query((Zcocoa AND_NOT (Zghana AND Zbrazil)))");
    CHECK(pq.and_width == 0);
    pq = parse_query("cocoa NOT ghana brazil", analyzer, o);
    CHECK(pq.query.get_description() == "Query((Zcocoa AND_NOT (Zghana AND Zbrazil)))");

    // Explicit operators keep their meaning; each run relaxes on its own.
    o.relax = 0;
    pq = parse_query("cocoa ghana OR coffee", analyzer, o);
    CHECK(pq.query.get_description() == "Query(((Zcocoa AND Zghana) OR (Zcoffe SYNONYM Zcoffee)))");
    CHECK(pq.and_width == 2);
    CHECK(describe("cocoa OR coffee", o) == "Query((Zcocoa OR (Zcoffe SYNONYM Zcoffee)))");

    // Words in different scripts are items like any other; a CJK word typed without spaces is one
    // item (a phrase of bigrams), so it relaxes as a whole, never into scattered characters.
    pq = parse_query("北京经济 economy", analyzer, o);
    CHECK(pq.query.get_description() == "Query(((北京 PHRASE 3 京经 PHRASE 3 经济) AND (Zeconomi SYNONYM Zeconomy)))");
    CHECK(pq.and_width == 2);
    o.relax = 1;
    pq = parse_query("北京经济 economy", analyzer, o);
    CHECK(pq.relaxed_to_any);
    CHECK(pq.query.get_description().find("北京 PHRASE 3 京经 PHRASE 3 经济") != std::string::npos);
}

TEST_CASE("a relaxed run of many words falls back to the ranked OR past 256 subsets", "[query_parser]") {
    const Analyzer analyzer;
    QueryParserOptions o = english();
    o.title_weight = 0;
    o.default_and = true;
    std::string q;
    for (int i = 0; i < 20; ++i) q += "w" + std::to_string(i) + "x ";
    o.relax = 2; // C(20, 18) = 190 pairs of ANDs of 18
    ParsedQuery pq = parse_query(q, analyzer, o);
    CHECK_FALSE(pq.relaxed_to_any);
    CHECK(pq.query.get_description().find("FILTER") != std::string::npos);
    o.relax = 3; // C(20, 17) = 1140
    pq = parse_query(q, analyzer, o);
    CHECK(pq.relaxed_to_any);
    CHECK(pq.query.get_description().find("FILTER") == std::string::npos);
    CHECK(pq.and_width == 20);

    // --literal with --all: every word, relaxed the same way.
    o.literal = true;
    o.relax = 0;
    CHECK(describe("cocoa ghana", o) == "Query((Zcocoa AND Zghana))");
    o.relax = 1;
    CHECK(describe("cocoa ghana", o) == "Query((Zcocoa OR Zghana))");
}

TEST_CASE("date: takes relative dates, in UTC days from today ($LEDE_TODAY in tests)", "[query_parser]") {
    ::setenv("LEDE_TODAY", "1987-03-15", 1); // a Sunday
    const QueryParserOptions o = english();
    CHECK(describe("date:today", o) == "Query(VALUE_RANGE 0 19870315 19870315)");
    CHECK(describe("date:yesterday", o) == "Query(VALUE_RANGE 0 19870314 19870314)");
    CHECK(describe("date:7d", o) == "Query(VALUE_RANGE 0 19870308 19870315)");
    CHECK(describe("date:3w", o) == "Query(VALUE_RANGE 0 19870222 19870315)");
    CHECK(describe("date:2m", o) == "Query(VALUE_RANGE 0 19870115 19870315)");
    CHECK(describe("date:1y", o) == "Query(VALUE_RANGE 0 19860315 19870315)");
    CHECK(describe("date:last-week", o) == "Query(VALUE_RANGE 0 19870302 19870308)");
    CHECK(describe("date:last-month", o) == "Query(VALUE_RANGE 0 19870201 19870228)");
    CHECK(describe("date:last-year", o) == "Query(VALUE_RANGE 0 19860101 19861231)");
    CHECK(describe("date:1y..3m", o) == "Query(VALUE_RANGE 0 19860315 19861215)");
    CHECK(describe("date:last-year..", o) == "Query(VALUE_GE 0 19860101)");
    CHECK(describe("date:..last-month", o) == "Query(VALUE_LE 0 19870228)");
    CHECK(describe("date:1986..yesterday", o) == "Query(VALUE_RANGE 0 19860101 19870314)");
    CHECK(describe("cocoa date:(today OR last-week)", o).find("VALUE_RANGE 0 19870302 19870308") != std::string::npos);
    CHECK(date_bound("7d", false) == "19870308");
    CHECK(date_bound("7d", true) == "19870308"); // --until 7d: up to the day a week ago
    CHECK(date_bound("last-month", true) == "19870228");
    try {
        date_bound("7days", false, 5);
        FAIL("no QueryError");
    } catch (const QueryError& e) {
        CHECK(e.position() == 5);
        CHECK(std::string(e.what()).find("or a relative date like today, 7d or last-month") != std::string::npos);
    }
    CHECK_THROWS_AS(describe("date:today..last-year", o), QueryError); // empty range
    ::unsetenv("LEDE_TODAY");
}
