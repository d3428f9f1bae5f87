# SPDX-License-Identifier: MIT
# cmake -DIN=page.tmp -DOUT=page.1 -P coding-line.cmake: OUT is IN with the coding line man-db
# reads first (the page is UTF-8), IN removed.
file(READ ${IN} text)
file(WRITE ${OUT} ".\\\" -*- coding: UTF-8 -*-\n${text}")
file(REMOVE ${IN})
