// SPDX-License-Identifier: MIT
// Main-content extraction over gumbo's tree: the story, not the page (issue #20).
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace lede {

/// What the page's metadata tells the extractor.
struct ContentHints {
    std::string title;   // the article's title: a heading that repeats it is left out of the text
    std::string ld_body; // JSON-LD articleBody ("" when none)
    bool explain = false; // fill MainContent::explanation (for bench/lede-extract --explain)
};

struct MainContent {
    std::string text;                 // paragraphs separated by blank lines
    const GumboNode* root = nullptr;  // the block the text was taken from (nullptr: none, or JSON-LD)
    bool from_linked_data = false;    // the text is the JSON-LD articleBody
    std::string explanation;          // with ContentHints::explain: the best candidates, one a line
};

/// The article's text in a parsed page. Every block of text is weighed by its length, its link
/// density and its punctuation (a sentence, a menu entry, a list of links); blocks inside elements
/// whose class, id or role say boilerplate (comments, related stories, sharing, newsletters,
/// sidebars, navigation, bylines, ads...) or that are hidden count for nothing; the element whose
/// blocks weigh most (with class/id evidence of an article body) is the article, and within it
/// link lists and boilerplate are left out, and so are a second copy of a run of paragraphs, a
/// lead-in to a part left out ("Read more:"), picture credit lines, teaser cards (short texts under
/// linked headlines), galleries of counted slides ("3/50") and comment lists. A JSON-LD articleBody is used instead when the page's
/// own text does not hold it (a page rendered by script) and it is consistent with the page.
MainContent extract_main_content(const GumboNode* document, const ContentHints& hints);

/// The tokens of a class or id attribute as the extractor reads them: split at anything not a
/// letter or digit and at lower-to-upper case changes, lower-cased ("relatedPosts" -> related, posts).
std::string class_tokens(std::string_view attribute);

/// What an element's class and id attributes say: -3 (comments), -2 (boilerplate for sure: sharing,
/// related, ads...), -1 (probably boilerplate: sidebar, navigation, footer, meta...), 0, 1
/// (content-like: article, content, post...), 2 (an article body: article-body, entry-content...).
/// Each class name is read on its own; taxonomy classes ("tag-sharing") and ids made from a
/// heading (more than four words) say nothing against an element.
int class_evidence(std::string_view class_attribute, std::string_view id_attribute);

} // namespace lede
