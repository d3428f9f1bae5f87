// SPDX-License-Identifier: MIT
// Catch2 v2 main for the end-to-end tests.
#define CATCH_CONFIG_MAIN
#include "../catch.hpp"
