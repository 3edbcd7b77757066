#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every libFuzzer harness of tests/fuzz for a bounded time, as part of
# "make test":
#  1. configures build-fuzz (clang, ASan + UBSan, -Dfuzzing=true) if needed
#     and builds the fuzzers;
#  2. for each fuzzer, runs the saved crashes of
#     tests/data/fuzz/regressions/HARNESS/ once, then fuzzes for
#     FUZZ_SECONDS (default 40) from a copy of tests/data/fuzz/HARNESS/,
#     two fuzzers at a time;
#  3. prints "fuzz NAME: ok (N runs)" or "fuzz NAME: FAILED (...)" and
#     writes one meson-testlog-style line per fuzzer to
#     build-fuzz/meson-logs/fuzz-testlog.json for build-aux/test-summary.py.
# New corpus entries and crashes go to a temporary folder, never into
# tests/data; the folder is kept (and named) only when something failed.
# Exits 0 only if every fuzzer passed. Without clang it skips, exiting 0.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

build=${FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-40}
data=tests/data/fuzz
# name, then -max_len: room for the seeds and what grows from them, small
# enough that libFuzzer spends its time on structure rather than bulk. A
# PNG or JPEG needs a few kilobytes to reach past its headers; a header,
# a matrix or a command line needs far less.
fuzzers="png:16384 jpeg:16384 npy:4096 csv:4096 cli-args:1024"
# Two lanes for the two cores, balanced by count (every run takes the same
# FUZZ_SECONDS): the first lane runs three fuzzers, the second two.
lane1="png npy cli-args"
lane2="jpeg csv"

if ! command -v clang >/dev/null 2>&1; then
  echo "clang not found: fuzzers skipped"
  exit 0
fi

case $seconds in
  '' | *[!0-9]* | 0)
    echo "FUZZ_SECONDS must be a positive number of seconds, not '$seconds'" >&2
    exit 2
    ;;
esac

names=""
for f in $fuzzers; do
  names="$names ${f%%:*}"
done

log_dir=$build/meson-logs
json=$log_dir/fuzz-testlog.json

