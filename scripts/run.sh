#!/usr/bin/env bash
# The README's first command. On a fresh Debian 12 machine: installs the packages
# (scripts/install-deps.sh), builds the `release` preset's `talentrules` command, and
# runs the main job: a caseworker's check of sample applicant P01 against the Liangping
# rule pack, in Chinese (the default). Idempotent: rerunning rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target talentrules_cli

echo "\$ talentrules check --rules rules/liangping examples/applicants/P01.json --as-of 2025-07-01 --brief"
build/release/talentrules check --rules rules/liangping examples/applicants/P01.json --as-of 2025-07-01 --brief
