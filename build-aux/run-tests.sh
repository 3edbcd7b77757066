#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Everything "make test" runs, in order, ending with "N passed, N failed":
#  1. every suite of the main build (the ui suite on a virtual display);
#  2. the engine and cli suites again in a build with AddressSanitizer and
#     UndefinedBehaviorSanitizer;
#  3. the fuzzers for a bounded time, when clang is present.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${BUILD:-build}
asan=${ASAN_BUILD:-build-asan}
logs=""

run_meson_tests () {
  dir=$1; shift
  rm -f "$dir/meson-logs/testlog.json"
  meson test -C "$dir" --print-errorlogs "$@"
  logs="$logs $dir/meson-logs/testlog.json"
}

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

echo "== engine and cli tests under AddressSanitizer and UndefinedBehaviorSanitizer"
if [ ! -d "$asan" ]; then
  meson setup "$asan" -Dgui=false -Dwerror=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fno-sanitize-recover=all >/dev/null
fi
if ninja -C "$asan" >/dev/null; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_meson_tests "$asan" --suite engine --suite cli
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
