// SPDX-License-Identifier: MIT
// The one exception type of Lede's public API: what went wrong, and what kind of mistake it was.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace lede::api {

/// What kind of failure an Error reports. Usage and Query are the caller's mistakes (a command
/// line tool exits 2 for every kind; a long-running program may carry on after these two).
enum class ErrorKind {
    Usage,    // a bad option value: limit, date, sort order, unknown field...
    Query,    // a query that cannot be parsed; position() says where
    Index,    // the index cannot be opened or written: missing, not an index, locked
    Schema,   // the index was built by another schema or analyzer version
    Internal, // anything else (corrupt data, I/O failure, a Xapian error)
};

/// Thrown by every function of the public API. what() is a readable message without a program
/// prefix, e.g. "index 'news.idx' does not exist; ...".
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& what, std::size_t position = 0)
        : std::runtime_error(what), m_kind(kind), m_position(position) {}
    ErrorKind kind() const noexcept { return m_kind; }
    /// For ErrorKind::Query: 0-based byte offset of the problem in the query text; else 0.
    std::size_t position() const noexcept { return m_position; }

private:
    ErrorKind m_kind;
    std::size_t m_position;
};

} // namespace lede::api
