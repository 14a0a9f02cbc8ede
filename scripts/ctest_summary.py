#!/usr/bin/env python3
"""Counts ctest results from its JUnit files (`ctest --output-junit FILE`).

    ctest_summary.py FILE...         prints `N passed, N failed` (and skips, if any, first)
    ctest_summary.py --raw FILE...   prints `PASSED FAILED SKIPPED` as three numbers

A missing or unreadable file counts as one failure: a stage that never got to run its
tests must not look like a clean run. ctest's own "100% tests passed" counts skipped
tests as passed; this does not.
"""

import sys
import xml.etree.ElementTree as ET


def count(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"ctest_summary: {path}: {e}", file=sys.stderr)
        return 0, 1, 0
    passed = failed = skipped = 0
    for case in root.iter("testcase"):
        status = case.get("status", "")
        if status == "run":
            passed += 1
        elif status == "fail" or case.find("failure") is not None:
            failed += 1
        else:  # notrun (skipped), disabled
            skipped += 1
    return passed, failed, skipped


def main(argv):
    raw = bool(argv) and argv[0] == "--raw"
    files = argv[1:] if raw else argv
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    totals = [0, 0, 0]
    for f in files:
        for i, n in enumerate(count(f)):
            totals[i] += n
    passed, failed, skipped = totals
    if raw:
        print(passed, failed, skipped)
    else:
        if skipped:
            print(f"({skipped} skipped)")
        print(f"{passed} passed, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
