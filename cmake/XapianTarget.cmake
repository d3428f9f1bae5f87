# SPDX-License-Identifier: MIT
# Xapian's CMake config only sets XAPIAN_LIBRARIES / XAPIAN_INCLUDE_DIR; wrap them once as Xapian::Xapian.
find_package(Xapian 1.4 CONFIG REQUIRED)
if(NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()
