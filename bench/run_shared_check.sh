#!/usr/bin/env bash
# Runs the shared eligibility benchmark (../shared/bench, see its README) with talentrules
# timed beside the hand-written reference and the peer engines, in one check.sh run:
#
#   bench/run_shared_check.sh                     # 200000 profiles, seed 42, 3 runs
#   N=20000 RUNS=1 bench/run_shared_check.sh      # a quick look
#   PEERS="cel" bench/run_shared_check.sh         # fewer peers
#
# Needs the release build (`cmake --preset release && cmake --build --preset release`),
# node >= 20 and npm for the peers. ../shared is read-only: the folder is copied to
# $WORK (default /tmp/talentrules-shared-bench) and run there. Two native rows:
# `talentrules` (batch pipeline on every core) and `talentrules-1thread`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${TALENTRULES_SHARED_DIR:-$here/../shared}
work=${WORK:-/tmp/talentrules-shared-bench}
exe=${TALENTRULES_WORKLOAD:-$here/build/release/bench/talentrules_workload}

[ -d "$shared/bench" ] || { echo "no $shared/bench: the shared benchmark is not beside this checkout" >&2; exit 2; }
[ -x "$exe" ] || { echo "$exe is missing: build the release preset first" >&2; exit 2; }

mkdir -p "$work/bench"
# Refresh the copy; out/ (generated profiles) and peers/node_modules are kept between runs.
chmod -R u+w "$work/bench"
cp -rf "$shared/bench/." "$work/bench/"
chmod -R u+w "$work/bench"
if [ ! -d "$work/bench/peers/node_modules" ]; then
    (cd "$work/bench/peers" && npm ci --no-audit --no-fund)
fi
one="$work/talentrules-1thread"
printf '#!/bin/sh\nexec "%s" --threads 1 "$@"\n' "$exe" >"$one"
chmod +x "$one"
cd "$work/bench"
NATIVE="talentrules=$exe talentrules-1thread=$one" ./check.sh
