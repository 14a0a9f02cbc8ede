#!/usr/bin/env python3
"""The README's console examples are what the program prints.

In each ```console block, every command line `$ build/release/talentrules …` (continued
with trailing backslashes) is run from the project root with that binary replaced by
--cli; what it prints (standard output, then standard error) must equal the lines up to
the next command.

    readme_examples.py --cli build/release/talentrules README.md
"""

import argparse
import pathlib
import re
import shlex
import subprocess
import sys


def examples(text):
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.split("\n")
        while lines:
            command = ""
            while lines and (not command or command.endswith("\\")):
                command = command.rstrip("\\") + " " + lines.pop(0).strip()
            command = command.strip()
            output = []
            while lines and not lines[0].startswith("$ "):
                output.append(lines.pop(0))
            if command.startswith("$ build/release/talentrules"):
                yield shlex.split(command[2:]), "\n".join(output).rstrip("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("readme")
    args = parser.parse_args()
    readme = pathlib.Path(args.readme)
    failed = passed = 0
    for argv, expected in examples(readme.read_text(encoding="utf-8")):
        run = subprocess.run([args.cli] + argv[1:], cwd=readme.parent, capture_output=True, text=True,
                             timeout=60, env={"LC_ALL": "C.UTF-8", "TALENTRULES_RULES": ""})
        actual = (run.stdout + run.stderr).rstrip("\n")
        if actual == expected:
            passed += 1
            continue
        failed += 1
        print(f"FAIL: {' '.join(argv)}")
        for line in __import__("difflib").unified_diff(expected.split("\n"), actual.split("\n"), "README", "actual",
                                                         lineterm=""):
            print("    " + line)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
