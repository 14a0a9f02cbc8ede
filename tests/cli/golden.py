#!/usr/bin/env python3
"""Golden tests of the talentrules command line.

Each case is one text file: comment lines (`#`), the command line after `$ ` (shell
quoting; the word `talentrules` is replaced by the binary under test), then the
expected results in sections:

    $ talentrules eval '1 / 0'
    --- exit
    1
    --- stdout
    --- stderr
    evaluation error: division by zero

A section's text is its lines, each ending in a newline; a last line `\\ no newline at end`
drops the final newline. The command runs without a shell, in the case file's folder.

    golden.py --cli build/release/talentrules tests/cli/eval           # check
    golden.py --cli build/release/talentrules tests/cli/eval --update  # rewrite from real output

Prints `ok`/`FAIL` per case (with a diff), then `N passed, N failed`; exits 1 on failure.
"""

import argparse
import difflib
import os
import pathlib
import shlex
import subprocess
import sys

SECTIONS = ("exit", "stdout", "stderr")
NO_NEWLINE = "\\ no newline at end"
TIMEOUT_SECONDS = 60


class Case:
    def __init__(self, path):
        self.path = path
        self.header = []  # comment lines, kept by --update
        self.command = None
        self.expected = {}
        current = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if current is None and line.startswith("#"):
                self.header.append(line)
            elif current is None and line.startswith("$ "):
                self.command = line[2:]
            elif line.startswith("--- ") and line[4:].strip() in SECTIONS:
                current = line[4:].strip()
                self.expected[current] = []
            elif current is not None:
                self.expected[current].append(line)
            elif line.strip():
                raise ValueError(f"{path}: unexpected line before the sections: {line!r}")
        if self.command is None:
            raise ValueError(f"{path}: no `$ talentrules ...` command line")

    def expected_text(self, section):
        lines = self.expected.get(section, [])
        if lines and lines[-1] == NO_NEWLINE:
            return "".join(l + "\n" for l in lines[:-1])[:-1]
        return "".join(l + "\n" for l in lines)

    def argv(self, cli):
        words = shlex.split(self.command)
        if not words or words[0] != "talentrules":
            raise ValueError(f"{self.path}: the command must start with `talentrules`")
        return [cli] + words[1:]


def section_lines(text):
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        return lines[:-1]
    return lines + [NO_NEWLINE]


def run(case, cli):
    env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1")
    p = subprocess.run(case.argv(cli), cwd=case.path.parent, env=env, capture_output=True,
                       timeout=TIMEOUT_SECONDS)
    return {
        "exit": f"{p.returncode}\n",
        "stdout": p.stdout.decode("utf-8", errors="replace"),
        "stderr": p.stderr.decode("utf-8", errors="replace"),
    }


def write(case, actual):
    out = list(case.header)
    out.append("$ " + case.command)
    for s in SECTIONS:
        out.append("--- " + s)
        out.extend(section_lines(actual[s]))
    case.path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True, help="the talentrules binary")
    ap.add_argument("--update", action="store_true", help="rewrite the cases from real output")
    ap.add_argument("dirs", nargs="+", type=pathlib.Path, help="folders of *.txt cases")
    args = ap.parse_args()
    cli = str(pathlib.Path(args.cli).resolve())

    paths = sorted(p for d in args.dirs for p in d.glob("*.txt"))
    if not paths:
        print("golden: no cases found", file=sys.stderr)
        return 2
    passed = failed = 0
    for path in paths:
        name = path.stem
        try:
            case = Case(path)
            actual = run(case, cli)
        except (ValueError, OSError, subprocess.TimeoutExpired) as e:
            print(f"FAIL {name}: {e}")
            failed += 1
            continue
        if args.update:
            write(case, actual)
            print(f"updated {name}")
            passed += 1
            continue
        diffs = []
        for s in SECTIONS:
            want = case.expected_text(s)
            if actual[s] != want:
                diffs.extend(difflib.unified_diff(
                    section_lines(want), section_lines(actual[s]),
                    f"{s} (expected)", f"{s} (actual)", lineterm=""))
        if diffs:
            failed += 1
            print(f"FAIL {name}: $ {case.command}")
            for d in diffs:
                print("    " + d)
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
