// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes through the WARC reader (records, HTTP headers, chunking, HTML).
#include "building_sink.hpp"
#include "warc.hpp"

#include <cstdint>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static lede::fuzz::BuildingSink sink;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    std::istringstream in(bytes);
    lede::read_warc(in, lede::SourceName("fuzz.warc"), sink);
    (void)lede::dechunk(bytes);
    return 0;
}
