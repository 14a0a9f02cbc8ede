#!/usr/bin/env python3
"""An interrupted `talentrules batch` leaves complete lines only.

Feeds N profile lines and then half a line through a pipe, waits for the first
records, sends the signal, closes the input, and checks: exit status 128 + signal
(130 for SIGINT), every output line a complete JSON record, as many records as the
summary's "N lines read", numbered in order, and no record for the half line.

    batch_sigint.py --cli build/release/talentrules --rules rules/liangping \
        --profiles examples/applicants [--signal INT|TERM]
"""

import argparse
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--profiles", required=True)
    ap.add_argument("--lines", type=int, default=3000)
    ap.add_argument("--signal", default="INT", choices=["INT", "TERM"])
    a = ap.parse_args()
    signo = signal.SIGINT if a.signal == "INT" else signal.SIGTERM

    profiles = []
    for p in sorted(pathlib.Path(a.profiles).glob("*.json")):
        profiles.append(json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False))
    profiles.append("{not json")  # error records count as lines too
    lines = [profiles[i % len(profiles)] for i in range(a.lines)]
    data = ("\n".join(lines) + "\n").encode()

    with tempfile.TemporaryDirectory() as tmp:
        out_path = pathlib.Path(tmp) / "out.jsonl"
        err_path = pathlib.Path(tmp) / "err.txt"
        with open(out_path, "wb") as out, open(err_path, "wb") as err_file:
            proc = subprocess.Popen(
                [a.cli, "batch", "--rules", a.rules, "--as-of", "2025-07-01", "--threads", "2", "--brief", "-"],
                stdin=subprocess.PIPE, stdout=out, stderr=err_file)
            proc.stdin.write(data)
            proc.stdin.write(b'{"applicant_id": "half')  # never completed
            proc.stdin.flush()
            deadline = time.monotonic() + 120
            while out_path.stat().st_size == 0 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.01)
            proc.send_signal(signo)
            time.sleep(0.2)
            proc.stdin.close()
            try:
                proc.wait(timeout=300)
            except subprocess.TimeoutExpired:
                proc.kill()
                print("FAIL: the batch did not stop after the signal")
                return 1
        stderr = err_path.read_bytes().decode(errors="replace")
        text = out_path.read_bytes().decode()

    failures = []
    if proc.returncode != 128 + signo:
        failures.append(f"exit status {proc.returncode}, expected {128 + signo}")
    m = re.search(r"batch: (\d+) lines read", stderr)
    if not m:
        failures.append("no summary line on stderr")
    if "interrupted" not in stderr:
        failures.append("the summary does not say the run was interrupted")
    if text and not text.endswith("\n"):
        failures.append("the output ends in a partial line")
    records = text.splitlines()
    for n, line in enumerate(records, 1):
        try:
            r = json.loads(line)
        except ValueError:
            failures.append(f"output line {n} is not complete JSON: {line[:80]!r}")
            break
        if "error" in r and r.get("line") != n:
            failures.append(f"output line {n} is the error record of line {r.get('line')}")
            break
        if "half" in line:
            failures.append("the half line was evaluated")
    if m and int(m.group(1)) != len(records):
        failures.append(f"the summary says {m.group(1)} lines, the output has {len(records)}")
    if len(records) == 0 or len(records) > a.lines:
        failures.append(f"{len(records)} records for {a.lines} complete lines")

    print(f"{len(records)} records; exit {proc.returncode}; stderr: {stderr.strip()}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
