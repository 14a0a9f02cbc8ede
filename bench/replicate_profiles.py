#!/usr/bin/python3
"""A register of N applicants for batch benchmarks: the sample profiles in
examples/applicants, cycled in name order, one JSON object per line, each with a unique
applicant_id (the sample's id and a serial number). Deterministic; standard library only.

    bench/replicate_profiles.py 100000 > /tmp/register.jsonl
"""
import json
import pathlib
import sys


def main() -> int:
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    n = int(sys.argv[1])
    folder = pathlib.Path(__file__).resolve().parent.parent / "examples" / "applicants"
    samples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    out = sys.stdout
    for i in range(n):
        profile = dict(samples[i % len(samples)])
        profile["applicant_id"] = f"{profile.get('applicant_id', 'A')}-{i + 1:07d}"
        out.write(json.dumps(profile, ensure_ascii=False, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
