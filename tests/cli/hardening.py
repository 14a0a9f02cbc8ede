#!/usr/bin/env python3
"""Hardening of the command line (docs/RELIABILITY.md): bounded reading of every input,
output budgets, no exception escaping main, and a batch killed with SIGKILL resumed to
the same output as an uninterrupted run.

    hardening.py --cli build/release/talentrules --rules rules/liangping \
        --profiles examples/applicants
"""

import argparse
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(cli, args, stdin=None, env=None, timeout=60):
    e = dict(os.environ)
    e.pop("TALENTRULES_FAULT", None)
    if env:
        e.update(env)
    return subprocess.run([cli] + args, stdin=stdin, capture_output=True, timeout=timeout, env=e)


def bounded_inputs(a, tmp):
    p01 = str(pathlib.Path(a.profiles) / "P01.json")
    with open("/dev/zero", "rb") as zero:
        r = run(a.cli, ["eval", "-", "--lang", "en"], stdin=zero)
    check(r.returncode == 2 and b"TR5301" in r.stderr, f"eval - from /dev/zero: {r.returncode} {r.stderr[:200]}")
    r = run(a.cli, ["eval", "x", "--vars", "/dev/zero", "--lang", "en"])
    check(r.returncode == 2 and b"TR5301" in r.stderr, f"eval --vars /dev/zero: {r.stderr[:200]}")
    r = run(a.cli, ["check", "--rules", a.rules, "/dev/zero", "--lang", "en"])
    check(r.returncode == 2 and b"TR5301" in r.stderr, f"check /dev/zero: {r.stderr[:200]}")
    r = run(a.cli, ["allocate", "--rules", a.rules, p01, "/dev/zero", "--lang", "en", "--as-of", "2025-07-01"])
    check(r.returncode == 2 and b"TR5301" in r.stderr, f"allocate units /dev/zero: {r.stderr[:200]}")
    for name in ("zero.json", "zero.jsonl", "zero.yaml"):
        link = pathlib.Path(tmp) / name
        link.symlink_to("/dev/zero")
        r = run(a.cli, ["diff", "--rules", a.rules, "--rules", a.rules, str(link), "--lang", "en"])
        check(r.returncode == 2 and b"TR5301" in r.stderr, f"diff on {name} -> /dev/zero: {r.stderr[:200]}")
    # An endless FIFO: a writer that never stops.
    fifo = pathlib.Path(tmp) / "endless.json"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"exec cat /dev/zero > {fifo}"])
    r = run(a.cli, ["check", "--rules", a.rules, str(fifo), "--lang", "en"])
    writer.kill()
    writer.wait()
    check(r.returncode == 2 and b"TR5301" in r.stderr, f"check on an endless FIFO: {r.stderr[:200]}")


def budgets_and_faults(a):
    r = run(a.cli, ["eval", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "--max-output-bytes", "8", "--lang", "en"])
    check(r.returncode == 1 and b"TR6011" in r.stderr and r.stdout == b"", f"eval over its budget: {r.stderr}")
    r = run(a.cli, ["eval", "[1, 2]", "--max-output-bytes", "8"])
    check(r.returncode == 0 and r.stdout.startswith(b"[1, 2]"), f"eval within its budget: {r.stdout}")
    p01 = str(pathlib.Path(a.profiles) / "P01.json")
    r = run(a.cli, ["check", "--rules", a.rules, p01, "--as-of", "2025-07-01", "--max-output-bytes", "100",
                    "--lang", "en"])
    check(r.returncode == 2 and b"TR6011" in r.stderr and r.stdout == b"", f"check over its budget: {r.stderr}")
    r = run(a.cli, ["check", "--rules", a.rules, p01, "--as-of", "2025-07-01"], env={"TALENTRULES_FAULT": "cli"})
    check(r.returncode == 70 and b"out of memory" in r.stderr, f"an injected bad_alloc in main: {r.returncode}")


def killed_batch(a, tmp):
    profiles = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False)
                for p in sorted(pathlib.Path(a.profiles).glob("*.json"))]
    profiles.append("{not json")
    lines = [profiles[i % len(profiles)] for i in range(a.lines)]
    inp = pathlib.Path(tmp) / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    common = ["batch", "--rules", a.rules, "--threads", "2"]
    base = common + ["--as-of", "2025-07-01", "--brief", str(inp)]

    whole = pathlib.Path(tmp) / "whole.jsonl"
    r = run(a.cli, base + ["--output", str(whole)], timeout=600)
    check(r.returncode == 0 and whole.exists(), f"an uninterrupted --output run: {r.stderr[-300:]}")
    check(not pathlib.Path(str(whole) + ".partial").exists(), "no .partial left after success")

    out = pathlib.Path(tmp) / "out.jsonl"
    partial = pathlib.Path(str(out) + ".partial")
    proc = subprocess.Popen([a.cli] + base + ["--output", str(out)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if partial.exists() and partial.stat().st_size > 0:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check(not out.exists(), "a killed run leaves no FILE, only FILE.partial")
    if not partial.exists():
        check(False, "the killed run left FILE.partial")
        return
    data = partial.read_bytes()
    check(data.count(b"\n") < a.lines, "the run was killed before its end (raise --lines if not)")
    # Whole records only: every line up to the last newline is a JSON record.
    for rec in data[: data.rfind(b"\n") + 1].splitlines():
        try:
            json.loads(rec)
        except ValueError:
            check(False, "a partial record before the last newline")
            break
    # Refused: other options, other input, no --output.
    r = run(a.cli, common + ["--as-of", "2025-07-02", "--brief", str(inp), "--output", str(out), "--resume"])
    check(r.returncode == 2 and b"as_of" in r.stderr, f"--resume with another date is refused: {r.stderr}")
    other = pathlib.Path(tmp) / "other.jsonl"
    other.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    r = run(a.cli, common + ["--as-of", "2025-07-01", "--brief", str(other), "--output", str(out), "--resume"])
    check(r.returncode == 2 and b"input" in r.stderr, f"--resume with another input file is refused: {r.stderr}")
    if data.count(b"\n") > 1:
        # The same name with other content: caught by recomputing the written records.
        original = inp.read_bytes()
        inp.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
        r = run(a.cli, base + ["--output", str(out), "--resume"])
        check(r.returncode == 2 and b"differs" in r.stderr, f"--resume over changed input is refused: {r.stderr}")
        inp.write_bytes(original)
    written = data.count(b"\n")
    print(f"hardening: killed after {written} whole records of {a.lines}")
    r = run(a.cli, base + ["--output", str(out)])
    check(r.returncode == 2 and b"--resume" in r.stderr, "a new run does not overwrite a partial output")
    # Resumed: the same bytes as the uninterrupted run; count in = count out.
    r = run(a.cli, base + ["--output", str(out), "--resume"], timeout=600)
    check(r.returncode == 0, f"--resume completes: {r.stderr[-300:]}")
    check(out.exists() and out.read_bytes() == whole.read_bytes(), "the resumed output equals an uninterrupted run")
    check(out.exists() and out.read_bytes().count(b"\n") == a.lines, "count in = count out")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--profiles", required=True)
    ap.add_argument("--lines", type=int, default=1500)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bounded_inputs(a, tmp)
        budgets_and_faults(a)
        killed_batch(a, tmp)
    if failures:
        print(f"hardening: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("hardening: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
