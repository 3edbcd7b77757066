#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that a translation is valid and complete for the current sources.

Extracts the strings of po/POTFILES.in afresh (as meson's "glib" preset
does), merges them into the .po file in a temporary copy, and fails if
msgfmt finds an error or if any message is untranslated or fuzzy: a string
added to the interface without a translation fails the test.

Usage: check-translation.py SOURCE_ROOT LANG
"""
import os
import re
import subprocess
import sys
import tempfile

KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3"]
FLAGS = ["N_:1:pass-c-format", "C_:2:pass-c-format", "NC_:2:pass-c-format",
         "g_dngettext:2:pass-c-format", "g_strdup_printf:1:c-format",
         "g_string_printf:2:c-format", "g_string_append_printf:2:c-format",
         "g_error_new:3:c-format", "g_set_error:4:c-format"]


def main():
    root, lang = sys.argv[1], sys.argv[2]
    po = os.path.join(root, "po", lang + ".po")
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        sources = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "poolview.pot")
        merged = os.path.join(tmp, lang + ".po")
        subprocess.run(["xgettext", "--package-name=poolview", "--from-code=UTF-8",
                        "--add-comments", "-o", pot, "--directory", root]
                       + ["--keyword=" + k for k in KEYWORDS]
                       + ["--flag=" + f for f in FLAGS] + sources, check=True)
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot],
                       check=True)
        result = subprocess.run(["msgfmt", "--check", "--check-accelerators=_", "--statistics",
                                 "-o", os.devnull, merged],
                                capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        print(result.stderr.strip())
        if result.returncode != 0:
            return 1
        fuzzy = re.search(r"(\d+) fuzzy", result.stderr)
        untranslated = re.search(r"(\d+) untranslated", result.stderr)
        if fuzzy or untranslated:
            missing = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", merged],
                                     capture_output=True, text=True).stdout
            ids = re.findall(r'^msgid "(.+)"$', missing, re.M)
            for i in ids[:20]:
                print(f"untranslated: {i}")
            print(f"{lang}: translate what is missing in po/{lang}.po "
                  "(ninja -C build poolview-update-po merges new strings)")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
