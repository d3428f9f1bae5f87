// SPDX-License-Identifier: MIT
// Lede's exception hierarchy: library code throws these, the binaries' main() turns them into messages.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace lede {

/// Base of every error Lede throws itself. what() is a complete, user-readable sentence fragment.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A caller mistake: bad option value, bad query syntax.
class UsageError : public Error {
public:
    using Error::Error;
};

/// The index exists but was built with another schema or analyzer version.
class SchemaError : public Error {
public:
    using Error::Error;
};

/// The index cannot be opened (missing, not an index, locked).
class IndexError : public Error {
public:
    using Error::Error;
};

/// A bad input record or file. file() and line() locate it (line 0 = the whole file).
class InputError : public Error {
public:
    InputError(std::string file, std::size_t line, const std::string& what)
        : Error(what), m_file(std::move(file)), m_line(line) {}
    const std::string& file() const noexcept { return m_file; }
    std::size_t line() const noexcept { return m_line; }
    /// "file:line: what" (or "file: what" when line is 0), compiler style.
    std::string located() const {
        return m_line ? m_file + ":" + std::to_string(m_line) + ": " + what() : m_file + ": " + what();
    }

private:
    std::string m_file;
    std::size_t m_line;
};

/// A query that cannot be parsed. position() is the 0-based byte offset of the problem in the query.
class QueryError : public UsageError {
public:
    QueryError(std::size_t position, const std::string& what) : UsageError(what), m_position(position) {}
    std::size_t position() const noexcept { return m_position; }

private:
    std::size_t m_position;
};

} // namespace lede
