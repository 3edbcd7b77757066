#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Totals meson test logs into one line, "N passed, N failed".

Each TAP test program counts every "ok" / "not ok" line it printed; a
program that crashed or bailed out before finishing counts one more
failure. Tests without TAP output count once, by their result.
"""
import json
import sys

passed = failed = skipped = 0
failures = []

for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        print(f"cannot read {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        entry = json.loads(line)
        result = entry.get("result", "")
        out = entry.get("stdout") or ""
        oks = [l for l in out.splitlines() if l.startswith("ok ")]
        not_oks = [l for l in out.splitlines() if l.startswith("not ok ")]
        tap_skips = [l for l in oks if "# SKIP" in l]
        if oks or not_oks:
            passed += len(oks) - len(tap_skips)
            skipped += len(tap_skips)
            failed += len(not_oks)
            failures += [f"{entry['name']}: {l}" for l in not_oks]
            if result not in ("OK", "EXPECTEDFAIL", "SKIP") and not not_oks:
                failed += 1
                failures.append(f"{entry['name']}: {result}")
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
            failures.append(f"{entry['name']}: {result}")

for f in failures:
    print(f"FAILED {f}")
if skipped:
    print(f"{skipped} skipped")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
