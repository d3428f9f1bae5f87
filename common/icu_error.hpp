// SPDX-License-Identifier: MIT
// icu::ErrorCode that throws lede::Error on failure, as ICU's errorcode.h intends subclasses to do.
#pragma once

#include "error.hpp"

#include <unicode/errorcode.h>

#include <string>

namespace lede {

class IcuError : public icu::ErrorCode {
public:
    explicit IcuError(const char* doing) : m_doing(doing) {}
    /// Throws if the code is a failure; otherwise does nothing.
    void check() { assertSuccess(); }

protected:
    void handleFailure() const override {
        throw Error(std::string("ICU error while ") + m_doing + ": " + errorName());
    }

private:
    const char* m_doing;
};

} // namespace lede
