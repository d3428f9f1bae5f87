# SPDX-License-Identifier: MIT
# lede_warnings: an INTERFACE target carrying warning (and sanitizer) flags, linked PRIVATE.
add_library(lede_warnings INTERFACE)
target_compile_options(lede_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${LEDE_WERROR}>:-Werror>)
if(LEDE_SANITIZE)
  target_compile_options(lede_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(lede_warnings INTERFACE -fsanitize=address,undefined)
endif()
