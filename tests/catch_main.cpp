// SPDX-License-Identifier: MIT
// Catch2 v2's main and runner, compiled once for every test program (the costliest file of the
// suite to compile: the whole Catch2 implementation).
#define CATCH_CONFIG_MAIN
#include "catch.hpp"
