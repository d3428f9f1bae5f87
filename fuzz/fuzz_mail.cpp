// SPDX-License-Identifier: MIT
// Fuzz target: arbitrary bytes as one e-mail message (.eml) and as an mbox, through the builder.
#include "building_sink.hpp"
#include "mail.hpp"

#include <cstdint>
#include <sstream>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static lede::fuzz::BuildingSink sink;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    lede::read_email(bytes, lede::SourceName("fuzz.eml"), sink);
    std::istringstream in(bytes);
    lede::read_mbox(in, lede::SourceName("fuzz.mbox"), sink);
    (void)lede::decode_header_words(bytes);
    return 0;
}
