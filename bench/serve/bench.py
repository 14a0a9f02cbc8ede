#!/usr/bin/env python3
"""Benchmark of `talentrules serve` (docs/PERFORMANCE.md, "The service"): requests/s and
p50/p99 latency of POST /v1/check with wrk at 1, 16 and 64 kept-alive connections, on 1
and 2 server threads, against the in-process check measured in the same run
(bench/serve/check_bench.cpp: parse the profile, rules::check, the JSON report).

    cmake --build --preset release --target serve_check_bench talentrules_cli
    python3 bench/serve/bench.py [--cli build/release/talentrules] [--duration 5] [--brief]

Not a test: figures depend on the machine. wrk runs on the same machine and takes CPU
from the server; the table says how many cores there were.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start(cli: str, threads: int) -> tuple[subprocess.Popen, int]:
    p = subprocess.Popen([cli, "serve", "--rules", os.path.join(ROOT, "rules", "liangping"), "--listen",
                          "127.0.0.1:0", "--threads", str(threads), "--access-log", "off",
                          "--max-connections", "1024"], stdout=subprocess.PIPE)
    ready, _, _ = select.select([p.stdout], [], [], 60)
    line = p.stdout.readline().decode() if ready else ""
    if not line.startswith("listening on "):
        p.kill()
        sys.exit(f"serve did not start: {line!r}")
    return p, int(line.strip().rsplit(":", 1)[1])


def to_us(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 1, "ms": 1000, "s": 1_000_000}[unit]


def wrk(port: int, connections: int, seconds: int, query: str, profile: str) -> dict:
    env = dict(os.environ, TALENTRULES_PROFILE=profile)
    out = subprocess.run(["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s",
                          "--latency", "-s", os.path.join(ROOT, "bench", "serve", "check.lua"),
                          f"http://127.0.0.1:{port}/v1/check?{query}"],
                         capture_output=True, text=True, env=env, timeout=seconds + 60).stdout
    latency = dict(re.findall(r"\b(50|99)%\s+([\d.]+[mu]?s)", out))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rate, "p50_us": to_us(latency["50"]), "p99_us": to_us(latency["99"]),
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0, "socket_errors": errors.group(1) if errors else ""}


def in_process_us(bench: str, profile: str, brief: bool) -> tuple[float, float]:
    """(real, cpu) µs of /v1/check's work in process: bench/serve/check_bench.cpp."""
    out = subprocess.run([bench, f"--benchmark_filter=BM_InProcessCheck/explain:{0 if brief else 1}$",
                          "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true",
                          "--benchmark_format=json"], capture_output=True, text=True, check=True,
                         env=dict(os.environ, TALENTRULES_PROFILE=profile), timeout=300).stdout
    median = next(b for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median")
    return median["real_time"], median["cpu_time"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "release", "talentrules"))
    ap.add_argument("--bench", default=os.path.join(ROOT, "build", "release", "bench", "serve_check_bench"))
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--brief", action="store_true", help="explain=false (the brief report)")
    ap.add_argument("--profile", default=os.path.join(ROOT, "examples", "applicants", "P01.json"))
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (scripts/install-deps.sh)")
    query = "as_of=2025-07-01" + ("&explain=false" if args.brief else "")
    base, base_cpu = in_process_us(args.bench, args.profile, args.brief)
    print(f"in-process check (serve_check_bench): {base:.0f} µs real, {base_cpu:.0f} µs CPU; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    print("| server threads | connections | requests/s | p50 µs | p99 µs | p50 − in-process µs | non-2xx |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for threads in (1, 2):
        proc, port = start(args.cli, threads)
        try:
            wrk(port, 4, 1, query, args.profile)  # warm up
            for c in (1, 16, 64):
                r = wrk(port, c, args.duration, query, args.profile)
                print(f"| {threads} | {c} | {r['rps']:,.0f} | {r['p50_us']:.0f} | {r['p99_us']:.0f} | "
                      f"{r['p50_us'] - base:+.0f} | {r['non_2xx']} {r['socket_errors']} |", flush=True)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
