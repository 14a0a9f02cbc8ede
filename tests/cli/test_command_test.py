#!/usr/bin/env python3
"""`talentrules test`'s reports for machines and for authors at work:
- `--junit FILE` writes JUnit XML a CI server can read, in which a failed test is a
  <failure>, a test that could not run is an <error>, and a passing one neither;
- `--watch` runs the tests again when a file of the pack changes.

    test_command_test.py --cli build/release/talentrules --rules rules/liangping
"""

import argparse
import pathlib
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET


def run(cli, args, cwd):
    return subprocess.run([cli, "test", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def watch_problems(cli, rules, tmp):
    """A copy of the pack under --watch: its tests pass, then a failing test file is saved
    into it and the tests run again on their own and fail. Bounded: 60 s in all."""
    pack = tmp / "watched"
    shutil.copytree(rules, pack)
    proc = subprocess.Popen([cli, "test", "--rules", str(pack), "--watch", "--lang", "en"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    # A reader thread, since a buffered pipe and select() disagree on what is left to read.
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True).start()
    deadline = time.monotonic() + 60
    summaries, saved, output = [], False, []
    try:
        while time.monotonic() < deadline and len(summaries) < 2:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if proc.poll() is not None:
                    break
                continue
            output.append(line)
            if " passed, " in line:
                summaries.append(line.strip())
            if line.startswith("— waiting") and not saved:
                time.sleep(0.2)
                (pack / "tests" / "zz_new.yaml").write_text(
                    "tests:\n  - name: saved while watching\n    as_of: 2025-07-01\n    profile: {applicant_id: W1}\n"
                    "    expect:\n      M01-tier: {outcome: eligible}\n", encoding="utf-8")
                saved = True
    finally:
        proc.kill()
        proc.wait(timeout=10)
    if len(summaries) < 2:
        return [f"--watch did not run again after a save (summaries {summaries}; last output {output[-3:]})"]
    if " 0 failed" not in summaries[0] or " 0 failed" in summaries[1]:
        return [f"--watch summaries {summaries}: expected a clean run, then one with the saved failing test"]
    return []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--rules", required=True)
    args = parser.parse_args()
    rules = str(pathlib.Path(args.rules).resolve())
    args.cli = str(pathlib.Path(args.cli).resolve())
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        # One passing test, one failing, one whose profile lies outside the pack (an error);
        # names with markup and a control character must come out as well-formed XML.
        outside = tmp / "outside.json"
        outside.write_text('{"applicant_id": "O1"}', encoding="utf-8")
        (tmp / "cases").mkdir()
        (tmp / "cases" / "mixed.yaml").write_text(
            "tests:\n"
            "  - name: passes <&> \"quoted\"\n"
            "    as_of: 2025-07-01\n"
            "    profile: {applicant_id: T01}\n"
            "    expect:\n"
            "      M01-tier: {outcome: undetermined}\n"
            "  - name: \"fails \\u202E on purpose\"\n"
            "    as_of: 2025-07-01\n"
            "    profile: {applicant_id: T02}\n"
            "    expect:\n"
            "      M01-tier: {outcome: eligible}\n"
            "  - name: reads outside\n"
            "    as_of: 2025-07-01\n"
            "    profile: /" + str(outside).lstrip("/") + "\n"
            "    expect:\n"
            "      M01-tier: {outcome: eligible}\n",
            encoding="utf-8")
        report = tmp / "junit.xml"
        result = run(args.cli, ["--rules", rules, str(tmp / "cases"), "--junit", str(report)], tmp)
        if result.returncode == 0:
            problems.append(f"exit status 0 with a failing test: {result.stdout}")
        if "0 failed" in result.stdout:
            problems.append(f"the summary says 0 failed: {result.stdout.splitlines()[-1:]}")
        try:
            root = ET.parse(report).getroot()
        except (OSError, ET.ParseError) as e:
            print(f"FAIL: no well-formed JUnit report: {e}")
            return 1
        suites = root.findall("testsuite")
        cases = root.findall("testsuite/testcase")
        failures = root.findall("testsuite/testcase/failure")
        errors = root.findall("testsuite/testcase/error")
        if len(suites) != 1:
            problems.append(f"{len(suites)} testsuites, expected 1")
        if not any(c.get("name", "").startswith("passes <&>") and not list(c) for c in cases):
            problems.append("the passing test is missing or not clean: " + str([c.get("name") for c in cases]))
        if len(failures) != 1 or "M01-tier" not in failures[0].get("message", ""):
            problems.append(f"expected one failure naming M01-tier, got {[f.get('message') for f in failures]}")
        if len(errors) != 1 or errors[0].get("type") != "TR3303":
            problems.append(f"expected one TR3303 error, got {[(e.get('type'), e.get('message')) for e in errors]}")
        if "\u202e" in report.read_text(encoding="utf-8"):
            problems.append("a bidi override reached the report unescaped")
        if root.get("failures") != "1" or root.get("errors") != "1":
            problems.append(f"totals failures={root.get('failures')} errors={root.get('errors')}, expected 1 and 1")

        # A pack whose tests all pass: no failure, no error.
        clean = tmp / "clean.xml"
        result = run(args.cli, ["--rules", rules, "--junit", str(clean)], tmp)
        if result.returncode != 0:
            problems.append(f"the pack's own tests: exit {result.returncode}: {result.stdout[-300:]}")
        else:
            root = ET.parse(clean).getroot()
            if root.get("failures") != "0" or root.get("errors") != "0" or int(root.get("tests", "0")) < 1:
                problems.append(f"clean run totals: {root.attrib}")

        # An unwritable report path is an error, not a silent pass.
        result = run(args.cli, ["--rules", rules, "--junit", str(tmp / "no" / "such" / "dir" / "r.xml")], tmp)
        if result.returncode == 0 or "JUnit" not in result.stderr:
            problems.append(f"unwritable --junit: exit {result.returncode}, stderr {result.stderr[-200:]!r}")
        problems += watch_problems(args.cli, rules, tmp)
    for p in problems:
        print("FAIL:", p)
    print(f"test command: {'ok' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
