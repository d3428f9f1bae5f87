// SPDX-License-Identifier: MIT
// One line of a stream within a byte budget: the readers' records and lede-search's --batch requests.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

namespace lede {

/// One line of `in` (without its '\n') into `line`; false at the end of the input. A line longer
/// than `max` bytes is read to its end without being held: `line` is left empty and `too_long` set
/// to its length (0 otherwise). std::getline would grow the string to any size, and an allocation
/// failing inside it reads as the end of the input.
bool read_line(std::istream& in, std::string& line, std::size_t max, std::uint64_t& too_long);

} // namespace lede