# Every fuzzer counts as failed when they cannot even be built, so that the
# summary does not read "0 failed".
fail_all () {
  mkdir -p "$log_dir"
  : >"$json"
  for n in $names; do
    echo "fuzz $n: FAILED ($1)"
    printf '{"name": "fuzz-%s", "result": "FAIL"}\n' "$n" >>"$json"
  done
  exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/poolview-fuzz.XXXXXX") || exit 1

if [ ! -f "$build/build.ninja" ]; then
  # A folder left by an interrupted setup is reconfigured from scratch.
  wipe=""
  [ -d "$build" ] && wipe=--wipe
  if ! CC=clang meson setup $wipe "$build" -Dfuzzing=true -Dgui=false \
       -Db_sanitize=address,undefined -Db_lundef=false >"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log" >&2
    rm -rf "$tmp"
    fail_all "meson setup failed"
  fi
fi

targets=""
for n in $names; do
  targets="$targets tests/fuzz/fuzz-$n"
done
# Only the fuzzers: the rest of this build is instrumented for nothing.
# shellcheck disable=SC2086
if ! ninja -C "$build" $targets >"$tmp/build.log" 2>&1; then
  cat "$tmp/build.log" >&2
  rm -rf "$tmp"
  fail_all "build failed"
fi

# UBSan reports and carries on unless told to stop; stopping makes libFuzzer
# save the input like any other crash.
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export UBSAN_OPTIONS

# A last resort for a fuzzer that overruns -max_total_time (-timeout only
# covers one input): the whole run is bounded. --foreground keeps the
# fuzzer in the terminal's process group, so that Ctrl-C still stops it.
guard=""
if command -v timeout >/dev/null 2>&1; then
  guard="timeout --foreground -k 10 $((seconds + 120))"
fi

max_len_of () {
  for f in $fuzzers; do
    if [ "${f%%:*}" = "$1" ]; then
      echo "${f#*:}"
      return
    fi
  done
}

# Runs one fuzzer; leaves in $tmp/NAME/result either "ok RUNS" or
# "FAILED what happened".
run_one () {
  n=$1
  exe=$build/tests/fuzz/fuzz-$n
  work=$tmp/$n
  mkdir -p "$work/corpus" "$work/artifacts"
  if [ -d "$data/$n" ]; then
    cp -R "$data/$n/." "$work/corpus/"
  fi
  max_len=$(max_len_of "$n")

  # Saved crashes first: each must now run cleanly.
  set --
  for r in "$data/regressions/$n"/*; do
    [ -f "$r" ] && set -- "$@" "$r"
  done
  if [ $# -gt 0 ]; then
    if ! fuzz_exec "$@" >"$work/regressions.log" 2>&1; then
      culprit=$(sed -n 's/^Running: //p' "$work/regressions.log" | tail -n 1)
      echo "FAILED regression ${culprit:-?}; log: $work/regressions.log" >"$work/result"
      return
    fi
  fi

  set -- -max_total_time="$seconds" -print_final_stats=1
  if [ -f "$data/dicts/$n.dict" ]; then
    set -- "$@" -dict="$data/dicts/$n.dict"
  fi
  if fuzz_exec "$@" "$work/corpus" >"$work/fuzz.log" 2>&1; then
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/fuzz.log" | tail -n 1)
    echo "ok ${runs:-?}" >"$work/result"
  else
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/fuzz.log" | tail -n 1)
    if [ -z "$artifact" ]; then
      for a in "$work/artifacts"/*; do
        [ -f "$a" ] && artifact=$a && break
      done
    fi
    echo "FAILED ${artifact:-no artifact}; log: $work/fuzz.log" >"$work/result"
  fi
}

# The options every run of fuzzer $exe shares, then "$@". The harnesses
# cap decoded data at 64 MiB, so one allocation of more than 512 MiB means
# something allocated from a header before checking it: a failure, found
# at once rather than when the RSS limit happens to be polled.
fuzz_exec () {
  # $guard is split on purpose: it is a command and its options.
  # shellcheck disable=SC2086
  $guard "$exe" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -max_len="$max_len" \
    -artifact_prefix="$work/artifacts/" "$@"
}

run_lane () {
  for n in "$@"; do
    run_one "$n"
  done
}

echo "== fuzzers, ${seconds} s each, two at a time"
# shellcheck disable=SC2086
run_lane $lane1 &
pid1=$!
# shellcheck disable=SC2086
run_lane $lane2 &
pid2=$!
wait "$pid1"
wait "$pid2"

mkdir -p "$log_dir"
: >"$json"
failed=0
for n in $names; do
  result=$(cat "$tmp/$n/result" 2>/dev/null || echo "FAILED did not run")
  case $result in
    ok\ *)
      echo "fuzz $n: ok (${result#ok } runs)"
      printf '{"name": "fuzz-%s", "result": "OK"}\n' "$n" >>"$json"
      ;;
    *)
      echo "fuzz $n: FAILED (${result#FAILED })"
      printf '{"name": "fuzz-%s", "result": "FAIL"}\n' "$n" >>"$json"
      failed=1
      # What the sanitizer or libFuzzer said, so that the log of "make
      # test" explains the failure without opening the temporary folder;
      # the end of the log when neither found an error (a bad option).
      for l in "$tmp/$n/regressions.log" "$tmp/$n/fuzz.log"; do
        [ -f "$l" ] || continue
        excerpt=$(awk '/ERROR: |runtime error|ALARM|out-of-memory|deadly signal/ { p = 1 } p' \
                  "$l" | head -n 40)
        [ -n "$excerpt" ] || excerpt=$(tail -n 10 "$l")
        printf '%s\n' "$excerpt" >&2
      done
      ;;
  esac
done

if [ "$failed" -eq 0 ]; then
  rm -rf "$tmp"
else
  echo "fuzzer outputs kept in $tmp; see tests/fuzz/README.md to turn a crash into a regression file" >&2
fi
exit "$failed"
