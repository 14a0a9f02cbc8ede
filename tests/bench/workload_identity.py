#!/usr/bin/python3
"""`talentrules batch --values` on the shared benchmark workload must write the same bytes as
the hand-written reference (../shared/bench/reference/decide.cpp) for any N and seed of
the shared generator. Builds the reference with g++ into a scratch folder, generates
profiles, runs both, compares. Prints "workload: skipped" (and exits 0) where the shared
folder is absent.

    tests/bench/workload_identity.py --cli build/release/talentrules --pack bench/workload
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

VALUES = "tier,settle_subsidy,apartment_eligible,apartment_score,medical_green_channel,rent_subsidy"
CASES = [(0, 1), (1, 1), (2000, 42), (3000, 7), (500, 123456)]  # (N, seed)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--shared", default=None)
    args = ap.parse_args()
    here = pathlib.Path(__file__).resolve().parent
    shared = pathlib.Path(os.environ.get("TALENTRULES_SHARED") or args.shared or here.parent.parent.parent / "shared")
    bench = shared / "bench"
    if not (bench / "reference" / "decide.cpp").is_file():
        print(f"workload: skipped ({bench} is absent)")
        return 0
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        decide = work / "decide"
        subprocess.run(["g++", "-O1", "-std=c++17", "-o", str(decide), str(bench / "reference" / "decide.cpp"),
                        "-lsimdjson"], check=True)
        for n, seed in CASES:
            profiles = work / f"p-{n}-{seed}.jsonl"
            with open(profiles, "wb") as f:
                subprocess.run([sys.executable, str(bench / "generate_profiles.py"), str(n), str(seed)],
                               stdout=f, check=True)
            with open(profiles, "rb") as f:
                want = subprocess.run([str(decide)], stdin=f, capture_output=True, check=True).stdout
            got = subprocess.run([args.cli, "batch", "--rules", args.pack, "--as-of", "2025-07-01",
                                  "--values", VALUES, str(profiles)], capture_output=True, check=True).stdout
            same = got == want
            print(f"workload N={n} seed={seed}: {'same bytes' if same else 'DIFFERENT'} ({len(want)} bytes)")
            if not same:
                failed += 1
                for i, (a, b) in enumerate(zip(got.splitlines(), want.splitlines())):
                    if a != b:
                        print(f"  line {i + 1}:\n    talentrules {a.decode()}\n    reference   {b.decode()}")
                        break
    print(f"{len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
