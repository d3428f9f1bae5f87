// SPDX-License-Identifier: MIT
// The one place that names the Catch2 header: Debian 12 ships v2; a move to v3 changes only this.
#pragma once
#include <catch2/catch.hpp>
