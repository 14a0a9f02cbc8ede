#!/usr/bin/env python3
"""check_many throughput on 1 thread vs all cores.

    PYTHONPATH=build/bindings/python/module python3 bindings/python/bench_check_many.py [N]

Profiles are the sample applicants (examples/applicants), repeated to N (default
20,000) with distinct applicant ids. Prints wall time per configuration and the speedup.
"""

import json
import os
import sys
import time
from pathlib import Path

import talentrules

SOURCE = Path(__file__).resolve().parents[2]
AS_OF = "2025-07-01"


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    samples = [json.loads(p.read_text(encoding="utf-8"))
               for p in sorted((SOURCE / "examples" / "applicants").glob("*.json"))]
    profiles = []
    for i in range(n):
        p = dict(samples[i % len(samples)])
        p["applicant_id"] = f"{p['applicant_id']}-{i}"
        profiles.append(p)
    rules = talentrules.RuleSet.load(SOURCE / "rules" / "liangping")
    cores = len(os.sched_getaffinity(0))
    print(f"{n} profiles, {len(samples)} distinct, {cores} cores")
    rules.check_many(profiles[:200], as_of=AS_OF)  # warm up

    for explain in (False, True):
        times = {}
        for threads in sorted({1, 2, cores}):
            best, cpu = float("inf"), 0.0
            for _ in range(3):
                start, start_cpu = time.perf_counter(), time.process_time()
                out = rules.check_many(profiles, as_of=AS_OF, threads=threads, explain=explain)
                wall = time.perf_counter() - start
                if wall < best:
                    best, cpu = wall, time.process_time() - start_cpu
                del out
            times[threads] = best
            # cpu/wall: how many cores the process really had (less than `threads` when
            # other processes compete for them).
            print(f"explain={explain!s:5} threads={threads}: {best:6.2f} s  {n / best:8.0f} profiles/s"
                  f"  cpu/wall {cpu / best:4.2f}")
        for threads, t in times.items():
            if threads != 1:
                print(f"explain={explain!s:5} speedup {threads} threads vs 1: {times[1] / t:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
