# SPDX-License-Identifier: MIT
# lede_warnings: an INTERFACE target carrying warning (and sanitizer) flags, linked PRIVATE by
# the libraries and programs.
# lede_test_code: the same warnings for the test programs' own code, which is compiled without
# optimization and, under LEDE_SANITIZE, linked with the sanitizer runtimes but not instrumented.
# What the optimizer and the sanitizers are for is the library and the binaries the tests drive;
# optimizing and instrumenting the Catch2 expansions of every REQUIRE took half of the sanitizer
# build (465 s against 225 s on 2 cores) and 60% of the compile time of a Release build.
set(LEDE_WARNING_FLAGS
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${LEDE_WERROR}>:-Werror>)
add_library(lede_warnings INTERFACE)
target_compile_options(lede_warnings INTERFACE ${LEDE_WARNING_FLAGS})
add_library(lede_test_code INTERFACE)
target_compile_options(lede_test_code INTERFACE ${LEDE_WARNING_FLAGS})
if(LEDE_SANITIZE)
  target_compile_options(lede_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(lede_warnings INTERFACE -fsanitize=address,undefined)
  target_link_options(lede_test_code INTERFACE -fsanitize=address,undefined)
endif()
target_compile_options(lede_test_code INTERFACE -O0)
