// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes through the CSV and TSV readers and the document builder.
#include "building_sink.hpp"
#include "readers.hpp"

#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static lede::fuzz::BuildingSink sink;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    // The first byte picks the separator, so both dialects see every input shape.
    const char separator = size && (data[0] & 1) ? '\t' : ',';
    std::istringstream in(bytes);
    lede::read_csv(in, lede::SourceName("fuzz.csv"), {}, separator, sink);
    return 0;
}
