#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerates docs/screenshots/ (used by README.md and the metainfo) on a
# virtual display, from the built tree: make, then build-aux/make-screenshots.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
mkdir -p "$top/docs/screenshots"
shoot () {
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/resources" GTK_A11Y=none NO_AT_BRIDGE=1 \
    GSK_RENDERER=cairo POOLVIEW_LOCALEDIR="$build/po" \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$build/tests/make-screenshots" "$@"
}
LC_ALL=C.UTF-8 shoot "$top/docs/screenshots"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  LC_ALL=zh_CN.UTF-8 shoot "$top/docs/screenshots" zh_CN
else
  echo "zh_CN.UTF-8 locale missing: the Chinese screenshot is not remade" >&2
fi
