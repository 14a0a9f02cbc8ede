#!/usr/bin/env bash
# The README's test command. On a fresh Debian 12 machine: installs the packages
# (scripts/install-deps.sh), configures and builds the `release` preset (warnings are
# errors), runs every ctest test, and ends with the line `N passed, N failed`.
# Idempotent: rerunning rebuilds only what changed. Exit status: ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release
cmake --build --preset release

junit="$PWD/build/release/ctest-junit.xml"
rm -f "$junit"
status=0
ctest --preset release --output-on-failure --output-junit "$junit" || status=$?
python3 scripts/ctest_summary.py "$junit"
exit "$status"
