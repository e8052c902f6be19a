#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# fdmodel show against the raw snapshot and kcmp (tests/show/check.py).
top=$(cd "$(dirname "$0")/.." && pwd)
PYTHONDONTWRITEBYTECODE=1 exec python3 "$top/tests/show/check.py" "$top/build/user/fdmodel"
