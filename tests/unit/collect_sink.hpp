// SPDX-License-Identifier: MIT
// A RecordSink that keeps what readers send it, for reader tests.
#pragma once

#include "readers.hpp"

#include <string>
#include <vector>

namespace lede::test {

struct CollectSink : RecordSink {
    std::vector<Article> articles;
    std::vector<std::string> skips;    // "path:line: reason"
    std::vector<std::string> warnings; // "path:line: message"

    void article(Article&& a) override { articles.push_back(std::move(a)); }
    void skip(const std::string& path, std::size_t line, const std::string& reason) override {
        skips.push_back(path + ":" + std::to_string(line) + ": " + reason);
    }
    void warn(const std::string& path, std::size_t line, const std::string& message) override {
        warnings.push_back(path + ":" + std::to_string(line) + ": " + message);
    }
};

} // namespace lede::test
