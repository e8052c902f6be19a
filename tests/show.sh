#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# fdmodel show against the raw snapshot and kcmp (tests/show/show_test.py).
top=$(cd "$(dirname "$0")/.." && pwd)
PYTHONDONTWRITEBYTECODE=1 exec python3 "$top/tests/show/show_test.py" "$top/build/user/fdmodel"
