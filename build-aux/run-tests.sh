#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Everything "make test" runs, in order, ending with "N passed, N failed":
#  1. every suite of the main build (the ui suite on a virtual display);
#  2. the engine, cli and ui suites again in a build with AddressSanitizer
#     and UndefinedBehaviorSanitizer;
#  3. the fuzzers for a bounded time, when clang is present.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${BUILD:-build}
asan=${ASAN_BUILD:-build-asan}
logs=""

# The ui suite needs a display: a virtual one unless a real one is set.
use_xvfb=no
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  use_xvfb=yes
fi

echo "== tests (main build)"
rm -f "$build/meson-logs/testlog.json"
if [ "$use_xvfb" = yes ]; then
  xvfb-run -a -s "-screen 0 1280x800x24" meson test -C "$build" --print-errorlogs
else
  meson test -C "$build" --print-errorlogs
fi
logs="$logs $build/meson-logs/testlog.json"

echo "== engine, cli and ui suites again under AddressSanitizer and UndefinedBehaviorSanitizer"
if [ ! -d "$asan" ]; then
  meson setup "$asan" -Dwerror=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fno-sanitize-recover=all >/dev/null
else
  meson configure "$asan" -Dgui=true >/dev/null
fi
if ninja -C "$asan" >/dev/null; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    meson test -C "$asan" --print-errorlogs --suite engine --suite cli
  mv "$asan/meson-logs/testlog.json" "$asan/meson-logs/testlog-engine-cli.json"
  # GTK, fontconfig and the X libraries keep allocations for the process's
  # lifetime: leaks are checked above, memory errors here.
  if [ "$use_xvfb" = yes ]; then
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      xvfb-run -a -s "-screen 0 1280x800x24" meson test -C "$asan" --print-errorlogs --suite ui
  else
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      meson test -C "$asan" --print-errorlogs --suite ui
  fi
  mv "$asan/meson-logs/testlog.json" "$asan/meson-logs/testlog-ui.json"
  logs="$logs $asan/meson-logs/testlog-engine-cli.json $asan/meson-logs/testlog-ui.json"
else
  echo "the sanitizer build failed" >&2
  logs="$logs /nonexistent-sanitizer-build-log"
fi

echo "== fuzzers"
fuzz=${FUZZ_BUILD:-build-fuzz}
if command -v clang >/dev/null 2>&1; then
  # The script prints each fuzzer's result and fails the ones it could not
  # build; its exit status adds nothing the log does not already count.
  FUZZ_BUILD=$fuzz build-aux/run-fuzzers.sh || true
  logs="$logs $fuzz/meson-logs/fuzz-testlog.json"
else
  echo "clang not found: fuzzers skipped"
fi

python3 build-aux/test-summary.py $logs
